import FluentKit
import SQLKit
import Foundation

/// Hidden themes and muted members.
struct CommunitySettingsService: Sendable {
    let deps: AppDependencies

    /// Read, changed and written in one transaction holding the member's row (SQLite's writers take
    /// turns; PostgreSQL locks the row), so two mutes sent at once both stay.
    private func update(_ user: UUID, _ change: @Sendable @escaping (CommunitySettings) -> Void) async throws {
        let locks = deps.database.kind == .postgres
        try await deps.transaction { db in
            let sql = try db.sql
            try await sql.raw("""
                INSERT INTO community_settings (id, user_id, hidden_warnings, muted) VALUES (\(bind: UUID()), \(bind: user), \(bind: ""), \(bind: ""))
                ON CONFLICT (user_id) DO NOTHING
                """).run()
            if locks { try await sql.raw("SELECT id FROM community_settings WHERE user_id = \(bind: user) FOR UPDATE").run() }
            guard let settings = try await CommunitySettings.query(on: db).filter(\.$user.$id == user).first() else { throw AppError.notFound }
            change(settings)
            try await settings.save(on: db)
        }
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
