import FluentKit
import Foundation
import SQLKit

/// A peer-run sober living house: residents who live together, share the costs and run the house
/// (Oxford House model, NARR levels). Its street address is for its residents and lead only.
// See User for why @unchecked.
final class SoberHouse: Model, @unchecked Sendable {
    static let schema = "sober_houses"

    /// Who a house is for, as houses describe themselves.
    enum Serves: String, Codable, Sendable, CaseIterable {
        case men, women, lgbtq, parents = "parents_with_children", youngAdults = "young_adults", seniors, everyone

        var title: String {
            switch self {
            case .men: "Men"
            case .women: "Women"
            case .lgbtq: "LGBTQ+"
            case .parents: "Parents with children"
            case .youngAdults: "Young adults"
            case .seniors: "Older adults"
            case .everyone: "Any adult"
            }
        }
    }

    /// Whether residents on medication for opioid use disorder are taken: said plainly, or not said.
    enum MAT: String, Codable, Sendable, CaseIterable {
        case welcome, notAccepted = "not_accepted", notStated = "not_stated"
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    /// The neighbourhood or town: what visitors see instead of the address.
    @Field(key: "area") var area: String
    /// The street address: residents, the house lead and administrators only.
    @Field(key: "address") var address: String
    /// `Serves` codes, comma-separated.
    @Field(key: "serves") var servesText: String
    /// NARR level I–IV when certified.
    @OptionalField(key: "narr_level") var narrLevel: Int?
    @Field(key: "mat") var mat: MAT
    /// Weekly cost in minor units of `currency`.
    @Field(key: "weekly_cost") var weeklyCost: Int
    @Field(key: "currency") var currency: String
    @Field(key: "beds") var beds: Int
    @Field(key: "vacancies") var vacancies: Int
    @Field(key: "vacancies_updated_at") var vacanciesUpdatedAt: Date
    @Field(key: "rules") var rules: String
    @Field(key: "how_to_apply") var howToApply: String
    @OptionalParent(key: "lead_id") var lead: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    // How the house runs itself (`AddHouseLife`): set by its lead or president.
    @Enum(key: "admission") var admission: Admission
    /// Share of the votes cast that must say yes, in per cent (Oxford House: 80).
    @Field(key: "vote_threshold") var voteThreshold: Int
    /// Share of the residents who must vote, in per cent.
    @Field(key: "vote_quorum") var voteQuorum: Int
    @Field(key: "vote_days") var voteDays: Int
    /// Money owed above this (minor units) goes on the next meeting's agenda; 0 never.
    @Field(key: "arrears_limit") var arrearsLimit: Int
    /// 0 = Sunday … 6 = Saturday.
    @Field(key: "meeting_weekday") var meetingWeekday: Int
    @Field(key: "relapse_policy") var relapsePolicy: String

    init() {}

    /// How a new house starts: the lead admits, votes need 80 % of half the residents, meetings on Sundays.
    func startWithDefaults() {
        (admission, voteThreshold, voteQuorum, voteDays) = (.lead, 80, 50, 3)
        (arrearsLimit, meetingWeekday, relapsePolicy) = (0, 0, "")
    }

    var serves: [Serves] { servesText.split(separator: ",").compactMap { Serves(rawValue: String($0)) } }
}

/// Someone living in a house, from their move-in; a move-out ends it (its reason stays private).
final class HouseResident: Model, @unchecked Sendable {
    static let schema = "house_residents"

    @ID(key: .id) var id: UUID?
    @Parent(key: "house_id") var house: SoberHouse
    @Parent(key: "user_id") var user: User
    @Field(key: "moved_in_on") var movedInOn: String
    @OptionalField(key: "moved_out_on") var movedOutOn: String?
    /// Kept for the house's lead; never shown to other residents.
    @OptionalField(key: "move_out_reason") var moveOutReason: String?

    init() {}

