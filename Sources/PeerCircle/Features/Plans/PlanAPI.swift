import Foundation
import Hummingbird

struct PlanDTO: ResponseCodable, Sendable {
    let version: Int
    let sharedWithMentor: Bool
    let plan: PlanContent
}

struct PlanVersionDTO: ResponseCodable, Sendable {
    let number: Int
    let createdAt: Date
    let author: String?
    let plan: PlanContent
}

/// The recovery plan over the API: one's own at /me/recovery-plan, a mentee's (when shared) under the mentorship.
struct PlanAPIRoutes: Sendable {
    let deps: AppDependencies
    var plans: PlanService { PlanService(deps: deps) }

    struct ShareBody: Decodable { var shared: Bool }

    func register(_ api: RouterGroup<MemberContext>) {
        api.get("/me/recovery-plan") { _, context in try await plan(owner: context.member.id, viewer: context.member.id) }
        api.put("/me/recovery-plan") { request, context in
            try await save(request, context, owner: context.member.id)
        }
        api.get("/me/recovery-plan/versions") { _, context in try await versions(owner: context.member.id, viewer: context.member.id) }
        api.put("/me/recovery-plan/sharing") { request, context in
            let b = try await request.decodeJSON(ShareBody.self, context: context)
            try await plans.setShared(b.shared, owner: context.member.id)
            return try await plan(owner: context.member.id, viewer: context.member.id)
        }
        api.get("/mentorships/:id/recovery-plan") { _, context in
            try await plan(owner: try await mentee(context), viewer: context.member.id)
        }
        api.put("/mentorships/:id/recovery-plan") { request, context in
            try await save(request, context, owner: try await mentee(context))
        }
        api.get("/mentorships/:id/recovery-plan/versions") { _, context in
            try await versions(owner: try await mentee(context), viewer: context.member.id)
        }
    }

    private func mentee(_ context: MemberContext) async throws -> UUID {
        let m = try await MentorshipService(deps: deps).pair(try context.id(), for: context.member.id)
        guard m.$mentor.id == context.member.id else { throw AppError.notFound }
        return m.$mentee.id
    }

    private func save(_ request: Request, _ context: MemberContext, owner: UUID) async throws -> PlanDTO {
        try await plans.requireAccess(owner: owner, viewer: context.member.id)
        let content = try PlanText.validate(try await request.decodeJSON(PlanContent.self, context: context))
        try await plans.save(content, owner: owner, by: context.member.id)
        return try await plan(owner: owner, viewer: context.member.id)
    }

    private func plan(owner: UUID, viewer: UUID) async throws -> PlanDTO {
        let current = try await plans.current(owner: owner, viewer: viewer)
        return PlanDTO(version: current.version, sharedWithMentor: current.plan?.sharedWithMentor ?? false, plan: current.content)
    }

    private func versions(owner: UUID, viewer: UUID) async throws -> [PlanVersionDTO] {
        try await plans.versions(owner: owner, viewer: viewer).map {
            PlanVersionDTO(number: $0.number, createdAt: $0.createdAt, author: $0.author?.pseudonym, plan: $0.parsed)
        }
    }
}
