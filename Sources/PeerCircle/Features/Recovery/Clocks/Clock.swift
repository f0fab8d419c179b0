import FluentKit
import Foundation

/// A sobriety clock: what the member is counting days away from, and since when.
// See User for why @unchecked.
final class Clock: Model, @unchecked Sendable {
    static let schema = "clocks"

    enum Kind: String, Codable, Sendable, CaseIterable {
        case alcohol, opioids, stimulants, cannabis, nicotine, gambling
        case selfHarm = "self_harm"
        case other

        var title: String {
            switch self {
            case .alcohol: "Alcohol"
            case .opioids: "Opioids"
            case .stimulants: "Stimulants"
            case .cannabis: "Cannabis"
            case .nicotine: "Nicotine"
            case .gambling: "Gambling"
            case .selfHarm: "Self-harm"
            case .other: "Something else"
            }
        }
    }

    // identity
    @ID(key: .id) var id: UUID?
    // relationships
    @Parent(key: "owner_id") var owner: User
    // data
    @Field(key: "label") var label: String
    @Field(key: "kind") var kind: Kind
    /// The first day of the current attempt, in the owner's calendar (`YYYY-MM-DD`).
    @Field(key: "started_on") var startedOn: String
    @OptionalField(key: "daily_cost_cents") var dailyCostCents: Int?
    @Field(key: "currency") var currency: String
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    @Children(for: \.$clock) var attempts: [ClockAttempt]

    init() {}

    init(ownerID: UUID, draft: ClockDraft) {
        self.$owner.id = ownerID
        apply(draft)
    }

    func apply(_ draft: ClockDraft) {
        label = draft.label
        kind = draft.kind
        startedOn = draft.startedOn.description
        dailyCostCents = draft.dailyCostCents
        currency = draft.currency
    }

    var startDate: LocalDate { LocalDate(startedOn)! }
}

/// An earlier attempt, kept when a clock is reset: recovery is not linear, and the days counted.
// See User for why @unchecked.
final class ClockAttempt: Model, @unchecked Sendable {
    static let schema = "clock_attempts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "clock_id") var clock: Clock
    @Field(key: "started_on") var startedOn: String
    @Field(key: "ended_on") var endedOn: String
    @OptionalField(key: "note") var note: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(clockID: UUID, startedOn: LocalDate, endedOn: LocalDate, note: String?) {
        self.$clock.id = clockID
        self.startedOn = startedOn.description
        self.endedOn = endedOn.description
        self.note = note
    }
}

struct CreateClocks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Clock.schema)
            .id()
            .field("owner_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("label", .string, .required)
            .field("kind", .string, .required)
            .field("started_on", .string, .required)
            .field("daily_cost_cents", .int)
            .field("currency", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Clock.schema).delete()
    }
}

struct CreateClockAttempts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ClockAttempt.schema)
            .id()
            .field("clock_id", .uuid, .required, .references(Clock.schema, .id, onDelete: .cascade))
            .field("started_on", .string, .required)
            .field("ended_on", .string, .required)
            .field("note", .string)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ClockAttempt.schema).delete()
    }
}
