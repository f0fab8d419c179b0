import FluentKit
import Foundation

/// What a person may do beyond being a member. Everyone is a member; the rest are granted.
public enum Role: String, Codable, Sendable, CaseIterable {
    case member
    case mentor
    case facilitator
    case houseLead = "house_lead"
    case moderator
    case responder
    case peerStaff = "peer_staff"
    case admin

    var title: String {
        switch self {
        case .member: "Member"
        case .mentor: "Mentor / sponsor / coach"
        case .facilitator: "Facilitator"
        case .houseLead: "House lead"
        case .moderator: "Moderator"
        case .responder: "Peer responder (on call for SOS alerts)"
        case .peerStaff: "Peer staff (reaches out to members who asked for it)"
        case .admin: "Administrator"
        }
    }
}

// See User for why @unchecked.
final class UserRole: Model, @unchecked Sendable {
    static let schema = "user_roles"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "role") var role: Role
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(userID: UUID, role: Role) {
        self.$user.id = userID
        self.role = role
    }
}

struct CreateUserRoles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // Stored as plain text so adding a role later needs no enum migration on PostgreSQL.
        try await database.schema(UserRole.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id", "role")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserRole.schema).delete()
    }
}
