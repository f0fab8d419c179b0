import Foundation
import HTTPTypes
import HummingbirdWSClient
import Synchronization
import Testing
@testable import PeerCircle

/// One person's connection to a live room, driven by a test: send commands, wait for what arrives.
final class LiveRoomClient: Sendable {
    /// What arrived, and whether the server has ended the connection.
    private final class Inbox: Sendable {
        let lines = Mutex<[String]>([])
        let finished = Mutex(false)
    }

    private let inbox = Inbox()
    private let outgoing: AsyncStream<String>.Continuation
    private let task: Task<Void, any Error>

    init(_ client: Client, meeting: String, name: String, since: Int = 0, attendance: Bool = false, headers: HTTPFields = [:]) {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        outgoing = continuation
        let inbox = self.inbox
        let hello = #"{"name":"\#(name)","since":\#(since),"attendance":\#(attendance)}"#
        task = Task {
            defer { inbox.finished.withLock { $0 = true } }
            try await client.ws("/rooms/\(meeting)/live", headers: headers) { inbound, outbound, _ in
                try await outbound.write(.text(hello))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await text in stream { try await outbound.write(.text(text)) }
                        try await outbound.close(.normalClosure, reason: nil)
                    }
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        if case .text(let text) = message { inbox.lines.withLock { $0.append(text) } }
                    }
                    group.cancelAll()
                }
            }
        }
    }

    func send(_ json: String) { outgoing.yield(json) }

    func leave() async {
        outgoing.finish()
        _ = await task.result
    }

    /// Every text frame as it arrived.
    var lines: [String] { inbox.lines.withLock { $0 } }

    var messages: [[String: Any]] {
        inbox.lines.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Waits for a refusal or error with this code.
    @discardableResult
    func wait(forCode code: String) async throws -> [String: Any] {
        try await wait(for: "code \(code)") { message in (message["code"] as? String) == code }
    }

    var events: [[String: Any]] { messages.filter { $0["type"] as? String == "event" } }

    /// Waits (up to twenty seconds: the whole suite runs at once on two cores) for a message that
    /// matches; fails the test if none comes.
    @discardableResult
    func wait(for description: String, _ match: @escaping ([String: Any]) -> Bool) async throws -> [String: Any] {
        for _ in 0..<2_000 {
            if let found = messages.first(where: match) { return found }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no message: \(description); got \(inbox.lines.withLock { $0 })")
        throw CancellationError()
    }

    /// Whether the server ended this connection (waits up to ten seconds for it).
    func ended() async throws -> Bool {
        for _ in 0..<1_000 {
            if inbox.finished.withLock({ $0 }) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}
