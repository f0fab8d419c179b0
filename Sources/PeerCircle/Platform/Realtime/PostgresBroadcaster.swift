import FluentKit
import Foundation
import Logging
import NIOPosix
import FluentPostgresDriver
import ServiceLifecycle
import Synchronization

/// The broadcaster when several instances share a PostgreSQL database. A writer NOTIFYs the room
/// and sequence number inside the transaction that stores the event (payloads stay tiny, far under
/// PostgreSQL's 8 000 bytes); every instance LISTENs on one connection of its own, reads the events
/// from the table — once per instance, not once per listener — and fans them out in process.
/// Live notices to a member's own channel (SOS, seq 0) carry their small JSON in the NOTIFY itself.
///
/// If the listening connection drops (a restart, `pg_terminate_backend`), it reconnects with
/// back-off and catches up from the store: every room someone here listens to gets what was stored
/// since the last event this instance delivered. Room connections fill any remaining gap themselves.
final class PostgresBroadcaster: Broadcaster, Service {
    let local = InProcessBroadcaster()
    let channel: String
    private let configuration: PostgresConnection.Configuration
    private let database: AppDatabase
    private let logger: Logger
    /// The last sequence number this instance delivered, per room.
    private let delivered = Mutex<[UUID: Int]>([:])
    /// Whether the listening connection is up (for tests and `/readyz`-style checks).
    let listening = Mutex(false)

    init(location: DatabaseURL.PostgresLocation, database: AppDatabase, logger: Logger) throws {
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database,
            tls: location.useTLS ? .prefer(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable)
        configuration.options.connectTimeout = .seconds(10)
        self.configuration = configuration
        self.database = database
        self.logger = logger
        // Channels are per database; tests give each app its own schema, so the schema names it too.
        let suffix = (location.schema ?? "").filter { $0.isLetter || $0.isNumber || $0 == "_" }
        self.channel = String(("peercircle" + (suffix.isEmpty ? "" : "_" + suffix)).lowercased().prefix(63))
    }

    // MARK: writing

    func stored(_ message: LiveMessage, on db: any Database) async throws {
        try await (try db.sql).raw("SELECT pg_notify(\(bind: channel), \(bind: "e \(message.room.uuidString.lowercased()) \(message.seq)"))").run()
    }

    func publish(_ message: LiveMessage) async {
        // Stored events come back through LISTEN; only live notices are sent from here.
        guard message.seq == 0 else { return }
        let text = "n \(message.room.uuidString.lowercased()) \(message.payload)"
        guard text.utf8.count < 7900 else {
            logger.warning("a live notice was too large to send between instances")
            return
        }
        do {
            try await database.sql.raw("SELECT pg_notify(\(bind: channel), \(bind: text))").run()
        } catch {
            logger.warning("could not send a live notice: \(String(describing: type(of: error)))")
        }
    }

    func subscribe(room: UUID) async -> AsyncStream<LiveMessage> {
        // Just after start-up the listening connection may still be opening: wait for it a little,
        // so a page opened in the first moment doesn't miss a notice.
        for _ in 0..<250 where !listening.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(20)) }
        let stream = await local.subscribe(room: room)
        // For a room: remember where it stood, so a reconnection catches up from there.
        if delivered.withLock({ $0[room] }) == nil,
           let current = try? await database.sql.raw("SELECT last_seq FROM rooms WHERE id = \(bind: room)").first()?
               .decode(column: "last_seq", as: Int.self) {
            delivered.withLock { $0[room] = max($0[room] ?? 0, current) }
        }
        return stream
    }

    // MARK: listening

    func run() async throws {
        // Shutting down cancels the listening loop (and the wait for notifications with it).
        try? await cancelWhenGracefulShutdown {
            var delay: Duration = .milliseconds(200)
            while !Task.isCancelled {
                do {
                    try await self.listenOnce()
                    delay = .milliseconds(200)
                } catch is CancellationError {
                    break
                } catch {
                    self.listening.withLock { $0 = false }
                    self.logger.warning("the live-delivery connection to PostgreSQL dropped; reconnecting",
                                        metadata: ["error": .string(String(describing: type(of: error)))])
                }
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
        listening.withLock { $0 = false }
    }

    private func listenOnce() async throws {
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 1, logger: logger)
        do {
            try await connection.listen(on: channel) { notifications in
                listening.withLock { $0 = true }
                // Anything stored while this instance was not listening.
                try await catchUp()
                for try await notification in notifications {
                    try await handle(notification.payload)
                }
            }
            try? await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// `e ROOM SEQ` for a stored room event; `n CHANNEL JSON` for a live notice.
    private func handle(_ payload: String) async throws {
        var parts = payload.split(separator: " ", maxSplits: 2).map(String.init).makeIterator()
        guard let kind = parts.next(), let room = parts.next().flatMap(UUID.init(uuidString:)), let rest = parts.next() else { return }
        switch kind {
        case "n": await local.publish(LiveMessage(room: room, seq: 0, payload: rest))
        case "e": if let seq = Int(rest) { try await deliver(room, through: seq) }
        default: return
        }
    }

    /// Reads what this instance has not delivered in `room` (through `seq`) and fans it out.
    private func deliver(_ room: UUID, through seq: Int) async throws {
        let last = delivered.withLock { $0[room] }
        if let last, last >= seq { return }
        guard await local.hasSubscribers(room) else {
            delivered.withLock { $0[room] = seq }
            return
        }
        let messages = try await RoomService.events(in: room, after: last ?? (seq - 1), through: seq, on: try database.db)
        for message in messages { await local.publish(message) }
        delivered.withLock { $0[room] = max($0[room] ?? 0, messages.last?.seq ?? seq) }
    }

    private func catchUp() async throws {
        for room in await local.rooms {
            guard let last = delivered.withLock({ $0[room] }) else { continue }
            let messages = try await RoomService.events(in: room, after: last, on: try database.db)
            for message in messages { await local.publish(message) }
            if let newest = messages.last?.seq { delivered.withLock { $0[room] = newest } }
        }
    }
}
