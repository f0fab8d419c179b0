import ArgumentParser
import Foundation
import Logging
import PeerCircle
import SQLKit

/// The read path at intergroup scale: seeds (once, reused) 10 000 meetings, 100 000 mentors and
/// 1 000 000 forum posts, starts a server in its own process, and loads each page with wrk from
/// Debian's packages (16 connections, gzip accepted as browsers do), reporting requests/s, p50 and
/// p99 beside `/healthz` measured in the same run. Also: start-up time to `/readyz`, idle and loaded
/// memory, and mentor matching over the stored profiles.
struct ReadBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "Directory, feeds, forum and matching under load.")

    @Option(help: "SQLite file to seed once and reuse.") var file = ".build/bench-read.sqlite"
    @Option(help: "Meeting Guide feeds to grow the meetings from.") var fixtures = "Tests/Fixtures/meeting-guide"
    @Option var meetings = 10_000
    @Option var mentors = 100_000
    @Option var posts = 1_000_000
    @Option(help: "Concurrent connections.") var connections = 16
    @Option(help: "Seconds per route.") var seconds = 10
    @Option var port = 8791
    @Option(help: "Only routes whose label contains this.") var only: String?

    struct Seeded: Codable { let meetings: Int, mentors: Int, posts: Int, seeker: UUID }

    func run() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") else { throw ValidationError("needs wrk: apt-get install wrk") }
        let seeded = try await seed()
        let database = try AppDatabase(url: .sqlite(path: file), logger: BenchServers.logger)
        let ids = try await Self.ids(database)

        let started = Date()
        let servers = try await BenchServers(database: "sqlite://" + file, ports: [port], separateProcess: true)
        let startup = Date().timeIntervalSince(started)
        try await Task.sleep(for: .seconds(2))
        let idle = servers.residentMB()
        say(String(format: "seeded: %d meetings, %d mentors, %d posts; start-up to /readyz %.2f s; idle RSS %.0f MB",
                   seeded.meetings, seeded.mentors, seeded.posts, startup, idle))
        let base = "http://127.0.0.1:\(port)"
        let cookie = try Self.logIn(base)
        let etag = Self.header("ETag", of: base + "/api/meeting-guide.json")
        let cursor = try Self.nextCursor(base + "/api/v1/meetings?limit=100")
        // Visitors are measured as a browser after its first page: it sends back the CSRF cookie.
        let visitor = "Cookie: " + (cookie.split(separator: ";").first.map(String.init) ?? "")
        let routes: [(String, String, [String])] = [
            ("healthz", "/healthz", []),
            ("directory, first page", "/meetings", [visitor]),
            ("directory, page 5", "/meetings?page=5", [visitor]),
            ("directory, evening on Wednesdays", "/meetings?day=3&time=evening", [visitor]),
            ("directory, online, open", "/meetings?mode=online&type=O", [visitor]),
            ("directory, within 25 km", "/meetings?lat=37.97&lng=-122.53&km=25", [visitor]),
            ("meeting page", "/meetings/\(ids.meeting)", [visitor]),
            ("API list, first 100", "/api/v1/meetings?limit=100", []),
            ("API list, next 100 by cursor", "/api/v1/meetings?limit=100&cursor=\(cursor)", []),
            ("API meeting", "/api/v1/meetings/\(ids.meeting)", []),
            ("Meeting Guide feed (gzip)", "/api/meeting-guide.json", []),
            ("Meeting Guide feed, 304", "/api/meeting-guide.json", ["If-None-Match: \(etag)"]),
            ("forum categories (member)", "/community", ["Cookie: \(cookie)"]),
            ("forum category (member)", "/community/categories/\(ids.category)", ["Cookie: \(cookie)"]),
            ("forum thread page (member)", "/community/threads/\(ids.thread)", ["Cookie: \(cookie)"]),
            // A rare word (a few hundred posts) and a common one (tens of thousands), over the million.
            ("search, a rare word (member)", "/search?q=w2bx", ["Cookie: \(cookie)"]),
            ("search, a common word (member)", "/search?q=sponsor", ["Cookie: \(cookie)"]),
        ].filter { only == nil || $0.0 == "healthz" || $0.0.contains(only ?? "") }
        var results: [(String, WrkResult)] = []
        for (label, path, headers) in routes {
            _ = try Self.wrk(base + path, headers: headers, connections: connections, seconds: 2)  // warm up
            let result = try Self.wrk(base + path, headers: headers, connections: connections, seconds: seconds)
            results.append((label, result))
            say(label.padding(toLength: 36, withPad: " ", startingAt: 0)
                + String(format: "%8.0f req/s  p50 %6.2f ms  p99 %7.2f ms", result.requestsPerSecond, result.p50, result.p99)
                + (result.errors.isEmpty ? "" : "  (\(result.errors))"))
        }
        let loaded = servers.residentMB()
        await servers.stop()

        let health = results.first { $0.0 == "healthz" }?.1.requestsPerSecond ?? 1
        say("\n| route | req/s | share of /healthz | p50 ms | p99 ms |\n|---|---|---|---|---|")
        for (label, result) in results {
            say(String(format: "| %@ | %.0f | %.0f %% | %.2f | %.2f |", label as NSString, result.requestsPerSecond,
                       100 * result.requestsPerSecond / health, result.p50, result.p99))
        }
        say(String(format: "server RSS: idle %.0f MB, after the runs %.0f MB", idle, loaded))

        // Matching, in this process over the stored profiles: the first call builds the index.
        var times: [UInt64] = []
        var shown = 0
        let server = MatchingBenchmarkSetup.Server(database)
        for _ in 0..<41 {
            let start = DispatchTime.now().uptimeNanoseconds
            shown = try await MatchingBenchmarkSetup.match(server, seeker: seeded.seeker)
            times.append(DispatchTime.now().uptimeNanoseconds - start)
        }
        let first = times.removeFirst()
        times.sort()
        say(String(format: "find a mentor over %d stored profiles: first %.0f ms (loads the index), then p50 %@ ms  p95 %@ ms  (%d suggestions)",
                   seeded.mentors, Double(first) / 1_000_000, milliseconds(0.5, of: times) as NSString, milliseconds(0.95, of: times) as NSString, shown))
        await database.shutdown()
    }

    /// Seeds the file once; a later run with the same sizes reuses it.
    private func seed() async throws -> Seeded {
        let marker = file + ".seeded.json"
        if let data = FileManager.default.contents(atPath: marker), let seeded = try? JSONDecoder().decode(Seeded.self, from: data),
           seeded.meetings == meetings, seeded.mentors == mentors, seeded.posts == posts, FileManager.default.fileExists(atPath: file) {
            return seeded
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
        let database = try AppDatabase(url: .sqlite(path: file), logger: BenchServers.logger)
        try await database.migrate()
        let started = Date()
        let feeds = try FileManager.default.contentsOfDirectory(atPath: fixtures).filter { $0.hasSuffix(".json") && $0 != "invalid.json" }.sorted()
            .map { try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + $0)) }
        let created = try await MeetingBenchmarkSetup.seed(database, count: meetings, feeds: feeds)
        say(String(format: "seeded %d meetings (%.0f s)", created, Date().timeIntervalSince(started)))
        let seeker = try await MatchingBenchmarkSetup.seed(database, count: mentors)
        say(String(format: "seeded %d mentors (%.0f s)", mentors, Date().timeIntervalSince(started)))
        _ = try await SearchBenchmarkSetup.seed(database, count: posts) { done in FileHandle.standardError.write(Data("posts \(done)\n".utf8)) }
        say(String(format: "seeded %d posts (%.0f s)", posts, Date().timeIntervalSince(started)))
        await database.shutdown()
        let seeded = Seeded(meetings: created, mentors: mentors, posts: posts, seeker: seeker)
        try JSONEncoder().encode(seeded).write(to: URL(fileURLWithPath: marker))
        return seeded
    }

    private static func ids(_ database: AppDatabase) async throws -> (meeting: String, category: String, thread: String) {
        func first(_ sql: String) async throws -> String {
            let row = try await database.sql.raw(SQLQueryString(sql)).first()
            return try row?.decode(column: "id", as: UUID.self).uuidString.lowercased() ?? ""
        }
        return (try await first("SELECT id FROM meetings WHERE days <> '' ORDER BY slug LIMIT 1"),
                try await first("SELECT category_id AS id FROM forum_threads ORDER BY created_at DESC LIMIT 1"),
                try await first("SELECT id FROM forum_threads ORDER BY created_at DESC LIMIT 1"))
    }

    // MARK: - curl and wrk

    /// Joins on the web as a browser would (CSRF cookie, then the form) and returns the cookies to send.
    private static func logIn(_ base: String) throws -> String {
        let jar = FileManager.default.temporaryDirectory.appendingPathComponent("bench-jar-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: jar) }
        _ = try run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-c", jar, base + "/crisis"])
        let csrf = cookie("pc_csrf", in: jar)
        _ = try run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-b", jar, "-c", jar, "--data-urlencode", "pseudonym=reader\(Int.random(in: 1000...999_999))",
                                      "--data-urlencode", "password=correct horse battery", "--data-urlencode", "_csrf=\(csrf)", base + "/join"])
        let session = cookie("pc_session", in: jar)
        guard !session.isEmpty else { throw ValidationError("could not join on the benchmark server") }
        return "pc_csrf=\(csrf); pc_session=\(session)"
    }

    private static func cookie(_ name: String, in jar: String) -> String {
        let text = (try? String(contentsOfFile: jar, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: "\t")
            return fields.count >= 7 && fields[5] == name ? String(fields[6]) : nil
        }.last ?? ""
    }

    private static func header(_ name: String, of url: String) -> String {
        let text = (try? run("/usr/bin/curl", ["-s", "-D", "-", "-o", "/dev/null", url])) ?? ""
        return text.split(separator: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
            .map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) } ?? ""
    }

    private static func nextCursor(_ url: String) throws -> String {
        let data = Data(try run("/usr/bin/curl", ["-s", url]).utf8)
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["next_cursor"] as? String ?? ""
    }

    struct WrkResult {
        var requestsPerSecond = 0.0
        var p50 = 0.0
        var p99 = 0.0
        var errors = ""
    }

    private static func wrk(_ url: String, headers: [String], connections: Int, seconds: Int) throws -> WrkResult {
        var arguments = ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency", "-H", "Accept-Encoding: gzip"]
        for header in headers { arguments += ["-H", header] }
        let output = try run("/usr/bin/wrk", arguments + [url])
        var result = WrkResult()
        for line in output.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix("Requests/sec:"), let value = parts.last.flatMap({ Double($0) }) { result.requestsPerSecond = value }
            if line.hasPrefix("50%"), let value = parts.last { result.p50 = wrkMilliseconds(String(value)) }
            if line.hasPrefix("99%"), let value = parts.last { result.p99 = wrkMilliseconds(String(value)) }
            if line.hasPrefix("Non-2xx") || line.hasPrefix("Socket errors") { result.errors += line + " " }
        }
        return result
    }

    /// wrk's "812.00us", "1.23ms", "2.01s" in milliseconds.
    private static func wrkMilliseconds(_ text: String) -> Double {
        for (unit, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(unit) {
            return (Double(text.dropLast(unit.count)) ?? 0) * scale
        }
        return Double(text) ?? 0
    }

    @discardableResult
    private static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
