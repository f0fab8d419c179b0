import FluentKit
import Foundation

/// A mentee's request to a mentor, and — once accepted — the relationship between them.
// See User for why @unchecked.
final class Mentorship: Model, @unchecked Sendable {
    static let schema = "mentorships"

    enum Status: String, Codable, Sendable { case requested, active, declined, withdrawn, ended }

    @ID(key: .id) var id: UUID?
    @Parent(key: "mentor_id") var mentor: User
    @Parent(key: "mentee_id") var mentee: User
    @Field(key: "status") var status: Status
    @Field(key: "message") var message: String
    @Field(key: "requested_at") var requestedAt: Date
    @OptionalField(key: "responded_at") var respondedAt: Date?
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalParent(key: "ended_by") var endedBy: User?
    @OptionalField(key: "end_note") var endNote: String?
    /// The accountability rhythm the pair agreed, and the time of day (mentee's zone) it is due.
    @OptionalField(key: "rhythm") var rhythm: Rhythm?
    @OptionalField(key: "due_time") var dueTime: String?

    init() {}

    func other(than member: UUID) -> UUID { $mentor.id == member ? $mentee.id : $mentor.id }
    func includes(_ member: UUID) -> Bool { $mentor.id == member || $mentee.id == member }
}

/// How often a pair agreed to check in.
enum Rhythm: String, Codable, Sendable, CaseIterable {
    case daily, severalWeekly = "several_weekly", weekly

    var title: String {
        switch self {
        case .daily: "Every day"
        case .severalWeekly: "A few times a week"
        case .weekly: "Once a week"
        }
    }

    /// Days between check-ins the rhythm expects.
    var interval: Int {
        switch self {
        case .daily: 1
        case .severalWeekly: 2
        case .weekly: 7
        }
    }
}

/// A mentee's accountability check-in with their mentor.
// See User for why @unchecked.
final class PairCheckIn: Model, @unchecked Sendable {
    static let schema = "pair_check_ins"

    @ID(key: .id) var id: UUID?
    @Parent(key: "mentorship_id") var mentorship: Mentorship
    @Field(key: "at") var at: Date
    /// 1 (struggling) … 5 (doing well).
    @Field(key: "feeling") var feeling: Int
    @Field(key: "note") var note: String

    init() {}
}

/// The accountability rule, as a pure function of time so it can be tested with any clock.
enum Accountability {
    /// Days past the rhythm before a mentor is told; worded without blame.
    static let graceDays = 2

    struct Status: Equatable, Sendable {
        /// The mentee should get a gentle reminder.
        var due: Bool
        /// Whole days since the last check-in (or since the rhythm was agreed), when past grace.
        var quietDays: Int?
    }

    /// - Parameters:
    ///   - last: the latest check-in, or nil; `since` is when the rhythm began.
    ///   - dueTime: "HH:mm" in `zone`; the reminder shows from that time on the day one is due.
    static func status(rhythm: Rhythm?, dueTime: String?, last: Date?, since: Date, now: Date, zone: TimeZone) -> Status {
        guard let rhythm else { return Status(due: false, quietDays: nil) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let reference = last ?? since
        let daysSince = calendar.dateComponents([.day], from: calendar.startOfDay(for: reference), to: calendar.startOfDay(for: now)).day ?? 0
        let (hour, minute) = dueTime.flatMap(MeetingSchedule.clock) ?? (9, 0)
        let dueToday = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: now) ?? now
        // The first one is due at the first due time; after that, one rhythm interval on.
        let interval = last == nil ? 0 : rhythm.interval
        let due = daysSince > interval || (daysSince == interval && now >= dueToday)
        let quiet = daysSince >= rhythm.interval + graceDays ? daysSince : nil
        return Status(due: due, quietDays: quiet)
    }

    static func quietText(_ days: Int, name: String) -> String {
        "No check-in from \(name) for \(days) days. A short hello can mean a lot — there's no need to ask why."
    }
}

struct CreateMentorship: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StageEntry.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("stage", .string)
            .field("set_at", .datetime, .required)
            .create()
        try await database.schema(Block.schema)
            .id()
            .field("blocker_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("blocked_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime)
            .unique(on: "blocker_id", "blocked_id")
            .create()
        try await database.schema(MentorProfile.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("experiences", .string, .required)
            .field("pathways", .string, .required)
            .field("languages", .string, .required)
            .field("time_zone", .string, .required)
            .field("availability", .string, .required)
            .field("capacity", .int, .required)
            .field("paused", .bool, .required)
            .field("gender", .string)
            .field("same_gender_only", .bool, .required)
            .field("story", .string, .required)
            .field("clock_id", .uuid, .references(Clock.schema, .id, onDelete: .setNull))
            .field("recovery_range", .string)
            .field("updated_at", .datetime)
            .unique(on: "user_id")
            .create()
        try await database.schema(Mentorship.schema)
            .id()
            .field("mentor_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("mentee_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("status", .string, .required)
            .field("message", .string, .required)
            .field("requested_at", .datetime, .required)
            .field("responded_at", .datetime)
            .field("ended_at", .datetime)
            .field("ended_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("end_note", .string)
            .field("rhythm", .string)
            .field("due_time", .string)
            .create()
        try await database.schema(PairCheckIn.schema)
            .id()
            .field("mentorship_id", .uuid, .required, .references(Mentorship.schema, .id, onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("feeling", .int, .required)
            .field("note", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [PairCheckIn.schema, Mentorship.schema, MentorProfile.schema, Block.schema, StageEntry.schema] {
            try await database.schema(schema).delete()
        }
    }
}
