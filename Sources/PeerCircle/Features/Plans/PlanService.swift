import FluentKit
import Foundation

/// Reading and writing recovery plans. The owner always may; an active mentor may when the owner
/// shares the plan; everyone else gets not found.
struct PlanService: Sendable {
    let deps: AppDependencies

    struct Current: Sendable {
        let plan: RecoveryPlan?
        let content: PlanContent
        let version: Int
    }

    /// Throws not found unless `viewer` may see `owner`'s plan.
    func requireAccess(owner: UUID, viewer: UUID) async throws {
        if owner == viewer { return }
        guard let plan = try await RecoveryPlan.query(on: deps.db).filter(\.$owner.$id == owner).first(), plan.sharedWithMentor,
              try await Mentorship.query(on: deps.db).filter(\.$mentor.$id == viewer).filter(\.$mentee.$id == owner)
                .filter(\.$status == .active).count() > 0
        else { throw AppError.notFound }
    }

    func current(owner: UUID, viewer: UUID) async throws -> Current {
        try await requireAccess(owner: owner, viewer: viewer)
        guard let plan = try await RecoveryPlan.query(on: deps.db).filter(\.$owner.$id == owner).first() else {
            return Current(plan: nil, content: PlanContent(), version: 0)
        }
        let latest = try await RecoveryPlanVersion.query(on: deps.db).filter(\.$plan.$id == plan.requireID())
            .filter(\.$number == plan.version).first()
        return Current(plan: plan, content: latest?.parsed ?? PlanContent(), version: plan.version)
    }

    /// Saves a new version when something changed, within the same limits however it arrived (the
    /// web's text boxes or JSON); returns the version number now current.
    @discardableResult
    func save(_ content: PlanContent, owner: UUID, by author: UUID) async throws -> Int {
        try await requireAccess(owner: owner, viewer: author)
        let content = try PlanText.validate(content)
        let existing = try await current(owner: owner, viewer: author)
        if existing.content == content && existing.plan != nil { return existing.version }
        let json = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
        return try await deps.transaction { db in
            let plan = existing.plan ?? RecoveryPlan()
            if existing.plan == nil {
                plan.$owner.id = owner
                plan.sharedWithMentor = false
                plan.version = 0
            }
            plan.version += 1
            try await plan.save(on: db)
            let version = RecoveryPlanVersion()
            version.$plan.id = try plan.requireID()
            version.number = plan.version
            version.content = json
            version.$author.id = author
            version.createdAt = deps.now()
            try await version.create(on: db)
            return plan.version
        }
    }

    func setShared(_ shared: Bool, owner: UUID) async throws {
        if try await RecoveryPlan.query(on: deps.db).filter(\.$owner.$id == owner).first() == nil {
            try await save(PlanContent(), owner: owner, by: owner)
        }
        try await RecoveryPlan.query(on: deps.db).filter(\.$owner.$id == owner).set(\.$sharedWithMentor, to: shared).update()
    }

    /// Every version, newest first.
    func versions(owner: UUID, viewer: UUID) async throws -> [RecoveryPlanVersion] {
        try await requireAccess(owner: owner, viewer: viewer)
        guard let plan = try await RecoveryPlan.query(on: deps.db).filter(\.$owner.$id == owner).first() else { return [] }
        return try await RecoveryPlanVersion.query(on: deps.db).filter(\.$plan.$id == plan.requireID()).with(\.$author)
            .sort(\.$number, .descending).all()
    }
}
