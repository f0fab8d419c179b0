import Foundation
import Testing
@testable import PeerCircle

@Suite struct GroupTests {
    /// A facilitator with a group; returns the group's id.
    func startGroup(_ facilitator: Client, closed: Bool, name: String = "Women in Recovery") async throws -> String {
        let pseudonym = try await facilitator.join("Facilitator\(Int.random(in: 1000...9999))")
        try await facilitator.grant(.facilitator, to: pseudonym)
        let created = try await facilitator.post("/groups", [("name", name), ("description", "A safe place."), ("pathway", "smart_recovery"),
                                                             ("languages", "en"), ("languages", "es"), ("closed", closed ? "yes" : "no")])
        #expect(created.status == .seeOther, "\(created.text.prefix(400))")
        return String(try #require(created.location?.dropFirst("/groups/".count).prefix(36)))
    }

    @Test func onlyFacilitatorsStartGroupsAndBadInputIsExplained() async throws {
        try await TestApp.run { member in
            try await member.join()
            #expect(try await member.get("/groups/new").status == .notFound)
            #expect(try await member.post("/groups", ["name": "Mine", "pathway": "secular", "languages": "en"]).status == .notFound)
            let facilitator = member.another()
            _ = try await startGroup(facilitator, closed: false)
            let bad = try await facilitator.post("/groups", ["name": "x", "pathway": "astrology", "languages": "klingon"])
            #expect(bad.status == .unprocessableContent)
            for field in ["name", "pathway", "languages"] { #expect(bad.text.contains("id=\"\(field)-error\"")) }
        }
    }

    @Test func anyoneJoinsAnOpenGroupAndMembersSeeEachOtherButOutsidersDoNot() async throws {
        try await TestApp.run { facilitator in
            let group = try await startGroup(facilitator, closed: false)
            let member = facilitator.another()
            try await member.join("Joiner")
            #expect(try await member.post("/groups/\(group)/join", [:]).location == "/groups/\(group)?done=joined")
            let page = try await member.get("/groups/\(group)")
            #expect(page.text.contains("<h2>Members</h2>") && page.text.contains("Joiner"))

            let outsider = facilitator.another()
            try await outsider.join("Outsider")
            let seen = try await outsider.get("/groups/\(group)")
            #expect(seen.status == .ok && !seen.text.contains("Joiner") && !seen.text.contains("<h2>Members</h2>"))
            try await outsider.joinAPI()
            let api = try await outsider.api(.get, "/api/v1/groups/\(group)")
            #expect(try api.json()["members"] == nil || (try api.json()["members"] is NSNull))
            #expect(try api.json()["membership"] as? String == "none")

            // A member who chooses privacy is seen by facilitators only.
            try await member.post("/groups/\(group)/visibility", ["visibility": "facilitators"])
            let third = facilitator.another()
            try await third.join("Third")
            try await third.post("/groups/\(group)/join", [:])
            #expect(!(try await third.get("/groups/\(group)").text.contains("Joiner")))
            #expect(try await facilitator.get("/groups/\(group)").text.contains("Joiner"))
            // Leaving works and hides the list again.
            #expect(try await member.post("/groups/\(group)/leave", [:]).location == "/groups/\(group)?done=left")
            #expect(!(try await member.get("/groups/\(group)").text.contains("<h2>Members</h2>")))
        }
    }

    @Test func closedGroupsNeedAFacilitatorsYes() async throws {
        try await TestApp.run { facilitator in
            let group = try await startGroup(facilitator, closed: true)
            let asker = facilitator.another()
            try await asker.join("Asker")
            let asked = try await asker.post("/groups/\(group)/join", ["note": "Two years sober, looking for women's support."])
            #expect(asked.location == "/groups/\(group)?done=requested")
            #expect(!(try await asker.get("/groups/\(group)").text.contains("<h2>Members</h2>")))
            let queue = try await facilitator.get("/groups/\(group)")
            #expect(queue.text.contains("Asking to join") && queue.text.contains("Two years sober"))
            let askerID = try #require(queue.text.firstMatch(of: /name="user_id" value="([0-9a-f-]{36})"/)?.1)

            // Nobody but a facilitator can answer.
            let stranger = facilitator.another()
            try await stranger.join()
            #expect(try await stranger.post("/groups/\(group)/requests", ["user_id": String(askerID), "decision": "approve"]).status == .notFound)
            #expect(!(try await asker.get("/groups/\(group)").text.contains("<h2>Members</h2>")))

            #expect(try await facilitator.post("/groups/\(group)/requests", ["user_id": String(askerID), "decision": "approve"]).status == .seeOther)
            #expect(try await asker.get("/groups/\(group)").text.contains("<h2>Members</h2>"))
            #expect(try await asker.get("/notifications").text.contains("accepted your request to join"))
            #expect(!(try await stranger.get("/notifications").text.contains("accepted your request")))
        }
    }

    @Test func theOnlyFacilitatorCannotLeaveTheirMembersBehind() async throws {
        try await TestApp.run { facilitator in
            let group = try await startGroup(facilitator, closed: false)
            let member = facilitator.another()
            try await member.join()
            try await member.post("/groups/\(group)/join", [:])
            let leave = try await facilitator.post("/groups/\(group)/leave", [:])
            #expect(leave.status == .conflict)
            #expect(leave.text.contains("only facilitator"))
        }
    }

    @Test func facilitatorsAddMeetingsThatTheDirectoryFiltersByPathwayAndLanguage() async throws {
        try await TestApp.run { facilitator in
            let group = try await startGroup(facilitator, closed: false)
            let bad = try await facilitator.post("/groups/\(group)/meetings", [("name", "Tuesday"), ("start_time", "25:00"), ("time_zone", "UTC")])
            #expect(bad.status == .unprocessableContent)
            for field in ["days", "start_time", "address"] { #expect(bad.text.contains("id=\"\(field)-error\""), "\(field)") }
            // The directory is in memory already: the new meeting must show at once all the same.
            #expect(!(try await facilitator.another().get("/meetings").text.contains("Tuesday Tools")))
            let added = try await facilitator.post("/groups/\(group)/meetings", [
                ("name", "Tuesday Tools"), ("days", "2"), ("start_time", "19:00"), ("end_time", "20:00"), ("time_zone", "UTC"),
                ("conference_url", "https://meet.example.org/tools"), ("types", "W"), ("types", "D")])
            #expect(added.location == "/groups/\(group)?done=meeting-added")
            #expect(try await facilitator.get("/groups/\(group)").text.contains("Tuesday Tools"))

            let visitor = facilitator.another()
            #expect(try await visitor.get("/meetings?pathway=smart_recovery").text.contains("Tuesday Tools"))
            #expect(!(try await visitor.get("/meetings?pathway=twelve_step").text.contains("Tuesday Tools")))
            #expect(try await visitor.get("/meetings?language=es").text.contains("Tuesday Tools"))
            #expect(!(try await visitor.get("/meetings?language=fr").text.contains("Tuesday Tools")))
            #expect(try await visitor.get("/meetings?pathway=astrology").status == .unprocessableContent)
            // A member cannot add meetings to someone else's group.
            let member = facilitator.another()
            try await member.join()
            #expect(try await member.get("/groups/\(group)/meetings").status == .notFound)
        }
    }

    @Test func anyGroupsMeetingsAsAPrivateCalendar() async throws {
        try await TestApp.run { facilitator in
            let group = try await startGroup(facilitator, closed: true, name: "Calendar Circle")
            try await facilitator.post("/groups/\(group)/meetings", [
                ("name", "Thursday Circle"), ("days", "4"), ("start_time", "18:30"), ("time_zone", "Europe/Paris"), ("address", "1 Rue X")])
            let member = facilitator.another()
            try await member.joinAPI()
            let link = try #require(try await member.api(.post, "/api/v1/me/calendar-link").json()["url"] as? String)
            let token = String(try #require(link.firstMatch(of: /\/calendar\/([^\/]+)\//)?.1))
            let feed = try await member.get("/calendar/\(token)/groups/\(group).ics")
            #expect(feed.status == .ok)
            #expect(feed.text.contains("X-WR-CALNAME:Calendar Circle (PeerCircle)"))
            #expect(feed.text.contains("RRULE:FREQ=WEEKLY;BYDAY=TH"))
            #expect(feed.text.contains("DTSTART;TZID=Europe/Paris:"))
            #expect(try await member.get("/calendar/wrong/groups/\(group).ics").status == .notFound)
            #expect(try await member.get("/calendar/\(token)/groups/\(UUID()).ics").status == .notFound)
            _ = try await member.api(.post, "/api/v1/me/calendar-link")
            #expect(try await member.get("/calendar/\(token)/groups/\(group).ics").status == .notFound)
        }
    }

    @Test func groupsThroughTheAPI() async throws {
        try await TestApp.run { client in
            let name = try await client.joinAPI()
            try await client.grant(.facilitator, to: name)
            let created = try await client.api(.post, "/api/v1/groups", json: ["name": "Family Circle", "pathway": "family_friends", "languages": ["en"], "closed": true])
            #expect(created.status == .created)
            #expect(try created.json()["membership"] as? String == "facilitator")
            let id = try created.json()["id"] as! String
            let other = client.another()
            try await other.joinAPI()
            let asked = try await other.api(.post, "/api/v1/groups/\(id)/membership", json: [:])
            #expect(try asked.json()["membership"] as? String == "pending")
            #expect(try await other.api(.post, "/api/v1/groups", json: ["name": "Nope", "pathway": "other", "languages": ["en"]]).status == .notFound)
            #expect(try await other.api(.post, "/api/v1/groups/\(UUID())/membership", json: [:]).status == .notFound)
        }
    }
}
