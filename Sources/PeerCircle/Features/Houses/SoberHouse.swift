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

    init() {}

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
