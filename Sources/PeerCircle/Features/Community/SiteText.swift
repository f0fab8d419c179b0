import FluentKit
import Foundation

/// A text the operator can change, by key (the sample recovery plan).
// See User for why @unchecked.
final class SiteText: Model, @unchecked Sendable {
    static let schema = "site_texts"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "value") var value: String

    init() {}

    static let samplePlan = "sample_plan"

    static func get(_ key: String, on db: any Database) async throws -> String? {
        try await SiteText.query(on: db).filter(\.$key == key).first()?.value
    }

    /// Sets the text; an empty value removes it.
    static func set(_ key: String, _ value: String, on db: any Database) async throws {
        let row = try await SiteText.query(on: db).filter(\.$key == key).first()
        if value.isEmpty { try await row?.delete(on: db); return }
        let text = row ?? SiteText()
        text.key = key
        text.value = value
        try await text.save(on: db)
    }

    /// The sample plan members can start from, if the operator kept one.
    static func samplePlan(on db: any Database) async throws -> PlanContent? {
        guard let json = try await get(samplePlan, on: db),
              let plan = try? JSONDecoder().decode(PlanContent.self, from: Data(json.utf8)), !plan.isEmpty else { return nil }
        return plan
    }
}

struct CreateSiteTexts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SiteText.schema).id()
            .field("key", .string, .required).field("value", .string, .required).unique(on: "key").create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SiteText.schema).delete()
    }
}
