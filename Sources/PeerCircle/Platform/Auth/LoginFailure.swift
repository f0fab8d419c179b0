import FluentKit
import Foundation

/// One failed login, kept in the database so the throttle is exact across instances and restarts.
// See User for why @unchecked.
final class LoginFailure: Model, @unchecked Sendable {
    static let schema = "login_failures"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "failed_at") var failedAt: Date

    init() {}

    init(key: String, failedAt: Date) {
        self.key = key
        self.failedAt = failedAt
    }
}

struct CreateLoginFailures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginFailure.schema)
            .id()
            .field("key", .string, .required)
            .field("failed_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginFailure.schema).delete()
    }
}

/// Counts failed logins per pseudonym in a sliding window.
struct LoginThrottle: Sendable {
    let maxFailures: Int
    let window: Duration

    private var windowSeconds: TimeInterval { TimeInterval(window.components.seconds) }

    /// Seconds until the next attempt is allowed, or nil when one may be made now.
    func retryAfter(key: String, now: Date, on db: any Database) async throws -> Int? {
        let since = now.addingTimeInterval(-windowSeconds)
        let failures = try await LoginFailure.query(on: db)
            .filter(\.$key == key).filter(\.$failedAt > since)
            .sort(\.$failedAt, .ascending)
            .all()
        guard failures.count >= maxFailures else { return nil }
        // The window slides: the attempt is allowed again once enough old failures have aged out.
        let unlocking = failures[failures.count - maxFailures]
        let seconds = unlocking.failedAt.addingTimeInterval(windowSeconds).timeIntervalSince(now)
        return max(1, Int(seconds.rounded(.up)))
    }

    /// Counts an attempt *before* the password is checked, so attempts made at the same moment
    /// all see each other (checking first and recording after would let every parallel guess
    /// through). Returns the row to forget when the attempt succeeds, or the seconds to wait.
    func attempt(key: String, now: Date, on db: any Database) async throws -> Result<UUID, Wait> {
        let row = LoginFailure(key: key, failedAt: now)
        try await row.create(on: db)
        let since = now.addingTimeInterval(-windowSeconds)
        let failures = try await LoginFailure.query(on: db)
            .filter(\.$key == key).filter(\.$failedAt > since).sort(\.$failedAt, .ascending).all()
        guard failures.count > maxFailures else { return .success(try row.requireID()) }
        try await row.delete(on: db)
        let unlocking = failures[failures.count - 1 - maxFailures]
        let seconds = unlocking.failedAt.addingTimeInterval(windowSeconds).timeIntervalSince(now)
        return .failure(Wait(seconds: max(1, Int(seconds.rounded(.up)))))
    }

    struct Wait: Error { let seconds: Int }

    func recordFailure(key: String, now: Date, on db: any Database) async throws {
        try await LoginFailure(key: key, failedAt: now).create(on: db)
        // Old rows are worthless; trim them as we go rather than with a separate job.
        try await LoginFailure.query(on: db)
            .filter(\.$failedAt < now.addingTimeInterval(-windowSeconds)).delete()
    }

    func clear(key: String, on db: any Database) async throws {
        try await LoginFailure.query(on: db).filter(\.$key == key).delete()
    }
}
