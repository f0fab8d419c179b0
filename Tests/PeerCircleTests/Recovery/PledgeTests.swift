import FluentKit
import Foundation
import Testing
@testable import PeerCircle

@Suite struct PledgeTests {
    @Test func aMemberPledgesInTheMorningAndLooksBackInTheEvening() async throws {
        let clock = ManualClock(instant("2026-06-15T08:00:00Z"))
        try await TestApp.run(now: clock) { member in
            try await member.join("Morning")
            var today = try await member.get("/")
            #expect(today.text.contains("Make today&#39;s pledge") || today.text.contains("Make today's pledge"))
            #expect(try await member.post("/today/pledge", [:]).location == "/?done=pledged")
            // Pressing twice (or from two tabs at once) keeps one pledge.
            async let a = member.post("/today/pledge", [:])
            async let b = member.post("/today/pledge", [:])
            _ = try await (a, b)
            #expect(try await DailyPledge.query(on: member.database.db).count() == 1)
            today = try await member.get("/")
            #expect(today.text.contains("You pledged at 08:00"))

            let bad = try await member.post("/today/review", [("went", "fantastic"), ("helped", "my <b>sister</b>")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("Choose how the day went."))
            #expect(bad.text.contains("value=\"my &lt;b&gt;sister&lt;/b&gt;\""))
            #expect(try await DailyPledge.query(on: member.database.db).first()?.went == nil)

            clock.set(instant("2026-06-15T21:00:00Z"))
            #expect(try await member.post("/today/review", [("went", "hard"), ("helped", "Calling my sponsor")]).location == "/?done=reviewed")
            today = try await member.get("/")
            #expect(today.text.contains("You looked back on today: it was hard.") && today.text.contains("What helped: Calling my sponsor"))
            #expect(today.text.contains("strategies that help"))

            // Three mornings running make a streak, and the history shows them with the check-ins.
            for day in ["2026-06-16T07:00:00Z", "2026-06-17T07:00:00Z"] {
                clock.set(instant(day))
                _ = try await member.post("/today/pledge", [:])
            }
            today = try await member.get("/")
            #expect(today.text.contains("3 days of pledges in a row."))
            let history = try await member.get("/check-ins")
            #expect(history.text.contains("Pledges and evening reviews") && history.text.contains("Calling my sponsor"))
            #expect(history.text.contains("Your longest run of pledges: 3 days. 3 in all."))
        }
    }

    @Test func pledgesAreTheirOwnersAlone() async throws {
        try await TestApp.run { member in
            try await member.join("Owner")
            _ = try await member.post("/today/review", [("went", "well"), ("helped", "A long walk by the sea")])
            let other = member.another()
            try await other.join("Someone")
            #expect(!(try await other.get("/").text.contains("A long walk by the sea")))
            #expect(!(try await other.get("/check-ins").text.contains("A long walk by the sea")))
            let visitor = member.another()
            _ = try await visitor.post("/today/pledge", [:])
            #expect(try await visitor.post("/today/review", [("went", "well")]).location != "/?done=reviewed")
            #expect(try await DailyPledge.query(on: member.database.db).count() == 1)
        }
    }

    @Test func aClockWithAResetDrawsBothRunsAndMarksTheNewStart() async throws {
        try await TestApp.run { member in
            try await member.join("Counter")
            let id = try await member.makeClock(label: "Sober", startedOn: "2026-04-01")
            _ = try await member.post("/clocks/\(id)/reset", [("started_on", "2026-05-16"), ("note", "")])
            let page = try await member.get("/clocks/\(id)")
            #expect(page.text.contains("Days on this clock over time"))
            #expect(page.text.contains("30 days now, since Saturday 16 May 2026; 1 earlier run, the longest 45 days."))
            #expect(page.text.contains("<title>Started again on Saturday 16 May 2026</title>"))
            #expect(page.text.components(separatedBy: "<circle class=\"dot\"").count == 5)
        }
    }
}
