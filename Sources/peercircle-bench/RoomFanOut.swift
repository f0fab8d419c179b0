import ArgumentParser
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PeerCircle
import ServiceLifecycle
import Synchronization
import WSClient

/// Room fan-out: N members connected to one live room, K senders sharing a fixed total rate;
/// reports send→deliver latency percentiles, deliveries per second, losses, events received out
/// of order or twice, and the process's memory.
/// Run with `swift run -c release peercircle-bench rooms --members 50,200,500 --talkers 10`.
struct RoomFanOut: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rooms", abstract: "Live room fan-out benchmark.")

    @Option(help: "Comma-separated member counts.") var members = "50,200,500"
    @Option(help: "Messages per second from all senders together.") var rate = 20
    @Option(help: "Concurrent senders (the total rate is shared among them).") var talkers = 1
    @Option(help: "Seconds to send for.") var seconds = 10
    @Option(help: "Port of the first server (instances take the next ones).") var port = 18_765
    @Option(help: "Database: a postgres:// URL (a new schema per run); default a new SQLite file per run.") var database: String?
    @Option(help: "Server instances sharing the database (more than one needs PostgreSQL); listeners and senders are spread over them.")
    var instances = 1
    @Flag(help: "Run each server in its own process, so the figures and memory are the server's alone.") var separateProcess = false

    func validate() throws {
        guard instances >= 1 else { throw ValidationError("--instances must be at least 1") }
        if instances > 1 && !(database?.hasPrefix("postgres") ?? false) {
            throw ValidationError("several instances share a PostgreSQL database: give --database postgres://…")
        }
    }

    func run() async throws {
        say("talkers \(talkers), instances \(instances), \(database.map { _ in "PostgreSQL" } ?? "SQLite"), "
            + (separateProcess ? "servers in their own processes (rss is theirs)" : "servers and clients in one process (rss is both)"))
        say("members  sent  delivered  lost  disordered  p50_ms  p95_ms  p99_ms  deliveries_per_s  rss_mb  after_first_second_p50/p95/p99  server_cpu_%")
        for (offset, count) in members.split(separator: ",").compactMap({ Int($0) }).enumerated() {
            try await measure(members: count, ports: (0..<instances).map { port + offset * instances + $0 })
        }
    }

    /// When the senders start (set by the first once the joins have settled) and how many are connected.
    final class StartLine: Sendable {
        let started = Mutex((ContinuousClock.now, UInt64(0)))
        let ready = Mutex(0)
        let cpuAtStart = Mutex(0.0)
    }

    final class Tally: Sendable {
        /// (sent at, latency) in nanoseconds of uptime.
        let latencies = Mutex<[(sent: UInt64, latency: UInt64)]>([])
        let welcomed = Mutex(0)
        /// Every message any listener received, to see when the joins' fan-out has settled.
        let received = Mutex(0)
        /// Room events that arrived with a number not above the last one that listener saw.
        let disordered = Mutex(0)
    }

    func measure(members: Int, ports: [Int]) async throws {
        let logger = BenchServers.logger
        let place = try await BenchDatabase(base: database)
        let talkers = max(1, self.talkers)
        let seeded: RoomBenchmarkSetup.Seeded
        do {
            let database = try AppDatabase(url: try DatabaseURL(parsing: place.url), logger: logger)
            try await database.migrate()
            seeded = try await RoomBenchmarkSetup.seed(database, configuration: try BenchServers.configuration(place.url, port: ports[0]),
                                                       members: members + talkers - 1)
            await database.shutdown()
        }
        let servers = try await BenchServers(database: place.url, ports: ports, separateProcess: separateProcess)

        let tally = Tally()
        // Person i talks to instance i % instances, so with two a message said on one is heard on both.
        func url(_ person: Int) -> String { "ws://127.0.0.1:\(ports[person % ports.count])\(seeded.path)" }
        let listeners = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (person, cookie) in seeded.cookies.enumerated().dropFirst(talkers) {
                    let url = url(person)
                    group.addTask { try await Self.listen(url: url, cookie: cookie, tally: tally, logger: logger) }
                }
                try await group.waitForAll()
            }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while tally.welcomed.withLock({ $0 }) < members {
            guard ContinuousClock.now < deadline else {
                say("only \(tally.welcomed.withLock { $0 }) of \(members) members connected within 60 s")
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let total = rate * seconds / talkers * talkers
        let rate = self.rate
        let clock = StartLine()
        // K senders; message i goes from sender i % K at the i-th tick of the shared rate.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for sender in 0..<talkers {
                let cookie = seeded.cookies[sender]
                let tally = tally, clock = clock, url = url(sender)
                group.addTask {
                    try await WebSocketClient.connect(url: url, configuration: Self.config(cookie), logger: logger) { _, outbound, _ in
                        try await outbound.write(.text(#"{"name":"Sender"}"#))
                        clock.ready.withLock { $0 += 1 }
                        // Each member joining (the senders too) is announced to everyone already there
                        // (N²/2 messages); measure chat once that has been delivered, not while in flight.
                        if sender == 0 {
                            while clock.ready.withLock({ $0 }) < talkers { try await Task.sleep(for: .milliseconds(50)) }
                            var settled = -1
                            while settled != tally.received.withLock({ $0 }), ContinuousClock.now < deadline {
                                settled = tally.received.withLock { $0 }
                                try await Task.sleep(for: .milliseconds(500))
                            }
                            clock.started.withLock { $0 = (ContinuousClock.now, DispatchTime.now().uptimeNanoseconds) }
                            clock.cpuAtStart.withLock { $0 = servers.cpuSeconds() }
                        } else {
                            while clock.started.withLock({ $0.1 }) == 0 { try await Task.sleep(for: .milliseconds(10)) }
                        }
                        let start = clock.started.withLock { $0.0 }
                        for index in stride(from: sender, to: total, by: talkers) {
                            try await Task.sleep(until: start + .milliseconds(index * 1000 / rate), clock: .continuous)
                            try await outbound.write(.text(#"{"type":"chat","text":"\#(DispatchTime.now().uptimeNanoseconds)"}"#))
                        }
                        // Give the last messages time to arrive (until deliveries stop growing, at most 15 s), then leave:
                        // a message that comes late is late, not lost.
                        var seen = -1
                        let patience = ContinuousClock.now + .seconds(15)
                        while seen != tally.latencies.withLock({ $0.count }), ContinuousClock.now < patience {
                            seen = tally.latencies.withLock { $0.count }
                            try await Task.sleep(for: .seconds(1))
                        }
                        try await outbound.close(.normalClosure, reason: nil)
                    }
                }
            }
            try await group.waitForAll()
        }
        let (start, startUptime) = clock.started.withLock { $0 }
        let elapsed = ContinuousClock.now - start
        let serverCPU = servers.cpuSeconds() - clock.cpuAtStart.withLock { $0 }
        let samples = tally.latencies.withLock { $0 }
        let latencies = samples.map(\.latency).sorted()
        // The same, leaving out the first second (connections just made, caches cold).
        let steady = samples.filter { $0.sent > startUptime + 1_000_000_000 }.map(\.latency).sorted()
        listeners.cancel()
        let resident = servers.residentMB()
        await servers.stop()
        await place.remove()

        func percentile(_ p: Double, of values: [UInt64] = latencies) -> String { milliseconds(p, of: values) }
        let expected = total * members
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let perSecond = Double(latencies.count) / seconds
        say(String(format: "%7d  %4d  %9d  %4d  %10d  %6@  %6@  %6@  %16.0f  %6.1f  %@/%@/%@  %5.0f", members, total, latencies.count,
                     expected - latencies.count, tally.disordered.withLock { $0 }, percentile(0.5), percentile(0.95), percentile(0.99), perSecond, resident,
                     percentile(0.5, of: steady), percentile(0.95, of: steady), percentile(0.99, of: steady), serverCPU / seconds * 100))
    }

    static func config(_ cookie: String) -> WebSocketClientConfiguration {
        var headers = HTTPFields()
        headers[.cookie] = "pc_session=\(cookie)"
        return WebSocketClientConfiguration(maxFrameSize: 1 << 20, additionalHeaders: headers)
    }

    static func listen(url: String, cookie: String, tally: Tally, logger: Logger) async throws {
        try await WebSocketClient.connect(url: url, configuration: Self.config(cookie), logger: logger) { inbound, outbound, _ in
            try await outbound.write(.text(#"{"name":"Listener"}"#))
            var lastSeq = 0
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = message else { continue }
                let now = DispatchTime.now().uptimeNanoseconds
                tally.received.withLock { $0 += 1 }
                if let range = text.range(of: #""seq":"#), text.contains(#""type":"event""#) {
                    let seq = Int(text[range.upperBound...].prefix { $0.isNumber }) ?? 0
                    if seq <= lastSeq { tally.disordered.withLock { $0 += 1 } }
                    lastSeq = max(lastSeq, seq)
                }
                if text.contains("\"welcome\"") { tally.welcomed.withLock { $0 += 1 } }
                if text.contains("\"refused\"") { FileHandle.standardError.write(Data("refused: \(text)\n".utf8)) }
                guard text.contains("\"kind\":\"chat\""), let range = text.range(of: #""text":""#) else { continue }
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let sent = UInt64(digits) { tally.latencies.withLock { $0.append((sent, now &- sent)) } }
            }
        }
    }
}
