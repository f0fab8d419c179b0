import FluentKit
import FluentSQL
import Foundation
import SQLKit

/// A one-hour, single-use link to set a new password, sent to the email a member gave. Only a hash
/// of the token is stored.
// See User for why @unchecked.
final class PasswordReset: Model, @unchecked Sendable {
    static let schema = "password_resets"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
}

struct CreatePasswordResets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PasswordReset.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PasswordReset.schema).delete()
    }
}

/// "Forgot your password?": a link by email, never a hint whether an account exists.
struct PasswordResetService: Sendable {
    let deps: AppDependencies

    static let lifetime: TimeInterval = 60 * 60
    /// Links per account per hour, so nobody can flood someone's inbox.
    static let perHour = 3
    static let sentMessage = "If an account with an email address matches, a link to set a new password is on its way. It works for one hour. No email? Check the spelling, or ask the people who run this PeerCircle."

    /// Sends a link to every account the words name — a pseudonym, or the email several accounts may
    /// share — that has an email address. Says nothing about which, or whether any, exist.
    func request(_ account: String) async throws {
        let text = account.trimmingCharacters(in: .whitespacesAndNewlines)
        var check = Validation()
        check.check(!text.isEmpty, "account", "Enter your pseudonym or the email address you gave.")
        check.check(text.count <= 254, "account", "That is too long to be a pseudonym or an email address.")
        try check.finish()
        let users = try await text.contains("@")
            ? User.query(on: deps.db).filter(.sql(SQLFunction("lower", args: SQLIdentifier("email"))), .equal, .bind(text.lowercased())).all()
            : User.query(on: deps.db).filter(\.$pseudonymKey == User.key(for: text)).all()
        let now = deps.now()
        for user in users {
            guard let email = user.email, !email.isEmpty, let id = user.id else { continue }
            let recent = try await PasswordReset.query(on: deps.db).filter(\.$user.$id == id)
                .filter(\.$createdAt > now.addingTimeInterval(-3600)).count()
            guard recent < Self.perHour else { continue }
            let token = Token.generate()
            try await deps.transaction { db in
                let reset = PasswordReset()
                reset.$user.id = id
                reset.tokenHash = Token.hash(token)
                reset.createdAt = now
                reset.expiresAt = now.addingTimeInterval(Self.lifetime)
                try await reset.create(on: db)
                try await EmailOutbox.queue(
                    to: email, subject: MailSubject.passwordReset(site: deps.configuration.instanceName),
                    body: """
                        Someone asked to set a new password for the PeerCircle account "\(user.pseudonym)".

                        To choose a new one, open this link within an hour:
                        \(deps.configuration.link(.passwordReset(token: token)))

                        If it wasn't you, ignore this email: your password stays as it is.
                        """,
                    at: now, on: db)
            }
        }
    }

    /// The reset the token names, if it is unused and in date.
    func valid(_ token: String) async throws -> PasswordReset? {
        guard !token.isEmpty, token.count <= 100 else { return nil }
        guard let reset = try await PasswordReset.query(on: deps.db).filter(\.$tokenHash == Token.hash(token)).first(),
              reset.usedAt == nil, reset.expiresAt > deps.now() else { return nil }
        return reset
    }

    /// Sets the new password, spends the link (and any other open ones), and signs the account out
    /// everywhere, in case whoever knew the old password is still logged in.
    func complete(_ token: String, password: String) async throws {
        guard let reset = try await valid(token) else {
            throw AppError.invalid([FieldError(field: "token", message: Self.expiredMessage)])
        }
        var check = Validation()
        AccountService.validatePassword(password, field: "password", into: &check)
        try check.finish()
        let hash = try await AccountService(deps: deps).hashPassword(password)
        let userID = reset.$user.id
        let resetID = try reset.requireID()
        try await deps.changing(.accounts) { db in
            // Spend the link first, conditionally: of two uses at once, exactly one claims it.
            let claimed = try await (try db.sql).update(PasswordReset.schema).set("used_at", to: deps.now())
                .where("id", .equal, resetID).where("used_at", .is, SQLLiteral.null)
                .returning("id").all()
            guard !claimed.isEmpty else { throw AppError.invalid([FieldError(field: "token", message: Self.expiredMessage)]) }
            guard let user = try await User.find(userID, on: db) else { throw AppError.notFound }
            user.passwordHash = hash
            try await user.save(on: db)
            try await PasswordReset.query(on: db).filter(\.$user.$id == userID).filter(\.$usedAt == nil)
                .set(\.$usedAt, to: deps.now()).update()
            try await Session.query(on: db).filter(\.$user.$id == userID).delete()
            try await LoginFailure.query(on: db).filter(\.$key == user.pseudonymKey).delete()
            try await AccountService(deps: deps).notifyPasswordChanged(user, on: db)
        }
    }

    static let expiredMessage = "This link has expired or was already used. You can ask for a new one."
}
