import FluentKit
import Foundation

/// Two members' 1:1 conversation. Outside a mentorship it starts as a request: the recipient sees
/// only that someone asked, until they accept.
// See User for why @unchecked.
final class Conversation: Model, @unchecked Sendable {
    static let schema = "conversations"

    enum Status: String, Codable, Sendable { case request, accepted, declined }

    @ID(key: .id) var id: UUID?
    /// The pair, smaller id first, so one pair has one conversation.
    @Parent(key: "first_id") var first: User
    @Parent(key: "second_id") var second: User
    @Parent(key: "started_by") var startedBy: User
    @Field(key: "status") var status: Status
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    func other(than member: UUID) -> UUID { $first.id == member ? $second.id : $first.id }
    func includes(_ member: UUID) -> Bool { $first.id == member || $second.id == member }

    static func pair(_ a: UUID, _ b: UUID) -> (UUID, UUID) { a.uuidString < b.uuidString ? (a, b) : (b, a) }
}

/// One message. Deleting is "for me": each side hides it from their own view only.
// See User for why @unchecked.
final class DirectMessage: Model, @unchecked Sendable {
    static let schema = "direct_messages"

    @ID(key: .id) var id: UUID?
    @Parent(key: "conversation_id") var conversation: Conversation
    @Parent(key: "sender_id") var sender: User
    @Field(key: "body") var body: String
    @Field(key: "sent_at") var sentAt: Date
    @OptionalField(key: "edited_at") var editedAt: Date?
    @OptionalField(key: "read_at") var readAt: Date?
    @Field(key: "hidden_for_sender") var hiddenForSender: Bool
    @Field(key: "hidden_for_recipient") var hiddenForRecipient: Bool

    init() {}

    func visible(to member: UUID) -> Bool { $sender.id == member ? !hiddenForSender : !hiddenForRecipient }
}

struct CreateConversations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Conversation.schema)
            .id()
            .field("first_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("second_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("started_by", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("status", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "first_id", "second_id")
            .create()
        try await database.schema(DirectMessage.schema)
            .id()
            .field("conversation_id", .uuid, .required, .references(Conversation.schema, .id, onDelete: .cascade))
            .field("sender_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("body", .string, .required)
            .field("sent_at", .datetime, .required)
            .field("edited_at", .datetime)
            .field("read_at", .datetime)
            .field("hidden_for_sender", .bool, .required)
            .field("hidden_for_recipient", .bool, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DirectMessage.schema).delete()
        try await database.schema(Conversation.schema).delete()
    }
}
