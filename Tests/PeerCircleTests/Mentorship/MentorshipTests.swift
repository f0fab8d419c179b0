import Foundation
import Testing
@testable import PeerCircle

/// Matching against stored profiles, the request lifecycle, refusals, and the pair's shared space.
@Suite struct MentorshipTests {
    @Test func matchingLeavesOutPausedFullBlockedAndAlreadyAskedMentors() async throws {
        try await TestApp.run { seeker in
            let ana = try await seeker.another().becomeMentor("Ana")
            let paused = seeker.another()
            _ = try await paused.becomeMentor("Pausing", ["paused": true])
            let full = seeker.another()
            let fullProfile = try await full.becomeMentor("Full", ["capacity": 1])
            let blocker = seeker.another()
            _ = try await blocker.becomeMentor("Blocker")
            _ = try await seeker.another().becomeMentor("Gambling", ["experiences": ["gambling"], "pathways": ["twelve_step"]])
            let other = seeker.another()
            try await other.joinBoth("OtherMentee")
            let fullPair = try await other.ask(fullProfile)
            #expect(try await full.api(.post, "/api/v1/mentorships/\(fullPair)/accept").status == .ok)

            try await seeker.joinBoth("Seeker")
            #expect(try await blocker.api(.post, "/api/v1/blocks", json: ["pseudonym": "Seeker"]).status == .created)
            let names = try await seeker.matches()
            #expect(names == ["Ana", "Gambling"])
            // Someone already asked is not suggested again.
            _ = try await seeker.ask(ana)
            #expect(try await seeker.matches() == ["Gambling"])
            // The blocker's profile is hidden from the blocked member everywhere.
            #expect(try await seeker.get("/mentors").status == .ok)
            let blockerProfile = try await blocker.api(.get, "/api/v1/me/mentor-profile").json()["id"] as! String
            #expect(try await seeker.get("/mentors/\(blockerProfile)").status == .notFound)
            #expect(try await seeker.api(.get, "/api/v1/mentors/\(blockerProfile)").status == .notFound)
            #expect(try await seeker.api(.post, "/api/v1/mentorships", json: ["profile_id": blockerProfile]).status == .notFound)
        }
    }

    @Test func badRequestsAreRefusedClearlyAndStoreNothing() async throws {
        try await TestApp.run { mentor in
            let profile = try await mentor.becomeMentor("Mentor", ["capacity": 1])
            let seeker = mentor.another()
            try await seeker.joinBoth("Seeker")

            // To oneself.
            let own = try await mentor.api(.post, "/api/v1/mentorships", json: ["profile_id": profile])
            #expect(own.status == .unprocessableContent && own.errorField == "mentor")
            // Oversized message, on the API and the web form (re-rendered with the text and the reason).
            let long = String(repeating: "a", count: 1001)
            let big = try await seeker.api(.post, "/api/v1/mentorships", json: ["profile_id": profile, "message": long])
            #expect(big.status == .unprocessableContent && big.errorField == "message")
            let form = try await seeker.post("/mentors/\(profile)/request", ["message": long])
            #expect(form.status == .unprocessableContent && form.text.contains("Use at most 1000 characters") && form.text.contains(long))
            // Malformed body names the field.
            let typo = try await seeker.api(.post, "/api/v1/mentorships", json: ["profile_id": 42])
            #expect(typo.status == .unprocessableContent && typo.errorField == "profile_id")
            #expect(try await seeker.api(.get, "/api/v1/mentorships").jsonList().isEmpty)

            // Duplicate.
            let first = try await seeker.ask(profile)
            let again = try await seeker.api(.post, "/api/v1/mentorships", json: ["profile_id": profile])
            #expect(again.status == .conflict && again.errorCode == "duplicate_request")
            // Full once accepted; paused refuses too.
            #expect(try await mentor.api(.post, "/api/v1/mentorships/\(first)/accept").status == .ok)
            let third = mentor.another()
            try await third.joinBoth("Third")
            #expect(try await third.api(.post, "/api/v1/mentorships", json: ["profile_id": profile]).errorCode == "mentor_full")
            try await mentor.api(.put, "/api/v1/me/mentor-profile", json: [
                "experiences": [], "pathways": ["smart_recovery"], "languages": ["en"], "time_zone": "UTC", "capacity": 3, "paused": true])
            #expect(try await third.api(.post, "/api/v1/mentorships", json: ["profile_id": profile]).errorCode == "mentor_paused")
            #expect(try await third.api(.get, "/api/v1/mentorships").jsonList().isEmpty)
            // A profile with bad values names each field and changes nothing.
            let bad = try await mentor.api(.put, "/api/v1/me/mentor-profile", json: [
                "pathways": [], "languages": ["xx"], "time_zone": "Mars/Base", "capacity": 0, "availability": ["someday"]])
            #expect(bad.status == .unprocessableContent)
            let fields = try (bad.json()["error"] as! [String: Any])["fields"] as! [[String: Any]]
            #expect(Set(fields.map { $0["field"] as! String }) == ["pathways", "languages", "time_zone", "capacity", "availability"])
            #expect(try await mentor.api(.get, "/api/v1/me/mentor-profile").json()["paused"] as? Bool == true)
            // Only mentors publish.
            #expect(try await third.api(.put, "/api/v1/me/mentor-profile", json: ["pathways": ["smart_recovery"]]).status == .notFound)
        }
    }

