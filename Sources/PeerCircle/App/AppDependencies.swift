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

    var db: any Database {
        get throws { try database.db }
    }
    var policy: Policy { Policy(now: now) }
    var defaultTimeZone: TimeZone { TimeZone(identifier: configuration.defaultTimeZone) ?? .gmt }
}
