import FluentKit
import Foundation

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

    init() {}

    /// Deletes mail the relay has marked sent: once delivered, nothing (reset links included) is kept.
    static func purgeSent(before cutoff: Date, on db: any Database) async throws {
        try await EmailOutbox.query(on: db).filter(\.$sentAt != nil).filter(\.$sentAt < cutoff).delete()
    }

    /// Queues one email for the relay.
    static func queue(to: String, subject: String, body: String, at now: Date, on db: any Database) async throws {
        let mail = EmailOutbox()
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
