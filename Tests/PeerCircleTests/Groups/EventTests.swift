import FluentKit
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

    @Test func aFacilitatorChangesOrCallsOffAnEventAndEveryoneWhoAnsweredIsTold() async throws {
        try await TestApp.run { facilitator in
            let group = try await GroupTests().startGroup(facilitator, closed: false, name: "Evening Circle")
            let created = try await facilitator.post("/groups/\(group)/events", [
                "title": "Picnic", "date": "2026-06-20", "start": "18:00", "end": "20:00", "time_zone": "UTC", "place": "The park", "capacity": "1"])
            let path = try #require(created.location)
            let going = facilitator.another(), waiting = facilitator.another(), stranger = facilitator.another()
            try await going.join("Going")
            try await waiting.join("Waiting")
            try await stranger.join("Stranger")
            try await going.post(path + "/rsvp", [:])
            try await waiting.post(path + "/rsvp", [:])

            // Only facilitators see the way to change it, and others get 404 on the web and the API.
            #expect(try await facilitator.get(path).text.contains("Change the details"))
            #expect(!(try await going.get(path).text.contains("Change the details")))
            #expect(try await stranger.get(path + "/edit").status == .notFound)
            #expect(try await stranger.post(path + "/edit", ["title": "Hijacked"]).status == .notFound)
            #expect(try await stranger.post(path + "/call-off", [:]).status == .notFound)
            let apiPath = "/api/v1" + path
            stranger.bearer = try await stranger.api(.post, "/api/v1/sessions", json: ["pseudonym": "Stranger", "password": "correct horse"]).json()["token"] as? String
            #expect(try await stranger.api(.put, apiPath, json: ["title": "Hijacked", "date": "2026-06-21", "start": "18:00", "end": "19:00",
                                                                  "time_zone": "UTC", "capacity": 5]).status == .notFound)
            #expect(try await stranger.api(.delete, apiPath).status == .notFound)

            // The form comes filled with what the event says now; bad input comes back beside its field and changes nothing.
            let form = try await facilitator.get(path + "/edit")
            #expect(form.text.contains("value=\"Picnic\"") && form.text.contains("value=\"2026-06-20\"") && form.text.contains("value=\"18:00\""))
            let bad = try await facilitator.post(path + "/edit", ["title": "Picnic", "date": "2026-06-21", "start": "25:00", "end": "20:00",
                                                                  "time_zone": "UTC", "place": "\"><script>x</script>", "capacity": "2"])
            #expect(bad.status == .unprocessableContent && bad.text.contains("id=\"start-error\"") && !bad.text.contains("<script>x"))
            #expect(try await going.get(path).text.contains("The park"))
            #expect(try await going.get("/notifications").text.contains("has changed") == false)

            // Someone who blocked the facilitator is still told: the notice names nobody, and a missed change leaves them at the wrong time.
            let facilitatorName = try #require(try await User.query(on: facilitator.database.db).all().map(\.pseudonym).first { $0.hasPrefix("Facilitator") })
            waiting.bearer = try await waiting.api(.post, "/api/v1/sessions", json: ["pseudonym": "Waiting", "password": "correct horse"]).json()["token"] as? String
            #expect(try await waiting.api(.post, "/api/v1/blocks", json: ["pseudonym": facilitatorName]).status == .created)
            // A new time and a second place: the one waiting gets it, and both are told.
            let saved = try await facilitator.post(path + "/edit", ["title": "Picnic", "date": "2026-06-21", "start": "17:00", "end": "19:00",
                                                                    "time_zone": "UTC", "place": "The lake", "capacity": "2"])
            #expect(saved.status == .seeOther && saved.location?.contains("event-changed") == true, "\(saved.text.prefix(300))")
            #expect(try await going.get(path).text.contains("The lake"))
            #expect(try await waiting.get(path).text.contains("You're going"))
            for person in [going, waiting] {
                #expect(try await person.get("/notifications").text.contains("“Picnic” has changed — see the new details"))
            }
            #expect(!(try await stranger.get("/notifications").text.contains("Picnic")))
            #expect(!(try await facilitator.get("/notifications").text.contains("has changed")), "the one who changed it is not told")

            // Fewer places than people going is refused; saving nothing new tells nobody again.
            let fewer = try await facilitator.post(path + "/edit", ["title": "Picnic", "date": "2026-06-21", "start": "17:00", "end": "19:00",
                                                                    "time_zone": "UTC", "place": "The lake", "capacity": "1"])
            #expect(fewer.status == .unprocessableContent && fewer.text.contains("2 people are already going"))
            _ = try await facilitator.post(path + "/edit", ["title": "Picnic", "date": "2026-06-21", "start": "17:00", "end": "19:00",
                                                           "time_zone": "UTC", "place": "The lake", "capacity": "2"])
            #expect(!(try await going.get("/notifications").text.contains("details (2)")))

            // Called off: the page asks first (others get 404); then it is gone, and the notice leads to the group.
            #expect(try await facilitator.get(path + "/call-off").text.contains("The 2 people going or waiting will be told."))
            #expect(try await stranger.get(path + "/call-off").status == .notFound)
            let off = try await facilitator.post(path + "/call-off", [:])
            #expect(off.status == .seeOther && off.location?.hasPrefix("/groups/\(group)?") == true && off.location?.contains("event-called-off") == true)
            #expect(try await going.get(path).status == .notFound)
            let centre = try await waiting.get("/notifications")
            // Its own line, even with the unread "has changed" one still there.
            #expect(centre.text.contains("“Picnic” on 21 Jun was called off") && centre.text.contains("“Picnic” has changed"))
            #expect(!(try await going.get("/groups/\(group)").text.contains("Picnic")))
        }
    }

    @Test func anEventThatStartedCannotBeChangedOverTheAPI() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { facilitator in
            let group = try await GroupTests().startGroup(facilitator, closed: false, name: "Morning Circle")
            let name = try #require(try await User.query(on: facilitator.database.db).first()?.pseudonym)
            facilitator.bearer = try await facilitator.api(.post, "/api/v1/sessions", json: ["pseudonym": name, "password": "correct horse"]).json()["token"] as? String
            let body: [String: Any] = ["title": "Walk", "date": "2026-06-16", "start": "09:00", "end": "10:00", "time_zone": "UTC", "capacity": 3]
            let made = try await facilitator.api(.post, "/api/v1/groups/\(group)/events", json: body)
            #expect(made.status == .created, "\(made.text)")
            let id = try #require(try made.json()["id"] as? String)
            var changed = body
            changed["capacity"] = 0
            let refused = try await facilitator.api(.put, "/api/v1/events/\(id)", json: changed)
            #expect(refused.status == .unprocessableContent && refused.errorField == "capacity")
            changed["capacity"] = 4
            let ok = try await facilitator.api(.put, "/api/v1/events/\(id)", json: changed)
            #expect(try ok.status == .ok && (ok.json()["capacity"] as? Int) == 4, "\(ok.text)")
            clock.advance(seconds: 86_400)
            #expect(try await facilitator.api(.put, "/api/v1/events/\(id)", json: changed).status == .conflict)
            #expect(try await facilitator.api(.delete, "/api/v1/events/\(id)").status == .conflict)
        }
    }
}
