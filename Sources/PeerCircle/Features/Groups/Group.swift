import FluentKit
import Foundation

/// A support group: people who share a focus and meet. Open groups let anyone join; closed groups
/// are for people who share the group's focus, and a facilitator approves each request.
// See User for why @unchecked.
final class Group: Model, @unchecked Sendable {
    static let schema = "groups"

    enum Pathway: String, Codable, Sendable, CaseIterable {
        case twelveStep = "twelve_step"
        case smart = "smart_recovery"
        case faith = "faith_based"
        case secular
        case mat = "mat_friendly"
        case harmReduction = "harm_reduction"
        case mentalHealth = "mental_health"
        case family = "family_friends"
        case other

        var title: String {
            switch self {
            case .twelveStep: "12-step"
            case .smart: "SMART Recovery"
            case .faith: "Faith-based"
            case .secular: "Secular"
            case .mat: "MAT-friendly"
            case .harmReduction: "Harm reduction"
            case .mentalHealth: "Mental health"
            case .family: "Family & friends"
            case .other: "Other"
            }
        }
    }

    // identity
    @ID(key: .id) var id: UUID?
    // data
    @Field(key: "name") var name: String
    @Field(key: "description") var groupDescription: String
    @Field(key: "pathway") var pathway: Pathway
    /// Language codes (ISO 639-1), comma-separated.
    @Field(key: "languages") var languagesText: String
    @Field(key: "is_closed") var isClosed: Bool
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(_ draft: GroupDraft) {
        apply(draft)
    }

    func apply(_ d: GroupDraft) {
        name = d.name
        groupDescription = d.description
        pathway = d.pathway
        languagesText = d.languages.joined(separator: ",")
        isClosed = d.isClosed
    }

    var languages: [String] { languagesText.split(separator: ",").map(String.init) }
}

/// Someone's place in a group.
// See User for why @unchecked.
final class GroupMember: Model, @unchecked Sendable {
    static let schema = "group_members"

    enum Status: String, Codable, Sendable { case active, pending }
    enum Visibility: String, Codable, Sendable, CaseIterable {
        /// The group's other members can see that this person belongs.
        case members
        /// Only the group's facilitators can.
        case facilitators
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    @Parent(key: "user_id") var user: User
    @Field(key: "is_facilitator") var isFacilitator: Bool
    @Field(key: "status") var status: Status
    @Field(key: "visibility") var visibility: Visibility
    /// What someone asking to join a closed group wrote to its facilitators.
    @OptionalField(key: "request_note") var requestNote: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(groupID: UUID, userID: UUID, isFacilitator: Bool, status: Status, note: String? = nil) {
        self.$group.id = groupID
        self.$user.id = userID
        self.isFacilitator = isFacilitator
        self.status = status
        self.visibility = .members
        self.requestNote = note
    }
}

struct CreateGroups: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Group.schema)
            .id()
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("pathway", .string, .required)
            .field("languages", .string, .required)
            .field("is_closed", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(GroupMember.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("is_facilitator", .bool, .required)
            .field("status", .string, .required)
            .field("visibility", .string, .required)
            .field("request_note", .string)
            .field("created_at", .datetime)
            .unique(on: "group_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(GroupMember.schema).delete()
        try await database.schema(Group.schema).delete()
    }
}

/// Meetings may belong to a group (imported ones usually stand alone).
struct AddGroupToMeetings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Meeting.schema)
            .field("group_id", .uuid, .references(Group.schema, .id, onDelete: .setNull))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Meeting.schema).deleteField("group_id").update()
    }
}
