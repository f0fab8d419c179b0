import FluentKit
import Foundation
import Hummingbird
import Plot
import SQLKit

/// When a member's email changes, the old address is told and gets a link that puts it back and
/// logs out every device — so whoever took over a session (and the password) cannot quietly
/// redirect password resets to themselves. Only a hash of the token is stored.
// See User for why @unchecked.
final class EmailChange: Model, @unchecked Sendable {
    static let schema = "email_changes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "old_email") var oldEmail: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
}

struct CreateEmailChanges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EmailChange.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("old_email", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EmailChange.schema).delete()
    }
}

struct EmailChangeService: Sendable {
    let deps: AppDependencies
    static let lifetime: TimeInterval = 14 * 24 * 60 * 60

    /// Records the change and tells the old address, inside the caller's transaction.
    func recordChange(of user: User, from old: String, on db: any Database) async throws {
        let token = Token.generate()
        let change = EmailChange()
        change.$user.id = try user.requireID()
        change.oldEmail = old
        change.tokenHash = Token.hash(token)
        change.createdAt = deps.now()
        change.expiresAt = deps.now().addingTimeInterval(Self.lifetime)
        try await change.create(on: db)
        try await EmailOutbox.queue(
            to: old, subject: "The email address on your PeerCircle account was changed",
            body: """
                The email address for your PeerCircle account "\(user.pseudonym)" was just changed, so this address will no longer get password-reset links.

                If this wasn't you, put this address back and log out every device (the link works for 14 days):
                \(deps.configuration.link(.emailChangeUndo(token: token)))

                Then choose a new password with "Forgot your password?".
                """,
            at: deps.now(), on: db)
    }

    /// The change the token names, if it can still be undone.
    func pending(_ token: String) async throws -> EmailChange? {
        guard !token.isEmpty, token.count <= 100,
              let change = try await EmailChange.query(on: deps.db).filter(\.$tokenHash == Token.hash(token)).first(),
              change.usedAt == nil, change.expiresAt > deps.now() else { return nil }
        return change
    }

    /// Puts the old address back, spends the link and logs the account out everywhere.
    func undo(_ token: String) async throws {
        guard let change = try await pending(token) else { throw AppError.notFound }
        let changeID = try change.requireID()
        try await deps.db.transaction { db in
            let claimed = try await (try db.sql).update(EmailChange.schema).set("used_at", to: deps.now())
                .where("id", .equal, changeID).where("used_at", .is, SQLLiteral.null).returning("id").all()
            guard !claimed.isEmpty, let user = try await User.find(change.$user.id, on: db) else { throw AppError.notFound }
            user.email = change.oldEmail
            try await user.save(on: db)
            try await Session.query(on: db).filter(\.$user.$id == change.$user.id).delete()
            try await PasswordReset.query(on: db).filter(\.$user.$id == change.$user.id).filter(\.$usedAt == nil)
                .set(\.$usedAt, to: deps.now()).update()
        }
    }
}

/// The page the old address's link opens: a button (mail scanners follow links; only a person presses).
struct EmailChangeRoutes: Sendable {
    let deps: AppDependencies
    var changes: EmailChangeService { EmailChangeService(deps: deps) }

    func register(_ web: RouterGroup<AppRequestContext>) {
        web.get(RouterPath("/email-change/undo/:token")) { _, context in
            let token = context.parameters.get("token") ?? ""
            guard try await changes.pending(token) != nil else { throw AppError.notFound }
            return Layout.render(
                "Put your old email address back?", PageContext(context),
                .p(.text("Your PeerCircle account's email address was changed. If it wasn't you, put the old address back: every device will be logged out.")),
                Forms.form(SiteURL.emailChangeUndo(token: token).path, csrf: context.csrfToken,
                           .button(.type(.submit), .class("primary"), .text("Put it back and log out everywhere"))))
        }
        web.post(RouterPath("/email-change/undo/:token")) { _, context in
            try await changes.undo(context.parameters.get("token") ?? "")
            return Layout.render(
                "Your old email address is back", PageContext(context),
                .p(.class("notice"), .text("Every device has been logged out. Choose a new password now, so whoever changed it can't log in again.")),
                .p(.a(.class("button primary"), .href(SiteURL.forgotPassword.path), .text("Choose a new password")))).response
        }
    }
}
