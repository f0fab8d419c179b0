import FluentKit
import Foundation
import Testing
@testable import PeerCircle

@Suite struct OutcomeStatsTests {
    @Test func wilsonIntervalsMatchPublishedValues() {
        // Wilson 95% for 7/10 is 39.7 %–89.2 % (Newcombe 1998); 0/10 is 0–27.8 %; 10/10 is 72.2 %–100 %.
        let seven = OutcomeStats.Proportion(count: 7, total: 10).interval
        #expect(abs(seven.low - 0.3968) < 0.0005 && abs(seven.high - 0.8922) < 0.0005)
        let none = OutcomeStats.Proportion(count: 0, total: 10).interval
        #expect(none.low == 0 && abs(none.high - 0.2775) < 0.0005)
        let all = OutcomeStats.Proportion(count: 10, total: 10).interval
        #expect(abs(all.low - 0.7225) < 0.0005 && abs(all.high - 1) < 1e-9)
        #expect(OutcomeStats.Proportion(count: 0, total: 0).interval == (0, 0))
    }

    @Test func aLoneHiddenCellTakesTheNextSmallestWithIt() {
        #expect(OutcomeStats.suppress([25, 3, 40, 12], minimum: 10) == [false, true, false, true])
        #expect(OutcomeStats.suppress([25, 3, 4, 40], minimum: 10) == [false, true, true, false])
        #expect(OutcomeStats.suppress([25, 0, 40], minimum: 10) == [false, false, false])
        #expect(OutcomeStats.suppress([10, 11], minimum: 10) == [false, false])
    }

    @Test func quantilesByNearestRank() {
        let values = (1...12).map(Double.init)
        #expect(OutcomeStats.median(values) == 6 && OutcomeStats.quantile(values, 0.9) == 11)
        #expect(OutcomeStats.median([]) == nil)
    }
}

@Suite struct OutcomeTests {
    static let now = ManualClock(instant("2026-06-15T12:00:00Z"))

    static func seed(_ client: Client) async throws {
        _ = try await InsightDemo.seed(Writer(db: try client.database.db, gate: nil), now: now.now, zone: .gmt, unusableHash: "x")
    }

