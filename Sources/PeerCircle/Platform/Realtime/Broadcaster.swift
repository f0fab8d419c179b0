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

/// Fans stored room events out to everyone connected. In-process for one instance; a PostgreSQL
/// LISTEN/NOTIFY implementation can take its place when several instances share a database —
/// clients already resume by sequence number, so a broadcaster only has to be fast, not durable.
public protocol Broadcaster: Sendable {
    func publish(_ message: LiveMessage) async
    /// Messages for `room` from now on, until the stream is dropped.
    func subscribe(room: UUID) async -> AsyncStream<LiveMessage>
}

/// The broadcaster for a single instance.
public actor InProcessBroadcaster: Broadcaster {
    private var subscribers: [UUID: [UUID: AsyncStream<LiveMessage>.Continuation]] = [:]

    public init() {}

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
