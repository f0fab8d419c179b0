import Crypto
import FluentKit
import Foundation

/// A signed-in browser or API client. Only a hash of the token is stored, so a database leak
/// cannot be replayed as a login.
// See User for why @unchecked.
final class Session: Model, @unchecked Sendable {
    static let schema = "sessions"

    enum Kind: String, Codable { case web, api }

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: Kind
    @Field(key: "expires_at") var expiresAt: Date
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// Written at most every few minutes (see `AccountService.member(forToken:)`).
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    /// "Firefox on Android", "App or API": what the list of devices calls it.
    @OptionalField(key: "client") var client: String?
    /// The network it signed in from, shortened, only when the operator turned that on.
    @OptionalField(key: "address") var address: String?

    init() {}

    init(tokenHash: String, userID: UUID, kind: Kind, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.kind = kind
        self.expiresAt = expiresAt
    }
}

struct CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Session.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Session.schema).delete()
    }
}

/// Random tokens and their stored hashes.
enum Token {
    /// 32 random bytes, URL-safe base64 without padding.
    static func generate() -> String {
        base64URL(Data((0..<32).map { _ in UInt8.random(in: .min ... .max) }))
    }

    /// Base64url without padding (RFC 4648 §5): tokens, link signatures, Web Push keys.
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads base64url with or without padding; nil for anything else (or anything over 512 characters).
    static func data(base64URL text: String) -> Data? {
        guard text.count <= 512, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_=".contains($0)) }) else { return nil }
        var plain = text.replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        plain += String(repeating: "=", count: (4 - plain.count % 4) % 4)
        return Data(base64Encoded: plain)
    }

    static func hash(_ token: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Compares without an early exit, so timing does not reveal how much of a secret matched.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
