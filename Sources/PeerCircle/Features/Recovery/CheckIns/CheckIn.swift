import FluentKit
import Foundation

/// One daily check-in, for the member's local day. Private to its owner.
// See User for why @unchecked.
final class CheckIn: Model, @unchecked Sendable {
    static let schema = "check_ins"

    enum Sober: String, Codable, Sendable, CaseIterable {
        case yes, no
        case undisclosed = "rather_not_say"

        var title: String {
            switch self {
            case .yes: "Yes"
            case .no: "No"
            case .undisclosed: "Rather not say"
            }
        }
    }

    /// "Do you feel safe right now?" — optional; "no" brings the ways to reach someone at once.
    enum Safe: String, Codable, Sendable, CaseIterable {
        case yes, unsure, no

        var title: String {
            switch self {
            case .yes: "Yes"
            case .unsure: "Not sure"
            case .no: "No"
            }
        }
    }

    // identity
    @ID(key: .id) var id: UUID?
    // relationships
    @Parent(key: "owner_id") var owner: User
    // data
    /// The member's calendar day (`YYYY-MM-DD`); unique per owner.
    @Field(key: "local_date") var localDate: String
    @Field(key: "mood") var mood: Int
    @Field(key: "craving") var craving: Int
    @Field(key: "sober") var sober: Sober
    /// Triggers from the list and free tags, one per line (portable across both databases).
    @Field(key: "triggers") var triggersText: String
    @Field(key: "tags") var tagsText: String
    @OptionalField(key: "gratitude") var gratitude: String?
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "safe") var safe: Safe?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(ownerID: UUID, date: LocalDate, draft: CheckInDraft) {
        self.$owner.id = ownerID
        self.localDate = date.description
        apply(draft)
    }

    func apply(_ draft: CheckInDraft) {
        mood = draft.mood
        craving = draft.craving
        sober = draft.sober
        triggersText = draft.triggers.joined(separator: "\n")
        tagsText = draft.tags.joined(separator: "\n")
        gratitude = draft.gratitude
        note = draft.note
        safe = draft.safe
    }

    var triggers: [String] { triggersText.split(separator: "\n").map(String.init) }
    var tags: [String] { tagsText.split(separator: "\n").map(String.init) }
    var date: LocalDate { LocalDate(localDate)! }
}

struct CreateCheckIns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CheckIn.schema)
            .id()
            .field("owner_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("local_date", .string, .required)
            .field("mood", .int, .required)
            .field("craving", .int, .required)
            .field("sober", .string, .required)
            .field("triggers", .string, .required)
            .field("tags", .string, .required)
            .field("gratitude", .string)
            .field("note", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "owner_id", "local_date")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CheckIn.schema).delete()
    }
}

/// Adds the optional "Do you feel safe right now?" answer.
struct AddCheckInSafety: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CheckIn.schema).field("safe", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CheckIn.schema).deleteField("safe").update()
    }
}
