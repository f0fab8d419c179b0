import FluentKit
import Foundation

/// A member's own record that they attended a meeting, kept only with their consent and seen
/// only by them. It carries what a proof-of-attendance slip needs, even if the meeting changes.
// See User for why @unchecked.
final class AttendanceRecord: Model, @unchecked Sendable {
    static let schema = "attendances"

    enum Mode: String, Codable, Sendable { case onlineRoom = "online_room", inPerson = "in_person" }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @OptionalParent(key: "meeting_id") var meeting: Meeting?
    @Field(key: "meeting_name") var meetingName: String
    /// The meeting's local date and time, in its own zone.
    @Field(key: "local_date") var localDate: String
    @OptionalField(key: "local_time") var localTime: String?
    @Field(key: "time_zone") var timeZone: String
    @OptionalField(key: "facilitator") var facilitator: String?
    @Field(key: "mode") var mode: Mode
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(userID: UUID, meeting: Meeting, date: LocalDate, facilitator: String?, mode: Mode) {
        self.$user.id = userID
        self.$meeting.id = meeting.id
        meetingName = meeting.name
        localDate = date.description
        localTime = meeting.startTime
        timeZone = meeting.timeZone
        self.facilitator = facilitator
        self.mode = mode
    }
}

struct CreateAttendanceRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AttendanceRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("meeting_id", .uuid, .references(Meeting.schema, .id, onDelete: .setNull))
            .field("meeting_name", .string, .required)
            .field("local_date", .string, .required)
            .field("local_time", .string)
            .field("time_zone", .string, .required)
            .field("facilitator", .string)
            .field("mode", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id", "meeting_id", "local_date")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AttendanceRecord.schema).delete()
    }
}

/// Recording and reading a member's own attendance.
struct AttendanceService: Sendable {
    let deps: AppDependencies

    /// Records that `member` attended `meeting` today (the meeting's today). Once per meeting per day.
    @discardableResult
    func record(_ meetingID: UUID, member: Member, mode: AttendanceRecord.Mode, facilitator: String? = nil) async throws -> AttendanceRecord {
        guard let meeting = try await Meeting.find(meetingID, on: deps.db) else { throw AppError.notFound }
        let day = LocalDate(deps.now(), in: TimeZone(identifier: meeting.timeZone) ?? deps.defaultTimeZone)
        if let existing = try await AttendanceRecord.query(on: deps.db)
            .filter(\.$user.$id == member.id).filter(\.$meeting.$id == meetingID).filter(\.$localDate == day.description).first() {
            return existing
        }
        var facilitatorName = facilitator
        if facilitatorName == nil { facilitatorName = try await groupFacilitator(of: meeting) }
        let attendance = AttendanceRecord(userID: member.id, meeting: meeting, date: day, facilitator: facilitatorName, mode: mode)
        do {
            try await attendance.create(on: deps.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two check-ins at once: the other one won. Anything else (the meeting just deleted) is not found.
            guard let existing = try await AttendanceRecord.query(on: deps.db)
                .filter(\.$user.$id == member.id).filter(\.$meeting.$id == meetingID).filter(\.$localDate == day.description).first()
            else { throw AppError.notFound }
            return existing
        }
        return attendance
    }

    func list(for member: Member) async throws -> [AttendanceRecord] {
        try await AttendanceRecord.query(on: deps.db).filter(\.$user.$id == member.id)
            .sort(\.$localDate, .descending).all()
    }

    /// One of the member's own records; anyone else's is not found.
    func owned(_ id: UUID, by member: Member) async throws -> AttendanceRecord {
        guard let found = try await AttendanceRecord.query(on: deps.db).filter(\.$id == id).filter(\.$user.$id == member.id).first()
        else { throw AppError.notFound }
        return found
    }

    func delete(_ id: UUID, by member: Member) async throws {
        try await owned(id, by: member).delete(on: deps.db)
    }

    private func groupFacilitator(of meeting: Meeting) async throws -> String? {
        guard let groupID = meeting.$group.id else { return nil }
        return try await GroupService(deps: deps).facilitatorName(of: groupID)
    }
}

/// An attendance record as the member's list and slip show it.
struct AttendanceEntry: Sendable {
    let id: UUID
    let meetingName: String
    let localDate: String
    let localTime: String?
    let timeZone: String
    let facilitator: String?
    let mode: AttendanceRecord.Mode

    init(_ r: AttendanceRecord) throws {
        (id, meetingName, localDate, localTime) = (try r.requireID(), r.meetingName, r.localDate, r.localTime)
        (timeZone, facilitator, mode) = (r.timeZone, r.facilitator, r.mode)
    }
}
