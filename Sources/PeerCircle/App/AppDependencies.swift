import FluentKit
import Foundation

/// What the features are built from; made once in `buildApplication`, passed into initialisers.
struct AppDependencies: Sendable {
    let database: AppDatabase
    let configuration: AppConfiguration
    let crisisLines: CrisisDirectory
    /// The current instant; tests replace it to stand on a chosen day.
    let now: @Sendable () -> Date
    /// bcrypt work factor; tests lower it to keep the suite fast.
    let passwordCost: UInt8
    /// Carries live room events to every connection.
    var broadcaster: any Broadcaster = InProcessBroadcaster()
    /// SOS escalation sweeps, one at a time (the background sweep and page reads share it).
    let sweeps = SerialGate()
    /// One writer at a time per live room, so events are numbered, stored and published in one order.
    let roomWriters = KeyedSerialGate<UUID>()
    /// SQLite has one writer at a time: this instance's write transactions take turns (see `Writer`).
    private let sqliteWriter = SerialGate()
    /// What this instance keeps in memory.
    var caches = AppCaches()

    var db: any Database {
        get throws { try database.db }
    }
    var policy: Policy { Policy(now: now) }
    var defaultTimeZone: TimeZone { TimeZone(identifier: configuration.defaultTimeZone) ?? .gmt }

    /// The meetings as they are now, from memory; rebuilt after a change or when its fortnight runs short.
    func meetingCatalog() async throws -> MeetingCatalog {
        let now = now()
        return try await caches.meetings.value(on: try db, stale: { !$0.serves(now) }) { db in try await MeetingCatalog.load(on: db, now: now) }
    }

    /// Events of the next 30 days, from memory: read again when an event is added, or after a minute.
    func upcomingEvents() async throws -> UpcomingEvents {
        let now = now()
        return try await caches.events.value(on: try db, stale: { abs(now.timeIntervalSince($0.builtAt)) > 60 }) { _ in
            UpcomingEvents(events: try await EventService(deps: self).upcoming(days: 30).map(EventFacts.init), builtAt: now)
        }
    }

    /// The sessions this instance knows, emptied when accounts change anywhere.
    func sessions() async throws -> SessionTable {
        try await caches.sessions.value(on: try db) { _ in SessionTable() }
    }

    /// A transaction. SQLite has one writer at a time, and two of its transactions that read and then
    /// write at once make one fail at once ("database is locked") rather than wait: in this process
    /// they take turns. (PostgreSQL runs them side by side.) A body must not start another.
    func transaction<T: Sendable>(_ body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        try await writer.transaction(body)
    }

    /// Where this instance's write transactions go.
    var writer: Writer {
        get throws { Writer(db: try db, gate: database.kind == .sqlite ? sqliteWriter : nil) }
    }

    /// The one way to change data kept in memory: `body` runs in a transaction that also moves the
    /// kinds' versions (so other instances rebuild within a second), and this instance's caches are
    /// told once it has committed (so its own change shows at once).
    func changing<T: Sendable>(_ kinds: DataVersion.Kind..., body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        let result = try await transaction { db in
            let result = try await body(db)
            for kind in kinds { try await DataVersion.bump(kind, on: db) }
            return result
        }
        for kind in kinds { changed(kind) }
        return result
    }

    /// This instance's cache of `kind` asks the database again (after a change committed elsewhere in
    /// this process, such as an import that moved the version itself).
    func changed(_ kind: DataVersion.Kind) {
        caches.changed(kind)
    }
}

/// The events the directory shows, as of `builtAt`; `stamp` names this reading (page caches key on it).
struct UpcomingEvents: Sendable {
    let events: [EventFacts]
    let builtAt: Date
    let stamp = UUID()
}

extension AppDependencies {
    /// Where a person is, for crisis lines and emergency numbers: the country they chose, else the
    /// instance's default. The one place that fallback is decided.
    func country(of member: Member?) -> String {
        member?.country ?? configuration.defaultCountry
    }

    /// The crisis lines for a person (see `country(of:)`).
    func crisisLines(for member: Member?) -> [CrisisLine] {
        crisisLines.lines(for: country(of: member))
    }
}

extension AppDependencies {
    /// A link back to this server: the configured public URL, or else the host the caller asked for.
    func absoluteURL(_ path: String, authority: String?) -> String {
        if let base = configuration.publicURL { return base + path }
        let host = authority ?? "\(configuration.host):\(configuration.port)"
        return (configuration.secureCookies ? "https://" : "http://") + host + path
    }
}

/// Runs write transactions. SQLite has one writer at a time, and two of its transactions that read and
/// then write would fail each other ("database is locked") rather than wait, so on SQLite this
/// instance's transactions take turns through one gate. Every transaction in the app goes through a
/// `Writer` (`LayoutRuleTests` keeps it so); a separate process (the CLI) makes its own.
struct Writer: Sendable {
    let db: any Database
    let gate: SerialGate?

    func transaction<T: Sendable>(_ body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        guard let gate else { return try await db.transaction(body) }
        return try await gate.run { try await db.transaction(body) }
    }

    /// A transaction that replaces the one row a unique index allows (delete, then insert). Two
    /// requests doing it at once can both find nothing to delete; the later insert then meets the
    /// other's row, so it takes its turn again, after it.
    func replacing<T: Sendable>(_ body: @Sendable @escaping (any Database) async throws -> T) async throws -> T {
        do {
            return try await transaction(body)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return try await transaction(body)
        }
    }
}
