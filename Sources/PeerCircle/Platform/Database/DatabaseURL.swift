import Foundation

/// Where the data lives: an embedded SQLite file, or a PostgreSQL server.
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// `path` may be `:memory:` for a private in-memory database (tests).
    case sqlite(path: String)
    case postgres(PostgresLocation)

    public struct PostgresLocation: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        public var useTLS: Bool
        /// Schema to work in; tests give each app its own so they can run side by side.
        public var schema: String?
    }

    /// Parses `sqlite://PATH`, `sqlite:///abs/path`, `postgres://user[:pw]@host[:port]/db[?tlsmode=disable]`.
    public init(parsing text: String) throws(ConfigurationError) {
        let key = "PEERCIRCLE_DATABASE_URL / --database-url"
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw ConfigurationError(["\(key): 'sqlite://' needs a file path"]) }
            self = .sqlite(path: path)
            return
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme else {
            // Not echoed: a malformed URL may still hold a password.
            throw ConfigurationError(["\(key): this is not a URL (use sqlite://PATH or postgres://user@host:port/db)"])
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw ConfigurationError(["\(key): unknown scheme '\(scheme)' (use sqlite:// or postgres://)"])
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard let host = components.host, !host.isEmpty, !database.isEmpty else {
            throw ConfigurationError(["\(key): a postgres URL needs a host and a database name"])
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let tlsMode = query["tlsmode"] ?? query["sslmode"] ?? "prefer"
        self = .postgres(PostgresLocation(
            host: host,
            port: components.port ?? 5432,
            username: components.user ?? "postgres",
            password: components.password,
            database: database,
            useTLS: tlsMode != "disable",
            schema: query["schema"]
        ))
    }

    /// A description without the password, safe for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        case .postgres(let l): "postgres://\(l.username)@\(l.host):\(l.port)/\(l.database)"
        }
    }
}
