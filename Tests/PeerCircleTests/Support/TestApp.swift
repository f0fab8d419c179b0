import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import Prometheus
import Synchronization
import Testing
@testable import PeerCircle

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>
    init(_ date: Date) { current = Mutex(date) }
    var now: Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
    func advance(seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// The one Prometheus registry the test process reports into (swift-metrics bootstraps once per process).
let testMetrics: PrometheusCollectorRegistry = {
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    return registry
}()

/// Parses an ISO 8601 instant for test set-up.
func instant(_ text: String) -> Date {
    try! Date(text, strategy: .iso8601)
}

enum TestApp {
    /// The database the suite runs on: SQLite in memory, or PostgreSQL when
    /// `PEERCIRCLE_TEST_DATABASE_URL` is set — the same tests either way.
    static var databaseURL: DatabaseURL {
        get throws {
            guard let text = ProcessInfo.processInfo.environment["PEERCIRCLE_TEST_DATABASE_URL"], !text.isEmpty else {
                return .sqlite(path: ":memory:")
            }
            return try DatabaseURL(parsing: text)
        }
    }

    /// At most this many applications at once: each holds a pool of PostgreSQL connections, and the
    /// whole suite starting together once ran the server out of them ("too many clients").
    static let slots = AppSlots(limit: 24)

    /// Runs `body` against a fresh application with its own empty database (a private schema on PostgreSQL).
    static func run(
        now: ManualClock = ManualClock(instant("2026-06-15T12:00:00Z")),
        configure: (inout AppConfiguration) -> Void = { _ in },
        logger: Logger? = nil,
        live: Bool = false,
        _ body: @escaping @Sendable (Client) async throws -> Void
    ) async throws {
        await slots.take()
        defer { Task { await slots.give() } }
        var configuration = AppConfiguration(logLevel: "warning")
        configuration.database = try databaseURL
        configuration.loginMaxFailures = 5
        configure(&configuration)
        let schema = try await isolate(&configuration)
        var quiet = Logger(label: "test")
        quiet.logLevel = .error
        let logger = logger ?? quiet
        let database = try AppDatabase(url: configuration.database, logger: logger)
        var options = AppOptions(now: { now.now }, passwordCost: 4, metrics: testMetrics, logger: logger, database: database)
        // Tests import feeds and grant roles straight into the database, as another process would.
        options.warmCaches = false
        let caches = options.caches
        let app = try await buildApplication(configuration, options: options)
        do {
            // A live server on a free port when the test needs real sockets (WebSockets).
            try await app.test(live ? .live : .router) { client in try await body(Client(client, database: database, caches: caches)) }
        } catch {
            try await dropSchema(schema, configuration)
            throw error
        }
        try await dropSchema(schema, configuration)
    }

    /// Runs `body` with a migrated, empty database of its own, for tests of domain types.
    static func withDatabase(_ body: (AppDatabase) async throws -> Void) async throws {
        var configuration = AppConfiguration(logLevel: "warning")
        configuration.database = try databaseURL
        let schema = try await isolate(&configuration)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let database = try AppDatabase(url: configuration.database, logger: logger)
        do {
            try await database.migrate()
            try await body(database)
        } catch {
            await database.shutdown()
            try await dropSchema(schema, configuration)
            throw error
        }
        await database.shutdown()
        try await dropSchema(schema, configuration)
    }

    /// On PostgreSQL, points the configuration at a new empty schema and returns its name.
    private static func isolate(_ configuration: inout AppConfiguration) async throws -> String? {
        guard case .postgres(var location) = configuration.database else { return nil }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try await withAdminDatabase(location) { try await $0.sql.raw("CREATE SCHEMA \(unsafeRaw: String(name))").run() }
        location.schema = String(name)
        configuration.database = .postgres(location)
        return String(name)
    }

    private static func dropSchema(_ schema: String?, _ configuration: AppConfiguration) async throws {
        guard let schema, case .postgres(var location) = configuration.database else { return }
        location.schema = nil
        try await withAdminDatabase(location) { try await $0.sql.raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run() }
    }

    private static func withAdminDatabase(
        _ location: DatabaseURL.PostgresLocation, _ body: (AppDatabase) async throws -> Void
    ) async throws {
        var plain = location
        plain.schema = nil
        let database = try AppDatabase(url: .postgres(plain), logger: Logger(label: "test-admin"))
        do { try await body(database) } catch { await database.shutdown(); throw error }
        await database.shutdown()
    }
}

/// A counting semaphore for tests: `take` waits while `limit` are out.
actor AppSlots {
    let limit: Int
    private var out = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func take() async {
        if out < limit {
            out += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func give() {
        if waiting.isEmpty {
            out -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
