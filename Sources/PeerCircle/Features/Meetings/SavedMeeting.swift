import FluentKit
import Foundation

/// A meeting a member keeps in "My meetings". Private: it says where someone goes.
// See User for why @unchecked.
final class SavedMeeting: Model, @unchecked Sendable {
    static let schema = "saved_meetings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "meeting_id") var meeting: Meeting
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(userID: UUID, meetingID: UUID) {
        self.$user.id = userID
        self.$meeting.id = meetingID
    }
}

/// The secret in a member's calendar-subscription address. Only its hash is stored, so the address
/// is shown once; resetting makes a new one and the old one stops working at once.
// See User for why @unchecked.
final class CalendarToken: Model, @unchecked Sendable {
    static let schema = "calendar_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(userID: UUID, tokenHash: String) {
        self.$user.id = userID
        self.tokenHash = tokenHash
    }
}

struct CreateSavedMeetings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SavedMeeting.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime)
            .unique(on: "user_id", "meeting_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SavedMeeting.schema).delete()
    }
}

struct CreateCalendarTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CalendarToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id")
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CalendarToken.schema).delete()
    }
}
