import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import PeerCircle

/// Issue 10: oversized and slow requests get a prompt answer or a closed connection, never a hang.
@Suite(.timeLimit(.minutes(10))) struct ConnectionLimitTests {
    /// Sends raw bytes and returns what the server answers before it closes (or `limit` passes).
    static func exchange(port: Int, _ bytes: [UInt8], limit: TimeAmount = .seconds(10)) async throws -> (answer: String, closed: Bool) {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: bytes))
            // Read until the server closes, or give up at the limit: whichever comes first.
            return try await withThrowingTaskGroup(of: (String, Bool)?.self) { group in
                group.addTask {
                    var answer = ""
                    do {
                        for try await buffer in inbound { answer += String(buffer: buffer) }
                    } catch let error as IOError where error.errnoCode == ECONNRESET {
                        // The server closed with bytes of ours still unread, so the kernel reset the
                        // connection instead of closing it gently: closed all the same.
                    }
                    return (answer, true)
                }
                group.addTask {
                    try await Task.sleep(for: .nanoseconds(limit.nanoseconds))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first ?? ("", false)
            }
        }
    }

    @Test func headersOverTheLimitGet431AndTheConnectionCloses() async throws {
        try await TestApp.run(live: true) { client in
            let port = try #require(client.port)
            let big = Array("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 100_000) + Array("\r\n\r\n".utf8)
            let (answer, closed) = try await Self.exchange(port: port, big)
            #expect(answer.hasPrefix("HTTP/1.1 431"))
            #expect(closed)
            let (garbage, _) = try await Self.exchange(port: port, Array("NOT HTTP AT ALL\r\n\r\n".utf8))
            #expect(garbage.hasPrefix("HTTP/1.1 400"))
            #expect(try await client.get("/healthz").status == .ok)
        }
    }

    @Test func aClientThatNeverFinishesItsHeadersIsDisconnected() async throws {
        try await TestApp.run(configure: { $0.headerTimeoutSeconds = 1 }, live: true) { client in
            let port = try #require(client.port)
            let (answer, closed) = try await Self.exchange(port: port, Array("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".utf8), limit: .seconds(8))
            #expect(answer.isEmpty)
            #expect(closed, "the server closed the connection after the header timeout")
        }
    }
}
