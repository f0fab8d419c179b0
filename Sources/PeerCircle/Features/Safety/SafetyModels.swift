import FluentKit
import Foundation

/// Someone a member asked into their circle: the people alerted first when they ask for support.
// See User for why @unchecked.
final class CircleMember: Model, @unchecked Sendable {
    static let schema = "circle_members"

    enum Status: String, Codable, Sendable { case invited, accepted, declined }

    @ID(key: .id) var id: UUID?
    @Parent(key: "owner_id") var owner: User
    @Parent(key: "member_id") var member: User
    @Field(key: "status") var status: Status
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A member's safety choices.
// See User for why @unchecked.
final class SafetySettings: Model, @unchecked Sendable {
    static let schema = "safety_settings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    /// Moderators may alert this member's circle for them when the screen or a check-in worries them.
    @Field(key: "on_behalf_alerts") var onBehalfAlerts: Bool
    /// Check-ins may raise a review item (cravings at 9–10 three days running, a worrying note).
    @Field(key: "checkin_review") var checkinReview: Bool

    init() {}
}

/// When a responder is on call: the weekly grid in their own time zone.
// See User for why @unchecked.
final class ResponderHours: Model, @unchecked Sendable {
    static let schema = "responder_hours"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "time_zone") var timeZone: String
    @Field(key: "availability") var availability: String

    init() {}

    func isOnCall(at date: Date) -> Bool {
        let zone = TimeZone(identifier: timeZone) ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let hour = calendar.component(.hour, from: date)
        // Monday = 0; before 6 in the morning still belongs to the previous day's night.
        var day = (calendar.component(.weekday, from: date) + 5) % 7
        if hour < 6 { day = (day + 6) % 7 }
        let part = WeeklySlots.Part.allCases.first { $0.hours.contains(hour < 6 ? hour + 24 : hour) } ?? .night
        return WeeklySlots(availability).slots[day * 4 + part.rawValue]
    }
}

/// "I need support now".
// See User for why @unchecked.
final class SupportAlert: Model, @unchecked Sendable {
    static let schema = "support_alerts"

    enum Need: String, Codable, Sendable, CaseIterable {
        case talk, craving, unsafe

        var title: String {
            switch self {
            case .talk: "Someone to talk to"
            case .craving: "A craving I'm fighting"
            case .unsafe: "I'm feeling unsafe"
            }
        }
    }
    enum Status: String, Codable, Sendable { case open, closed }

    @ID(key: .id) var id: UUID?
    @Parent(key: "member_id") var member: User
    @Field(key: "need") var need: Need
    @Field(key: "message") var message: String
    @Field(key: "status") var status: Status
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "escalated_at") var escalatedAt: Date?
    @OptionalField(key: "first_response_at") var firstResponseAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "outcome") var outcome: String?
    /// A moderator who raised it for the member (only when the member opted in).
    @OptionalParent(key: "raised_by") var raisedBy: User?
    /// When it was found that nobody had been reached or had seen it in time (administrators are told).
    @OptionalField(key: "unreached_at") var unreachedAt: Date?

    init() {}
}

/// Someone alerted: a circle member, or a responder after escalation.
// See User for why @unchecked.
final class AlertRecipient: Model, @unchecked Sendable {
    static let schema = "alert_recipients"

    /// `team`: someone who runs the instance stepped in on an alert that reached nobody.
    enum Reason: String, Codable, Sendable { case circle, responder, team }

    @ID(key: .id) var id: UUID?
    @Parent(key: "alert_id") var alert: SupportAlert
    @Parent(key: "user_id") var user: User
    @Field(key: "reason") var reason: Reason
    @OptionalField(key: "here_at") var hereAt: Date?
    /// When they first opened it: the member sees it live.
    @OptionalField(key: "seen_at") var seenAt: Date?

    init() {}
}

/// Something the screen (or a check-in) raised for the moderators to look at.
// See User for why @unchecked.
final class CrisisReview: Model, @unchecked Sendable {
    static let schema = "crisis_reviews"

    enum Source: String, Codable, Sendable { case post, message, room, checkIn = "check_in", assessment }
    enum Status: String, Codable, Sendable, CaseIterable {
        case open, reachedOut = "reached_out", falseAlarm = "false_alarm", escalated

        var title: String {
            switch self {
            case .open: "Open"
            case .reachedOut: "Reached out"
            case .falseAlarm: "False alarm"
            case .escalated: "Escalated"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "source") var source: Source
    @OptionalField(key: "link") var link: String?
    @Field(key: "excerpt") var excerpt: String
    @Field(key: "category") var category: String
    /// Why the screen worried, for the reviewer: "means + time: pills … tonight".
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "status") var status: Status
    @Field(key: "created_at") var createdAt: Date
    @OptionalParent(key: "reviewed_by") var reviewedBy: User?

    init() {}
}

struct CreateSafetyNet: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CircleMember.schema)
            .id()
            .field("owner_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("member_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "owner_id", "member_id")
            .create()
        try await database.schema(SafetySettings.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("on_behalf_alerts", .bool, .required)
            .field("checkin_review", .bool, .required)
            .unique(on: "user_id")
            .create()
        try await database.schema(ResponderHours.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("time_zone", .string, .required)
            .field("availability", .string, .required)
            .unique(on: "user_id")
            .create()
        try await database.schema(SupportAlert.schema)
            .id()
            .field("member_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("need", .string, .required)
            .field("message", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("escalated_at", .datetime)
            .field("first_response_at", .datetime)
            .field("closed_at", .datetime)
            .field("outcome", .string)
            .field("raised_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .create()
        try await database.schema(AlertRecipient.schema)
            .id()
            .field("alert_id", .uuid, .required, .references(SupportAlert.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("reason", .string, .required)
            .field("here_at", .datetime)
            .unique(on: "alert_id", "user_id")
            .create()
        try await database.schema(CrisisReview.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("source", .string, .required)
            .field("link", .string)
            .field("excerpt", .string, .required)
            .field("category", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("reviewed_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .create()
        try await database.schema(EmailOutbox.schema)
            .id()
            .field("to", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [EmailOutbox.schema, CrisisReview.schema, AlertRecipient.schema, SupportAlert.schema, ResponderHours.schema,
                       SafetySettings.schema, CircleMember.schema] {
            try await database.schema(schema).delete()
        }
    }
}
