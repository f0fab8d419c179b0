import FluentKit
import Foundation
import Testing
@testable import PeerCircle

/// Issue 12: many people talking (and arriving) at once — every participant receives every event
/// exactly once and in sequence order; a dropped connection resumes with nothing lost.
@Suite(.timeLimit(.minutes(10))) struct ConcurrentRoomTests {
    static let people = 30
    static let messagesEach = 20

    /// Seats `count` members in an open room; returns their connections once each has its welcome.
    static func seat(_ host: Client, meeting: String, count: Int, prefix: String) async throws -> [LiveRoomClient] {
        var clients: [LiveRoomClient] = []
        for i in 0..<count {
            let member = host.another()
            try await member.join("\(prefix)\(i)x\(Int.random(in: 100...999))")
            clients.append(LiveRoomClient(member, meeting: meeting, name: "\(prefix)\(i)"))
        }
        for client in clients { try await client.wait(for: "welcome") { $0["type"] as? String == "welcome" } }
        return clients
    }

    /// Waits until `client` has seen `count` chat events, or until none has arrived for `quiet`
    /// (progress, not a clock: a busy machine is slow, never a reason to fail).
    static func waitForChats(_ client: LiveRoomClient, count: Int, quiet: Duration = .seconds(30)) async throws {
        var seen = -1
        var lastProgress = ContinuousClock.now
        while ContinuousClock.now - lastProgress < quiet {
            let now = client.events.filter({ $0["kind"] as? String == "chat" }).count
            if now >= count { return }
            if now != seen { seen = now; lastProgress = .now }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits until the server has stored `count` chat events, or none more for `quiet`: a starved
    /// machine may still be working through a burst, and a listener should not give up before it has.
    static func waitForStored(_ host: Client, count: Int, quiet: Duration = .seconds(30)) async throws {
        var seen = -1
        var lastProgress = ContinuousClock.now
        while ContinuousClock.now - lastProgress < quiet {
            let now = try await RoomEvent.query(on: try host.database.db).filter(\.$kind == .chat).count()
            if now >= count { return }
            if now != seen { seen = now; lastProgress = .now }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Every event once, in increasing sequence order with no gap from the first one seen.
    static func checkOrdered(_ events: [[String: Any]], _ label: String) {
        let seqs = events.compactMap { $0["seq"] as? Int }
        #expect(seqs == seqs.sorted() && Set(seqs).count == seqs.count, "\(label): out of order or repeated")
        if let first = seqs.first, let last = seqs.last {
            #expect(seqs.count == last - first + 1, "\(label): \(last - first + 1 - seqs.count) events missing between \(first) and \(last)")
        }
    }

    @Test func thirtyPeopleTalkingAtOnceAllReceiveEverythingOnceInOrder() async throws {
        try await TestApp.run(configure: { $0.roomChatLimit = .max }, live: true) { host in
            let (_, meeting) = try await RoomTests.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            let clients = try await Self.seat(host, meeting: meeting, count: Self.people, prefix: "Talker")
            // No pacing: everyone sends everything at once.
            for (i, client) in clients.enumerated() {
                for n in 0..<Self.messagesEach { client.send(#"{"type":"chat","text":"\#(i)-\#(n)"}"#) }
            }
            let total = Self.people * Self.messagesEach
            try await Self.waitForStored(host, count: total)
            for client in clients { try await Self.waitForChats(client, count: total) }
            for (i, client) in clients.enumerated() {
                let chats = client.events.filter { $0["kind"] as? String == "chat" }
                #expect(chats.count == total, "participant \(i) received \(chats.count) of \(total)")
                #expect(Set(chats.compactMap { $0["text"] as? String }).count == total, "participant \(i): repeats")
                Self.checkOrdered(client.events, "participant \(i)")
                // Each sender's own messages keep the order they were sent in.
                let mine = chats.compactMap { $0["text"] as? String }.filter { $0.hasPrefix("\(i)-") }
                #expect(mine == (0..<Self.messagesEach).map { "\(i)-\($0)" })
            }
            let stored = try await RoomEvent.query(on: try host.database.db).filter(\.$kind == .chat).count()
            #expect(stored == total)
            for client in clients { await client.leave() }
        }
    }

    @Test func aConnectionThatDropsMidBurstResumesWithNothingLost() async throws {
        try await TestApp.run(configure: { $0.roomChatLimit = .max }, live: true) { host in
            let (_, meeting) = try await RoomTests.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            let talkers = try await Self.seat(host, meeting: meeting, count: 5, prefix: "Burst")
            let listener = host.another()
            try await listener.join("Listener\(Int.random(in: 100...999))")
            let first = LiveRoomClient(listener, meeting: meeting, name: "Listener")
            try await first.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            for (i, talker) in talkers.enumerated() {
                for n in 0..<40 { talker.send(#"{"type":"chat","text":"\#(i)-\#(n)"}"#) }
            }
            // Gone in the middle of it: after the first few have arrived.
            try await Self.waitForChats(first, count: 20)
            await first.leave()
            let lastSeen = first.events.compactMap { $0["seq"] as? Int }.max() ?? 0
            let before = Set(first.events.filter { $0["kind"] as? String == "chat" }.compactMap { $0["text"] as? String })
            try await Self.waitForStored(host, count: 200)
            let again = LiveRoomClient(listener, meeting: meeting, name: "Listener", since: lastSeen)
            try await Self.waitForChats(again, count: 200 - before.count)
            let after = again.events.filter { $0["kind"] as? String == "chat" }.compactMap { $0["text"] as? String }
            let stored = try await RoomEvent.query(on: try host.database.db).filter(\.$kind == .chat).count()
            #expect(before.count >= 20, "the drop came mid-burst (\(before.count) before it)")
            #expect(before.union(after).count == 200, "\(200 - before.union(after).count) messages lost (stored: \(stored))")
            #expect(before.intersection(after).isEmpty, "repeated after resuming")
            Self.checkOrdered(again.events, "resumed")
            await again.leave()
            for talker in talkers { await talker.leave() }
        }
    }

    @Test func anAppJoinsARoomWithItsAPITokenAndAWrongTokenIsTurnedAway() async throws {
        try await TestApp.run(live: true) { host in
            let (_, meeting) = try await RoomTests.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            let app = host.another()
            try await app.joinAPI("PhoneApp\(Int.random(in: 100...999))")
            let token = try #require(app.bearer)
            #expect(!app.hasSession, "no cookie: the token alone lets it in")
            let phone = LiveRoomClient(app, meeting: meeting, name: "From the app", headers: [.authorization: "Bearer \(token)"])
            try await phone.wait(for: "welcome") { $0["type"] as? String == "welcome" && $0["name"] as? String == "From the app" }
            let web = LiveRoomClient(host, meeting: meeting, name: "Host")
            try await web.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            phone.send(#"{"type":"chat","text":"hello from the app"}"#)
            try await web.wait(for: "the app's words", RoomTests.isEvent("chat") { $0["text"] as? String == "hello from the app" })
            // A wrong token: no room.
            let stranger = LiveRoomClient(host.another(), meeting: meeting, name: "Nobody", headers: [.authorization: "Bearer not-a-token"])
            #expect(try await stranger.ended())
            #expect(!stranger.messages.contains { $0["type"] as? String == "welcome" })
            await phone.leave()
            await web.leave()
        }
    }

    @Test func manyPeopleArrivingTogetherAllSeeEachOther() async throws {
        try await TestApp.run(configure: { $0.roomChatLimit = .max }, live: true) { host in
            let (_, meeting) = try await RoomTests.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            var members: [Client] = []
            for i in 0..<Self.people {
                let member = host.another()
                try await member.join("Arrive\(i)x\(Int.random(in: 100...999))")
                members.append(member)
            }
            // Everyone connects at the same moment.
            let clients = members.enumerated().map { i, member in LiveRoomClient(member, meeting: meeting, name: "Arrive\(i)") }
            var ids: [String] = []
            for client in clients {
                let welcome = try await client.wait(for: "welcome") { $0["type"] as? String == "welcome" }
                ids.append(try #require(welcome["participant"] as? String))
            }
            for (i, client) in clients.enumerated() {
                // Who was here on arrival, plus everyone who came after: all the others.
                var seen = Set<String>()
                for _ in 0..<1000 {
                    let welcome = client.messages.first { $0["type"] as? String == "welcome" }
                    seen = Set(((welcome?["people"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
                        .union(client.events.filter { $0["kind"] as? String == "joined" }.compactMap { $0["participant"] as? String })
                    if seen.isSuperset(of: ids) { break }
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(seen.isSuperset(of: ids), "participant \(i) missed \(Set(ids).subtracting(seen).count) arrivals")
                Self.checkOrdered(client.events, "arrival \(i)")
            }
            for client in clients { await client.leave() }
        }
    }
}
