import FluentKit
import Foundation

/// Sober living houses: the public directory, each house's page, and what an administrator and a
/// house's lead do with it. Who may see what lives here, for the web and the API alike.
struct HouseService: Sendable {
    let deps: AppDependencies

    /// A vacancy count older than this is shown as unknown: an old "2 beds free" sends people to a full house.
    static let freshFor: TimeInterval = 14 * 86_400

    struct Filter: Sendable, Equatable {
        var area = ""
        var serves: SoberHouse.Serves?
        var matWelcome = false
        var vacancyNow = false
        /// Weekly cost at most, in minor units.
        var maxWeeklyCost: Int?
    }

    /// A house as one viewer sees it.
    struct Listing: Sendable {
        let id: UUID
        let name: String
        let area: String
        /// Only for its residents, its lead and administrators.
        let address: String?
        let serves: [SoberHouse.Serves]
        let narrLevel: Int?
        let mat: SoberHouse.MAT
        let weeklyCost: Int
        let currency: String
        let beds: Int
        /// Nil when the house has not said for `freshFor`.
        let vacancies: Int?
        let vacanciesUpdatedAt: Date
        let rules: String
        let howToApply: String
        /// What the house does when someone relapses: public, so applicants know before they apply.
        let relapsePolicy: String
        /// The lead's pseudonym, for the house's own people (a lead usually lives there: naming them
        /// to everyone would say where they live).
        let leadName: String?
        /// The viewer may change the listing and the vacancies.
        let mayManage: Bool
        /// The viewer may say how many beds are free: the lead, an administrator, or a resident holding an office.
        let maySayBeds: Bool
        /// The viewer runs the house's own life with its residents: its lead, or an administrator while it has none.
        let runsLife: Bool
        /// How the house accepts residents, said on its page.
        let admission: Admission
        let voteThreshold: Int
        let isResident: Bool
    }

    struct Resident: Sendable {
        let userID: UUID
        let pseudonym: String
        let movedInOn: String
    }

    /// Someone who lived here, for the lead: when they left and the reason noted.
    struct FormerResident: Sendable {
        let pseudonym: String
        let movedInOn: String
        let movedOutOn: String
        let reason: String?
    }

    // MARK: - Reading

    /// The houses the filter asks for, those with a bed free first; `viewer` sees the addresses and
    /// leads of the houses they live in or run.
    func directory(_ filter: Filter, viewer: Member?) async throws -> [Listing] {
        let houses = try await SoberHouse.query(on: deps.db).with(\.$lead).all()
        let home = try await viewer.asyncMap { member in
            Set(try await HouseResident.query(on: deps.db).filter(\.$user.$id == member.id).filter(\.$movedOutOn == nil)
                .filter(\.$movedInOn <= HouseStanding.today(deps).description).all().map(\.$house.id))
        } ?? []
        let area = filter.area.trimmingCharacters(in: .whitespaces)
        return try houses.map { try listing($0, viewer: viewer, resident: home.contains($0.requireID())) }.filter { h in
            (area.isEmpty || h.area.range(of: area, options: [.caseInsensitive, .diacriticInsensitive]) != nil)
                && (filter.serves.map { Self.serves(h.serves, $0) } ?? true)
                && (!filter.matWelcome || h.mat == .welcome)
                && (!filter.vacancyNow || (h.vacancies ?? 0) > 0)
                && (filter.maxWeeklyCost.map { h.weeklyCost <= $0 } ?? true)
        }.sorted { a, b in
            let (freeA, freeB) = ((a.vacancies ?? 0) > 0, (b.vacancies ?? 0) > 0)
            return freeA != freeB ? freeA : a.name.localizedStandardCompare(b.name) == .orderedAscending
        }
    }

    /// Whether a house serving `serves` takes someone looking for `wanted`: "any adult" houses take
    /// every adult, but a parent needs a house that takes children.
    static func serves(_ serves: [SoberHouse.Serves], _ wanted: SoberHouse.Serves) -> Bool {
        serves.contains(wanted) || (wanted != .parents && serves.contains(.everyone))
    }

