import Foundation
import Testing
@testable import PeerCircle

@Suite struct MilestoneTests {
    let start = LocalDate("2025-08-31")!

    @Test func milestonesFollowTheAgreedLadderThenEveryYear() {
        let titles = Milestones.sequence(from: start, through: LocalDate("2029-01-01")!).map(\.title)
        #expect(Array(titles.prefix(12)) == [
            "24 hours", "1 week", "2 weeks", "30 days", "60 days", "90 days",
            "6 months", "9 months", "1 year", "18 months", "2 years", "3 years",
        ])
    }

    @Test func monthMilestonesFollowTheCalendar() {
        let all = Milestones.sequence(from: start, through: start)
        // 31 August + 6 months lands on the last day of February.
        #expect(all.first { $0.title == "6 months" }?.date == LocalDate("2026-02-28"))
        #expect(all.first { $0.title == "1 year" }?.date == LocalDate("2026-08-31"))
    }

    @Test func reachedAndNextSplitOnToday() {
        let today = start.adding(days: 30)
        #expect(Milestones.reached(from: start, today: today).map(\.title) == ["24 hours", "1 week", "2 weeks", "30 days"])
        #expect(Milestones.next(from: start, today: today).title == "60 days")
        #expect(Milestones.next(from: start, today: start).title == "24 hours")
    }

    @Test func dayCountsAreCalendarDaysInTheMembersZoneAcrossDaylightSaving() {
        // New York springs forward on 8 March 2026: that day has 23 hours, and still counts as one day.
        let zone = TimeZone(identifier: "America/New_York")!
        let before = LocalDate(instant("2026-03-08T04:30:00Z"), in: zone) // 23:30 on 7 March, local
        let after = LocalDate(instant("2026-03-09T03:30:00Z"), in: zone)  // 23:30 on 8 March, local (EDT)
        #expect(before == LocalDate("2026-03-07"))
        #expect(after == LocalDate("2026-03-08"))
        #expect(LocalDate("2026-03-01")!.days(to: after) == 7)
        #expect(LocalDate("2026-10-25")!.days(to: LocalDate("2026-11-02")!) == 8) // autumn change in Europe and the US
    }

    @Test func theSameInstantIsADifferentDayInDifferentZones() {
        let moment = instant("2026-06-15T10:00:00Z")
        #expect(LocalDate(moment, in: TimeZone(identifier: "Pacific/Auckland")!) == LocalDate("2026-06-15"))
        #expect(LocalDate(moment, in: TimeZone(identifier: "Pacific/Honolulu")!) == LocalDate("2026-06-15"))
        let late = instant("2026-06-15T13:00:00Z")
        #expect(LocalDate(late, in: TimeZone(identifier: "Pacific/Auckland")!) == LocalDate("2026-06-16"))
        #expect(LocalDate(late, in: TimeZone(identifier: "America/Los_Angeles")!) == LocalDate("2026-06-15"))
    }

    @Test func localDatesRejectImpossibleText() {
        #expect(LocalDate("2026-02-30") == nil)
        #expect(LocalDate("2026-2-3") == nil)
        #expect(LocalDate("yesterday") == nil)
        #expect(LocalDate("2024-02-29") != nil)
    }

    @Test func moneyParsingAcceptsAmountsAndRefusesNonsense() {
        #expect(ClockInput.cents("12.50") == .some(1250))
        #expect(ClockInput.cents("12,5") == .some(1250))
        #expect(ClockInput.cents("") == .some(nil))
        #expect(ClockInput.cents("-3") == nil)
        #expect(ClockInput.cents("1e9") == nil)
        #expect(ClockInput.cents("ten") == nil)
    }
}