    @Test func aRequestIsAcceptedOrDeclinedAndEitherSideCanEndItWithoutLosingData() async throws {
        try await TestApp.run { mentor in
            let profile = try await mentor.becomeMentor("Guide")
            let seeker = mentor.another()
            try await seeker.joinBoth("Learner")
            let id = try await seeker.ask(profile, message: "I'm 20 days in and scared of weekends.")

            // The mentor sees the request with the message; the web answers it.
            #expect(try await mentor.get("/mentorships").text.contains("scared of weekends"))
            #expect(try await mentor.post("/mentorships/\(id)/answer?answer=accept", [:]).location == "/mentorships/\(id.lowercased())?done=accepted")
            #expect(try await seeker.api(.get, "/api/v1/mentorships/\(id)").json()["status"] as? String == "active")
            // The mentee cannot answer their own request, or accept twice.
            #expect(try await seeker.api(.post, "/api/v1/mentorships/\(id)/accept").status == .notFound)

            // Messages in the pair space.
            #expect(try await seeker.post("/mentorships/\(id)/messages", ["body": "Thank you for saying yes"]).status == .seeOther)
            #expect(try await mentor.get("/mentorships/\(id)").text.contains("Thank you for saying yes"))

            // Ending keeps the other's messages and check-ins.
            _ = try await seeker.api(.post, "/api/v1/mentorships/\(id)/check-ins", json: ["feeling": 4, "note": "ok day"])
            let ended = try await mentor.api(.post, "/api/v1/mentorships/\(id)/end", json: ["note": "Moving away; wishing you well"])
            #expect(try ended.json()["status"] as? String == "ended")
            let page = try await seeker.get("/mentorships/\(id)")
            #expect(page.text.contains("Thank you for saying yes") && page.text.contains("ok day") && page.text.contains("Moving away"))
            #expect(try await seeker.api(.post, "/api/v1/mentorships/\(id)/check-ins", json: ["feeling": 3]).errorCode == "not_active")

            // A decline is kind, and that mentor is not suggested again.
            let next = mentor.another()
            let other = try await next.becomeMentor("Second")
            let asked = try await seeker.ask(other)
            #expect(try await next.api(.post, "/api/v1/mentorships/\(asked)/decline").json()["status"] as? String == "declined")
            #expect(try await seeker.get("/mentorships").text.contains("It isn't about you"))
            #expect(!(try await seeker.matches().contains("Second")))
            // A withdrawn request can be made again later.
            let third = try await mentor.another().becomeMentor("Third")
            let pending = try await seeker.ask(third)
            #expect(try await seeker.api(.post, "/api/v1/mentorships/\(pending)/withdraw").json()["status"] as? String == "withdrawn")
            #expect(try await seeker.matches().contains("Third"))
        }
    }

    @Test func whatTheMenteeSharesAppearsInThePairSpaceAndGoesWhenRevoked() async throws {
        try await TestApp.run { mentor in
            let profile = try await mentor.becomeMentor("Sponsor")
            let mentee = mentor.another()
            try await mentee.joinBoth("Sponsee")
            _ = try await mentee.makeClock(label: "Alcohol-free", startedOn: "2026-05-01")
            _ = try await mentee.api(.post, "/api/v1/check-ins", json: ["mood": 2, "craving": 7, "sober": "yes", "note": "private note"])
            let id = try await mentee.ask(profile)
            _ = try await mentor.api(.post, "/api/v1/mentorships/\(id)/accept")

            var page = try await mentor.get("/mentorships/\(id)")
            #expect(page.text.contains("Nothing yet") && !page.text.contains("Alcohol-free") && !page.text.contains("craving 7"))

            #expect(try await mentee.post("/mentorships/\(id)/share?scope=clocks", [:]).status == .seeOther)
            #expect(try await mentee.post("/mentorships/\(id)/share?scope=check_ins", [:]).status == .seeOther)
            page = try await mentor.get("/mentorships/\(id)")
            #expect(page.text.contains("Alcohol-free: 45 days") && page.text.contains("craving 7/10"))
            // The mentor cannot share on the mentee's behalf.
            #expect(try await mentor.post("/mentorships/\(id)/share?scope=clocks", [:]).status == .notFound)

            let grants = try await mentee.api(.get, "/api/v1/grants").jsonArray("given")
            for grant in grants { _ = try await mentee.api(.delete, "/api/v1/grants/\(grant["id"] as! String)") }
            page = try await mentor.get("/mentorships/\(id)")
            #expect(!page.text.contains("Alcohol-free") && !page.text.contains("craving 7"))
        }
    }

    @Test func stageIsPrivateOptionalAndKeepsItsHistory() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { member in
            try await member.joinBoth("Stager")
            #expect(try await member.api(.get, "/api/v1/me/stage").json()["stage"] == nil)
            #expect(try await member.api(.put, "/api/v1/me/stage", json: ["stage": "patient"]).status == .noContent)
            #expect(try await member.post("/my/stage", ["stage": "client"]).status == .seeOther)
            #expect(try await member.api(.put, "/api/v1/me/stage", json: ["stage": "expert"]).errorField == "stage")
            let stage = try await member.api(.get, "/api/v1/me/stage").json()
            #expect(stage["stage"] as? String == "client")
            #expect(stage["stages_of_change"] as? [String] == ["action", "maintenance"])
            #expect((stage["history"] as? [Any])?.count == 2)
            _ = try await member.api(.put, "/api/v1/me/stage", json: ["stage": ""])
            #expect(try await member.api(.get, "/api/v1/me/stage").json()["stage"] == nil)
            #expect(try await member.get("/my/stage").text.contains("Rather not say"))
        }
    }
}
