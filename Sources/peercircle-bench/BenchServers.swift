import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import PeerCircle
import ServiceLifecycle

/// The servers a benchmark talks to: one or more instances on one database, in this process or
/// each in its own (`--separate-process`), so that the figures and the memory are the server's alone.
final class BenchServers: Sendable {
    let ports: [Int]
    private let tasks: [Task<Void, any Error>]
    private let processes: [Process]

    /// The configuration every benchmark server uses: quiet, and no chat pacing (one sender plays a whole meeting).
    static func configuration(_ url: String, port: Int) throws -> AppConfiguration {
        var configuration = AppConfiguration(port: port, database: try DatabaseURL(parsing: url), logLevel: "error")
        configuration.roomChatLimit = .max
        return configuration
    }

    static let logger: Logger = {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        return logger
    }()

    init(database url: String, ports: [Int], separateProcess: Bool) async throws {
        self.ports = ports
        if separateProcess {
            let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            processes = try ports.map { port in
                let process = Process()
                process.executableURL = executable
                process.arguments = ["room-server", "--database", url, "--port", String(port)]
                try process.run()
                return process
            }
            tasks = []
        } else {
            var tasks: [Task<Void, any Error>] = []
            for port in ports {
                // The opaque application type is not declared Sendable; it only moves into the server task.
                nonisolated(unsafe) let app = try await buildApplication(
                    Self.configuration(url, port: port), options: AppOptions(passwordCost: 4, logger: Self.logger))
                tasks.append(Task { try await app.runService(gracefulShutdownSignals: []) })
            }
            self.tasks = tasks
            processes = []
        }
        for port in ports { try await Self.waitUntilReady(port: port) }
    }

    private static func waitUntilReady(port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        let url = URL(string: "http://127.0.0.1:\(port)/readyz")!
        while ContinuousClock.now < deadline {
            if let (_, response) = try? await URLSession.shared.data(from: url), (response as? HTTPURLResponse)?.statusCode == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ValidationError("the server on port \(port) did not become ready within 60 s")
    }

    /// Resident memory of the servers: the child processes', or this whole process's (servers and clients).
    func residentMB() -> Double {
        if processes.isEmpty { return Self.residentMB(of: "self") }
        return processes.map { Self.residentMB(of: String($0.processIdentifier)) }.reduce(0, +)
    }

    /// CPU time the servers have used, in seconds (user + system): the child processes', or this whole process's.
    func cpuSeconds() -> Double {
        if processes.isEmpty { return Self.cpuSeconds(of: "self") }
        return processes.map { Self.cpuSeconds(of: String($0.processIdentifier)) }.reduce(0, +)
    }

    static func cpuSeconds(of pid: String) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        // Fields after the command name: state is the 3rd field; utime and stime are the 14th and 15th.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func residentMB(of pid: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kb / 1024
    }

    func stop() async {
        for task in tasks { task.cancel() }
        for task in tasks { _ = await task.result }
        for process in processes where process.isRunning { process.terminate() }
        for process in processes { process.waitUntilExit() }
    }
}

/// One benchmark server in its own process (started by `rooms --separate-process`).
struct RoomServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "room-server", abstract: "A benchmark server (started by the rooms benchmark).", shouldDisplay: false)

    @Option(help: "Database URL (already migrated and seeded).") var database: String
    @Option(help: "Port.") var port: Int

    func run() async throws {
        let app = try await buildApplication(
            BenchServers.configuration(database, port: port), options: AppOptions(passwordCost: 4, logger: BenchServers.logger))
        try await app.runService()
    }
}

/// A fresh place for one measurement: a new SQLite file, or a new schema in the given PostgreSQL database.
struct BenchDatabase {
    let url: String
    private let cleanup: @Sendable () async -> Void

    init(base: String?) async throws {
        guard let base, base.hasPrefix("postgres") else {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID()).sqlite").path
            url = "sqlite://" + file
            cleanup = { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
            return
        }
        let schema = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let admin = try AppDatabase(url: try DatabaseURL(parsing: base), logger: BenchServers.logger)
        try await admin.sql.raw("CREATE SCHEMA \(unsafeRaw: String(schema))").run()
        await admin.shutdown()
        url = base + (base.contains("?") ? "&" : "?") + "schema=" + schema
        cleanup = {
            guard let admin = try? AppDatabase(url: try DatabaseURL(parsing: base), logger: BenchServers.logger) else { return }
            try? await admin.sql.raw("DROP SCHEMA \(unsafeRaw: String(schema)) CASCADE").run()
            await admin.shutdown()
        }
    }

    func remove() async { await cleanup() }
}
