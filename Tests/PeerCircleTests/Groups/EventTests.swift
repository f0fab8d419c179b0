import Foundation
import Testing
@testable import PeerCircle

@Suite struct EventTests {
    @Test func placesGoFirstComeFirstServedAndAFreedPlaceGoesToTheFirstWaiting() async throws {
        try await TestApp.run { facilitator in
            let group = try await GroupTests().startGroup(facilitator, closed: false, name: "Workshop Circle")
            let bad = try await facilitator.post("/groups/\(group)/events", ["title": "W", "date": "2020-01-01", "start": "x",
                                                                             "end": "20:00", "time_zone": "UTC", "capacity": "0"])
            #expect(bad.status == .unprocessableContent)
            for field in ["title", "start", "capacity"] { #expect(bad.text.contains("id=\"\(field)-error\""), "\(field)") }
            let created = try await facilitator.post("/groups/\(group)/events", [
                "title": "Relapse prevention workshop", "date": "2026-06-20", "start": "18:00", "end": "20:00",
                "time_zone": "UTC", "place": "Community hall", "capacity": "2"])
            let path = try #require(created.location)
            #expect(path.hasPrefix("/events/"))

            var people: [Client] = []
            for name in ["First", "Second", "Third", "Fourth"] {
                let person = facilitator.another()
                try await person.join(name)
                try await person.post(path + "/rsvp", [:])
                people.append(person)
            }
            #expect(try await people[0].get(path).text.contains("You're going"))
            #expect(try await people[1].get(path).text.contains("You're going"))
            #expect(try await people[2].get(path).text.contains("number 1 on the waitlist"))
            #expect(try await people[3].get(path).text.contains("number 2 on the waitlist"))
            #expect(try await facilitator.another().get(path).text.contains("Full — 2 waiting."))
            try await people[2].post(path + "/rsvp", [:]) // answering twice changes nothing
            #expect(try await people[2].get(path).text.contains("number 1 on the waitlist"))

            // Someone going cancels: the first person waiting gets the place.
            try await people[0].post(path + "/cancel", [:])
            #expect(try await people[2].get(path).text.contains("You're going"))
            #expect(try await people[2].get("/notifications").text.contains("A place opened for you at “Relapse prevention workshop” — you're going"))
            #expect(!(try await people[3].get("/notifications").text.contains("A place opened")))
            #expect(try await people[3].get(path).text.contains("number 1 on the waitlist"))
            #expect(try await people[0].get(path).text.contains("Join the waitlist"))

            // Shown on the group page and in the directory; only facilitators schedule.
            #expect(try await people[0].get("/groups/\(group)").text.contains("Relapse prevention workshop"))
            #expect(try await people[0].get("/meetings").text.contains("Relapse prevention workshop"))
            #expect(try await people[0].get("/groups/\(group)/events").status == .notFound)
            #expect(try await people[0].get("/events/\(UUID())").status == .notFound)

            // The calendars carry it: the group's feed, and the feed of someone with a place.
            let setupBrowser = people[2]
            let page = try await setupBrowser.post("/my/meetings/calendar", [:])
            let url = String(try #require(page.text.firstMatch(of: /\/calendar\/[^\/<]+\/my-meetings\.ics/)?.0))
            let mine = try await setupBrowser.get(url)
            #expect(mine.text.contains("SUMMARY:Relapse prevention workshop"))
            #expect(mine.text.contains("DTSTART:20260620T180000Z"))
            let groupFeed = try await setupBrowser.get(url.replacingOccurrences(of: "/my-meetings.ics", with: "/groups/\(group).ics"))
            #expect(groupFeed.text.contains("SUMMARY:Relapse prevention workshop"))
        }
    }
}
