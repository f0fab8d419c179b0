import FluentKit
import SQLKit

/// Some data versions move by themselves: database triggers on the tables behind them bump the
/// version with the change, whoever makes it — a route, a moderator, an erasure, another instance,
/// an operator's SQL by hand. Nothing depends on a writer remembering to say so.
/// - `forum`: every table a forum page reads from. `ForumCache` reads the version on every request,
///   so a change shows on the very next page.
/// - `accounts`: sessions, the parts of a member a signed-in request carries, and roles. The app's own
///   writers also say so at once (`AppDependencies.changing`); these catch everyone else within a second.
///
/// On PostgreSQL the triggers are deferred to commit (constraint triggers): the version row is then
/// the last lock a transaction takes, so two writers can wait for each other there but never deadlock
/// on it, and a transaction that changes no row moves nothing.
struct AddVersionTriggers: AsyncMigration {
    static let watched: [(kind: DataVersion.Kind, table: String, events: [String])] = [
        (.forum, "forum_categories", ["INSERT", "UPDATE", "DELETE"]),
        (.forum, "forum_threads", ["INSERT", "UPDATE", "DELETE"]),
        (.forum, "posts", ["INSERT", "UPDATE", "DELETE"]),
        (.forum, "reactions", ["INSERT", "UPDATE", "DELETE"]),
        (.forum, "blocks", ["INSERT", "UPDATE", "DELETE"]),
        (.forum, "community_settings", ["INSERT", "UPDATE", "DELETE"]),
        // Names on posts; an erased member's posts move to "a former member" (a posts update).
        (.forum, "users", ["UPDATE OF pseudonym", "DELETE"]),
        (.accounts, "sessions", ["UPDATE", "DELETE"]),
        (.accounts, "users", ["UPDATE OF pseudonym, time_zone, country", "DELETE"]),
        (.accounts, "user_roles", ["INSERT", "UPDATE", "DELETE"]),
    ]

    static func name(_ kind: DataVersion.Kind, _ table: String, _ event: String) -> String {
        "\(kind.rawValue)_version_\(table)_\(event.split(separator: " ").first?.lowercased() ?? "change")"
    }

    static func function(_ kind: DataVersion.Kind) -> String { "\(kind.rawValue)_version_bump" }

    static func bump(_ kind: DataVersion.Kind) -> String {
        "UPDATE data_versions SET version = version + 1 WHERE name = '\(kind.rawValue)'"
    }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        let kinds = [DataVersion.Kind.forum, .accounts]
        for kind in kinds {
            try await sql.raw("""
                INSERT INTO data_versions (name, version) VALUES (\(bind: kind.rawValue), 0) ON CONFLICT (name) DO NOTHING
                """).run()
        }
        let isSQLite = SearchIndex.isSQLite(sql)
        if !isSQLite {
            for kind in kinds {
                try await sql.raw("""
                    CREATE OR REPLACE FUNCTION \(unsafeRaw: Self.function(kind))() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN \(unsafeRaw: Self.bump(kind)); RETURN NULL; END $$
                    """).run()
            }
        }
        for (kind, table, events) in Self.watched {
            for event in events {
                let name = Self.name(kind, table, event)
                if isSQLite {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name)").run()
                    try await sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event) ON \(unsafeRaw: table)
                        BEGIN \(unsafeRaw: Self.bump(kind)); END
                        """).run()
                } else {
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name) ON \(unsafeRaw: table)").run()
                    try await sql.raw("""
                        CREATE CONSTRAINT TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event) ON \(unsafeRaw: table)
                        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: Self.function(kind))()
                        """).run()
                }
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        let isSQLite = SearchIndex.isSQLite(sql)
        for (kind, table, events) in Self.watched {
            for event in events {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: Self.name(kind, table, event))\(unsafeRaw: isSQLite ? "" : " ON " + table)").run()
            }
        }
        if !isSQLite {
            for kind in [DataVersion.Kind.forum, .accounts] { try await sql.raw("DROP FUNCTION IF EXISTS \(unsafeRaw: Self.function(kind))()").run() }
        }
    }
}