    func house(_ id: UUID, viewer: Member?) async throws -> Listing {
        guard let house = try await SoberHouse.query(on: deps.db).filter(\.$id == id).with(\.$lead).first() else { throw AppError.notFound }
        let resident = try await viewer.asyncMap { member in
            try await current(in: id).contains { $0.$user.id == member.id && $0.movedInOn <= HouseStanding.today(deps).description }
        } ?? false
        // An applicant offered a place (for `ApplicationService.offerLasts`) or moving in is told the address, to plan the move.
        let accepted = try await viewer.asyncMap { member in
            let movingIn = try await current(in: id).contains { $0.$user.id == member.id }
            let offered = try await HouseApplication.query(on: deps.db).filter(\.$house.$id == id).filter(\.$user.$id == member.id)
                .filter(\.$status == .accepted).all()
                .contains { $0.decidedAt.map { deps.now().timeIntervalSince($0) < ApplicationService.offerLasts } ?? false }
            return movingIn || offered
        } ?? false
        let officer = resident ? try await viewer.asyncMap { member in
            try await HouseOfficer.query(on: deps.db).filter(\.$house.$id == id).filter(\.$user.$id == member.id)
                .filter(\.$termEndsOn >= HouseStanding.today(deps).description).first() != nil
        } ?? false : false
        return try listing(house, viewer: viewer, resident: resident, accepted: accepted, officer: officer)
    }

    /// The people living in the house now: for them, its lead and administrators; nobody else learns who lives there.
    func residents(of id: UUID, viewer: Member) async throws -> [Resident] {
        // One read of the stays answers both who lives here and whether the viewer is one of them.
        let stays = try await HouseResident.query(on: deps.db).filter(\.$house.$id == id).filter(\.$movedOutOn == nil)
            .with(\.$user).sort(\.$movedInOn).all()
        guard let house = try await SoberHouse.query(on: deps.db).filter(\.$id == id).with(\.$lead).first() else { throw AppError.notFound }
        let today = HouseStanding.today(deps).description
        let listing = try listing(house, viewer: viewer, resident: stays.contains { $0.$user.id == viewer.id && $0.movedInOn <= today })
        guard listing.mayManage || listing.isResident else { throw AppError.notFound }
        return stays.map { Resident(userID: $0.$user.id, pseudonym: $0.user.pseudonym, movedInOn: $0.movedInOn) }
    }

    /// Who has moved out, with the reason noted: the lead's and administrators' only.
    func formerResidents(of id: UUID, viewer: Member) async throws -> [FormerResident] {
        guard try await self.house(id, viewer: viewer).mayManage else { throw AppError.notFound }
        return try await HouseResident.query(on: deps.db).filter(\.$house.$id == id).filter(\.$movedOutOn != nil)
            .with(\.$user).sort(\.$movedOutOn, .descending).all()
            .map { FormerResident(pseudonym: $0.user.pseudonym, movedInOn: $0.movedInOn, movedOutOn: $0.movedOutOn ?? "", reason: $0.moveOutReason) }
    }

    private func current(in id: UUID, on db: (any Database)? = nil) async throws -> [HouseResident] {
        try await HouseResident.query(on: db ?? deps.db).filter(\.$house.$id == id).filter(\.$movedOutOn == nil).all()
    }

    private func listing(_ h: SoberHouse, viewer: Member?, resident isResident: Bool, accepted: Bool = false, officer: Bool = false) throws -> Listing {
        let mayManage = viewer.map { $0.has(.admin) || ($0.has(.houseLead) && h.$lead.id == $0.id) } ?? false
        let inside = mayManage || isResident
        let fresh = deps.now().timeIntervalSince(h.vacanciesUpdatedAt) <= Self.freshFor
        return Listing(
            id: try h.requireID(), name: h.name, area: h.area, address: inside || accepted ? h.address : nil, serves: h.serves,
            narrLevel: h.narrLevel, mat: h.mat, weeklyCost: h.weeklyCost, currency: h.currency, beds: h.beds,
            vacancies: fresh ? h.vacancies : nil, vacanciesUpdatedAt: h.vacanciesUpdatedAt, rules: h.rules, howToApply: h.howToApply,
            relapsePolicy: h.relapsePolicy,
            leadName: inside ? h.lead?.pseudonym : nil, mayManage: mayManage, maySayBeds: mayManage || officer,
            runsLife: viewer.map { ($0.has(.houseLead) && h.$lead.id == $0.id) || ($0.has(.admin) && h.$lead.id == nil) } ?? false,
            admission: h.admission, voteThreshold: h.voteThreshold, isResident: isResident)
    }

    // MARK: - Changing

