import Foundation
import Testing
@testable import PeerCircle

@Suite struct ClockTests {
    @Test func clockShowsDaysMoneyAndMilestones() async throws {
        try await TestApp.run { browser in
            try await browser.join()
            // MUT: started 1 June, today is 15 June 2026.
            let id = try await browser.makeClock(label: "Sober", startedOn: "2026-06-01", dailyCost: "12.50")
            let page = try await browser.get("/clocks/\(id)")
            // validate
            #expect(page.status == .ok)
            #expect(page.text.contains("<strong>14</strong> days"))
            #expect(page.text.contains("$175.00 not spent"))
            #expect(page.text.contains("Next milestone: 30 days"))
            #expect(page.text.contains("<strong>2 weeks</strong>"))
            #expect(page.text.contains("<strong>24 hours</strong>"))
        }
    }

    @Test func daysAreCountedInTheMembersTimeZone() async throws {
        // 23:30 UTC on 15 June is already 16 June in Auckland.
        let clock = ManualClock(instant("2026-06-15T23:30:00Z"))
        try await TestApp.run(now: clock) { client in
            try await client.joinAPI()
            _ = try await client.api(.patch, "/api/v1/me", json: ["time_zone": "Pacific/Auckland"])
            let created = try await client.api(.post, "/api/v1/clocks", json: ["kind": "gambling", "started_on": "2026-06-16"])
            #expect(created.status == .created)
            #expect(try created.json()["days"] as? Int == 0)
            clock.advance(seconds: 24 * 3600)
            let id = try created.json()["id"] as! String
            let later = try await client.api(.get, "/api/v1/clocks/\(id)")
            #expect(try later.json()["days"] as? Int == 1)
            #expect(try later.jsonArray("milestones_reached").first?["title"] as? String == "24 hours")
        }
    }

    @Test func resettingKeepsHistoryAndAnswersWithEncouragement() async throws {
        try await TestApp.run { browser in
            try await browser.join()
            let id = try await browser.makeClock(startedOn: "2026-05-01")
            let reset = try await browser.post("/clocks/\(id)/reset", ["started_on": "2026-06-14", "note": "Hard week at work"])
            #expect(reset.location == "/clocks/\(id)?done=clock-reset")
            let page = try await browser.get(reset.location!)
            #expect(page.text.contains("<strong>1</strong> day"))
            #expect(page.text.contains("Recovery isn"))
            #expect(page.text.contains("Earlier attempts"))
            #expect(page.text.contains("44 days"))
            #expect(page.text.contains("Hard week at work"))
            #expect(!page.text.lowercased().contains("failed"))
        }
    }

    @Test func badClockInputIsExplainedAndNothingIsStored() async throws {
        try await TestApp.run { browser in
            try await browser.join()
            let future = try await browser.post("/clocks", ["kind": "alcohol", "label": "Sober", "started_on": "2026-06-16", "currency": "USD"])
            #expect(future.status == .unprocessableContent)
            #expect(future.text.contains("can&apos;t be in the future") || future.text.contains("can't be in the future"))
            #expect(future.text.contains("value=\"2026-06-16\""))
            let long = try await browser.post("/clocks", ["kind": "other", "label": String(repeating: "a", count: 61), "started_on": "2026-06-01", "currency": "USD"])
            #expect(long.text.contains("id=\"label-error\""))
            let unnamed = try await browser.post("/clocks", ["kind": "other", "label": "", "started_on": "2026-06-01", "currency": "USD"])
            #expect(unnamed.text.contains("Give this clock a name."))
            let junk = try await browser.post("/clocks", ["kind": "wine", "started_on": "June", "daily_cost": "-4", "currency": "XXX"])
            for field in ["kind", "started_on", "daily_cost", "currency"] { #expect(junk.text.contains("id=\"\(field)-error\"")) }
            #expect(try await browser.get("/clocks").text.contains("You have no clocks yet"))
        }
    }

    @Test func resetCannotGoIntoTheFutureOrBeforeTheCurrentStart() async throws {
        try await TestApp.run { client in
            try await client.joinAPI()
            let id = try await client.api(.post, "/api/v1/clocks", json: ["kind": "alcohol", "started_on": "2026-06-01"]).json()["id"] as! String
            let future = try await client.api(.post, "/api/v1/clocks/\(id)/reset", json: ["started_on": "2026-07-01"])
            #expect(future.status == .unprocessableContent)
            #expect(future.errorField == "started_on")
            let early = try await client.api(.post, "/api/v1/clocks/\(id)/reset", json: ["started_on": "2026-05-01"])
            #expect(early.status == .unprocessableContent)
            let clock = try await client.api(.get, "/api/v1/clocks/\(id)").json()
            #expect(clock["started_on"] as? String == "2026-06-01")
            #expect((clock["attempts"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func clocksCanBeEditedAndDeletedThroughTheAPI() async throws {
        try await TestApp.run { client in
            try await client.joinAPI()
            let created = try await client.api(.post, "/api/v1/clocks", json: ["kind": "nicotine", "started_on": "2026-06-10", "daily_cost": 8.5])
            let id = try created.json()["id"] as! String
            #expect(try created.json()["label"] as? String == "Nicotine")
            #expect(try created.json()["money_saved"] as? Double == 42.5)
            let edited = try await client.api(.patch, "/api/v1/clocks/\(id)", json: ["label": "Smoke-free"])
            #expect(try edited.json()["label"] as? String == "Smoke-free")
            #expect(try edited.json()["started_on"] as? String == "2026-06-10")
            #expect(try await client.api(.delete, "/api/v1/clocks/\(id)").status == .noContent)
            #expect(try await client.api(.get, "/api/v1/clocks/\(id)").status == .notFound)
            #expect(try await client.api(.get, "/api/v1/clocks").text == "[]")
        }
    }
}
