import Foundation
import PeerCircleAPI

/// The recovery plan over the API: one's own at /me/recovery-plan, a mentee's (when shared) under
/// the mentorship. The generated operations mapped to `PlanService`.
extension APIOperations {
    private var plans: PlanService { PlanService(deps: deps) }

    func getRecoveryPlan(_ input: Operations.GetRecoveryPlan.Input) async throws -> Operations.GetRecoveryPlan.Output {
        let member = try APICaller.member()
        return .ok(.init(body: .json(try await plan(owner: member.id, viewer: member.id))))
    }

    func setRecoveryPlan(_ input: Operations.SetRecoveryPlan.Input) async throws -> Operations.SetRecoveryPlan.Output {
        let member = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        return .ok(.init(body: .json(try await save(body, owner: member.id, by: member.id))))
    }

    func listRecoveryPlanVersions(_ input: Operations.ListRecoveryPlanVersions.Input) async throws -> Operations.ListRecoveryPlanVersions.Output {
        let member = try APICaller.member()
        return .ok(.init(body: .json(try await versions(owner: member.id, viewer: member.id))))
    }

    func setRecoveryPlanSharing(_ input: Operations.SetRecoveryPlanSharing.Input) async throws -> Operations.SetRecoveryPlanSharing.Output {
        let member = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        try await plans.setShared(body.shared, owner: member.id)
        return .ok(.init(body: .json(try await plan(owner: member.id, viewer: member.id))))
    }

    func getMenteeRecoveryPlan(_ input: Operations.GetMenteeRecoveryPlan.Input) async throws -> Operations.GetMenteeRecoveryPlan.Output {
        let member = try APICaller.member()
        return .ok(.init(body: .json(try await plan(owner: try await mentee(input.path.id, of: member), viewer: member.id))))
    }

    func setMenteeRecoveryPlan(_ input: Operations.SetMenteeRecoveryPlan.Input) async throws -> Operations.SetMenteeRecoveryPlan.Output {
        let member = try APICaller.member()
        let owner = try await mentee(input.path.id, of: member)
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        return .ok(.init(body: .json(try await save(body, owner: owner, by: member.id))))
    }

    func listMenteeRecoveryPlanVersions(_ input: Operations.ListMenteeRecoveryPlanVersions.Input) async throws
        -> Operations.ListMenteeRecoveryPlanVersions.Output {
        let member = try APICaller.member()
        return .ok(.init(body: .json(try await versions(owner: try await mentee(input.path.id, of: member), viewer: member.id))))
    }

    /// The mentee of a mentorship the caller mentors; anything else is not found.
    private func mentee(_ mentorship: String, of member: Member) async throws -> UUID {
        let pair = try await MentorshipService(deps: deps).pair(try APIPath.id(mentorship), for: member.id)
        guard pair.$mentor.id == member.id else { throw AppError.notFound }
        return pair.$mentee.id
    }

    private func save(_ body: Components.Schemas.PlanContent, owner: UUID, by author: UUID) async throws -> Components.Schemas.Plan {
        try await plans.save(Self.content(body), owner: owner, by: author)
        return try await plan(owner: owner, viewer: author)
    }

    private func plan(owner: UUID, viewer: UUID) async throws -> Components.Schemas.Plan {
        let current = try await plans.current(owner: owner, viewer: viewer)
        return .init(plan: Self.content(current.content), sharedWithMentor: current.plan?.sharedWithMentor ?? false, version: current.version)
    }

    private func versions(owner: UUID, viewer: UUID) async throws -> [Components.Schemas.PlanVersion] {
        try await plans.versions(owner: owner, viewer: viewer).map {
            .init(author: $0.author?.pseudonym, createdAt: $0.createdAt, number: $0.number, plan: Self.content($0.parsed))
        }
    }

    private static func content(_ plan: PlanContent) -> Components.Schemas.PlanContent {
        .init(goals: plan.goals.map { .init(by: $0.by, steps: $0.steps, title: $0.title) },
              people: plan.people.map { .init(contact: $0.contact, name: $0.name) },
              reasons: plan.reasons,
              triggers: plan.triggers.map { .init(coping: $0.coping, trigger: $0.trigger) },
              warningSigns: plan.warningSigns)
    }

    private static func content(_ body: Components.Schemas.PlanContent) -> PlanContent {
        var plan = PlanContent()
        plan.goals = (body.goals ?? []).map { .init(title: $0.title, steps: $0.steps ?? [], by: $0.by) }
        plan.triggers = (body.triggers ?? []).map { .init(trigger: $0.trigger, coping: $0.coping ?? []) }
        plan.warningSigns = body.warningSigns ?? []
        plan.people = (body.people ?? []).map { .init(name: $0.name, contact: $0.contact ?? "") }
        plan.reasons = body.reasons ?? []
        return plan
    }
}
