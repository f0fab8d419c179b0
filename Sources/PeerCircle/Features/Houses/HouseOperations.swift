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
