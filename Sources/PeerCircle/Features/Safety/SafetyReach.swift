import FluentKit
import Foundation

/// Someone outside PeerCircle a member trusts — a sister, a sponsor — reached by email only. They
/// confirm by a link first; an SOS then emails them a private link to the alert (no account needed).
// See User for why @unchecked.
final class TrustedContact: Model, @unchecked Sendable {
    static let schema = "trusted_contacts"

    enum Status: String, Codable, Sendable { case invited, confirmed }

    @ID(key: .id) var id: UUID?
    @Parent(key: "owner_id") var owner: User
    /// What the member calls them ("my sister Ann"); only the member sees it.
    @Field(key: "name") var name: String
    @Field(key: "email") var email: String
    /// Hash of the confirmation link's token; only the hash is stored.
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "status") var status: Status
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A trusted contact told of one alert, with the private link they open it by.
// See User for why @unchecked.
final class AlertContact: Model, @unchecked Sendable {
    static let schema = "alert_contacts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "alert_id") var alert: SupportAlert
    @Parent(key: "contact_id") var contact: TrustedContact
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "notified_at") var notifiedAt: Date
    @OptionalField(key: "here_at") var hereAt: Date?

    init() {}
}

/// Who saw an alert and when, alerts that reached nobody, and trusted contacts outside PeerCircle.
struct AddSafetyReach: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AlertRecipient.schema).field("seen_at", .datetime).update()
        try await database.schema(SupportAlert.schema).field("unreached_at", .datetime).update()
        try await database.schema(TrustedContact.schema)
            .id()
            .field("owner_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("token_hash", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema(AlertContact.schema)
            .id()
            .field("alert_id", .uuid, .required, .references(SupportAlert.schema, .id, onDelete: .cascade))
            .field("contact_id", .uuid, .required, .references(TrustedContact.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("notified_at", .datetime, .required)
            .field("here_at", .datetime)
            .unique(on: "token_hash")
            .unique(on: "alert_id", "contact_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AlertContact.schema).delete()
        try await database.schema(TrustedContact.schema).delete()
        try await database.schema(SupportAlert.schema).deleteField("unreached_at").update()
        try await database.schema(AlertRecipient.schema).deleteField("seen_at").update()
    }
}
