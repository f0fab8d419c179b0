import Foundation
import PeerCircleClient
import Synchronization
import Testing
@testable import PeerCircle

/// The live room's and `/live`'s messages are what the OpenAPI document says: every frame the server
/// sends decodes into the client library's typed messages, and commands the client library writes
/// are understood by the server.
@Suite(.timeLimit(.minutes(10))) struct RoomProtocolTests {
    @Test func everyFrameDecodesIntoTheClientsTypedMessages() async throws {
        try await TestApp.run(live: true) { host in
            let (_, meeting) = try await RoomTests.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            let facilitator = LiveRoomClient(host, meeting: meeting, name: "Host")
            try await facilitator.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            let guest = host.another()
            try await guest.join("Guest\(Int.random(in: 100...999))")
            let room = LiveRoomClient(guest, meeting: meeting, name: "Guest")
            let welcome = try await room.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            let me = try #require(welcome["participant"] as? String)

            func send(_ client: LiveRoomClient, _ command: Components.Schemas.RoomCommand) throws { client.send(try PeerCircleAPI.text(command)) }
            try send(room, .init(text: "Hello everyone", _type: .chat))
            try send(room, .init(_type: .raise))
            try send(room, .init(_type: .lower))
            try send(room, .init(text: "my roommate is blue and wont wake up after using", _type: .chat))  // a care prompt, only to me
            try send(room, .init(participant: me, _type: .mute))  // not the facilitator: refused
            try await room.wait(for: "the refusal") { $0["type"] as? String == "error" }
            let chat = try await facilitator.wait(for: "the chat", RoomTests.isEvent("chat") { $0["text"] as? String == "Hello everyone" })
            try send(facilitator, .init(to: chat["seq"] as? Int, _type: .react))
            try send(facilitator, .init(participant: me, _type: .mute))
            try await room.wait(for: "muted", RoomTests.isEvent("muted"))
            try await room.wait(for: "care") { $0["type"] as? String == "care" }
            try send(facilitator, .init(_type: .close))
            #expect(try await room.ended())

            var kinds: Set<String> = [], types: Set<String> = []
            for line in room.lines + facilitator.lines {
                switch try RoomMessage(text: line) {
                case .welcome(let w): types.insert("welcome"); #expect(!w.rules.isEmpty)
                case .event(let e): types.insert("event"); kinds.insert(e.kind.rawValue)
                case .refusal(let r): types.insert(r._type.rawValue)
                case .care(let c): types.insert("care"); #expect(c.kind == .overdose && c.text.contains("wont wake up"))
                case .unknown(let type): Issue.record("a frame the document does not describe: \(type) in \(line)")
                }
            }
            #expect(types == ["welcome", "event", "error", "care"])
            #expect(kinds.isSuperset(of: ["joined", "chat", "hand_raised", "hand_lowered", "reaction", "muted", "closed"]), "\(kinds)")
            await room.leave()
            await facilitator.leave()
        }
    }

    @Test func anSOSNoticeOnLiveDecodes() async throws {
        try await TestApp.run(live: true) { member in
            try await member.joinBoth("NoticeAsker")
            let helper = member.another()
            try await helper.joinBoth("NoticeHelper")
            try await member.circle([(helper, "NoticeHelper")])
            let received = Mutex<[String]>([]), connected = Mutex(false)
            let listener = Task {
                try await helper.ws("/live") { inbound, _, _ in
                    connected.withLock { $0 = true }
                    for try await message in inbound.messages(maxSize: 1 << 16) {
                        if case .text(let text) = message { received.withLock { $0.append(text) } }
                    }
                }
            }
            for _ in 0..<500 where !connected.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(200))  // the subscription follows the upgrade
            let alert = try await member.app.api.sendSOS(body: .json(.init(need: .talk))).created.body.json
            for _ in 0..<2_000 where received.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(10)) }
            listener.cancel()
            let first = try #require(received.withLock { $0.first })
            guard case .notice(let notice) = try LiveMessage(text: first) else { Issue.record("not a notice: \(first)"); return }
            #expect(notice._type == .sos && notice.alert == alert.id && notice.path.hasSuffix(alert.id))
        }
    }
}
