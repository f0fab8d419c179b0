import Foundation
import Testing
@testable import PeerCircle

/// A second member sees nothing of the first's private data — on the web and through the API —
/// until it is shared, then exactly the shared item, and nothing again once revoked.
@Suite struct AuthorizationTests {
    @Test func anotherMemberGets404ForClocksCheckInsAndHistoryOnWebAndAPI() async throws {
        try await TestApp.run { owner in
            try await owner.join("Owner")
            owner.bearer = try await owner.api(.post, "/api/v1/sessions", json: ["pseudonym": "Owner", "password": "correct horse"]).json()["token"] as? String
            let clock = try await owner.makeClock(label: "Private clock")
            let checkIn = try await owner.api(.post, "/api/v1/check-ins", json: ["mood": 2, "craving": 8, "sober": "no", "note": "secret note"])
            let checkInID = try checkIn.json()["id"] as! String

            let stranger = owner.another()
            try await stranger.join("Stranger")
            for path in ["/clocks/\(clock)", "/clocks/\(clock)/edit", "/clocks/\(clock)/reset", "/clocks/\(clock)/share",
                         "/shared/clocks/\(clock)"] {
                let reply = try await stranger.get(path)
                #expect(reply.status == .notFound, "GET \(path)")
                #expect(!reply.text.contains("Private clock"))
            }
            for path in ["/clocks/\(clock)/edit", "/clocks/\(clock)/reset", "/clocks/\(clock)/delete", "/clocks/\(clock)/share"] {
                let reply = try await stranger.post(path, ["kind": "alcohol", "started_on": "2026-06-10", "currency": "USD", "grantee": "Stranger"])
                #expect(reply.status == .notFound, "POST \(path)")
            }
            // Their own history shows none of the owner's check-ins.
            #expect(!(try await stranger.get("/check-ins").text.contains("secret note")))

            try await stranger.joinAPI()
            #expect(try await stranger.api(.get, "/api/v1/clocks/\(clock)").status == .notFound)
            #expect(try await stranger.api(.patch, "/api/v1/clocks/\(clock)", json: ["label": "mine"]).status == .notFound)
            #expect(try await stranger.api(.post, "/api/v1/clocks/\(clock)/reset", json: ["started_on": "2026-06-14"]).status == .notFound)
            #expect(try await stranger.api(.delete, "/api/v1/clocks/\(clock)").status == .notFound)
            #expect(try await stranger.api(.get, "/api/v1/check-ins/\(checkInID)").status == .notFound)
            #expect(try await stranger.api(.put, "/api/v1/check-ins/\(checkInID)", json: ["mood": 5, "craving": 0, "sober": "yes"]).status == .notFound)
            #expect(try await stranger.api(.get, "/api/v1/check-ins").jsonArray("items").isEmpty)
            #expect(try await stranger.api(.get, "/api/v1/clocks").text == "[]")

            // The owner's data is untouched.
            #expect(try await owner.api(.get, "/api/v1/check-ins/\(checkInID)").json()["mood"] as? Int == 2)
            #expect(try await owner.get("/clocks/\(clock)").text.contains("Private clock"))
        }
    }

