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
            func row(_ measure: String, _ group: String) -> [String]? { rows.first { $0.first == measure && $0.dropFirst().first == group } }
            #expect(row("Members", "all")?[3] == "61")
            // Members 21, 24 … 57 (13) are highly engaged and joined 90+ days ago; 24, 36 and 48 reset: 10 of 13.
            let high = try #require(row("Sustained recovery (no clock reset in 90 days)", "high engagement"))
            #expect(high[2] == "13" && high[3] == "77% (10)" && high[6] == "75%")
            #expect(high[4] == "50%" && high[5] == "92%")
            // Moderate: 22 … 58, resets at 25, 31, 37, 43, 49, 55: 7 of 13. Low: 20 … 59, even ones reset: 7 of 14.
            #expect(row("Sustained recovery (no clock reset in 90 days)", "moderate engagement")?[3] == "54% (7)")
            #expect(row("Sustained recovery (no clock reset in 90 days)", "low engagement")?[3] == "50% (7)")
            // Joined 30+ days ago: 55; the five low ones who joined 30–89 days ago did nothing after their first month.
            #expect(row("Retention", "still active after 30 days")?[3] == "91% (50)")
            #expect(row("SOS time to first response", "median and 90th percentile, minutes")?[3] == "6.0")
            #expect(row("SOS time to first response", "median and 90th percentile, minutes")?[5] == "11.0")
            #expect(row("BARC-10, first to latest", "took it twice or more")?[3].hasPrefix("34.5 → 39.5 (+5.0); 20 improved") == true)
            #expect(row("Active members", "any activity in the last 30 days")?[3] == "40")
            #expect(page.text.contains("role=\"img\"") && page.text.contains("Published: 75%"))
        }
    }

    @Test func smallCellsAreNeverShown() async throws {
        try await TestApp.run(now: Self.now, configure: { $0.outcomesMinimumCell = 14 }) { admin in
            try await admin.join("Operator")
            try await admin.grant(.admin, to: "Operator")
            try await Self.seed(admin)
            let rows = try CSVText.rows(try await admin.get("/admin/outcomes.csv").text).map(\.cells)
            func row(_ group: String) -> [String]? { rows.first { $0.dropFirst().first == group } }
            // High (13) and moderate (13) fall below 14; low (14) stays.
            #expect(row("high engagement")?[2] == "suppressed (fewer than 14 members)" && row("high engagement")?[3] == "suppressed (fewer than 14 members)")
            #expect(row("moderate engagement")?[3] == "suppressed (fewer than 14 members)")
            #expect(row("low engagement")?[3] == "50% (7)")
            // SOS: 12 members raised alerts, fewer than 14.
            #expect(row("last 90 days")?[3] == "suppressed (fewer than 14 members)")
            let page = try await admin.get("/admin/outcomes")
            #expect(page.text.contains("not shown (too few members)") && !page.text.contains("77% (10)"))
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
