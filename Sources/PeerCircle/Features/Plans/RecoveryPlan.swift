import FluentKit
import Foundation

/// A member's recovery plan. Every save is a new version, so anyone with access can see what
/// changed and when, and who changed it (the member, or their mentor when shared).
// See User for why @unchecked.
final class RecoveryPlan: Model, @unchecked Sendable {
    static let schema = "recovery_plans"

    @ID(key: .id) var id: UUID?
    @Parent(key: "owner_id") var owner: User
    /// When on, the member's active mentors may read and help edit it.
    @Field(key: "shared_with_mentor") var sharedWithMentor: Bool
    @Field(key: "version") var version: Int

    init() {}
}

// See User for why @unchecked.
final class RecoveryPlanVersion: Model, @unchecked Sendable {
    static let schema = "recovery_plan_versions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: RecoveryPlan
    @Field(key: "number") var number: Int
    /// `PlanContent` as JSON.
    @Field(key: "content") var content: String
    @OptionalParent(key: "author_id") var author: User?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var parsed: PlanContent { (try? JSONDecoder().decode(PlanContent.self, from: Data(content.utf8))) ?? PlanContent() }
}

/// What a plan holds.
struct PlanContent: Codable, Equatable, Sendable {
    struct Goal: Codable, Equatable, Sendable {
        var title: String
        var steps: [String] = []
        /// `YYYY-MM-DD`
        var by: String?
    }
    struct Trigger: Codable, Equatable, Sendable {
        var trigger: String
        var coping: [String] = []
    }
    struct Person: Codable, Equatable, Sendable {
        var name: String
        var contact: String = ""
    }

    var goals: [Goal] = []
    var triggers: [Trigger] = []
    var warningSigns: [String] = []
    var people: [Person] = []
    var reasons: [String] = []

    var isEmpty: Bool { self == PlanContent() }

    init() {}

    /// Any section may be left out of a JSON body.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        goals = try c.decodeIfPresent([Goal].self, forKey: .goals) ?? []
        triggers = try c.decodeIfPresent([Trigger].self, forKey: .triggers) ?? []
        warningSigns = try c.decodeIfPresent([String].self, forKey: .warningSigns) ?? []
        people = try c.decodeIfPresent([Person].self, forKey: .people) ?? []
        reasons = try c.decodeIfPresent([String].self, forKey: .reasons) ?? []
    }
}

extension PlanContent.Goal {
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(title: try c.decode(String.self, forKey: .title), steps: try c.decodeIfPresent([String].self, forKey: .steps) ?? [],
                  by: try c.decodeIfPresent(String.self, forKey: .by))
    }
}

extension PlanContent.Trigger {
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(trigger: try c.decode(String.self, forKey: .trigger), coping: try c.decodeIfPresent([String].self, forKey: .coping) ?? [])
    }
}

extension PlanContent.Person {
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), contact: try c.decodeIfPresent(String.self, forKey: .contact) ?? "")
    }
}

struct CreateRecoveryPlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RecoveryPlan.schema)
            .id()
            .field("owner_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("shared_with_mentor", .bool, .required)
            .field("version", .int, .required)
            .unique(on: "owner_id")
            .create()
        try await database.schema(RecoveryPlanVersion.schema)
            .id()
            .field("plan_id", .uuid, .required, .references(RecoveryPlan.schema, .id, onDelete: .cascade))
            .field("number", .int, .required)
            .field("content", .string, .required)
            .field("author_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .unique(on: "plan_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RecoveryPlanVersion.schema).delete()
        try await database.schema(RecoveryPlan.schema).delete()
    }
}
