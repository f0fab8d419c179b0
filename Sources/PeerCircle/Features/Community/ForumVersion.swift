import FluentKit
import SQLKit

/// The forum's data version moves by itself: triggers on every table a forum page reads from bump
/// it in the same statement as the change, whoever makes it (a reply, a moderator, an erasure, an
/// import, another instance, a hand-run SQL fix). `ForumCache` reads it on every request, so a
/// change shows on the very next page — nothing depends on a writer remembering to say so.
struct AddForumVersionTriggers: AsyncMigration {
    /// Tables whose rows appear on forum pages or decide who sees them, and the events that matter.
    static let watched: [(table: String, events: [String])] = [
        ("forum_categories", ["INSERT", "UPDATE", "DELETE"]),
        ("forum_threads", ["INSERT", "UPDATE", "DELETE"]),
        ("posts", ["INSERT", "UPDATE", "DELETE"]),
        ("reactions", ["INSERT", "UPDATE", "DELETE"]),
        ("blocks", ["INSERT", "UPDATE", "DELETE"]),
        ("community_settings", ["INSERT", "UPDATE", "DELETE"]),
        // Names on posts; a deleted member's posts move to "a former member" (a posts update).
        ("users", ["UPDATE OF pseudonym", "DELETE"]),
    ]

    static func name(_ table: String, _ event: String) -> String {
        "forum_version_\(table)_\(event.split(separator: " ").first?.lowercased() ?? "change")"
    }

    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("""
            INSERT INTO data_versions (name, version) VALUES (\(bind: DataVersion.Kind.forum.rawValue), 0) ON CONFLICT (name) DO NOTHING
            """).run()
        let bump = "UPDATE data_versions SET version = version + 1 WHERE name = 'forum'"
        if SearchIndex.isSQLite(sql) {
            for (table, events) in Self.watched {
                for event in events {
                    try await sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: Self.name(table, event)) AFTER \(unsafeRaw: event) ON \(unsafeRaw: table)
                        BEGIN \(unsafeRaw: bump); END
                        """).run()
                }
            }
        } else {
            try await sql.raw("""
                CREATE FUNCTION forum_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN \(unsafeRaw: bump); RETURN NULL; END $$
                """).run()
            for (table, events) in Self.watched {
                for event in events {
                    try await sql.raw("""
                        CREATE TRIGGER \(unsafeRaw: Self.name(table, event)) AFTER \(unsafeRaw: event) ON \(unsafeRaw: table)
                        FOR EACH STATEMENT EXECUTE FUNCTION forum_version_bump()
                        """).run()
                }
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        let isSQLite = SearchIndex.isSQLite(sql)
        for (table, events) in Self.watched {
            for event in events {
                try await sql.raw("DROP TRIGGER \(unsafeRaw: Self.name(table, event))\(unsafeRaw: isSQLite ? "" : " ON " + table)").run()
            }
        }
        if !isSQLite { try await sql.raw("DROP FUNCTION forum_version_bump()").run() }
    }
}
