import FluentKit
import Foundation
import SQLKit

/// A forum of synthetic posts for the search benchmark (`peercircle-bench search`).
public enum SearchBenchmarkSetup {
    static let words: [String] = {
        let common = """
        craving cravings meeting sponsor sober today tomorrow family work sleep anxiety stress walk run gym coffee tea call friend \
        relapse step steps program group home night morning weekend party wedding drink drinking alcohol pills smoking gambling \
        hope grateful thankful struggle struggling hard easy better worse feeling feelings angry lonely tired happy sad scared \
        therapy therapist doctor medication journal prayer meditation breathing music book reading cooking dinner lunch breakfast \
        kids partner mother father brother sister job boss money debt rent car bus train rain sun snow summer winter spring \
        autumn birthday holiday christmas anniversary milestone days months years chip coin speaker share shared listen
        """.split(whereSeparator: \.isWhitespace).map(String.init)
        // Rarer words, so queries of every selectivity exist.
        let rare = (0..<3000).map { "w\(String($0, radix: 36))x" }
        return common + rare
    }()

    /// Stores `count` posts in threads of ten, with their search index; returns a member to search as.
    public static func seed(_ database: AppDatabase, count: Int, progress: (Int) -> Void = { _ in }) async throws -> UUID {
        var rng = MatchingBenchmarkSetup.Generator(state: 99)
        let author = User(pseudonym: "author\(UUID().uuidString.prefix(6))", email: nil, passwordHash: "x", timeZone: "UTC", country: nil)
        try await author.create(on: database.db)
        let authorID = try author.requireID()
        let category = try await ForumCategory.query(on: database.db).first()!.requireID()
        let sql = try database.sql
        let sqlite = SearchIndex.isSQLite(sql)
        let start = Date(timeIntervalSince1970: 1_750_000_000)
        let batch = 500
        for first in stride(from: 0, to: count, by: batch) {
            let n = min(batch, count - first)
            var threads: [any SQLExpression] = [], posts: [any SQLExpression] = [], docs: [any SQLExpression] = []
            var threadID = UUID(), title = ""
            for index in first..<(first + n) {
                let at = start.addingTimeInterval(Double(index))
                if index % 10 == 0 {
                    threadID = UUID()
                    title = (0..<5).map { _ in pick(&rng) }.joined(separator: " ")
                    threads.append(SQLList([SQLBind(threadID), SQLBind(category), SQLBind("discussion"), SQLBind(title), SQLBind(at), SQLBind(at)]))
                }
                let id = UUID()
                let body = (0..<Int.random(in: 20...60, using: &rng)).map { _ in pick(&rng) }.joined(separator: " ")
                posts.append(SQLList([SQLBind(id), SQLBind(threadID), SQLBind(authorID), SQLBind(index % 10 == 0), SQLBind(false), SQLBind(body),
                                      SQLBind(""), SQLBind("visible"), SQLBind(false), SQLBind(at)]))
                docs.append(SearchIndex.values(.post, id: id, title: title, body: body, on: sql))
            }
            let threadRows = SQLList(threads.map { SQLGroupExpression($0) }), postRows = SQLList(posts.map { SQLGroupExpression($0) })
            let docRows = SQLList(docs)
            let hasThreads = !threads.isEmpty
            try await database.db.transaction { db in
                let sql = try db.sql
                if hasThreads {
                    try await sql.raw("INSERT INTO forum_threads (id, category_id, kind, title, created_at, last_activity_at) VALUES \(threadRows)").run()
                }
                try await sql.raw("INSERT INTO posts (id, thread_id, author_id, is_opening, anonymous, body, warnings, state, helpful_answer, created_at) VALUES \(postRows)").run()
                try await sql.raw("INSERT INTO \(unsafeRaw: sqlite ? "search_fts (doc_id, kind, title, body)" : "search_docs (doc_id, kind, document)") VALUES \(docRows)").run()
            }
            if (first / batch) % 200 == 0 { progress(first) }
        }
        // As autovacuum would soon after a bulk load: planner statistics for the new rows.
        try await sql.raw("ANALYZE").run()
        let reader = User(pseudonym: "reader\(UUID().uuidString.prefix(6))", email: nil, passwordHash: "x", timeZone: "UTC", country: nil)
        try await reader.create(on: database.db)
        return try reader.requireID()
    }

    /// Queries of every kind: common and rare words, pairs, a word that matches nothing.
    public static func queries(_ count: Int) -> [String] {
        var rng = MatchingBenchmarkSetup.Generator(state: 5)
        return (0..<count).map { index in
            switch index % 4 {
            case 0: words[Int.random(in: 0..<140, using: &rng)]
            case 1: words[Int.random(in: 140..<words.count, using: &rng)]
            case 2: "\(words[Int.random(in: 0..<140, using: &rng)]) \(words[Int.random(in: 0..<140, using: &rng)])"
            default: "zzznothing\(index)"
            }
        }
    }

    /// One search as the page runs it, for `reader`; returns the number of results.
    public static func search(_ database: AppDatabase, _ query: String, as reader: UUID) async throws -> Int {
        let deps = AppDependencies(database: database, configuration: AppConfiguration(), crisisLines: CrisisDirectory(),
                                   now: { Date() }, passwordCost: 4)
        let member = Member(id: reader, pseudonym: "reader", timeZone: .gmt, country: nil, roles: [.member], sessionID: UUID())
        let viewer = try await ForumService(deps: deps).viewer(member)
        return try await SearchService(deps: deps).search(query, viewer: viewer).count
    }

    private static func pick(_ rng: inout MatchingBenchmarkSetup.Generator) -> String {
        // Mostly common words, sometimes a rare one.
        Int.random(in: 0..<10, using: &rng) < 8 ? words[Int.random(in: 0..<140, using: &rng)] : words[Int.random(in: 140..<words.count, using: &rng)]
    }
}
