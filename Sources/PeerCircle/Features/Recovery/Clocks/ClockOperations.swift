import Foundation
import PeerCircleAPI

/// Sobriety clocks over the API: the generated operations mapped to `ClockService`.
extension APIOperations {
    private var clocks: ClockService { ClockService(deps: deps) }

    func listClocks(_ input: Operations.ListClocks.Input) async throws -> Operations.ListClocks.Output {
        .ok(.init(body: .json(try await clocks.list(for: try APICaller.member()).map { Self.clock($0) })))
    }

    func createClock(_ input: Operations.CreateClock.Input) async throws -> Operations.CreateClock.Output {
        let member = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        let clock = try await clocks.create(Self.input(body, over: ClockInput(kind: "", currency: ClockInput.defaultCurrency(for: member.country))), for: member)
        return .created(.init(body: .json(try await shown(clock.requireID(), to: member))))
    }

    func getClock(_ input: Operations.GetClock.Input) async throws -> Operations.GetClock.Output {
        .ok(.init(body: .json(try await shown(try APIPath.id(input.path.id), to: try APICaller.member()))))
    }

    /// Changes what the body names; what it leaves out stays as it was.
    func updateClock(_ input: Operations.UpdateClock.Input) async throws -> Operations.UpdateClock.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        let current = ClockInput(try await clocks.owned(id, by: member))
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        _ = try await clocks.update(id, Self.input(body, over: current), for: member)
        return .ok(.init(body: .json(try await shown(id, to: member))))
    }

    func deleteClock(_ input: Operations.DeleteClock.Input) async throws -> Operations.DeleteClock.Output {
        try await clocks.delete(try APIPath.id(input.path.id), for: try APICaller.member())
        return .noContent(.init())
    }

    func resetClock(_ input: Operations.ResetClock.Input) async throws -> Operations.ResetClock.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        _ = try await clocks.owned(id, by: member)
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        _ = try await clocks.reset(id, newStart: body.startedOn, note: body.note ?? "", for: member)
        return .ok(.init(body: .json(try await shown(id, to: member))))
    }

    func listSharedClocks(_ input: Operations.ListSharedClocks.Input) async throws -> Operations.ListSharedClocks.Output {
        let shared = try await SharingService(deps: deps).sharedWithMe(try APICaller.member())
        return .ok(.init(body: .json(shared.map { item in
            switch item {
            case .clock(let summary, let owner): Self.clock(summary, owner: owner)
            }
        })))
    }

    private func shown(_ id: UUID, to viewer: Member) async throws -> Components.Schemas.Clock {
        let (summary, owner) = try await clocks.summary(id, viewer: viewer)
        return Self.clock(summary, owner: owner.id == viewer.id ? nil : owner.pseudonym)
    }

    private static func input(_ body: Components.Schemas.ClockRequest, over current: ClockInput) -> ClockInput {
        ClockInput(label: body.label ?? current.label, kind: body.kind?.rawValue ?? current.kind, startedOn: body.startedOn ?? current.startedOn,
                   dailyCost: body.dailyCost.map { String($0) } ?? current.dailyCost, currency: body.currency?.rawValue ?? current.currency)
    }

    static func clock(_ s: ClockSummary, owner: String? = nil) -> Components.Schemas.Clock {
        .init(attempts: s.attempts.map { .init(days: $0.days, endedOn: $0.endedOn.description, note: $0.note, startedOn: $0.startedOn.description) },
              currency: s.currency, dailyCost: s.dailyCostCents.map { Double($0) / 100 }, days: s.days, id: s.id.apiID,
              kind: s.kind.rawValue, label: s.label,
              milestonesReached: s.reached.map { .init(date: $0.date.description, title: $0.title) },
              moneySaved: s.moneySavedCents.map { Double($0) / 100 },
              nextMilestone: .init(date: s.next.date.description, daysToGo: s.daysToNext, title: s.next.title),
              owner: owner, startedOn: s.startedOn.description, today: s.today.description)
    }
}

extension APIOperations {
    /// Shares the latest milestone reached in the forum, only because the member asked.
    func celebrateMilestone(_ input: Operations.CelebrateMilestone.Input) async throws -> Operations.CelebrateMilestone.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        let thread = try await ForumService(deps: deps).celebrate(clock: id, by: member, anonymous: b.anonymous ?? false)
        return .created(.init(body: .json(try await shownThread(try thread.requireID(), to: member))))
    }
}
