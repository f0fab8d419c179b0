import FluentKit
import SQLKit
import Foundation

/// What one member is to one house — resident, former resident, officer, its lead — read once per
/// request. Every page of a house's life starts here; anyone who is nothing to the house gets 404.
struct HouseStanding: Sendable {
    let houseID: UUID
    let houseName: String
    let currency: String
    let member: Member
    /// Lives there now (from their move-in day; someone still to move in sees only their application).
    let isResident: Bool
    /// Lived there once (and may still see their own money).
    let wasResident: Bool
    /// Its lead — or an administrator while the house has no lead. An administrator lists houses and names
    /// leads, but a house's applications, money, chores and meetings are its own people's.
    let manages: Bool
    /// The house's own lead (not any administrator): with the president, the one who hears a request for support.
    let isLead: Bool
    /// Offices held in a term that has not ended.
    let offices: Set<HouseOfficer.Office>

    /// Residents and the house's lead: who may see the house's residents, applications, chores and meetings.
    var isInside: Bool { isResident || manages }

    /// An officer's powers, which the lead and administrators also have.
    func may(_ office: HouseOfficer.Office) -> Bool { manages || (isResident && offices.contains(office)) }

    func requireInside() throws(AppError) { guard isInside else { throw AppError.notFound } }

    func require(_ office: HouseOfficer.Office) throws(AppError) { guard may(office) else { throw AppError.notFound } }

    /// The lead or the house's president, and nobody else — not even an administrator: private requests for support.
    var hearsSupport: Bool { isLead || (isResident && offices.contains(.president)) }

    static func of(_ houseID: UUID, _ member: Member, deps: AppDependencies) async throws -> HouseStanding {
        let db = try deps.db
        guard let house = try await SoberHouse.find(houseID, on: db) else { throw AppError.notFound }
        let today = Self.today(deps).description
        let stays = try await HouseResident.query(on: db).filter(\.$house.$id == houseID).filter(\.$user.$id == member.id)
            .filter(\.$movedInOn <= today).all()
        let resident = stays.contains { $0.movedOutOn == nil }
        let offices = resident ? try await HouseOfficer.query(on: db).filter(\.$house.$id == houseID).filter(\.$user.$id == member.id)
            .filter(\.$termEndsOn >= today).all().map(\.office) : []
        return HouseStanding(
            houseID: houseID, houseName: house.name, currency: house.currency, member: member, isResident: resident,
            wasResident: !stays.isEmpty,
            manages: (member.has(.houseLead) && house.$lead.id == member.id) || (member.has(.admin) && house.$lead.id == nil),
            isLead: member.has(.houseLead) && house.$lead.id == member.id, offices: Set(offices))
    }

    /// The house's day — the instance's time zone — for every decision about who lives there, votes and
    /// meetings, so that a member's own zone (which they may change) never makes them a resident a day early.
    static func today(_ deps: AppDependencies) -> LocalDate { LocalDate(deps.now(), in: deps.defaultTimeZone) }

    /// Makes changes to one house's life take turns: on PostgreSQL the house's row is locked until the
    /// transaction ends (SQLite's writers already take turns), so two people opening the chores board
    /// at once plan the week once, and neither meets the other's half-made rows.
    static func takeTurn(_ houseID: UUID, deps: AppDependencies, on db: any Database) async throws {
        guard deps.database.kind == .postgres else { return }
        try await db.sql.raw("SELECT id FROM sober_houses WHERE id = \(bind: houseID) FOR UPDATE").run()
    }

    /// Everyone's stays in the house, for splitting bills and sharing chores.
    static func stays(_ houseID: UUID, on db: any Database) async throws -> [HouseRules.Stay] {
        try await HouseResident.query(on: db).filter(\.$house.$id == houseID).all().compactMap { r in
            LocalDate(r.movedInOn).map { HouseRules.Stay(user: r.$user.id, from: $0, until: r.movedOutOn.flatMap(LocalDate.init)) }
        }
    }
}
