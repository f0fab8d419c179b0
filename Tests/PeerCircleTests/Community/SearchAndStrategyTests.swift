import FluentKit
import Foundation
import Testing
@testable import PeerCircle

@Suite struct SearchAndStrategyTests {
    @Test func searchFindsOnlyWhatTheViewerMaySee() async throws {
        try await TestApp.run { reader in
            try await reader.joinBoth("Searcher")
            let kind = reader.another()
            try await kind.joinBoth("KindOne")
            let rude = reader.another()
            try await rude.joinBoth("RudeOne")
            let noisy = reader.another()
            try await noisy.joinBoth("NoisyOne")
            _ = try await kind.startThread("Evening walks help", body: "A long walk after dinner eases cravings")
            _ = try await rude.startThread("Walks are pointless", body: "cravings win anyway")
            let (noisyThread, _) = try await noisy.startThread("My walking playlist", body: "songs for cravings")
            let (_, removed) = try await kind.startThread("Old walk post", body: "cravings and walks, deleted later")
            _ = try await kind.api(.delete, "/api/v1/forum/posts/\(removed)")
            _ = try await kind.api(.post, "/api/v1/strategies", json: ["title": "Urge surfing", "body": "Notice the craving rise and fall like a wave", "situations": ["craving"]])
            // Stemmed ("cravings" finds "craving"), over posts and strategies, never the deleted post.
            #expect(Set(try await reader.search("cravings")) == ["Evening walks help", "Walks are pointless", "My walking playlist",
                                                                 "Coping strategy: Urge surfing"])

            _ = try await reader.api(.post, "/api/v1/blocks", json: ["pseudonym": "RudeOne"])
            let noisyID = try await noisy.api(.get, "/api/v1/me").json()["id"] as! String
            #expect(try await reader.post("/community/mute/\(noisyID.lowercased())", [:]).location == "/community/settings?done=muted")
            #expect(Set(try await reader.search("cravings")) == ["Evening walks help", "Coping strategy: Urge surfing"])
            #expect(try await reader.api(.get, "/api/v1/forum/threads/\(noisyThread)").status == .notFound)
            // A block is between two people: everyone else's results are unchanged.
            #expect(try await rude.search("cravings").contains("Evening walks help"))
            #expect(try await kind.search("cravings").contains("Walks are pointless"))
            // Nonsense and operators are just words.
            #expect(try await reader.search("\"* OR NEAR(").isEmpty)
            #expect(try await reader.api(.get, "/api/v1/search?q=").jsonList().isEmpty)
            #expect(try await reader.get("/search?q=walk").text.contains("Evening walks help"))
        }
    }

    @Test func blockingHidesPostsBothWays() async throws {
        try await TestApp.run { a in
            try await a.joinBoth("Blocker")
            let b = a.another()
            try await b.joinBoth("Blocked")
            let (mine, _) = try await a.startThread("Blocker's thread")
            let (theirs, _) = try await b.startThread("Blocked's thread")
            _ = try await a.api(.post, "/api/v1/blocks", json: ["pseudonym": "Blocked"])
            #expect(try await a.api(.get, "/api/v1/forum/threads/\(theirs)").status == .notFound)
            #expect(try await b.api(.get, "/api/v1/forum/threads/\(mine)").status == .notFound)
            #expect(try await b.api(.post, "/api/v1/forum/threads/\(mine)/replies", json: ["body": "hey"]).status == .notFound)
        }
    }

    @Test func strategiesSortByRecentHelpAndSaveIntoThePlan() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { author in
            try await author.joinBoth("Sharer")
            let old = try await author.api(.post, "/api/v1/strategies", json: ["title": "Cold water", "body": "Splash your face", "situations": ["craving", "anger"]]).json()["id"] as! String
            let members = try await (1...3).asyncMap { n -> Client in
                let c = author.another()
                try await c.joinBoth("Helper\(n)")
                return c
            }
            for m in members { _ = try await m.api(.post, "/api/v1/strategies/\(old)/helped") }
            clock.advance(seconds: 100 * 86_400)
            try await author.logInAgain("Sharer")
            for (n, m) in members.enumerated() { try await m.logInAgain("Helper\(n + 1)") }
            let fresh = try await author.api(.post, "/api/v1/strategies", json: ["title": "Call someone", "body": "Anyone", "situations": ["loneliness", "craving"]]).json()["id"] as! String
            _ = try await members[0].api(.post, "/api/v1/strategies/\(fresh)/helped")
            // Help from 100 days ago no longer counts as recent.
            let list = try await members[0].api(.get, "/api/v1/strategies?situation=craving").jsonList()
            #expect(list.map { $0["title"] as? String } == ["Call someone", "Cold water"])
            #expect(list[0]["helped_recently"] as? Int == 1 && list[0]["helped_me"] as? Bool == true)
            #expect(!(try await members[1].get("/strategies").text.contains("Helper1")))
            #expect(try await members[0].api(.get, "/api/v1/strategies?situation=anger").jsonList().count == 1)

            // Moderators feature one; it goes first.
            let moderator = author.another()
            try await moderator.joinBoth("Curator")
            try await moderator.grant(.moderator, to: "Curator")
            #expect(try await members[0].post("/strategies/\(old.lowercased())/feature?on=1", [:]).status == .notFound)
            #expect(try await moderator.post("/strategies/\(old.lowercased())/feature?on=1", [:]).status == .seeOther)
            #expect(try await members[0].api(.get, "/api/v1/strategies").jsonList().first?["title"] as? String == "Cold water")
            #expect(try await ModerationAction.query(on: author.database.db).filter(\.$kind == .feature).count() == 1)

            // Saving puts it under the situation in the member's plan.
            #expect(try await members[1].api(.post, "/api/v1/strategies/\(fresh)/save", json: ["situation": "loneliness"]).status == .noContent)
            #expect(try await members[1].post("/strategies/\(old.lowercased())/save?situation=craving", [:]).status == .seeOther)
            let plan = try await members[1].api(.get, "/api/v1/me/recovery-plan").json()["plan"] as! [String: Any]
            let triggers = plan["triggers"] as! [[String: Any]]
            #expect(triggers.map { $0["trigger"] as? String } == ["Loneliness", "Craving"])
            #expect(triggers[1]["coping"] as? [String] == ["Cold water"])

            let bad = try await author.api(.post, "/api/v1/strategies", json: ["title": "x", "body": "", "situations": ["never"]])
            let fields = try (bad.json()["error"] as! [String: Any])["fields"] as! [[String: Any]]
            #expect(Set(fields.map { $0["field"] as! String }) == ["title", "body", "situations"])
            let form = try await author.post("/strategies/new", [("title", "Breathe"), ("body", ""), ("situations", "stress")])
            #expect(form.status == .unprocessableContent && form.text.contains("Breathe"))
        }
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
