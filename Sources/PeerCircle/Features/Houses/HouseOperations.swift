import Foundation
import PeerCircleAPI

/// Sober living houses over the API: the generated operations mapped to `HouseService`.
extension APIOperations {
    private var houses: HouseService { HouseService(deps: deps) }

    func listHouses(_ input: Operations.ListHouses.Input) async throws -> Operations.ListHouses.Output {
        let q = input.query
        let filter = HouseService.Filter(area: q.area ?? "", serves: try q.serves.map { try SoberHouse.Serves(mirroring: $0) },
                                         matWelcome: q.matWelcome ?? false, vacancyNow: q.vacancyNow ?? false, maxWeeklyCost: q.maxWeeklyCost)
        return .ok(.init(body: .json(try await houses.directory(filter, viewer: APICaller.context?.member).map(Self.house))))
    }

    func getHouse(_ input: Operations.GetHouse.Input) async throws -> Operations.GetHouse.Output {
        .ok(.init(body: .json(Self.house(try await houses.house(try APIPath.id(input.path.id), viewer: APICaller.context?.member)))))
    }

    func createHouse(_ input: Operations.CreateHouse.Input) async throws -> Operations.CreateHouse.Output {
        let member = try APICaller.member()
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        let id = try await houses.create(Self.input(b), by: member)
        return .created(.init(body: .json(Self.house(try await houses.house(id, viewer: member)))))
    }

    func updateHouse(_ input: Operations.UpdateHouse.Input) async throws -> Operations.UpdateHouse.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        try await houses.update(id, Self.input(b), by: member)
        return .ok(.init(body: .json(Self.house(try await houses.house(id, viewer: member)))))
    }

    func setHouseVacancies(_ input: Operations.SetHouseVacancies.Input) async throws -> Operations.SetHouseVacancies.Output {
        let member = try APICaller.member()
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        return .ok(.init(body: .json(Self.house(try await houses.setVacancies(try APIPath.id(input.path.id), String(b.vacancies), by: member)))))
    }

    func listHouseResidents(_ input: Operations.ListHouseResidents.Input) async throws -> Operations.ListHouseResidents.Output {
        let residents = try await houses.residents(of: try APIPath.id(input.path.id), viewer: try APICaller.member())
        return .ok(.init(body: .json(residents.map { .init(movedInOn: $0.movedInOn, pseudonym: $0.pseudonym, userId: $0.userID.apiID) })))
    }

    func applyToHouse(_ input: Operations.ApplyToHouse.Input) async throws -> Operations.ApplyToHouse.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        let service = ApplicationService(deps: deps)
        _ = try await service.apply(to: id, .init(moveInWanted: b.moveInWanted, needs: b.needs, soberSince: b.soberSince ?? "",
                                                  onMAT: b.onMat?.rawValue ?? "not_said"), by: member)
        guard let mine = try await service.mine(at: id, member: member) else { throw AppError.notFound }
        return .created(.init(body: .json(Self.application(mine))))
    }

    func getMyHouseApplication(_ input: Operations.GetMyHouseApplication.Input) async throws -> Operations.GetMyHouseApplication.Output {
        guard let mine = try await ApplicationService(deps: deps).mine(at: try APIPath.id(input.path.id), member: try APICaller.member()) else {
            throw AppError.notFound
        }
        return .ok(.init(body: .json(Self.application(mine))))
    }

    func getMyHouseMoney(_ input: Operations.GetMyHouseMoney.Input) async throws -> Operations.GetMyHouseMoney.Output {
        let ledger = try await LedgerService(deps: deps).ledger(try APIPath.id(input.path.id), member: try APICaller.member())
        return .ok(.init(body: .json(.init(balance: ledger.myBalance, currency: ledger.standing.currency,
                                           lines: ledger.mine.map { .init(amount: $0.amount, date: $0.date, days: $0.days, what: $0.what) }))))
    }

    /// What an applicant is told: the outcome, never how the house is deciding.
    private static func application(_ a: ApplicationService.Mine) -> Components.Schemas.MyHouseApplication {
        let status: Components.Schemas.MyHouseApplication.StatusPayload = switch a.status {
        case .open, .voting, .noQuorum: .waiting
        case .accepted: .offered
        case .declined: .declined
        case .withdrawn: .withdrawn
        case .confirmed: .movingIn
        case .lapsed: .lapsed
        }
        return .init(declineNote: a.declineNote, declineReason: a.declineReason?.text, houseId: a.houseID.apiID, id: a.id.apiID, moveInOn: a.moveInOn,
                     moveInWanted: a.moveInWanted, status: status)
    }

    private static func input(_ b: Components.Schemas.HouseWrite) -> HouseInput {
        HouseInput(name: b.name, area: b.area, address: b.address, serves: b.serves.map(\.rawValue), narrLevel: b.narrLevel.map(String.init) ?? "",
                   mat: b.mat.rawValue, weeklyCost: Money.plain(minor: b.weeklyCost), currency: b.currency.rawValue,
                   beds: String(b.beds), vacancies: b.vacancies.map(String.init) ?? "", rules: b.rules ?? "", howToApply: b.howToApply ?? "", lead: b.lead)
    }

    private static func house(_ h: HouseService.Listing) -> Components.Schemas.House {
        .init(address: h.address, area: h.area, beds: h.beds, currency: h.currency, howToApply: h.howToApply, id: h.id.apiID, isResident: h.isResident,
              lead: h.leadName, mat: .init(rawValue: h.mat.rawValue) ?? .notStated, mayManage: h.mayManage, name: h.name, narrLevel: h.narrLevel, rules: h.rules,
              serves: h.serves.compactMap { .init(rawValue: $0.rawValue) }, vacancies: h.vacancies, vacanciesUpdatedAt: h.vacanciesUpdatedAt,
              weeklyCost: h.weeklyCost)
    }
}
