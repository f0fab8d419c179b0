import Foundation
import SQLKit

/// The full-text index over posts and strategies: SQLite FTS5, or a PostgreSQL `tsvector` with a
/// GIN index. Services keep it in step with what they write; queries return the newest matches
/// first, and visibility is decided afterwards by the same rules as everywhere else.
enum SearchIndex {
    enum Kind: String { case post, strategy }

    static func isSQLite(_ sql: any SQLDatabase) -> Bool { sql.dialect.name == "sqlite" }

    static func create(on sql: any SQLDatabase) async throws {
        if isSQLite(sql) {
            try await sql.raw("CREATE VIRTUAL TABLE search_fts USING fts5(title, body, kind UNINDEXED, doc_id UNINDEXED, tokenize = 'porter unicode61')").run()
        } else {
            // Only the vector is kept: narrow rows mean fewer pages to read when a rare word matches
            // documents spread over the whole table.
            try await sql.raw("""
                CREATE TABLE search_docs (seq bigserial PRIMARY KEY, doc_id text NOT NULL UNIQUE, kind text NOT NULL, document tsvector NOT NULL)
                """).run()
            try await sql.raw("CREATE INDEX search_docs_document ON search_docs USING gin (document)").run()
        }
    }

    static func drop(on sql: any SQLDatabase) async throws {
        try await sql.raw(isSQLite(sql) ? "DROP TABLE IF EXISTS search_fts" : "DROP TABLE IF EXISTS search_docs").run()
    }

    /// Adds or replaces a document.
    static func put(_ kind: Kind, id: UUID, title: String, body: String, on sql: any SQLDatabase) async throws {
        try await remove(id, on: sql)
        try await sql.raw("INSERT INTO \(unsafeRaw: isSQLite(sql) ? "search_fts" : "search_docs") \(row(kind, id: id, title: title, body: body, on: sql))").run()
    }

    /// The column list and values for one document, in the database's shape.
    static func row(_ kind: Kind, id: UUID, title: String, body: String, on sql: any SQLDatabase) -> SQLQueryString {
        isSQLite(sql)
            ? "(doc_id, kind, title, body) VALUES (\(bind: key(id)), \(bind: kind.rawValue), \(bind: title), \(bind: body))"
            : "(doc_id, kind, document) VALUES (\(bind: key(id)), \(bind: kind.rawValue), to_tsvector('english', \(bind: title + " " + body)))"
    }

    /// Values for many documents at once (the benchmark's seeding).
    static func values(_ kind: Kind, id: UUID, title: String, body: String, on sql: any SQLDatabase) -> any SQLExpression {
        isSQLite(sql)
            ? SQLGroupExpression([SQLBind(key(id)), SQLBind(kind.rawValue), SQLBind(title), SQLBind(body)])
            : SQLGroupExpression([SQLBind(key(id)), SQLBind(kind.rawValue),
                                  SQLFunction("to_tsvector", args: SQLLiteral.string("english"), SQLBind(title + " " + body))])
    }

    static func remove(_ id: UUID, on sql: any SQLDatabase) async throws {
        let table = isSQLite(sql) ? "search_fts" : "search_docs"
        try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE doc_id = \(bind: key(id))").run()
    }

    /// The newest `limit` documents matching every word of `text`.
    static func query(_ text: String, limit: Int, on sql: any SQLDatabase) async throws -> [(kind: Kind, id: UUID)] {
        let words = terms(text)
        guard !words.isEmpty else { return [] }
        struct Row: Decodable { let kind: String; let doc_id: String }
        let rows: [Row]
        if isSQLite(sql) {
            // Each word quoted: the member's text is never FTS5 syntax.
            let match = words.map { "\"\($0)\"" }.joined(separator: " ")
            rows = try await sql.raw("SELECT kind, doc_id FROM search_fts WHERE search_fts MATCH \(bind: match) ORDER BY rowid DESC LIMIT \(bind: limit)")
                .all(decoding: Row.self)
        } else {
            // A GIN index finds matches but cannot return them newest first, so a common word would
            // sort every match. Look in the newest documents first and widen only when too few match.
            struct Top: Decodable { let top: Int? }
            let top = try await sql.raw("SELECT max(seq) AS top FROM search_docs").first(decoding: Top.self)?.top ?? 0
            let query = words.joined(separator: " ")
            var found: [Row] = []
            for window in [20_000, 200_000] where top - window > 0 {
                found = try await sql.raw("""
                    SELECT kind, doc_id FROM search_docs WHERE document @@ plainto_tsquery('english', \(bind: query)) AND seq > \(bind: top - window)
                    ORDER BY seq DESC LIMIT \(bind: limit)
                    """).all(decoding: Row.self)
                if found.count >= limit { break }
            }
            if found.count < limit {
                // A rare word (or none): every match through the GIN index, then the newest. Materialised,
                // so the planner cannot walk the whole table backwards looking for matches that aren't there.
                found = try await sql.raw("""
                    WITH matches AS MATERIALIZED (
                      SELECT seq, kind, doc_id FROM search_docs WHERE document @@ plainto_tsquery('english', \(bind: query)))
                    SELECT kind, doc_id FROM matches ORDER BY seq DESC LIMIT \(bind: limit)
                    """).all(decoding: Row.self)
            }
            rows = found
        }
        return rows.compactMap { row in
            guard let kind = Kind(rawValue: row.kind), let id = UUID(uuidString: row.doc_id) else { return nil }
            return (kind, id)
        }
    }

    /// Letters and digits only, at most eight words.
    static func terms(_ text: String) -> [String] {
        Array(text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init).prefix(8))
    }

    private static func key(_ id: UUID) -> String { id.uuidString.lowercased() }
}
