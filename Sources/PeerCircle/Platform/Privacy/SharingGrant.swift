import FluentKit
import Foundation

/// Permission, given by an owner to one named member, to see some of the owner's private items,
/// for a stated purpose, until revoked or expired (product rule 1).
// See User for why @unchecked.
final class SharingGrant: Model, @unchecked Sendable {
    static let schema = "sharing_grants"

    enum Scope: String, Codable, Sendable, CaseIterable {
        /// One clock, named by `itemID`.
        case clock
        /// All of the owner's clocks, including ones made later.
        case clocks
        /// All of the owner's check-ins.
        case checkIns = "check_ins"
        /// BARC-10 totals over time.
        case recoveryCapital = "recovery_capital"

        var title: String {
            switch self {
            case .clock: "one clock"
            case .clocks: "all my clocks"
            case .checkIns: "my check-ins"
            case .recoveryCapital: "my recovery capital (BARC-10) scores"
            }
        }
    }

    // identity
    @ID(key: .id) var id: UUID?
    // relationships
    @Parent(key: "owner_id") var owner: User
    @Parent(key: "grantee_id") var grantee: User
    // data
    @Field(key: "scope") var scope: Scope
    @OptionalField(key: "item_id") var itemID: UUID?
    @Field(key: "purpose") var purpose: String
    @OptionalField(key: "expires_at") var expiresAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(ownerID: UUID, granteeID: UUID, scope: Scope, itemID: UUID?, purpose: String, expiresAt: Date?) {
        self.$owner.id = ownerID
        self.$grantee.id = granteeID
        self.scope = scope
        self.itemID = itemID
        self.purpose = purpose
        self.expiresAt = expiresAt
    }

    func isActive(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}

struct CreateSharingGrants: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SharingGrant.schema)
            .id()
            .field("owner_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("grantee_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("scope", .string, .required)
            .field("item_id", .uuid)
            .field("purpose", .string, .required)
            .field("expires_at", .datetime)
            .field("revoked_at", .datetime)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SharingGrant.schema).delete()
    }
}

extension SharingGrant {
    /// Ends every grant between two members, in both directions — when one blocks the other, or
    /// when the mentorship they were shared through ends.
    static func revokeAll(between a: UUID, and b: UUID, at now: Date, on db: any Database) async throws {
        try await SharingGrant.query(on: db)
            .filter(\.$revokedAt == nil)
            .group(.or) { or in
                or.group(.and) { $0.filter(\.$owner.$id == a).filter(\.$grantee.$id == b) }
                or.group(.and) { $0.filter(\.$owner.$id == b).filter(\.$grantee.$id == a) }
            }
            .set(\.$revokedAt, to: now)
            .update()
    }
}
