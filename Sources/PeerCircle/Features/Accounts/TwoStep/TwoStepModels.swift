import FluentKit
import Foundation

/// A member's authenticator secret (RFC 6238). Pending until the member proves their app has it.
// See User for why @unchecked.
final class TwoStepSecret: Model, @unchecked Sendable {
    static let schema = "two_step_secrets"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    /// 32 random letters and digits; their bytes are the HMAC key, their base32 what the app is given.
    @Field(key: "secret") var secret: String
    @OptionalField(key: "enabled_at") var enabledAt: Date?
    /// The last 30-second step a code was accepted for: a code is good once.
    @Field(key: "last_step") var lastStep: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// One of ten single-use codes for when the phone is lost; only a hash is kept.
// See User for why @unchecked.
final class RecoveryCode: Model, @unchecked Sendable {
    static let schema = "two_step_recovery_codes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
}

/// A password that was right, waiting for the second step (web): the browser holds the token, for
/// five minutes and five tries; the password is never sent again.
// See User for why @unchecked.
final class LoginChallenge: Model, @unchecked Sendable {
    static let schema = "login_challenges"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "attempts") var attempts: Int

    init() {}
}

struct CreateTwoStep: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TwoStepSecret.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("secret", .string, .required)
            .field("enabled_at", .datetime)
            .field("last_step", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
        try await database.schema(RecoveryCode.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .create()
        try await database.schema(LoginChallenge.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("attempts", .int, .required)
            .unique(on: "token_hash")
            .create()
        // One column per statement: SQLite adds one at a time.
        try await database.schema(Session.schema).field("last_used_at", .datetime).update()
        try await database.schema(Session.schema).field("client", .string).update()
        try await database.schema(Session.schema).field("address", .string).update()
    }

    func revert(on database: any Database) async throws {
        for field in ["last_used_at", "client", "address"] { try await database.schema(Session.schema).deleteField(.string(field)).update() }
        for schema in [LoginChallenge.schema, RecoveryCode.schema, TwoStepSecret.schema] { try await database.schema(schema).delete() }
    }
}