    /// Administrators list a house and may give it a lead (a member holding the house lead role).
    func create(_ input: HouseInput, by member: Member) async throws -> UUID {
        try member.require(.admin)
        let draft = try await validated(input, leadMayChange: true, currentVacancies: nil)
        let house = SoberHouse()
        house.startWithDefaults()
        draft.apply(to: house, vacanciesSaid: deps.now())
        try await house.create(on: deps.db)
        return try house.requireID()
    }

    /// The lead or an administrator changes the listing; only an administrator changes who leads it.
    /// Beds free are said on their own (`setVacancies`), so a form opened earlier cannot bring back an old count.
    func update(_ id: UUID, _ input: HouseInput, by member: Member) async throws {
        let house = try await managed(id, by: member)
        let draft = try await validated(input, leadMayChange: member.has(.admin), currentVacancies: house.vacancies)
        draft.apply(to: house, vacanciesSaid: house.vacanciesUpdatedAt)
        house.vacancies = min(house.vacancies, house.beds)
        try await house.save(on: deps.db)
    }

    /// Says how many beds are free now; the time of saying is shown beside it.
    func setVacancies(_ id: UUID, _ text: String, by member: Member) async throws -> Listing {
        guard try await self.house(id, viewer: member).maySayBeds, let house = try await SoberHouse.find(id, on: deps.db) else {
            throw AppError.notFound
        }
        guard let count = Int(text.trimmingCharacters(in: .whitespaces)), (0...house.beds).contains(count) else {
            throw AppError.invalid([FieldError(field: "vacancies", message: "Enter a number from 0 to \(house.beds), the house's beds.")])
        }
        house.vacancies = count
        house.vacanciesUpdatedAt = deps.now()
        try await house.save(on: deps.db)
        return try await self.house(id, viewer: member)
    }

    /// The lead records someone moving in (until applications bring them in).
    func moveIn(_ id: UUID, pseudonym: String, on date: String, by member: Member) async throws {
        _ = try await managed(id, by: member)
        var check = Validation()
        let user = try await AccountService(deps: deps).user(named: pseudonym)
        check.check(user != nil, "pseudonym", "There is no member with that pseudonym.")
        let day = LocalDate(date.trimmingCharacters(in: .whitespaces))
        let today = HouseStanding.today(deps)
        check.check(day.map { $0 <= today && $0.year >= 1900 } ?? false, "moved_in_on", "Enter the date as YYYY-MM-DD, today or earlier.")
        try check.finish()
        let userID = try (try user.checked("pseudonym")).requireID(), movedIn = try day.checked("moved_in_on")
        try await deps.transaction { db in
            try await HouseStanding.takeTurn(id, deps: deps, on: db)
            guard try await !current(in: id, on: db).contains(where: { $0.$user.id == userID }) else {
                throw AppError.invalid([FieldError(field: "pseudonym", message: "They already live here.")])
            }
            try await HouseResident(houseID: id, userID: userID, movedInOn: movedIn).create(on: db)
            try await LedgerService.resplit(id, from: HouseRules.month(of: movedIn), on: db)
            try await LedgerService.reviewArrears(id, today: today, on: db)
        }
    }

    /// The lead records a move-out; the reason is kept for the lead and administrators. Someone whose
    /// move-in is still to come is not moved out but taken off the list: their move-in is cancelled.
    func moveOut(_ id: UUID, resident userID: UUID, on date: String, reason: String, by member: Member) async throws {
        _ = try await managed(id, by: member)
        let today = HouseStanding.today(deps)
        let all = try await current(in: id).filter { $0.$user.id == userID }
        let coming = all.filter { $0.movedInOn > today.description }
        if !coming.isEmpty, coming.count == all.count {
            try await cancelMoveIn(id, user: userID, byLead: reason.trimmingCharacters(in: .whitespacesAndNewlines))
            return
        }
        let stays = all.filter { $0.movedInOn <= today.description }
        guard let firstIn = stays.map(\.movedInOn).min() else {
            throw AppError.invalid([FieldError(field: "user", message: "Choose someone who lives here.")])
        }
        var check = Validation()
        let day = LocalDate(date.trimmingCharacters(in: .whitespaces))
        check.check(day.map { $0.description >= firstIn && $0 <= today } ?? false, "moved_out_on",
                    "Enter a date as YYYY-MM-DD, from their move-in to today.")
        check.check(reason.count <= 500, "reason", "Use at most 500 characters.")
        try check.finish()
        let outDay = try day.checked("moved_out_on"), out = outDay.description
        let note = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        try await deps.transaction { db in
            try await HouseStanding.takeTurn(id, deps: deps, on: db)
            for stay in stays {
                stay.movedOutOn = out
                stay.moveOutReason = note.isEmpty ? nil : note
                try await stay.save(on: db)
            }
            // Offices go with the stay: someone who moves back in is elected again.
            try await HouseOfficer.query(on: db).filter(\.$house.$id == id).filter(\.$user.$id == userID).delete()
            try await LedgerService.resplit(id, from: HouseRules.month(of: outDay), on: db)
            try await LedgerService.reviewArrears(id, today: today, on: db)
            try await ChoreService.release(id, user: userID, from: outDay, on: db)
        }
    }

