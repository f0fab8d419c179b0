import Foundation
import Hummingbird

struct ClockDTO: ResponseCodable, Sendable {
    struct MilestoneDTO: Codable, Sendable {
        let title: String
        let date: LocalDate
        let daysToGo: Int?
    }
    struct AttemptDTO: Codable, Sendable {
        let startedOn: LocalDate
        let endedOn: LocalDate
        let days: Int
        let note: String?
    }

    @LowercaseID var id: UUID
    let owner: String?
    let label: String
    let kind: String
    let startedOn: LocalDate
    let today: LocalDate
    let days: Int
    let dailyCost: Double?
    let currency: String
    let moneySaved: Double?
    let nextMilestone: MilestoneDTO
    let milestonesReached: [MilestoneDTO]
    let attempts: [AttemptDTO]

    init(_ s: ClockSummary, owner: String? = nil) {
        id = s.id
        self.owner = owner
        label = s.label
        kind = s.kind.rawValue
        startedOn = s.startedOn
        today = s.today
        days = s.days
        dailyCost = s.dailyCostCents.map { Double($0) / 100 }
        currency = s.currency
        moneySaved = s.moneySavedCents.map { Double($0) / 100 }
        nextMilestone = MilestoneDTO(title: s.next.title, date: s.next.date, daysToGo: s.daysToNext)
        milestonesReached = s.reached.map { MilestoneDTO(title: $0.title, date: $0.date, daysToGo: nil) }
        attempts = s.attempts.map { AttemptDTO(startedOn: $0.startedOn, endedOn: $0.endedOn, days: $0.days, note: $0.note) }
    }
}

struct ClockAPIRoutes: Sendable {
    let deps: AppDependencies
    var clocks: ClockService { ClockService(deps: deps) }

    struct ClockBody: Decodable {
        var label: String?
        var kind: String?
        var startedOn: String?
        var dailyCost: Double?
        var currency: String?
    }
    struct ResetBody: Decodable { var startedOn: String; var note: String? }

    func register(_ api: RouterGroup<MemberContext>) {
        api.get("/clocks") { _, context in
            try await clocks.list(for: context.member).map { ClockDTO($0) }
        }
        api.post("/clocks") { request, context in
            let body = try await request.decodeJSON(ClockBody.self, context: context)
            let input = ClockInput(
                label: body.label ?? "", kind: body.kind ?? "", startedOn: body.startedOn ?? "",
                dailyCost: body.dailyCost.map { String($0) } ?? "",
                currency: body.currency ?? ClockInput.defaultCurrency(for: context.member.country))
            let clock = try await clocks.create(input, for: context.member)
            return EditedResponse(status: .created, response: try await dto(clock.requireID(), context.member))
        }
        api.get("/clocks/:id") { _, context in
            try await dto(try context.id(), context.member)
        }
        api.patch("/clocks/:id") { request, context in
            let id = try context.id()
            let current = ClockInput(try await clocks.owned(id, by: context.member))
            let body = try await request.decodeJSON(ClockBody.self, context: context)
            let input = ClockInput(
                label: body.label ?? current.label, kind: body.kind ?? current.kind,
                startedOn: body.startedOn ?? current.startedOn,
                dailyCost: body.dailyCost.map { String($0) } ?? current.dailyCost, currency: body.currency ?? current.currency)
            _ = try await clocks.update(id, input, for: context.member)
            return try await dto(id, context.member)
        }
        api.delete("/clocks/:id") { _, context in
            try await clocks.delete(try context.id(), for: context.member)
            return Response(status: .noContent)
        }
        api.post("/clocks/:id/reset") { request, context in
            let id = try context.id()
            _ = try await clocks.owned(id, by: context.member)
            let body = try await request.decodeJSON(ResetBody.self, context: context)
            _ = try await clocks.reset(id, newStart: body.startedOn, note: body.note ?? "", for: context.member)
            return try await dto(id, context.member)
        }
        api.get("/shared/clocks") { _, context in
            try await SharingService(deps: deps).sharedWithMe(context.member).map { item in
                switch item {
                case .clock(let summary, let owner): ClockDTO(summary, owner: owner)
                }
            }
        }
    }

    private func dto(_ id: UUID, _ viewer: Member) async throws -> ClockDTO {
        let (summary, owner) = try await clocks.summary(id, viewer: viewer)
        return ClockDTO(summary, owner: owner.id == viewer.id ? nil : owner.pseudonym)
    }
}
