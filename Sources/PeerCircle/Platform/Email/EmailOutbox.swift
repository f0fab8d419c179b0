import FluentKit
import Foundation
import SQLKit

/// Emails waiting to be sent by the operator's mail relay (see README, "Email").
// See User for why @unchecked.
final class EmailOutbox: Model, @unchecked Sendable {
    static let schema = "email_outbox"

    @ID(key: .id) var id: UUID?
    @Field(key: "to") var to: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    /// While an instance is sending it (see `claim`).
    @OptionalField(key: "claimed_until") var claimedUntil: Date?
    /// Where a mail client's one-click unsubscribe posts (RFC 8058); an absolute address, or nil.
    @OptionalField(key: "unsubscribe_url") var unsubscribeURL: String?

    init() {}

    /// Deletes mail the relay has marked sent: once delivered, nothing (reset links included) is kept.
    static func purgeSent(before cutoff: Date, on db: any Database) async throws {
        try await EmailOutbox.query(on: db).filter(\.$sentAt != nil).filter(\.$sentAt < cutoff).delete()
    }

    /// Claims one message for sending for two minutes; false when another instance holds it.
    static func claim(_ id: UUID, now: Date, on db: any Database) async throws -> Bool {
        let rows = try await (try db.sql).raw("""
            UPDATE \(ident: schema) SET \(ident: "claimed_until") = \(bind: now.addingTimeInterval(120))
            WHERE \(ident: "id") = \(bind: id) AND \(ident: "sent_at") IS NULL
              AND (\(ident: "claimed_until") IS NULL OR \(ident: "claimed_until") < \(bind: now))
            RETURNING \(ident: "id")
            """).all()
        return !rows.isEmpty
    }

    /// Queues one email for the relay.
    static func queue(to: String, subject: String, body: String, unsubscribe: String? = nil, at now: Date, on db: any Database) async throws {
        let mail = EmailOutbox()
        mail.unsubscribeURL = unsubscribe
        mail.to = to
        mail.subject = subject
        mail.body = body
        mail.createdAt = now
        try await mail.create(on: db)
    }
}

extension AppConfiguration {
    /// A link for an email: absolute when the operator set `PEERCIRCLE_PUBLIC_URL`, else the path to open on PeerCircle.
    func link(_ url: SiteURL) -> String { (publicURL ?? "") + url.path }
}

/// Lets several instances share the outbox: a message is claimed before it is sent.
struct AddMailClaims: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EmailOutbox.schema).field("claimed_until", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EmailOutbox.schema).deleteField("claimed_until").update()
    }
}