    /// A move-in still to come is called off — by the applicant withdrawing (`byLead` nil), or by the lead
    /// with a reason the applicant reads: the stay, its chores and any office go, the bed is free again.
    func cancelMoveIn(_ id: UUID, user userID: UUID, byLead reason: String? = nil) async throws {
        try await deps.writer.transaction { db in
            try await HouseStanding.takeTurn(id, deps: deps, on: db)
            let today = HouseStanding.today(deps).description
            let coming = try await HouseResident.query(on: db).filter(\.$house.$id == id).filter(\.$user.$id == userID)
                .filter(\.$movedOutOn == nil).filter(\.$movedInOn > today).all()
            guard !coming.isEmpty else { throw AppError.notFound }
            for stay in coming { try await stay.delete(on: db) }
            try await ChoreService.release(id, user: userID, from: HouseStanding.today(deps), on: db)
            try await HouseOfficer.query(on: db).filter(\.$house.$id == id).filter(\.$user.$id == userID).delete()
            for app in try await HouseApplication.query(on: db).filter(\.$house.$id == id).filter(\.$user.$id == userID)
                .filter(\.$status == .confirmed).all() {
                if let reason {
                    (app.status, app.declineReason, app.decidedAt) = (.declined, ApplicationService.DeclineReason.other.rawValue, deps.now())
                    app.declineNote = reason.isEmpty ? "The house had to call off your move-in. The house lead will talk it through with you." : reason
                } else {
                    app.status = .withdrawn
                }
                try await app.save(on: db)
            }
            if let house = try await SoberHouse.find(id, on: db) {
                (house.vacancies, house.vacanciesUpdatedAt) = (min(house.beds, house.vacancies + 1), deps.now())
                try await house.save(on: db)
            }
            let day = HouseStanding.today(deps)
            try await LedgerService.resplit(id, from: HouseRules.month(of: day), on: db)
            try await LedgerService.reviewArrears(id, today: day, on: db)
        }
    }

    /// A member who no longer holds the house lead role leads no house.
    func endLeadership(of userID: UUID) async throws {
        try await SoberHouse.query(on: deps.db).filter(\.$lead.$id == userID).set(\.$lead.$id, to: nil).update()
    }

    /// The house, if the member leads it or is an administrator; otherwise it is not there for them.
    private func managed(_ id: UUID, by member: Member) async throws -> SoberHouse {
        guard member.has(.admin) || member.has(.houseLead), let house = try await SoberHouse.find(id, on: deps.db),
              member.has(.admin) || house.$lead.id == member.id else { throw AppError.notFound }
        return house
    }

    private func validated(_ input: HouseInput, leadMayChange: Bool, currentVacancies: Int?) async throws -> HouseDraft {
        var input = input
        if let currentVacancies { input.vacancies = String(min(currentVacancies, Int(input.beds.trimmingCharacters(in: .whitespaces)) ?? currentVacancies)) }
        // nil: the lead stays as it is (a lead's own save, or an API caller who did not name one).
        guard leadMayChange, let name = input.lead?.trimmingCharacters(in: .whitespaces) else { return try input.validate(lead: nil) }
        guard !name.isEmpty else { return try input.validate(lead: .some(nil)) }
        let id = try await AccountService(deps: deps).user(named: name)?.requireID()
        let roles = try await id.asyncMap { try await AccountService(deps: deps).roles(of: $0) } ?? []
        guard let id, roles.contains(.houseLead) else {
            return try input.validate(lead: nil, also: [FieldError(field: "lead", message: "Name a member who holds the house lead role (an administrator gives it).")])
        }
        return try input.validate(lead: .some(id))
    }
}