    @Test func theSeededPopulationGivesTheFiguresByHand() async throws {
        try await TestApp.run(now: Self.now) { admin in
            try await admin.join("Operator")
            try await admin.grant(.admin, to: "Operator")
            try await Self.seed(admin)
            #expect(try await InsightDemo.seed(Writer(db: try admin.database.db, gate: nil), now: Self.now.now, zone: .gmt, unusableHash: "x")
                .contains("already there"))
            let page = try await admin.get("/admin/outcomes")
            #expect(page.status == .ok)
            let csv = try await admin.get("/admin/outcomes.csv")
            let rows = try CSVText.rows(csv.text).map(\.cells)
            #expect(rows.first == OutcomeTable.header)
            func row(_ measure: String, _ group: String) -> [String]? { rows.first { $0.first == measure && $0.dropFirst().first == group } }
            #expect(row("Members", "all")?[3] == "241")
            #expect(row("Active members", "any activity in the last 30 days")?[3] == "160")
            // Members i = 80 … 239 joined 90+ days ago; a third each by engagement (i mod 3), and the
            // demo resets a quarter of the high, two fifths of the moderate, eleven twentieths of the low.
            let sustained = "Sustained recovery (no clock reset in 90 days)"
            let high = try #require(row(sustained, "high engagement"))
            #expect(high[2] == "53" && high[3] == "75% (40)" && high[4] == "40" && high[5] == "75.5" && high[8] == "75%")
            #expect(high[6] == "62.4" && high[7] == "85.1")
            #expect(row(sustained, "moderate engagement")?[3] == "62% (33)")
            #expect(row(sustained, "low engagement")?[3] == "50% (27)")
            // Retention: the low group's last activity (sixty days ago) is before day 30 for those who joined 30–89 days ago.
            #expect(row("Retention", "still active after 30 days")?[3] == "91% (200)")
            #expect(row("Retention", "still active after 90 days")?[3] == "88% (140)")
            #expect(row("Retention", "still active after 180 days")?[3] == "71% (50)")
            #expect(row("SOS time to first response", "median, minutes")?[3] == "6.0")
            #expect(row("SOS time to first response", "90th percentile, minutes")?[3] == "11.0")
            let barc = try #require(row("BARC-10, first to latest (mean)", "took it twice or more"))
            #expect(barc[2] == "80" && barc[3].hasSuffix("→ 38; 60 improved") && barc[4] == "60")
            // Days sober: 8 under 30 days are hidden, and so is the next smallest (46), which would give them away.
            let suppressed = "suppressed (fewer than 10 members, or it would reveal such a group)"
            #expect(row("Days sober (longest current clock)", "Under 30 days")?[3] == suppressed)
            #expect(row("Days sober (longest current clock)", "180–364 days")?[3] == suppressed)
            #expect(row("Days sober (longest current clock)", "30–89 days")?[3] == "132")
            #expect(page.text.contains("role=\"img\"") && page.text.contains("Published: 75%"))
        }
    }

    @Test func theTeamAccountThatSignsTheStarterContentIsNotAMember() async throws {
        try await TestApp.run(now: Self.now, configure: { $0.starterContent = true }) { admin in
            try await admin.join("Operator")
            try await admin.grant(.admin, to: "Operator")
            try await Self.seed(admin)
            let rows = try CSVText.rows(try await admin.get("/admin/outcomes.csv").text).map(\.cells)
            #expect(rows.first { $0.first == "Members" }?[3] == "241")
            #expect(rows.first { $0.first == "Active members" }?[3] == "160")
        }
    }

    @Test func smallCellsAreNeverShown() async throws {
        try await TestApp.run(now: Self.now, configure: { $0.outcomesMinimumCell = 14 }) { admin in
            try await admin.join("Operator")
            try await admin.grant(.admin, to: "Operator")
            try await Self.seed(admin)
            let rows = try CSVText.rows(try await admin.get("/admin/outcomes.csv").text).map(\.cells)
            func row(_ group: String) -> [String]? { rows.first { $0.dropFirst().first == group } }
            let suppressed = "suppressed (fewer than 14 members, or it would reveal such a group)"
            // High engagement: 40 kept, 13 reset — fewer than 14 on one side, so the share is not shown at all.
            #expect(row("high engagement")?[3] == suppressed && row("high engagement")?[4] == suppressed && row("high engagement")?[6] == suppressed)
            #expect(row("moderate engagement")?[3] == "62% (33)")
            #expect(row("low engagement")?[3] == "50% (27)")
            // SOS: 12 members raised alerts, fewer than 14.
            #expect(row("last 90 days")?[3] == suppressed && row("median, minutes")?[3] == suppressed)
            let page = try await admin.get("/admin/outcomes")
            #expect(page.text.contains("not shown (too few members)") && !page.text.contains("75% (40)"))
        }
        // Below ten is never allowed, whatever is configured.
        #expect(throws: ConfigurationError.self) { try AppConfiguration.load(environment: ["PEERCIRCLE_OUTCOMES_MINIMUM_CELL": "3"]) }
    }

    @Test func anEmptyInstanceShowsNothingItCannotBackAndOnlyAdministratorsSeeIt() async throws {
        try await TestApp.run(now: Self.now) { admin in
            try await admin.join("Operator")
            try await admin.grant(.admin, to: "Operator")
            let page = try await admin.get("/admin/outcomes")
            #expect(page.status == .ok && page.text.contains("<td>Members</td><td>all</td><td>—</td><td>—</td>"))
            let member = admin.another()
            let name = try await member.join()
            for path in ["/admin/outcomes", "/admin/outcomes.csv"] { #expect(try await member.get(path).status == .notFound) }
            try await member.grant(.peerStaff, to: name)
            #expect(try await member.get("/admin/outcomes").status == .notFound)
        }
    }
}
