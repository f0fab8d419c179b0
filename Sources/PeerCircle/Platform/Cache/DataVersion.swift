import FluentKit
import Foundation
import SQLKit
import Synchronization

/// A counter per kind of shared data ("meetings", "mentors"), bumped in the same transaction as every
/// change to it. Instances that keep that data in memory read the counter (at most once a second)
/// and rebuild when it moved, so a second instance on the same database sees a change within a second.
enum DataVersion {
    static let schema = "data_versions"

    enum Kind: String, Sendable, CaseIterable {
        case meetings, mentors, events
        /// Sessions, and what a signed-in member carries: pseudonym, time zone, country, roles (also moved by
        /// triggers, for changes made outside the app — see `AddVersionTriggers`).
        case accounts
        /// Moved by database triggers only (see `AddVersionTriggers`).
        case forum
    }

    /// Marks `kind` as changed. Call it on the database (or transaction) that made the change.
    static func bump(_ kind: Kind, on db: any Database) async throws {
        try await (try db.sql).raw("""
            INSERT INTO \(ident: schema) (\(ident: "name"), \(ident: "version")) VALUES (\(bind: kind.rawValue), 1)
            ON CONFLICT (\(ident: "name")) DO UPDATE SET \(ident: "version") = \(ident: schema).\(ident: "version") + 1
            """).run()
    }

    static func current(_ kind: Kind, on db: any Database) async throws -> Int64 {
        struct Row: Decodable { let version: Int64 }
        let row = try await (try db.sql).raw("""
            SELECT \(ident: "version") FROM \(ident: schema) WHERE \(ident: "name") = \(bind: kind.rawValue)
            """).first(decoding: Row.self)
        return row?.version ?? 0
    }
}

struct CreateDataVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DataVersion.schema)
            .field("name", .string, .identifier(auto: false))
            .field("version", .int64, .required)
            .create()
        for kind in DataVersion.Kind.allCases {
            try await (try database.sql).raw("""
                INSERT INTO \(ident: DataVersion.schema) (\(ident: "name"), \(ident: "version")) VALUES (\(bind: kind.rawValue), 0)
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DataVersion.schema).delete()
    }
}

/// Data kept in memory and rebuilt when its `DataVersion` moves: this instance's own changes are
/// seen at once (`invalidate`), another instance's within `recheck`.
final class VersionedCache<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var version: Int64 = -1
        var checkedAt: Date = .distantPast
        /// Moves on every `invalidate`: a reading of the version taken before it is not trusted after it.
        var generation = 0
    }

    private let kind: DataVersion.Kind
    private let recheck: TimeInterval
    private let state = Mutex(State())
    /// One rebuild at a time; readers meanwhile keep the value they had.
    private let building = SerialGate()

    init(_ kind: DataVersion.Kind, recheck: TimeInterval = 1) {
        self.kind = kind
        self.recheck = recheck
    }

    /// Forget the checked time, so the next read asks the database for the version.
    func invalidate() {
        state.withLock { state in
            state.checkedAt = .distantPast
            state.generation += 1
        }
    }

    /// The value, rebuilt by `build` when the data changed (or `stale` says it no longer serves).
    func value(on db: any Database, stale: @Sendable (Value) -> Bool = { _ in false },
               build: @Sendable (any Database) async throws -> Value) async throws -> Value {
        let clock = Date()
        let cached = state.withLock { state -> Value? in
            guard let value = state.value, clock.timeIntervalSince(state.checkedAt) < recheck, !stale(value) else { return nil }
            return value
        }
        if let cached { return cached }
        return try await building.run {
            let generation = state.withLock { $0.generation }
            let version = try await DataVersion.current(kind, on: db)
            // A change made here while the version was being read may not be in that reading: then
            // the value is used once but not marked as checked.
            let current = state.withLock { state -> Value? in
                guard let value = state.value, state.version == version, !stale(value) else { return nil }
                if state.generation == generation { state.checkedAt = clock }
                return value
            }
            if let current { return current }
            let value = try await build(db)
            state.withLock { state in
                let trusted = state.generation == generation
                state = State(value: value, version: version, checkedAt: trusted ? clock : .distantPast, generation: state.generation)
            }
            return value
        }
    }
}