    init(houseID: UUID, userID: UUID, movedInOn: LocalDate) {
        $house.id = houseID
        $user.id = userID
        self.movedInOn = movedInOn.description
    }
}

struct CreateSoberHouses: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SoberHouse.schema)
            .id()
            .field("name", .string, .required)
            .field("area", .string, .required)
            .field("address", .string, .required)
            .field("serves", .string, .required)
            .field("narr_level", .int)
            .field("mat", .string, .required)
            .field("weekly_cost", .int, .required)
            .field("currency", .string, .required)
            .field("beds", .int, .required)
            .field("vacancies", .int, .required)
            .field("vacancies_updated_at", .datetime, .required)
            .field("rules", .string, .required)
            .field("how_to_apply", .string, .required)
            .field("lead_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("created_at", .datetime)
            .create()
        try await database.schema(HouseResident.schema)
            .id()
            .field("house_id", .uuid, .required, .references(SoberHouse.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("moved_in_on", .string, .required)
            .field("moved_out_on", .string)
            .field("move_out_reason", .string)
            .create()
        // One current stay per person and house: a move-in sent twice cannot make a second.
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE UNIQUE INDEX house_residents_current ON house_residents (house_id, user_id) WHERE moved_out_on IS NULL").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(HouseResident.schema).delete()
        try await database.schema(SoberHouse.schema).delete()
    }
}

/// How a house runs itself, its agreement, applications, officers, chores, money and meetings.
struct AddHouseLife: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let house = { database.schema(SoberHouse.schema) }
        try await house().field("admission", .string, .required, .sql(.default("lead"))).update()
        try await house().field("vote_threshold", .int, .required, .sql(.default(80))).update()
        try await house().field("vote_quorum", .int, .required, .sql(.default(50))).update()
        try await house().field("vote_days", .int, .required, .sql(.default(3))).update()
        try await house().field("arrears_limit", .int, .required, .sql(.default(0))).update()
        try await house().field("meeting_weekday", .int, .required, .sql(.default(0))).update()
        try await house().field("relapse_policy", .string, .required, .sql(.default(""))).update()
        try await database.schema(HouseAgreement.schema).id()
            .field("house_id", .uuid, .required, .references(SoberHouse.schema, .id, onDelete: .cascade))
            .field("version", .int, .required).field("text", .string, .required).field("created_at", .datetime)
            .unique(on: "house_id", "version").create()
        try await database.schema(HouseAgreementAck.schema).id()
            .field("house_id", .uuid, .required, .references(SoberHouse.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("version", .int, .required).field("acknowledged_at", .datetime, .required)
            .unique(on: "house_id", "user_id", "version").create()
        try await database.schema(HouseApplication.schema).id()
            .field("house_id", .uuid, .required, .references(SoberHouse.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("move_in_wanted", .string, .required).field("needs", .string, .required).field("sober_since", .string)
            .field("on_mat", .string, .required).field("status", .string, .required).field("vote_opened_on", .string).field("vote_closes_at", .datetime)
            .field("vote_threshold", .int).field("vote_quorum", .int)
            .field("electorate", .int).field("yes_votes", .int).field("no_votes", .int)
            .field("decline_reason", .string).field("decline_note", .string).field("decided_at", .datetime)
            .field("move_in_on", .string).field("created_at", .datetime).create()
        try await database.schema(HouseApplicationVote.schema).id()
            .field("application_id", .uuid, .required, .references(HouseApplication.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("yes", .bool, .required).unique(on: "application_id", "user_id").create()
        try await database.schema(HouseOfficer.schema).id()
            .field("house_id", .uuid, .required, .references(SoberHouse.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("office", .string, .required).field("elected_on", .string, .required).field("term_ends_on", .string, .required)
            .unique(on: "house_id", "office").create()
        try await database.schema(HouseChore.schema).id()
            .field("house_id", .uuid, .required, .references(SoberHouse.schema, .id, onDelete: .cascade))
            .field("name", .string, .required).field("every_weeks", .int, .required).field("starts_week", .string, .required)
            .field("active", .bool, .required).create()
        try await database.schema(HouseChoreTurn.schema).id()
            .field("chore_id", .uuid, .required, .references(HouseChore.schema, .id, onDelete: .cascade))
            .field("house_id", .uuid, .required, .references(SoberHouse.schema, .id, onDelete: .cascade))
            .field("week", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("done_at", .datetime).unique(on: "chore_id", "week").create()
        try await database.schema(HouseChoreSwap.schema).id()
            .field("house_id", .uuid, .required, .references(SoberHouse.schema, .id, onDelete: .cascade))
            .field("turn_id", .uuid, .required, .references(HouseChoreTurn.schema, .id, onDelete: .cascade))
            .field("other_turn_id", .uuid, .required, .references(HouseChoreTurn.schema, .id, onDelete: .cascade))
            .field("asked_by", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("asked_of", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .unique(on: "turn_id").create()
        try await database.schema(HouseBill.schema).id()
            .field("house_id", .uuid, .required, .references(SoberHouse.schema, .id, onDelete: .cascade))
            .field("month", .string, .required).field("what", .string, .required).field("amount", .int, .required)
            .field("created_at", .datetime).create()
        try await database.schema(HouseBillShare.schema).id()
            .field("bill_id", .uuid, .required, .references(HouseBill.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("days", .int, .required).field("amount", .int, .required).create()
        try await database.schema(HousePayment.schema).id()
            .field("house_id", .uuid, .required, .references(SoberHouse.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("amount", .int, .required).field("paid_on", .string, .required).field("note", .string, .required)
            .field("created_at", .datetime).create()
        try await database.schema(HouseMeeting.schema).id()
            .field("house_id", .uuid, .required, .references(SoberHouse.schema, .id, onDelete: .cascade))
            .field("held_on", .string, .required).field("minutes", .string, .required)
            .unique(on: "house_id", "held_on").create()
        try await database.schema(HouseAgendaItem.schema).id()
            .field("meeting_id", .uuid, .required, .references(HouseMeeting.schema, .id, onDelete: .cascade))
            .field("text", .string, .required)
            .field("added_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("about_id", .uuid, .references(User.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime)
            .unique(on: "meeting_id", "about_id").create()
        if let sql = database as? any SQLDatabase {
            // One application waiting per person and house: sent twice at once, it is made once.
            try await sql.raw("CREATE UNIQUE INDEX house_applications_waiting ON house_applications (house_id, user_id) WHERE status IN ('open', 'voting', 'no_quorum', 'accepted')").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [HouseAgendaItem.schema, HouseMeeting.schema, HousePayment.schema, HouseBillShare.schema, HouseBill.schema,
                       HouseChoreSwap.schema, HouseChoreTurn.schema, HouseChore.schema, HouseOfficer.schema, HouseApplicationVote.schema,
                       HouseApplication.schema, HouseAgreementAck.schema, HouseAgreement.schema] {
            try await database.schema(schema).delete()
        }
        for key in ["admission", "vote_threshold", "vote_quorum", "vote_days", "arrears_limit", "meeting_weekday", "relapse_policy"] {
            try await database.schema(SoberHouse.schema).deleteField(FieldKey(stringLiteral: key)).update()
        }
    }
}