    @Test func sharingOneClockShowsExactlyThatClockUntilRevoked() async throws {
        try await TestApp.run { owner in
            try await owner.join("Sharer")
            let shared = try await owner.makeClock(label: "Shared clock", startedOn: "2026-06-01")
            let hidden = try await owner.makeClock(label: "Hidden clock", startedOn: "2026-05-01")
            try await owner.post("/clocks/\(shared)/reset", ["started_on": "2026-06-05", "note": "owner-only note"])
            let sponsor = owner.another()
            try await sponsor.join("Sponsor")

            // MUT: share one clock.
            let share = try await owner.post("/clocks/\(shared)/share", ["grantee": "sponsor", "purpose": "So my sponsor can cheer me on"])
            #expect(share.location == "/sharing?done=shared")

            // validate: the sponsor sees it on their page, and only it.
            let home = try await sponsor.get("/")
            #expect(home.text.contains("Shared clock"))
            #expect(!home.text.contains("Hidden clock"))
            let page = try await sponsor.get("/shared/clocks/\(shared)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Sharer shared this clock with you"))
            #expect(!page.text.contains("owner-only note"))
            #expect(try await sponsor.get("/clocks/\(shared)").location == "/shared/clocks/\(shared)")
            #expect(try await sponsor.get("/shared/clocks/\(hidden)").status == .notFound)
            // Seeing is not editing.
            #expect(try await sponsor.post("/clocks/\(shared)/reset", ["started_on": "2026-06-15"]).status == .notFound)
            try await sponsor.joinAPI()
            // (a separate API identity has no grant)
            #expect(try await sponsor.api(.get, "/api/v1/clocks/\(shared)").status == .notFound)

            // Revoke: hidden again at once.
            let sharing = try await owner.get("/sharing")
            #expect(sharing.text.contains("So my sponsor can cheer me on"))
            let grantID = try #require(sharing.text.firstMatch(of: /\/sharing\/([0-9a-f-]{36})\/revoke/)?.1)
            #expect(try await owner.post("/sharing/\(grantID)/revoke", [:]).location == "/sharing?done=revoked")
            #expect(try await sponsor.get("/shared/clocks/\(shared)").status == .notFound)
            #expect(!(try await sponsor.get("/").text.contains("Shared clock")))
        }
    }

    @Test func grantsWorkThroughTheAPIAndExpire() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { owner in
            try await owner.joinAPI("ApiOwner")
            let a = try await owner.api(.post, "/api/v1/clocks", json: ["kind": "alcohol", "started_on": "2026-06-01"]).json()["id"] as! String
            let b = try await owner.api(.post, "/api/v1/clocks", json: ["kind": "gambling", "started_on": "2026-06-02"]).json()["id"] as! String
            let friend = owner.another()
            try await friend.joinAPI("ApiFriend")

            let grant = try await owner.api(.post, "/api/v1/grants", json: ["scope": "clock", "item_id": a, "grantee": "apifriend", "expires_on": "2026-06-16"])
            #expect(grant.status == .created)
            #expect(try grant.json()["purpose"] as? String == SharingService.defaultPurpose)
            #expect(try await friend.api(.get, "/api/v1/clocks/\(a)").json()["owner"] as? String == "ApiOwner")
            #expect(try await friend.api(.get, "/api/v1/clocks/\(b)").status == .notFound)
            let list = try await friend.api(.get, "/api/v1/shared/clocks")
            #expect(try JSONSerialization.jsonObject(with: Data(list.text.utf8)) as? [Any] != nil)
            #expect(list.text.contains(a) && !list.text.contains(b))
            #expect(try await friend.api(.get, "/api/v1/grants").jsonArray("received").count == 1)
            // The grantee cannot revoke the owner's grant.
            let grantID = try grant.json()["id"] as! String
            #expect(try await friend.api(.delete, "/api/v1/grants/\(grantID)").status == .notFound)

            // It expires at the end of 16 June in the owner's calendar.
            clock.set(instant("2026-06-16T23:59:00Z"))
            #expect(try await friend.api(.get, "/api/v1/clocks/\(a)").status == .ok)
            clock.set(instant("2026-06-17T00:00:01Z"))
            #expect(try await friend.api(.get, "/api/v1/clocks/\(a)").status == .notFound)
        }
    }

    @Test func badGrantsAreRefused() async throws {
        try await TestApp.run { owner in
            try await owner.joinAPI("Giver")
            let id = try await owner.api(.post, "/api/v1/clocks", json: ["kind": "alcohol", "started_on": "2026-06-01"]).json()["id"] as! String
            let nobody = try await owner.api(.post, "/api/v1/grants", json: ["scope": "clock", "item_id": id, "grantee": "nobody-here"])
            #expect(nobody.status == .unprocessableContent)
            #expect(nobody.errorField == "grantee")
            let me = try await owner.api(.post, "/api/v1/grants", json: ["scope": "clock", "item_id": id, "grantee": "giver"])
            #expect(me.errorField == "grantee")
            let scope = try await owner.api(.post, "/api/v1/grants", json: ["scope": "everything", "grantee": "giver"])
            #expect(scope.errorField == "scope")
            let past = try await owner.api(.post, "/api/v1/grants", json: ["scope": "clocks", "grantee": "x", "expires_on": "2020-01-01"])
            #expect(past.errorField == "expires_on")
            let other = owner.another()
            try await other.joinAPI("OtherOne")
            let notMine = try await other.api(.post, "/api/v1/grants", json: ["scope": "clock", "item_id": id, "grantee": "giver"])
            #expect(notMine.status == .notFound)
            #expect(try await owner.api(.get, "/api/v1/grants").jsonArray("given").isEmpty)
        }
    }

    @Test func everyMemberRouteNeedsAuthentication() async throws {
        try await TestApp.run { visitor in
            for path in ["/clocks", "/clocks/new", "/check-in", "/check-ins", "/sharing", "/settings"] {
                #expect(try await visitor.get(path).status == .seeOther, "GET \(path)")
            }
            for path in ["/api/v1/me", "/api/v1/clocks", "/api/v1/check-ins", "/api/v1/grants", "/api/v1/shared/clocks"] {
                let reply = try await visitor.api(.get, path)
                #expect(reply.status == .unauthorized, "GET \(path)")
                #expect(reply.errorCode == "unauthenticated")
            }
            visitor.bearer = "made-up-token"
            #expect(try await visitor.api(.get, "/api/v1/me").status == .unauthorized)
        }
    }
}
