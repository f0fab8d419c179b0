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
        let matWelcome: Bool
        let weeklyCost: Int
        let currency: String
        let beds: Int
        /// Nil when the house has not said for `freshFor`.
        let vacancies: Int?
        let vacanciesUpdatedAt: Date
        let rules: String
        let howToApply: String
        let leadName: String?
        /// The viewer may change the listing and the vacancies.
        let mayManage: Bool
        let isResident: Bool
    }

    struct Resident: Sendable {
        let userID: UUID
        let pseudonym: String
        let movedInOn: String
    }

    // MARK: - Reading

    func directory(_ filter: Filter) async throws -> [Listing] {
        let houses = try await SoberHouse.query(on: deps.db).with(\.$lead).sort(\.$name).all()
        let area = filter.area.trimmingCharacters(in: .whitespaces)
        return try houses.map { try listing($0, viewer: nil, residents: []) }.filter { h in
            (area.isEmpty || h.area.range(of: area, options: [.caseInsensitive, .diacriticInsensitive]) != nil)
                && (filter.serves.map { h.serves.contains($0) || h.serves.contains(.everyone) } ?? true)
                && (!filter.matWelcome || h.matWelcome)
                && (!filter.vacancyNow || (h.vacancies ?? 0) > 0)
                && (filter.maxWeeklyCost.map { h.weeklyCost <= $0 } ?? true)
        }.sorted { ($0.vacancies ?? 0 > 0 ? 0 : 1, $0.name) < ($1.vacancies ?? 0 > 0 ? 0 : 1, $1.name) }
    }

    func house(_ id: UUID, viewer: Member?) async throws -> Listing {
        guard let house = try await SoberHouse.query(on: deps.db).filter(\.$id == id).with(\.$lead).first() else { throw AppError.notFound }
        let residents = try await current(in: id)
        return try listing(house, viewer: viewer, residents: residents.map(\.$user.id))
    }

    /// The people living in the house now: for them, its lead and administrators; nobody else learns who lives there.
    func residents(of id: UUID, viewer: Member) async throws -> [Resident] {
        let house = try await self.house(id, viewer: viewer)
        guard house.mayManage || house.isResident else { throw AppError.notFound }
        return try await HouseResident.query(on: deps.db).filter(\.$house.$id == id).filter(\.$movedOutOn == nil)
            .with(\.$user).sort(\.$movedInOn).all()
            .map { Resident(userID: $0.$user.id, pseudonym: $0.user.pseudonym, movedInOn: $0.movedInOn) }
    }

    private func current(in id: UUID) async throws -> [HouseResident] {
        try await HouseResident.query(on: deps.db).filter(\.$house.$id == id).filter(\.$movedOutOn == nil).all()
    }

    private func listing(_ h: SoberHouse, viewer: Member?, residents: [UUID]) throws -> Listing {
        let mayManage = viewer.map { $0.has(.admin) || ($0.has(.houseLead) && h.$lead.id == $0.id) } ?? false
        let isResident = viewer.map { residents.contains($0.id) } ?? false
        let fresh = deps.now().timeIntervalSince(h.vacanciesUpdatedAt) <= Self.freshFor
        return Listing(
            id: try h.requireID(), name: h.name, area: h.area, address: mayManage || isResident ? h.address : nil, serves: h.serves,
            narrLevel: h.narrLevel, matWelcome: h.matWelcome, weeklyCost: h.weeklyCost, currency: h.currency, beds: h.beds,
            vacancies: fresh ? h.vacancies : nil, vacanciesUpdatedAt: h.vacanciesUpdatedAt, rules: h.rules, howToApply: h.howToApply,
            leadName: h.lead?.pseudonym, mayManage: mayManage, isResident: isResident)
    }

    // MARK: - Changing

    /// Administrators list a house and give it a lead (a member holding the house lead role).
    func create(_ input: HouseInput, by member: Member) async throws -> UUID {
        try member.require(.admin)
        let draft = try await validated(input, leadMayChange: true)
        let house = SoberHouse()
        draft.apply(to: house, now: deps.now())
        try await house.create(on: deps.db)
        return try house.requireID()
    }

    /// The lead or an administrator changes the listing; only an administrator changes who leads it.
    func update(_ id: UUID, _ input: HouseInput, by member: Member) async throws {
        let house = try await managed(id, by: member)
        let draft = try await validated(input, leadMayChange: member.has(.admin))
        let vacanciesChanged = draft.vacancies != house.vacancies
        draft.apply(to: house, now: vacanciesChanged ? deps.now() : house.vacanciesUpdatedAt)
        try await house.save(on: deps.db)
    }

    /// Says how many beds are free now; the time of saying is shown beside it.
    func setVacancies(_ id: UUID, _ text: String, by member: Member) async throws -> Listing {
        let house = try await managed(id, by: member)
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
        check.check(day != nil, "moved_in_on", "Enter the date as YYYY-MM-DD.")
        try check.finish()
        let userID = try (try user.checked("pseudonym")).requireID()
        guard try await !current(in: id).contains(where: { $0.$user.id == userID }) else {
            throw AppError.invalid([FieldError(field: "pseudonym", message: "They already live here.")])
        }
        try await HouseResident(houseID: id, userID: userID, movedInOn: try day.checked("moved_in_on")).create(on: deps.db)
    }

    /// The lead records a move-out; the reason stays with the lead.
    func moveOut(_ id: UUID, resident userID: UUID, on date: String, reason: String, by member: Member) async throws {
        _ = try await managed(id, by: member)
        guard let stay = try await current(in: id).first(where: { $0.$user.id == userID }) else { throw AppError.notFound }
        var check = Validation()
        let day = LocalDate(date.trimmingCharacters(in: .whitespaces))
        check.check(day.map { $0.description >= stay.movedInOn } ?? false, "moved_out_on", "Enter a date as YYYY-MM-DD, not before they moved in.")
        check.check(reason.count <= 500, "reason", "Use at most 500 characters.")
        try check.finish()
        stay.movedOutOn = try day.checked("moved_out_on").description
        stay.moveOutReason = reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : reason
        try await stay.save(on: deps.db)
    }

    /// The house, if the member leads it or is an administrator; otherwise it is not there for them.
    private func managed(_ id: UUID, by member: Member) async throws -> SoberHouse {
        guard member.has(.admin) || member.has(.houseLead), let house = try await SoberHouse.find(id, on: deps.db),
              member.has(.admin) || house.$lead.id == member.id else { throw AppError.notFound }
        return house
    }

    private func validated(_ input: HouseInput, leadMayChange: Bool) async throws -> HouseDraft {
        let name = input.lead.trimmingCharacters(in: .whitespaces)
        guard leadMayChange else { return try input.validate(lead: nil) }
        guard !name.isEmpty else { return try input.validate(lead: .some(nil)) }
        let id = try await AccountService(deps: deps).user(named: name)?.requireID()
        let roles = try await id.asyncMap { try await AccountService(deps: deps).roles(of: $0) } ?? []
        guard let id, roles.contains(.houseLead) else {
            return try input.validate(lead: nil, also: [FieldError(field: "lead", message: "Name a member who holds the house lead role (an administrator gives it).")])
        }
        return try input.validate(lead: .some(id))
    }
}
