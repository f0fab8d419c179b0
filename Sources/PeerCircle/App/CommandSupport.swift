import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus

/// Starts the real server: global logging level and Prometheus metrics, then the application.
public func makeServer(_ configuration: AppConfiguration) async throws -> some ApplicationProtocol {
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    var logger = Logger(label: "peercircle")
    logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
    return try await buildApplication(configuration, options: AppOptions(metrics: registry, logger: logger))
}

/// Turns start-up failures into one line a person can act on.
public enum StartupError {
    public static func describe(_ error: any Error, configuration: AppConfiguration) -> String {
        let text = String(describing: error)
        if text.contains("Address already in use") || text.contains("errno: 98") {
            return "port \(configuration.port) on \(configuration.host) is already in use; choose another with --port or PEERCIRCLE_PORT"
        }
        if text.contains("Cannot assign requested address") || text.contains("errno: 99") {
            return "cannot listen on \(configuration.host); check --host or PEERCIRCLE_HOST"
        }
        return "the server stopped: \(text.prefix(200))"
    }
}

/// Commands other than `serve`.
public enum PeerCircleAdmin {
    public static func migrate(_ configuration: AppConfiguration) async throws {
        let database = try AppDatabase(url: configuration.database, logger: Logger(label: "peercircle"))
        do { try await database.migrate() } catch {
            await database.shutdown()
            throw ConfigurationError(["cannot use the database at \(configuration.database): \(DatabaseErrorText.describe(error))"])
        }
        await database.shutdown()
    }

    /// Creates (or promotes) an administrator. Returns whether a new account was made.
    public static func createAdmin(name: String, password: String, configuration: AppConfiguration) async throws -> Bool {
        let logger = Logger(label: "peercircle")
        let database = try AppDatabase(url: configuration.database, logger: logger)
        do {
            try await database.migrate()
            let deps = AppDependencies(
                database: database, configuration: configuration, crisisLines: CrisisDirectory(), now: { Date() }, passwordCost: 12)
            let created = try await AccountService(deps: deps).makeAdmin(pseudonym: name, password: password)
            await database.shutdown()
            return created
        } catch let AppError.invalid(errors) {
            await database.shutdown()
            throw ConfigurationError(errors.map { "\($0.field): \($0.message)" })
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// The moderators' crisis-screen labels, as lines of the labelled-set format (oldest first).
    public static func exportCrisisLabels(configuration: AppConfiguration) async throws -> [String] {
        let database = try AppDatabase(url: configuration.database, logger: Logger(label: "peercircle"))
        do {
            try await database.migrate()
            let deps = AppDependencies(database: database, configuration: configuration, crisisLines: CrisisDirectory(),
                                       now: { Date() }, passwordCost: 4)
            let lines = try await CrisisReviewService(deps: deps).exportLabels()
            await database.shutdown()
            return lines
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// Imports a Meeting Guide feed into the configured database and returns the report.
    public static func importMeetings(
        _ data: Data, feed: String, timeZone: String, configuration: AppConfiguration,
        progress: @escaping @Sendable (Int, Int) -> Void
    ) async throws -> MeetingImportReport {
        guard TimeZone(identifier: timeZone) != nil else {
            throw ConfigurationError(["--timezone: '\(timeZone)' is not an IANA time zone (e.g. America/New_York)"])
        }
        let database = try AppDatabase(url: configuration.database, logger: Logger(label: "peercircle"))
        do {
            try await database.migrate()
            let report = try await MeetingImporter(writer: Writer(db: database.db, gate: nil)).importFeed(data, feed: feed, defaultTimeZone: timeZone, progress: progress)
            await database.shutdown()
            return report
        } catch let error as MeetingGuideFeed.FeedError {
            await database.shutdown()
            throw ConfigurationError([error.description])
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// Adds the example sober living houses; returns how many were added (none when they are there).
    /// The example houses, and life in one of them; `resident` (a pseudonym) moves that member in.
    public static func demoHouses(configuration: AppConfiguration, resident: String?) async throws -> [String] {
        let database = try AppDatabase(url: configuration.database, logger: Logger(label: "peercircle"))
        do {
            try await database.migrate()
            let deps = AppDependencies(
                database: database, configuration: configuration, crisisLines: CrisisDirectory(), now: { Date() }, passwordCost: 12)
            let accounts = AccountService(deps: deps)
            let member = try await resident.asyncMap { name in
                guard let user = try await accounts.user(named: name) else {
                    throw ConfigurationError(["resident: there is no member called '\(name)'; join first, then run this again"])
                }
                return try user.requireID()
            }
            let writer = Writer(db: try database.db, gate: nil)
            let added = try await HouseDemo.seed(writer, now: Date())
            let life = try await HouseDemoLife.seed(writer, now: Date(), zone: deps.defaultTimeZone, resident: member,
                                                    unusableHash: try await accounts.hashPassword(generatePassword()))
            await database.shutdown()
            return [added == 0 ? "The example houses are already there." : "Added \(added) example houses: see /houses."] + life
        } catch {
            await database.shutdown()
            throw error
        }
    }

    public static let referralColumns = ReferralImport.columns.joined(separator: ",")

    /// Imports referrals from CSV text; returns whether it changed anything wrong-free, and the report.
    public static func importReferrals(_ text: String, configuration: AppConfiguration) async throws -> (Bool, String) {
        let database = try AppDatabase(url: configuration.database, logger: Logger(label: "peercircle"))
        do {
            try await database.migrate()
            let report = try await ReferralImport(writer: Writer(db: try database.db, gate: nil)).run(text)
            await database.shutdown()
            return (report.problems.isEmpty, report.description)
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// The example population for the outcomes page.
    public static func demoOutcomes(configuration: AppConfiguration) async throws -> String {
        let database = try AppDatabase(url: configuration.database, logger: Logger(label: "peercircle"))
        do {
            try await database.migrate()
            let deps = AppDependencies(
                database: database, configuration: configuration, crisisLines: CrisisDirectory(), now: { Date() }, passwordCost: 12)
            let line = try await InsightDemo.seed(Writer(db: try database.db, gate: nil), now: Date(), zone: deps.defaultTimeZone,
                                                  unusableHash: try await AccountService(deps: deps).hashPassword(generatePassword()))
            await database.shutdown()
            return line
        } catch {
            await database.shutdown()
            throw error
        }
    }

    public static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<20).map { _ in alphabet.randomElement()! })
    }
}
