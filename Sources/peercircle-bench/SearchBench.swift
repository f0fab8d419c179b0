import ArgumentParser
import Foundation
import Logging
import PeerCircle

/// Community search over a large forum: seed N posts, then time searches as the page runs them
/// (index query, visibility rules, loading the hits).
struct SearchBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Community full-text search benchmark.")

    @Option(help: "Posts to seed.") var posts = 1_000_000
    @Option(help: "Searches to time.") var queries = 400
    @Option(help: "Database URL (default: a temporary SQLite file).") var databaseURL: String?

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("search-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        let url = try databaseURL.map { try DatabaseURL(parsing: $0) } ?? .sqlite(path: file)
        let database = try AppDatabase(url: url, logger: logger)
        try await database.migrate()
        let seedStart = Date()
        let reader = try await SearchBenchmarkSetup.seed(database, count: posts) { done in
            FileHandle.standardError.write(Data("seeded \(done)\n".utf8))
        }
        say(String(format: "seeded %d posts in %.0f s", posts, Date().timeIntervalSince(seedStart)))
        let list = SearchBenchmarkSetup.queries(queries)
        for query in list.prefix(20) { _ = try await SearchBenchmarkSetup.search(database, query, as: reader) }  // warm up
        var times: [UInt64] = []
        var found = 0
        for query in list {
            let start = DispatchTime.now().uptimeNanoseconds
            found += try await SearchBenchmarkSetup.search(database, query, as: reader)
            times.append(DispatchTime.now().uptimeNanoseconds - start)
        }
        times.sort()
        say("search \(posts) posts, \(queries) queries (common, rare, pairs, none): p50 \(milliseconds(0.5, of: times)) ms  p95 \(milliseconds(0.95, of: times)) ms  p99 \(milliseconds(0.99, of: times)) ms  (\(found) results)")
        await database.shutdown()
    }
}
