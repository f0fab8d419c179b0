import FluentKit
import Foundation

/// A moderator's judgement on words the screen saw (or missed), kept as a labelled example for the
/// next evaluation: "false alarm" becomes `ok`, "reached out"/"escalated" confirms `crisis`, and
/// words pasted as "the screen missed this" become `crisis:missed`. Exported with
/// `peercircle crisis-screen export-labels`; deleted with the author's account.
final class CrisisLabel: Model, @unchecked Sendable {
    static let schema = "crisis_labels"

    @ID(key: .id) var id: UUID?
    @Field(key: "crisis") var crisis: Bool
    /// The screen's category, "missed" for words it did not catch, or the reviewer's correction.
    @Field(key: "category") var category: String
    @Field(key: "text") var text: String
    /// The member whose words these are, when known (nil for words a moderator pasted).
    @OptionalParent(key: "user_id") var user: User?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(crisis: Bool, category: String, text: String, user: UUID?, at date: Date) {
        self.crisis = crisis
        self.category = category
        self.text = String(text.prefix(2_000))
        self.$user.id = user
        self.createdAt = date
    }
}

struct CreateCrisisLabels: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CrisisLabel.schema)
            .id()
            .field("crisis", .bool, .required)
            .field("category", .string, .required)
            .field("text", .string, .required)
            .field("user_id", .uuid, .references(User.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(CrisisReview.schema).field("reason", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CrisisReview.schema).deleteField("reason").update()
        try await database.schema(CrisisLabel.schema).delete()
    }
}
