import Foundation
import Testing
@testable import PeerCircle

@Suite struct CheckInTests {
    let good: [(String, String)] = [("mood", "4"), ("craving", "3"), ("sober", "yes"), ("triggers", "stress"),
                                    ("triggers", "loneliness"), ("tags", "work, Family"), ("gratitude", "My sister called"),
                                    ("note", "Went to a meeting")]

    @Test func memberChecksInOnceADayAndCanChangeItThatDay() async throws {
        try await TestApp.run { browser in
            try await browser.join()
            let first = try await browser.post("/check-in", good)
            #expect(first.location == "/check-ins?done=checked-in")
            let form = try await browser.get("/check-in")
            #expect(form.text.contains("You checked in today"))
            #expect(form.text.contains("value=\"My sister called\""))
            var changed = good
            changed[0] = ("mood", "2")
            #expect(try await browser.post("/check-in", changed).status == .seeOther)
            let history = try await browser.get("/check-ins")
            #expect(history.text.contains("<td>2</td>"))
            #expect(history.text.components(separatedBy: "<tr>").count == 3) // header + one day
            #expect(history.text.contains("Stress, Loneliness, #work, #family"))
        }
    }

    @Test func aSecondCheckInForTheSameDayThroughTheAPIIsAConflict() async throws {
        try await TestApp.run { client in
            try await client.joinAPI()
            let body: [String: Any] = ["mood": 3, "craving": 5, "sober": "rather_not_say", "tags": ["evening"]]
            let first = try await client.api(.post, "/api/v1/check-ins", json: body)
            #expect(first.status == .created)
            #expect(try first.json()["local_date"] as? String == "2026-06-15")
            let second = try await client.api(.post, "/api/v1/check-ins", json: body)
            #expect(second.status == .conflict)
            #expect(second.errorCode == "already_checked_in")
            let history = try await client.api(.get, "/api/v1/check-ins")
            #expect(try history.jsonArray("items").count == 1)
        }
    }

    @Test func outOfRangeAnswersAreRefusedAndNothingIsStored() async throws {
        try await TestApp.run { client in
            try await client.joinAPI()
            let mood = try await client.api(.post, "/api/v1/check-ins", json: ["mood": 9, "craving": 2, "sober": "yes"])
            #expect(mood.status == .unprocessableContent)
            #expect(mood.errorField == "mood")
            // Every rule the service checks is named at once; a value outside the document's own list
            // (sober: "maybe") is refused as it is read, naming its field.
            let craving = try await client.api(.post, "/api/v1/check-ins", json: ["mood": 3, "craving": 11, "sober": "yes", "triggers": ["aliens"]])
            let fields = (try craving.json()["error"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []
            #expect(Set(fields.compactMap { $0["field"] as? String }) == ["craving", "triggers"])
            let sober = try await client.api(.post, "/api/v1/check-ins", json: ["mood": 3, "craving": 1, "sober": "maybe"])
            #expect(sober.status == .unprocessableContent && sober.errorField == "sober")
            let text = try await client.api(.post, "/api/v1/check-ins", json: ["mood": "happy", "craving": 2, "sober": "yes"])
            #expect(text.status == .unprocessableContent)
            #expect(text.errorField == "mood")
            let tooLong = try await client.api(.post, "/api/v1/check-ins", json: ["mood": 3, "craving": 2, "sober": "yes", "note": String(repeating: "n", count: 2001)])
            #expect(tooLong.errorField == "note")
            #expect(try await client.api(.get, "/api/v1/check-ins/today").status == .notFound)
            // The history window: the same rule and the same answer on the API and the web.
            for days in ["0", "367", "abc", "-5", "1e9"] {
                let api = try await client.api(.get, "/api/v1/check-ins?days=\(days)")
                #expect(api.status == .unprocessableContent && api.errorField == "days", "API days=\(days): \(api.status) \(api.text.prefix(200))")
            }
            #expect(try await client.api(.get, "/api/v1/check-ins?days=366").status == .ok)
        }
    }

    @Test func aPastCheckInCannotBeChanged() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { client in
            try await client.joinAPI()
            let id = try await client.api(.post, "/api/v1/check-ins", json: ["mood": 3, "craving": 2, "sober": "yes"]).json()["id"] as! String
            let sameDay = try await client.api(.put, "/api/v1/check-ins/\(id)", json: ["mood": 4, "craving": 2, "sober": "yes"])
            #expect(try sameDay.json()["mood"] as? Int == 4)
            clock.advance(seconds: 24 * 3600)
            let nextDay = try await client.api(.put, "/api/v1/check-ins/\(id)", json: ["mood": 1, "craving": 9, "sober": "no"])
            #expect(nextDay.status == .conflict)
            #expect(try await client.api(.get, "/api/v1/check-ins/\(id)").json()["mood"] as? Int == 4)
        }
    }

    @Test func historyDrawsAnAccessibleChartWithATableAndKindStreaks() async throws {
        let clock = ManualClock(instant("2026-06-10T12:00:00Z"))
        try await TestApp.run(now: clock) { browser in
            try await browser.join()
            // Three days in a row, a missed day, then today.
            for day in [10, 11, 12, 14] {
                clock.set(instant("2026-06-\(day)T12:00:00Z"))
                try await browser.post("/check-in", [("mood", "3"), ("craving", "\(day - 8)"), ("sober", "yes")])
            }
            let page = try await browser.get("/check-ins")
            #expect(page.text.contains("<svg class=\"chart\""))
            #expect(page.text.contains("role=\"img\""))
            #expect(page.text.contains("<title id=\"mood-title\">Mood over the last 30 days</title>"))
            #expect(page.text.contains("<desc id=\"craving-desc\">Craving from 0 (none) to 10 (strongest) on 4 of 30 days"))
            #expect(page.text.contains("<caption>Check-ins, last 30 days</caption>"))
            // The gap leaves two separate lines, no mark for the missed day.
            #expect(page.text.components(separatedBy: "<polyline").count - 1 == 2)
            #expect(page.text.contains("You checked in today. You've checked in 4 times in all."))
            let ninety = try await browser.get("/check-ins?days=90")
            #expect(ninety.text.contains("Mood over the last 90 days"))
            // A window the service refuses is refused on the web too, with its reason, not a default.
            let tooFar = try await browser.get("/check-ins?days=400")
            #expect(tooFar.status == .unprocessableContent && tooFar.text.contains("Use a number of days from 1 to 366."))
        }
    }

    @Test func streaksCountRunsAndNeverShame() {
        let today = LocalDate("2026-06-15")!
        let days = ["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-13", "2026-06-14"].compactMap(LocalDate.init)
        let streaks = Streaks(dates: days, today: today)
        #expect(streaks.current == 2) // today not done yet: the run up to yesterday still stands
        #expect(streaks.longest == 3)
        #expect(streaks.total == 5)
        let lapsed = Streaks(dates: [LocalDate("2026-06-01")!], today: today)
        #expect(lapsed.current == 0)
        #expect(lapsed.message.hasPrefix("Welcome back"))
    }
}
