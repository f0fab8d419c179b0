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

    /// Records the change and tells the owner's address, inside the caller's transaction. While an
    /// earlier change can still be undone, the link goes to *that* change's address: otherwise whoever
    /// changed it twice (to theirs, then back) would hold an undo link of their own.
    func recordChange(of user: User, from current: String, on db: any Database) async throws {
        let pendingOriginal = try await EmailChange.query(on: db).filter(\.$user.$id == user.requireID())
            .filter(\.$usedAt == nil).filter(\.$expiresAt > deps.now()).sort(\.$createdAt).first()
        let old = pendingOriginal?.oldEmail ?? current
        let token = Token.generate()
        let change = EmailChange()
        change.$user.id = try user.requireID()
        change.oldEmail = old
        change.tokenHash = Token.hash(token)
        change.createdAt = deps.now()
        change.expiresAt = deps.now().addingTimeInterval(Self.lifetime)
        try await change.create(on: db)
        try await EmailOutbox.queue(
            to: old, subject: MailSubject.emailChanged(site: deps.configuration.instanceName),
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

    /// Puts the old address back with a new password (whoever changed the address may know the
    /// old one), spends every undo link of the account and logs it out everywhere.
    func undo(_ token: String, newPassword: String) async throws {
        guard let change = try await pending(token) else { throw AppError.notFound }
        var check = Validation()
        AccountService.validatePassword(newPassword, field: "password", into: &check)
        try check.finish()
        let hash = try await AccountService(deps: deps).hashPassword(newPassword)
        let changeID = try change.requireID()
        try await deps.changing(.accounts) { db in
            let claimed = try await (try db.sql).update(EmailChange.schema).set("used_at", to: deps.now())
                .where("id", .equal, changeID).where("used_at", .is, SQLLiteral.null).returning("id").all()
            guard !claimed.isEmpty, let user = try await User.find(change.$user.id, on: db) else { throw AppError.notFound }
            user.email = change.oldEmail
            user.passwordHash = hash
            try await user.save(on: db)
            try await EmailChange.query(on: db).filter(\.$user.$id == change.$user.id).filter(\.$usedAt == nil)
                .set(\.$usedAt, to: deps.now()).update()
            try await Session.query(on: db).filter(\.$user.$id == change.$user.id).delete()
            try await PasswordReset.query(on: db).filter(\.$user.$id == change.$user.id).filter(\.$usedAt == nil)
                .set(\.$usedAt, to: deps.now()).update()
        }
    }
}

/// The page the old address's link opens: a form (mail scanners follow links; only a person sends it).
struct EmailChangeRoutes: Sendable {
    static func form(_ page: PageContext, token: String, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Put your old email address back?", page, status: status,
            .p(.text("Your PeerCircle account's email address was changed. If it wasn't you, put the old address back and choose a new password: every device will be logged out.")),
            Forms.form(SiteURL.emailChangeUndo(token: token).path, csrf: page.csrfToken,
                       Forms.summary(errors),
                       Forms.input("password", label: "New password", value: "", errors: errors, type: .password,
                                   hint: "At least 8 characters.", required: true,
                                   attributes: [.attribute(named: "autocomplete", value: "new-password")]),
                       .button(.type(.submit), .class("primary"), .text("Put it back and log out everywhere"))))
    }

    let deps: AppDependencies
    var changes: EmailChangeService { EmailChangeService(deps: deps) }

    func register(_ web: RouterGroup<AppRequestContext>) {
        web.get(RouterPath("/email-change/undo/:token")) { _, context in
            let token = context.parameters.get("token") ?? ""
            guard try await changes.pending(token) != nil else { throw AppError.notFound }
            return Self.form(PageContext(context), token: token)
        }
        web.post(RouterPath("/email-change/undo/:token")) { _, context in
            let token = context.parameters.get("token") ?? ""
            do {
                try await changes.undo(token, newPassword: context.form.values["password"]?.first ?? "")
            } catch AppError.invalid(let errors) {
                return Self.form(PageContext(context), token: token, errors: errors, status: .unprocessableContent).response
            }
            return Layout.render(
                "Your old email address is back", PageContext(context),
                .p(.class("notice"), .text("Your new password is set and every device has been logged out.")),
                .p(.a(.class("button primary"), .href(SiteURL.login.path), .text("Log in")))).response
        }
    }
}
