import FluentKit
import HTTPTypes
import Foundation
import Testing
@testable import PeerCircle

/// Live rooms over real WebSockets on a live server.
// Three minutes: a hang still fails, but the whole suite in parallel on PostgreSQL (2 cores) can stretch one test past a minute.
@Suite(.timeLimit(.minutes(10))) struct RoomTests {
    /// A facilitator with a group and a meeting in it; returns the meeting's id.
    static func setUp(_ facilitator: Client) async throws -> (group: String, meeting: String) {
        let name = try await facilitator.join("Host\(Int.random(in: 1000...9999))")
        try await facilitator.grant(.facilitator, to: name)
        let group = try await facilitator.post("/groups", [("name", "Evening Circle"), ("pathway", "secular"), ("languages", "en")])
        let groupID = String(try #require(group.location?.dropFirst("/groups/".count).prefix(36)))
        try await facilitator.post("/groups/\(groupID)/meetings", [
            ("name", "Evening Circle Online"), ("days", "1"), ("start_time", "19:00"), ("time_zone", "UTC"),
            ("conference_url", "https://meet.example.org/circle")])
        let list = try await facilitator.api(.get, "/api/v1/meetings").jsonArray("meetings")
        let meeting = (try #require(list.first?["id"] as? String)).lowercased()
        return (groupID, meeting)
    }

    static func isEvent(_ kind: String, _ extra: @escaping ([String: Any]) -> Bool = { _ in true }) -> ([String: Any]) -> Bool {
        { $0["type"] as? String == "event" && $0["kind"] as? String == kind && extra($0) }
    }

    @Test func aClosedRoomRefusesEntryAndOnlyFacilitatorsOpenIt() async throws {
        try await TestApp.run(live: true) { host in
            let (_, meeting) = try await Self.setUp(host)
            let member = host.another()
            try await member.join("Early")
            let early = LiveRoomClient(member, meeting: meeting, name: "Early")
            try await early.wait(for: "refused closed") { $0["type"] as? String == "refused" && $0["code"] as? String == "closed" }
            #expect(try await early.ended())
            #expect(try await member.post("/meetings/\(meeting)/room/open", [:]).status == .notFound)
            #expect(try await host.post("/meetings/\(meeting)/room/open", [:]).location == "/meetings/\(meeting)/room")
            #expect(try await member.get("/meetings/\(meeting)/room").text.contains("The room is open."))
        }
    }

    @Test func messagesReachEveryoneInOrderAndMutedPeopleAreRefusedByTheServer() async throws {
        try await TestApp.run(live: true) { host in
            let (_, meeting) = try await Self.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            let alice = host.another(), bob = host.another()
            try await alice.join("Alice")
            try await bob.join("Bob")
            let facilitator = LiveRoomClient(host, meeting: meeting, name: "Facilitator")
            let a = LiveRoomClient(alice, meeting: meeting, name: "A.")
            let b = LiveRoomClient(bob, meeting: meeting, name: "B.")
            let welcome = try await a.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            let aID = try #require(welcome["participant"] as? String)
            #expect((welcome["rules"] as? [String])?.isEmpty == false)
            try await b.wait(for: "B welcome") { $0["type"] as? String == "welcome" }

            a.send(#"{"type":"chat","text":"Hello, I'm new"}"#)
            try await b.wait(for: "chat at B", Self.isEvent("chat") { $0["text"] as? String == "Hello, I'm new" && $0["name"] as? String == "A." })
            // The share queue: B then A raise; the facilitator gives A the floor with a timer.
            b.send(#"{"type":"raise"}"#)
            try await a.wait(for: "B's hand", Self.isEvent("hand_raised") { $0["name"] as? String == "B." })
            a.send(#"{"type":"raise"}"#)
            try await facilitator.wait(for: "A's hand", Self.isEvent("hand_raised") { $0["name"] as? String == "A." })
            let hands = facilitator.events.filter { $0["kind"] as? String == "hand_raised" }.compactMap { $0["name"] as? String }
            #expect(hands == ["B.", "A."])
            facilitator.send(#"{"type":"floor","participant":"\#(aID)","seconds":120}"#)
            try await b.wait(for: "floor", Self.isEvent("floor") { $0["target_name"] as? String == "A." && $0["seconds"] as? Int == 120 })
            b.send(#"{"type":"react","to":1}"#)
            try await a.wait(for: "thanks", Self.isEvent("reaction"))

            // Only facilitators facilitate.
            b.send(#"{"type":"mute","participant":"\#(aID)"}"#)
            try await b.wait(forCode: "not_facilitator")
            facilitator.send(#"{"type":"mute","participant":"\#(aID)"}"#)
            try await a.wait(for: "muted", Self.isEvent("muted"))
            a.send(#"{"type":"chat","text":"can you hear me"}"#)
            try await a.wait(forCode: "muted")
            try await Task.sleep(for: .milliseconds(200))
            #expect(!b.events.contains { $0["text"] as? String == "can you hear me" })

            // Everyone saw the same numbered history, without gaps or repeats.
            let seqs = b.events.compactMap { $0["seq"] as? Int }
            #expect(seqs == Array(Set(seqs)).sorted())
            for client in [facilitator, a, b] { await client.leave() }
        }
    }

    @Test func wordsTheScreenWorriesAboutAreAskedAboutFirstThenSentAndReviewed() async throws {
        try await TestApp.run(live: true) { host in
            let (_, meeting) = try await Self.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            let alice = host.another()
            try await alice.join("Alice")
            #expect(try await alice.get("/meetings/\(meeting)/room").text.contains("id=\"care\""))
            let facilitator = LiveRoomClient(host, meeting: meeting, name: "Facilitator")
            try await facilitator.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            let a = LiveRoomClient(alice, meeting: meeting, name: "A.")
            try await a.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            let words = "I won't be around much longer"
            a.send(#"{"type":"chat","text":"\#(words)"}"#)
            let care = try await a.wait(for: "the prompt") { $0["type"] as? String == "care" }
            #expect(care["text"] as? String == words && (care["message"] as? String)?.contains("really hard") == true)
            // Sending anyway always works; only then do others see it, and a moderator is asked to look in.
            a.send(#"{"type":"chat","text":"\#(words)","ack":true}"#)
            try await facilitator.wait(for: "the words", Self.isEvent("chat") { $0["text"] as? String == words })
            #expect(facilitator.events.filter { $0["text"] as? String == words }.count == 1)
            #expect(!facilitator.events.contains { $0["type"] as? String == "care" })
            // Said again while the first waits for a moderator: one review, not two.
            a.send(#"{"type":"chat","text":"\#(words)","ack":true}"#)
            try await facilitator.wait(for: "the words again") { _ in facilitator.events.filter { $0["text"] as? String == words }.count == 2 }
            // Recovery talk goes straight through.
            a.send(#"{"type":"chat","text":"I'm dying to see my kids this weekend"}"#)
            try await facilitator.wait(for: "recovery talk", Self.isEvent("chat") { ($0["text"] as? String)?.hasPrefix("I'm dying") == true })
            let reviews = try await CrisisReview.query(on: host.database.db).all()
            #expect(reviews.map(\.source) == [.room] && reviews[0].excerpt == words)
            for client in [facilitator, a] { await client.leave() }
        }
    }

    @Test func aClientThatReconnectsGetsExactlyWhatItMissed() async throws {
        try await TestApp.run(live: true) { host in
            let (_, meeting) = try await Self.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            let member = host.another()
            try await member.join("Dropper")
            let first = LiveRoomClient(member, meeting: meeting, name: "Dropper")
            let welcome = try await first.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            let lastSeen = try #require(welcome["seq"] as? Int)
            await first.leave()

            let speaker = LiveRoomClient(host, meeting: meeting, name: "Host")
            speaker.send(#"{"type":"chat","text":"missed one"}"#)
            speaker.send(#"{"type":"chat","text":"missed two"}"#)
            try await speaker.wait(for: "second", Self.isEvent("chat") { $0["text"] as? String == "missed two" })

            let again = LiveRoomClient(member, meeting: meeting, name: "Dropper", since: lastSeen)
            try await again.wait(for: "missed two", Self.isEvent("chat") { $0["text"] as? String == "missed two" })
            let texts = again.events.compactMap { $0["text"] as? String }
            #expect(texts == ["missed one", "missed two"])
            let seqs = again.events.compactMap { $0["seq"] as? Int }
            #expect(seqs.allSatisfy { $0 > lastSeen })
            #expect(seqs == Array(Set(seqs)).sorted())
            await again.leave()
            await speaker.leave()
        }
    }

    @Test func newcomersSeeWhoIsHereAndTheQueueButNotWhatWasSharedBefore() async throws {
        try await TestApp.run(live: true) { host in
            let (_, meeting) = try await Self.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            let f = LiveRoomClient(host, meeting: meeting, name: "Host")
            let hostID = try #require(try await f.wait(for: "welcome") { $0["type"] as? String == "welcome" }["participant"] as? String)
            f.send(#"{"type":"chat","text":"something personal"}"#)
            f.send(#"{"type":"raise"}"#)
            try await f.wait(for: "own hand", Self.isEvent("hand_raised"))
            let member = host.another()
            try await member.join("Newcomer")
            let n = LiveRoomClient(member, meeting: meeting, name: "New")
            let welcome = try await n.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            #expect(welcome["queue"] as? [String] == [hostID])
            #expect((welcome["people"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.contains("Host") == true)
            f.send(#"{"type":"chat","text":"after you came"}"#)
            try await n.wait(for: "new chat", Self.isEvent("chat") { $0["text"] as? String == "after you came" })
            #expect(!n.events.contains { $0["text"] as? String == "something personal" })
            // Leaving takes you out of the queue, for everyone.
            await f.leave()
            try await n.wait(for: "host left", Self.isEvent("left") { $0["participant"] as? String == hostID })
            await n.leave()
        }
    }

    @Test func anotherSitesPageCannotOpenARoomConnection() async throws {
        try await TestApp.run(live: true) { host in
            let (_, meeting) = try await Self.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            await #expect(throws: (any Error).self) {
                try await host.ws("/rooms/\(meeting)/live", headers: [.origin: "https://evil.example"]) { _, outbound, _ in
                    try await outbound.write(.text(#"{"name":"x"}"#))
                }
            }
            // Without a session there is no connection either.
            await #expect(throws: (any Error).self) {
                try await host.another().ws("/rooms/\(meeting)/live") { _, _, _ in }
            }
        }
    }

    @Test func manyPeopleArrivingAtOnceAllGetInWithDistinctNumbers() async throws {
        try await TestApp.run(live: true) { host in
            let (_, meeting) = try await Self.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            // The host is in the room first: a newcomer gets no backlog, whatever `since` it sends.
            let first = LiveRoomClient(host, meeting: meeting, name: "Host")
            let welcome = try await first.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            let joinedAt = welcome["seq"] as? Int ?? 0
            var people: [Client] = []
            for index in 0..<20 {
                let person = host.another()
                try await person.join("Arrival\(index)")
                people.append(person)
            }
            let clients = people.enumerated().map { LiveRoomClient($0.element, meeting: meeting, name: "P\($0.offset)") }
            for client in clients { try await client.wait(for: "welcome") { $0["type"] as? String == "welcome" } }
            // The same participant, on a second connection, resuming from its own arrival reads every
            // arrival from the store.
            let observer = LiveRoomClient(host, meeting: meeting, name: "Host", since: joinedAt)
            try await observer.wait(for: "all arrivals") { _ in observer.events.filter { $0["kind"] as? String == "joined" }.count >= 20 }
            let seqs = observer.events.compactMap { $0["seq"] as? Int }
            #expect(Set(seqs).count == seqs.count)
            for client in clients { await client.leave() }
            await observer.leave()
            await first.leave()
        }
    }

    @Test func aNewcomerAskingForTheBacklogGetsOnlyWhatFollowsTheirArrival() async throws {
        try await TestApp.run(live: true) { host in
            let (_, meeting) = try await Self.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            let early = LiveRoomClient(host, meeting: meeting, name: "Host")
            try await early.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            early.send(#"{"type":"chat","text":"words said before anyone new came"}"#)
            try await early.wait(for: "own chat") { $0["kind"] as? String == "chat" }
            let newcomer = host.another()
            try await newcomer.join("Newcomer Reader")
            let late = LiveRoomClient(newcomer, meeting: meeting, name: "Late", since: 1)
            try await late.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            early.send(#"{"type":"chat","text":"words after they came"}"#)
            try await late.wait(for: "later chat") { $0["text"] as? String == "words after they came" }
            #expect(!late.messages.contains { $0["text"] as? String == "words said before anyone new came" })
            await late.leave()
            await early.leave()
        }
    }

    @Test func removedAndBlockedPeopleAreDisconnectedAndKeptOut() async throws {
        try await TestApp.run(live: true) { host in
            let (_, meeting) = try await Self.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            let troll = host.another()
            try await troll.join("Troll")
            let t = LiveRoomClient(troll, meeting: meeting, name: "T")
            let id = try #require(try await t.wait(for: "welcome") { $0["type"] as? String == "welcome" }["participant"] as? String)
            let f = LiveRoomClient(host, meeting: meeting, name: "Host")
            try await f.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            f.send(#"{"type":"remove","participant":"\#(id)","block":true}"#)
            #expect(try await t.ended())
            let back = LiveRoomClient(troll, meeting: meeting, name: "T again")
            try await back.wait(forCode: "removed")
            await back.leave()

            // Locking keeps newcomers out.
            f.send(#"{"type":"lock"}"#)
            try await f.wait(for: "locked", Self.isEvent("locked"))
            let late = host.another()
            try await late.join("Late")
            let l = LiveRoomClient(late, meeting: meeting, name: "Late")
            let refusal = try await l.wait(forCode: "locked")
            #expect(refusal["type"] as? String == "refused")
            // Closing ends everyone's connection.
            f.send(#"{"type":"close"}"#)
            #expect(try await f.ended())
            #expect(try await late.get("/meetings/\(meeting)/room").text.contains("The room is closed."))
        }
    }

    @Test func membersOnlyRoomsAdmitTheGroupsMembersOnly() async throws {
        try await TestApp.run(live: true) { host in
            let (group, meeting) = try await Self.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", ["members_only": "yes"])
            let outsider = host.another()
            try await outsider.join("Outside")
            let o = LiveRoomClient(outsider, meeting: meeting, name: "O")
            try await o.wait(forCode: "members_only")
            let member = host.another()
            try await member.join("Inside")
            try await member.post("/groups/\(group)/join", [:])
            let m = LiveRoomClient(member, meeting: meeting, name: "I")
            try await m.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            await m.leave()
        }
    }

    @Test func closedRoomsForgetWhatWasSaidAfterTheRetentionPeriod() async throws {
        let clock = ManualClock(instant("2026-06-15T19:00:00Z"))
        try await TestApp.run(now: clock, live: true) { host in
            let (_, meeting) = try await Self.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            let f = LiveRoomClient(host, meeting: meeting, name: "Host")
            f.send(#"{"type":"chat","text":"to be forgotten"}"#)
            try await f.wait(for: "chat", Self.isEvent("chat"))
            await f.leave()
            try await host.post("/meetings/\(meeting)/room/close", [:])
            #expect(try await RoomEvent.query(on: host.database.db).count() > 0)
            clock.advance(seconds: 25 * 3600)
            // Opening again (or the next sweep) clears what the last session said.
            try await host.post("/meetings/\(meeting)/room/open", [:])
            let texts = try await RoomEvent.query(on: host.database.db).all().compactMap(\.text)
            #expect(!texts.contains("to be forgotten"))
        }
    }
}
