import FluentKit
import Foundation

/// One completed questionnaire (BARC-10, PHQ-9 or GAD-7). Private to its owner; a mentor sees
/// BARC-10 totals only through a sharing grant.
// See User for why @unchecked.
final class Assessment: Model, @unchecked Sendable {
    static let schema = "assessments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "owner_id") var owner: User
    @Field(key: "instrument") var instrument: Instrument.Kind
    /// The answers in item order, comma-separated.
    @Field(key: "answers") var answersText: String
    @Field(key: "total") var total: Int
    /// PHQ-9's unscored closing question (0–3), when answered.
    @OptionalField(key: "difficulty") var difficulty: Int?
    /// The member's calendar day it was taken.
    @Field(key: "local_date") var localDate: String
    @Field(key: "taken_at") var takenAt: Date
    /// The form's one-time id: a second press of the same form is the same result, not another.
    @OptionalField(key: "submission") var submission: String?

    init() {}

    init(owner: UUID, instrument: Instrument.Kind, answers: [Int], total: Int, difficulty: Int?, day: LocalDate, at: Date) {
        self.$owner.id = owner
        self.instrument = instrument
        self.answersText = answers.map(String.init).joined(separator: ",")
        self.total = total
        self.difficulty = difficulty
        self.localDate = day.description
        self.takenAt = at
    }

    var answers: [Int] { answersText.split(separator: ",").compactMap { Int($0) } }
}

/// How often a member chose to take a questionnaire (a gentle reminder on Today when it is due).
// See User for why @unchecked.
final class AssessmentSchedule: Model, @unchecked Sendable {
    static let schema = "assessment_schedules"

    @ID(key: .id) var id: UUID?
    @Parent(key: "owner_id") var owner: User
    @Field(key: "instrument") var instrument: Instrument.Kind
    @Field(key: "every_days") var everyDays: Int

    init() {}
}

/// A member's "yes, peer staff may reach out to me if I go quiet".
// See User for why @unchecked.
final class OutreachConsent: Model, @unchecked Sendable {
    static let schema = "outreach_consents"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "quiet_days") var quietDays: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// "We reached out": a peer staff member's record of contacting an opted-in member.
// See User for why @unchecked.
final class OutreachContact: Model, @unchecked Sendable {
    static let schema = "outreach_contacts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @OptionalParent(key: "staff_id") var staff: User?
    @Field(key: "note") var note: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A professional service the operator recommends: treatment, medication for opioid use disorder,
/// therapy, harm reduction, family support, helplines. Public, like the meeting directory.
// See User for why @unchecked.
final class Referral: Model, @unchecked Sendable {
    static let schema = "referrals"

    @ID(key: .id) var id: UUID?
    /// Lower-cased name and area: an import updates the same service instead of adding it twice.
    @Field(key: "match_key") var matchKey: String
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: ReferralKind
    @Field(key: "area") var area: String
    /// Languages, comma-separated as written.
    @Field(key: "languages") var languages: String
    @Field(key: "cost") var cost: String
    @Field(key: "telehealth") var telehealth: Bool
    @Field(key: "phone") var phone: String
    @Field(key: "website") var website: String
    @Field(key: "email") var email: String
    @Field(key: "address") var address: String
    @Field(key: "description") var about: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

enum ReferralKind: String, Codable, Sendable, CaseIterable {
    case treatment, moud, therapy, harmReduction = "harm_reduction", family, helpline

    var title: String {
        switch self {
        case .treatment: "Treatment programme"
        case .moud: "Medication for opioid use disorder"
        case .therapy: "Therapy and counselling"
        case .harmReduction: "Harm reduction and naloxone"
        case .family: "Family support"
        case .helpline: "Helpline"
        }
    }
}

struct CreateInsights: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Assessment.schema)
            .id()
            .field("owner_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("instrument", .string, .required)
            .field("answers", .string, .required)
            .field("total", .int, .required)
            .field("difficulty", .int)
            .field("local_date", .string, .required)
            .field("taken_at", .datetime, .required)
            .field("submission", .string)
            .unique(on: "owner_id", "submission")
            .create()
        try await database.schema(AssessmentSchedule.schema)
            .id()
            .field("owner_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("instrument", .string, .required)
            .field("every_days", .int, .required)
            .unique(on: "owner_id", "instrument")
            .create()
        try await database.schema(DailyPledge.schema)
            .id()
            .field("owner_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("local_date", .string, .required)
            .field("pledged_at", .datetime)
            .field("reviewed_at", .datetime)
            .field("went", .string)
            .field("helped", .string)
            .unique(on: "owner_id", "local_date")
            .create()
        try await database.schema(OutreachConsent.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("quiet_days", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
        try await database.schema(OutreachContact.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("staff_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("note", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(Referral.schema)
            .id()
            .field("match_key", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("area", .string, .required)
            .field("languages", .string, .required)
            .field("cost", .string, .required)
            .field("telehealth", .bool, .required)
            .field("phone", .string, .required)
            .field("website", .string, .required)
            .field("email", .string, .required)
            .field("address", .string, .required)
            .field("description", .string, .required)
            .field("updated_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "match_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [Referral.schema, OutreachContact.schema, OutreachConsent.schema, DailyPledge.schema,
                       AssessmentSchedule.schema, Assessment.schema] {
            try await database.schema(schema).delete()
        }
    }
}
