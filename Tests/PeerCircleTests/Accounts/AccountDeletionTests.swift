import FluentKit
import Foundation
import Logging
import Testing
@testable import PeerCircle

@Suite struct AccountDeletionTests {
    @Test func deletingAnAccountErasesEverythingPrivateAndEndsSharing() async throws {
        try await TestApp.run { leaver in
            try await leaver.join("Leaver")
            let clock = try await leaver.makeClock(label: "Leaving clock")
            try await leaver.post("/clocks/\(clock)/reset", ["started_on": "2026-06-10", "note": "note"])
            try await leaver.post("/check-in", [("mood", "3"), ("craving", "1"), ("sober", "yes")])
            let friend = leaver.another()
            try await friend.join("Friend")
            try await leaver.post("/clocks/\(clock)/share", ["grantee": "Friend"])
            #expect(try await friend.get("/shared/clocks/\(clock)").status == .ok)

            let wrong = try await leaver.post("/settings/delete", ["delete_password": "not it"])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("id=\"delete_password-error\""))
            #expect(try await friend.get("/shared/clocks/\(clock)").status == .ok)

            // MUT
            let gone = try await leaver.post("/settings/delete", ["delete_password": "correct horse"])
            // validate
            #expect(gone.location == "/?done=deleted")
            #expect(!leaver.hasSession)
            #expect(try await leaver.get("/?done=deleted").text.contains("have been erased"))
            #expect(try await friend.get("/shared/clocks/\(clock)").status == .notFound)
            #expect(!(try await friend.get("/").text.contains("Leaving clock")))
            #expect(try await leaver.post("/login", ["pseudonym": "Leaver", "password": "correct horse"]).status == .unprocessableContent)
            // The pseudonym is free again.
            try await leaver.another().join("Leaver")
        }
    }

    @Test func noPrivateRowOutlivesTheAccount() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("erase-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await TestApp.run(configure: { $0.database = .sqlite(path: path) }) { client in
            try await client.joinAPI("Eraser")
            let id = try await client.api(.post, "/api/v1/clocks", json: ["kind": "alcohol", "started_on": "2026-06-01"]).json()["id"] as! String
            try await client.api(.post, "/api/v1/clocks/\(id)/reset", json: ["started_on": "2026-06-10"])
            try await client.api(.post, "/api/v1/check-ins", json: ["mood": 3, "craving": 1, "sober": "yes"])
            let other = client.another()
            let profile = try await other.becomeMentor("Keeper")
            try await client.api(.post, "/api/v1/grants", json: ["scope": "clocks", "grantee": "Keeper"])
            // Mentorship, messages, stage and plan are the leaver's too.
            let pair = try await client.ask(profile)
            try await other.api(.post, "/api/v1/mentorships/\(pair)/accept")
            try await client.api(.post, "/api/v1/mentorships/\(pair)/check-ins", json: ["feeling": 3])
            try await client.api(.post, "/api/v1/conversations", json: ["to": "Keeper", "body": "hello"])
            try await client.api(.put, "/api/v1/me/stage", json: ["stage": "patient"])
            try await client.api(.put, "/api/v1/me/recovery-plan", json: ["reasons": ["me"]])
            try await other.api(.post, "/api/v1/blocks", json: ["pseudonym": "Eraser"])
            let refused = try await client.api(.delete, "/api/v1/me", json: ["password": "wrong"])
            #expect(refused.errorField == "password")
            #expect(try await client.api(.delete, "/api/v1/me", json: ["password": "correct horse"]).status == .noContent)
            #expect(try await client.api(.get, "/api/v1/me").status == .unauthorized)
            #expect(try await other.api(.get, "/api/v1/me").status == .ok)
        }
        // Look straight at the tables: only the other member's rows remain.
        let database = try AppDatabase(url: .sqlite(path: path), logger: Logger(label: "test"))
        let counts = try await [
            User.query(on: database.db).count(), Session.query(on: database.db).count(),
            Clock.query(on: database.db).count(), ClockAttempt.query(on: database.db).count(),
            CheckIn.query(on: database.db).count(), SharingGrant.query(on: database.db).count(),
            StageEntry.query(on: database.db).count(), Mentorship.query(on: database.db).count(),
            PairCheckIn.query(on: database.db).count(), Conversation.query(on: database.db).count(),
            DirectMessage.query(on: database.db).count(), RecoveryPlan.query(on: database.db).count(),
            RecoveryPlanVersion.query(on: database.db).count(), Block.query(on: database.db).count(),
            MentorProfile.query(on: database.db).count(),
        ]
        await database.shutdown()
        // The other member keeps their two sessions (web and API) and their mentor profile.
        #expect(counts == [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    }

    @Test func deletingAClockAsksFirst() async throws {
        try await TestApp.run { browser in
            try await browser.join()
            let clock = try await browser.makeClock(label: "Temporary")
            let confirm = try await browser.get("/clocks/\(clock)/delete")
            #expect(confirm.text.contains("It cannot be undone."))
            #expect(try await browser.get("/clocks").text.contains("Temporary"))
            #expect(try await browser.post("/clocks/\(clock)/delete", [:]).location == "/clocks?done=clock-deleted")
            #expect(try await browser.get("/clocks/\(clock)").status == .notFound)
        }
    }
}
