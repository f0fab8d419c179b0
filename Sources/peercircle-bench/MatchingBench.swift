import ArgumentParser
import Foundation
import Logging
import PeerCircle

/// Ranking mentors for one member: the ranking itself over an in-memory pool, and the whole
/// "find a mentor" path (load from SQLite, filter, rank) over stored profiles.
struct MatchingBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "matching", abstract: "Mentor matching benchmark.")

    @Option(help: "Mentor profiles to rank.") var mentors = 100_000
    @Option(help: "Rankings to time.") var runs = 50
    @Option(help: "Also time the whole path over this many stored profiles (0 to skip).") var stored = 10_000

    func run() async throws {
        let pool = MatchingBenchmarkSetup.candidates(mentors)
        let seeker = MatchingBenchmarkSetup.seeker()
        _ = MentorMatcher.rank(seeker, pool)  // warm up
        var times: [UInt64] = []
        var shown = 0
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            shown = MentorMatcher.rank(seeker, pool).count
            times.append(DispatchTime.now().uptimeNanoseconds - start)
        }
        times.sort()
        say("rank \(mentors) profiles in memory: p50 \(milliseconds(0.5, of: times)) ms  p95 \(milliseconds(0.95, of: times)) ms  max \(milliseconds(1, of: times)) ms  (\(shown) suggestions)")

        guard stored > 0 else { return }
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("match-\(UUID()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        let database = try AppDatabase(url: .sqlite(path: file), logger: logger)
        try await database.migrate()
        let seekerID = try await MatchingBenchmarkSetup.seed(database, count: stored)
        var full: [UInt64] = []
        let server = MatchingBenchmarkSetup.Server(database)
        for _ in 0..<max(5, runs / 5) {
            let start = DispatchTime.now().uptimeNanoseconds
            shown = try await MatchingBenchmarkSetup.match(server, seeker: seekerID)
            full.append(DispatchTime.now().uptimeNanoseconds - start)
        }
        full.sort()
        say("find a mentor over \(stored) stored profiles (SQLite load + rank): p50 \(milliseconds(0.5, of: full)) ms  p95 \(milliseconds(0.95, of: full)) ms  (\(shown) suggestions)")
        await database.shutdown()
    }
}
