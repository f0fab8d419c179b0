import Foundation
import PeerCircleAPI

/// Check-ins over the API: the generated operations mapped to `CheckInService`.
extension APIOperations {
    private var checkIns: CheckInService { CheckInService(deps: deps) }

    func listCheckIns(_ input: Operations.ListCheckIns.Input) async throws -> Operations.ListCheckIns.Output {
        let history = try await checkIns.history(for: try APICaller.member(), days: input.query.days ?? 30)
        let s = history.streaks
        return .ok(.init(body: .json(.init(
            from: history.from.description, items: try history.items.map { try Self.checkIn($0) },
            streaks: .init(current: s.current, longest: s.longest, message: s.message, total: s.total), to: history.today.description))))
    }

    func createCheckIn(_ input: Operations.CreateCheckIn.Input) async throws -> Operations.CreateCheckIn.Output {
        let member = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        let checkIn = try await checkIns.create(Self.command(body), for: member)
        return .created(.init(body: .json(try Self.checkIn(checkIn, crisisLines: deps.crisisLines(for: member)))))
    }

    func getTodaysCheckIn(_ input: Operations.GetTodaysCheckIn.Input) async throws -> Operations.GetTodaysCheckIn.Output {
        guard let checkIn = try await checkIns.today(for: try APICaller.member()) else { throw AppError.notFound }
        return .ok(.init(body: .json(try Self.checkIn(checkIn))))
    }

    func getCheckIn(_ input: Operations.GetCheckIn.Input) async throws -> Operations.GetCheckIn.Output {
        .ok(.init(body: .json(try Self.checkIn(try await checkIns.owned(try APIPath.id(input.path.id), by: try APICaller.member())))))
    }

    func updateCheckIn(_ input: Operations.UpdateCheckIn.Input) async throws -> Operations.UpdateCheckIn.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        _ = try await checkIns.owned(id, by: member)
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        let checkIn = try await checkIns.update(id, Self.command(body), for: member)
        return .ok(.init(body: .json(try Self.checkIn(checkIn, crisisLines: deps.crisisLines(for: member)))))
    }

    private static func command(_ body: Components.Schemas.CheckInRequest) -> CheckInCommand {
        CheckInCommand(mood: body.mood, craving: body.craving, sober: body.sober.rawValue, triggers: body.triggers ?? [], tags: body.tags ?? [],
                       gratitude: body.gratitude ?? "", note: body.note ?? "", safe: body.safe?.rawValue ?? "")
    }

    /// A check-in as the API shows it; the crisis lines only on one that answered “not safe”.
    static func checkIn(_ c: CheckIn, crisisLines: [CrisisLine]? = nil) throws -> Components.Schemas.CheckIn {
        .init(craving: c.craving, crisisLines: c.safe == .no ? try crisisLines?.map(Self.crisisLine) : nil, gratitude: c.gratitude,
              id: c.id?.apiID ?? "", localDate: c.date.description, mood: c.mood, note: c.note,
              safe: c.safe.flatMap { .init(rawValue: $0.rawValue) }, sober: c.sober.rawValue, tags: c.tags, triggers: c.triggers)
    }

    static func crisisLine(_ line: CrisisLine) throws -> Components.Schemas.CrisisLine {
        .init(contact: line.contact, detail: line.detail, method: try .init(mirroring: line.method), name: line.name, url: line.url)
    }
}
