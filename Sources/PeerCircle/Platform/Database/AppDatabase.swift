import Foundation
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import SQLKit

/// Owns the connection pools for the configured database; runs as a service so pools close on shutdown.
public final class AppDatabase: Service, Sendable {
    let databases: Databases
    let logger: Logger
    public let kind: Kind

    public enum Kind: Sendable { case sqlite, postgres }

    public init(url: DatabaseURL, logger: Logger) throws(ConfigurationError) {
        // SQL is logged with its bound values — notes, moods, cravings. Keep this logger above the SQL
        // level whatever the operator's level, so health data never reaches a log (product rule 7).
        var logger = logger
        logger.logLevel = max(logger.logLevel, .info)
        self.logger = logger
        self.databases = Databases(threadPool: .singleton, on: MultiThreadedEventLoopGroup.singleton)
        switch url {
        case .sqlite(let path):
            kind = .sqlite
            let storage: SQLiteConfiguration.Storage = path == ":memory:" ? .memory : .file(path: path)
            databases.use(.sqlite(SQLiteConfiguration(storage: storage), sqlLogLevel: .debug), as: .sqlite)
        case .postgres(let location):
            kind = .postgres
            var text = "postgres://\(location.username.urlEncoded)"
            if let password = location.password { text += ":\(password.urlEncoded)" }
            text += "@\(location.host):\(location.port)/\(location.database)"
            text += location.useTLS ? "?tlsmode=prefer" : "?tlsmode=disable"
            var configuration: SQLPostgresConfiguration
            do { configuration = try SQLPostgresConfiguration(url: text) } catch {
                throw ConfigurationError(["PEERCIRCLE_DATABASE_URL: \(error)"])
            }
            if let schema = location.schema { configuration.searchPath = [schema] }
            databases.use(
                .postgres(configuration: configuration, maxConnectionsPerEventLoop: 4, sqlLogLevel: .debug), as: .psql)
        }
    }

    /// A handle for queries; cheap, make one per unit of work. Fails (rather than crashing) once
    /// the pools have shut down, as a connection still finishing during shutdown may ask.
    public var db: any Database {
        get throws { try db(logger: logger) }
    }

    func db(logger: Logger) throws -> any Database {
        guard let database = databases.database(logger: logger, on: databases.eventLoopGroup.any()) else {
            throw AppError.internal
        }
        return database
    }

    public var sql: any SQLDatabase {
        get throws { try db.sql }
    }

    /// Applies every migration not yet applied. SQLite files switch to WAL so readers never wait for the writer.
    public func migrate() async throws {
        // Check the connection quietly first: a refused connection becomes one start-up line, not a log trace.
        var quiet = logger
        quiet.logLevel = .critical
        try await (try db(logger: quiet).sql).raw("SELECT 1").run()
        if kind == .sqlite {
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            // With WAL, NORMAL is still safe against corruption and skips an fsync per commit; it is
            // a per-connection setting, and each event loop keeps its own connection.
            for loop in databases.eventLoopGroup.makeIterator() {
                let handle = databases.database(logger: logger, on: loop)
                try await (handle as? any SQLDatabase)?.raw("PRAGMA synchronous=NORMAL").run()
            }
        }
        let migrations = Migrations()
        migrations.add(AppMigrations.all)
        // Fluent logs two info lines per migration; start-up output stays readable at warning.
        var migrationLogger = logger
        migrationLogger.logLevel = max(logger.logLevel, .warning)
        let migrator = Migrator(
            databases: databases, migrations: migrations, logger: migrationLogger, on: databases.eventLoopGroup.any())
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }

    /// Fails when the database cannot answer a trivial query (`/readyz`, start-up check).
    public func ping() async throws {
        try await sql.raw("SELECT 1").run()
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await databases.shutdownAsync()
    }

    public func shutdown() async {
        await databases.shutdownAsync()
    }
}

extension String {
    fileprivate var urlEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? self
    }
}

extension Database {
    /// The same connection as SQLKit, for the few queries Fluent cannot say. Both drivers are SQL
    /// databases; anything else is a programming error reported as an internal error, not a trap.
    var sql: any SQLDatabase {
        get throws {
            guard let sql = self as? any SQLDatabase else { throw AppError.internal }
            return sql
        }
    }
}
