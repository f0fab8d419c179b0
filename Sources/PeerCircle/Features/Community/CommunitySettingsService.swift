import FluentKit
import Foundation

/// Hidden themes and muted members.
struct CommunitySettingsService: Sendable {
    let deps: AppDependencies

    private func update(_ user: UUID, _ change: (CommunitySettings) -> Void) async throws {
        let settings = try await CommunitySettings.query(on: deps.db).filter(\.$user.$id == user).first() ?? {
            let s = CommunitySettings()
            s.$user.id = user
            s.hiddenWarningsText = ""
            s.mutedText = ""
            return s
        }()
        change(settings)
        try await settings.save(on: deps.db)
    }

    /// The themes a member hides and the members they muted (by name).
    func current(of user: UUID) async throws -> (hidden: [ContentWarning], muted: [UUID: String]) {
        let settings = try await CommunitySettings.query(on: deps.db).filter(\.$user.$id == user).first()
        let hidden = ContentWarning.allCases.filter { (settings?.hiddenWarnings ?? []).contains($0) }
        return (hidden, try await ForumService(deps: deps).names(Array(settings?.muted ?? [])))
    }

    func hide(_ themes: [ContentWarning], for user: UUID) async throws {
        try await update(user) { $0.hiddenWarningsText = Set(themes).map(\.rawValue).sorted().joined(separator: ",") }
    }

    func mute(_ target: UUID, by user: UUID, on: Bool) async throws {
        guard target != user, try await User.find(target, on: deps.db) != nil else { throw AppError.notFound }
        try await update(user) { s in
            var muted = s.muted
            if on { muted.insert(target) } else { muted.remove(target) }
            s.mutedText = muted.map { $0.uuidString }.sorted().joined(separator: ",")
        }
    }
}
