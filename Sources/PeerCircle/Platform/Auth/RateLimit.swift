import FluentKit
import Foundation

/// One counted action (a sign-up, a strategy, a message request), kept in the database so limits
/// are exact across instances and restarts.
// See User for why @unchecked.
final class RateEvent: Model, @unchecked Sendable {
    static let schema = "rate_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "at") var at: Date

    init() {}
}

struct CreateRateEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RateEvent.schema)
            .id()
            .field("key", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await (try database.sql).create(index: "rate_events_key").on(RateEvent.schema).column("key").column("at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RateEvent.schema).delete()
    }
}

/// "At most `count` of these per `window`": answers 429 with `Retry-After` and a plain sentence.
struct RateLimit: Sendable {
    let name: String
    let count: Int
    let window: TimeInterval
    let message: String

    static let signupPerAddress = RateLimit(name: "signup", count: 5, window: 3600,
        message: "Several accounts were just created from this connection. Please wait a while before making another.")
    static let strategiesPerMember = RateLimit(name: "strategy", count: 10, window: 24 * 3600,
        message: "You have shared a lot of strategies today — thank you. Please wait a while before adding more.")
    static let messageRequestsPerMember = RateLimit(name: "message-request", count: 10, window: 24 * 3600,
        message: "You have written to many new people today. Please wait before starting more new conversations.")
    static let contactInvitationsPerAddress = RateLimit(name: "contact-invite", count: 2, window: 30 * 24 * 3600,
        message: "That address was asked recently. Please talk with them first, and try again later.")
    static let circleInvitationsPerMember = RateLimit(name: "circle-invite", count: 20, window: 24 * 3600,
        message: "You have sent many circle invitations today. Please wait before sending more.")
    static let dataExportsPerMember = RateLimit(name: "data-export", count: 3, window: 24 * 3600,
        message: "You have asked for a copy of your data three times today. Please wait a while before asking again.")
    static let testPushesPerMember = RateLimit(name: "test-push", count: 5, window: 3600,
        message: "You have sent several test pushes in the last hour. Please wait a while before sending another.")
    /// Each reaction moves the forum's version and so empties every instance's forum snapshot.
    static let reactionsPerMember = RateLimit(name: "reaction", count: 120, window: 3600,
        message: "You have reacted a lot in the last hour. Please wait a little before reacting again.")

    /// Counts one action for a member, and — three times as loosely, since people share networks —
    /// for the address they are writing from, so new accounts from one place don't reset the limit.
    func take(_ member: Member, now: Date, on db: any Database) async throws {
        try await take(member.id.uuidString, now: now, on: db)
        try await RateLimit(name: name + "-address", count: count * 3, window: window, message: message)
            .take(member.address, now: now, on: db)
    }

    /// Counts one action for `subject` (a member id or an address), or throws 429 when the limit is reached.
    func take(_ subject: String?, now: Date, on db: any Database) async throws {
        guard let subject else { return }
        let key = name + ":" + subject
        let since = now.addingTimeInterval(-window)
        // Counted first, checked after: actions at the same moment all see each other.
        let event = RateEvent()
        event.key = key
        event.at = now
        try await event.create(on: db)
        let recent = try await RateEvent.query(on: db).filter(\.$key == key).filter(\.$at > since)
            .sort(\.$at, .ascending).all()
        if recent.count > count, let oldest = recent.first {
            try await event.delete(on: db)
            let wait = max(1, Int(oldest.at.addingTimeInterval(window).timeIntervalSince(now).rounded(.up)))
            throw AppError.tooManyRequests(retryAfter: wait, message: message)
        }
        // Old rows are worthless; trim this key's as we go.
        try await RateEvent.query(on: db).filter(\.$key == key).filter(\.$at <= since).delete()
    }
}
