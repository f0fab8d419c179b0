import FluentKit
import Foundation
import NIOCore

/// A message that went live in a room, with the room's sequence number.
public struct LiveMessage: Sendable, Equatable {
    public let room: UUID
    public let seq: Int
    /// The JSON the clients receive.
    public let payload: String
    /// The payload's bytes, made once and shared by every connection it is written to.
    public let bytes: ByteBuffer

    public init(room: UUID, seq: Int, payload: String) {
        self.room = room
        self.seq = seq
        self.payload = payload
        self.bytes = ByteBuffer(string: payload)
    }
}

/// Fans stored room events and live notices out to everyone connected: in-process on SQLite (one
/// instance), over PostgreSQL LISTEN/NOTIFY when several instances share a database.
///
/// Room events reach listeners in sequence order by construction: the writer stores an event and
/// announces it inside one transaction, and publishes it, under a per-room gate (`RoomService.record`),
/// so announcement order is commit order is sequence order. A listener that still sees a gap (its
/// buffer overflowed, its instance lost the database for a moment) fills it from the store.
public protocol Broadcaster: Sendable {
    /// Inside the transaction that stores a room event. PostgreSQL: NOTIFY, delivered at commit,
    /// in commit order. In-process: nothing.
    func stored(_ message: LiveMessage, on db: any Database) async throws
    /// After the commit: in-process, the fan-out; on PostgreSQL only live notices (`seq` 0), since
    /// stored events arrive through LISTEN.
    func publish(_ message: LiveMessage) async
    /// Messages for `room` from now on, until the stream is dropped.
    func subscribe(room: UUID) async -> AsyncStream<LiveMessage>
}

/// The broadcaster for a single instance.
public actor InProcessBroadcaster: Broadcaster {
    private var subscribers: [UUID: [UUID: AsyncStream<LiveMessage>.Continuation]] = [:]

    public init() {}

    public nonisolated func stored(_ message: LiveMessage, on db: any Database) async throws {}

    /// Rooms (and members' channels) someone here is listening to.
    var rooms: [UUID] { Array(subscribers.keys) }

    func hasSubscribers(_ room: UUID) -> Bool { subscribers[room]?.isEmpty == false }

    public func publish(_ message: LiveMessage) {
        for continuation in subscribers[message.room, default: [:]].values { continuation.yield(message) }
    }

    public func subscribe(room: UUID) -> AsyncStream<LiveMessage> {
        let id = UUID()
        // A slow client must not hold the room back; it catches up from the store on reconnect.
        let (stream, continuation) = AsyncStream<LiveMessage>.makeStream(bufferingPolicy: .bufferingNewest(1000))
        subscribers[room, default: [:]][id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.remove(room: room, id: id) }
        }
        return stream
    }

    private func remove(room: UUID, id: UUID) {
        subscribers[room]?[id] = nil
        if subscribers[room]?.isEmpty == true { subscribers[room] = nil }
    }
}
