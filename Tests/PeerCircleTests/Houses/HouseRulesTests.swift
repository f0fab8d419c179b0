import Foundation
import Testing
@testable import PeerCircle

/// The arithmetic of a house run together: bills shared to the cent, votes at their edges, and the
/// chores rotation's fairness over twelve weeks while people move in and out.
@Suite struct HouseRulesTests {
    static func day(_ text: String) throws -> LocalDate { try #require(LocalDate(text)) }

    @Test func aBillIsSharedByDaysAndAlwaysAddsUpToTheCent() throws {
        #expect(HouseRules.split(100, by: [1, 1, 1]) == [34, 33, 33])
        #expect(HouseRules.split(1000, by: [30, 15]) == [667, 333])
        #expect(HouseRules.split(0, by: [3, 4]) == [0, 0])
        #expect(HouseRules.split(500, by: [0, 0]) == [0, 0])
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let amount = Int.random(in: 1...5_000_000, using: &generator)
            let weights = (0..<Int.random(in: 1...12, using: &generator)).map { _ in Int.random(in: 0...31, using: &generator) }
            let shares = HouseRules.split(amount, by: weights)
            guard weights.reduce(0, +) > 0 else { continue }
            #expect(shares.reduce(0, +) == amount, "\(amount) \(weights)")
            let total = weights.reduce(0, +)
            for (share, weight) in zip(shares, weights) {
                // Never more than a cent away from the exact share, and nothing for someone who was not there.
                #expect(abs(Double(share) - Double(amount) * Double(weight) / Double(total)) < 1, "\(amount) \(weights)")
                if weight == 0 { #expect(share == 0) }
            }
        }
    }

    @Test func daysLivedInAMonthCountTheMoveInDayButNotTheMoveOutDay() throws {
        let (a, b, c) = (UUID(), UUID(), UUID())
        let stays = [HouseRules.Stay(user: a, from: try Self.day("2026-01-20"), until: nil),
                     HouseRules.Stay(user: b, from: try Self.day("2026-02-10"), until: try Self.day("2026-02-20")),
                     HouseRules.Stay(user: c, from: try Self.day("2026-03-01"), until: nil),
                     HouseRules.Stay(user: b, from: try Self.day("2026-02-25"), until: nil)]
        #expect(HouseRules.daysPresent(stays, month: "2026-02") == [a: 28, b: 14])
        #expect(HouseRules.daysPresent(stays, month: "2026-01") == [a: 12])
        #expect(HouseRules.daysPresent(stays, month: "2026-03") == [a: 31, b: 31, c: 31])
        #expect(HouseRules.daysPresent(stays, month: "2026-13").isEmpty && HouseRules.daysPresent(stays, month: "2026-2").isEmpty)
        // Digits only: Int() alone would read "+1" as a month.
        #expect(HouseRules.monthStart("2026-+1") == nil && LocalDate("2026-+1-05") == nil && LocalDate("+026-01-05") == nil)
    }

    @Test func aVoteNeedsItsQuorumThenItsThreshold() {
        // Oxford House: 80 % of the votes cast, from at least half of the residents.
        let vote = { (yes: Int, no: Int, electorate: Int, closed: Bool) in
            HouseRules.outcome(yes: yes, no: no, electorate: electorate, threshold: 80, quorum: 50, closed: closed)
        }
        #expect(vote(4, 1, 5, false) == .carried)  // everyone voted: it ends early; 4 of 5 is exactly 80 %
        #expect(vote(3, 1, 5, false) == .stillOpen)
        #expect(vote(3, 1, 5, true) == .failed)  // 75 %
        #expect(vote(4, 0, 8, true) == .carried)  // exactly half voted: quorum met
        #expect(vote(3, 0, 8, true) == .noQuorum)
        #expect(vote(0, 0, 3, true) == .noQuorum)
        #expect(vote(0, 0, 0, true) == .noQuorum)
        #expect(HouseRules.outcome(yes: 2, no: 1, electorate: 3, threshold: 66, quorum: 100, closed: false) == .carried)
        #expect(HouseRules.outcome(yes: 2, no: 1, electorate: 3, threshold: 67, quorum: 100, closed: false) == .failed)
    }

    @Test func weeksStartOnMondayAndChoresComeDueOnTheirRhythm() throws {
        #expect(HouseRules.week(of: try Self.day("2026-11-29")) == (try Self.day("2026-11-23")))  // a Sunday
        #expect(HouseRules.week(of: try Self.day("2026-11-30")) == (try Self.day("2026-11-30")))
        let start = try Self.day("2026-11-02")
        #expect((0..<8).map { HouseRules.due(starts: start, every: 2, week: start.adding(days: 7 * $0)) } == [true, false, true, false, true, false, true, false])
        #expect(!HouseRules.due(starts: start, every: 1, week: start.adding(days: -7)))
    }

    /// Twelve weeks, five chores (one fortnightly), people leaving and arriving: everyone's chores stay
    /// within one of their fair share, nobody has two while someone has none, and every chore due is given once.
    @Test func theRotationIsFairOverTwelveWeeksWithMoves() throws {
        // People's ids decide ties, so each run tries new ones: two hundred houses.
        for _ in 0..<200 { try rotation() }
    }

    func rotation() throws {
        let people = (0..<7).map { _ in UUID() }
        let monday = try Self.day("2026-01-05")
        let stays = [
            HouseRules.Stay(user: people[0], from: monday, until: nil),
            HouseRules.Stay(user: people[1], from: monday, until: nil),
            HouseRules.Stay(user: people[2], from: monday, until: monday.adding(days: 7 * 5 + 3)),  // leaves mid-week 6
            HouseRules.Stay(user: people[3], from: monday, until: nil),
            HouseRules.Stay(user: people[4], from: monday.adding(days: 7 * 3 + 2), until: nil),  // arrives on a Wednesday in week 4
            HouseRules.Stay(user: people[5], from: monday.adding(days: 7 * 7), until: nil),  // arrives on week 8's Monday
            HouseRules.Stay(user: people[6], from: monday.adding(days: -30), until: monday.adding(days: 7 * 2)),  // leaves after week 2
        ]
        let chores = (0..<5).map { _ in UUID() }
        var history: [HouseRules.ChoreWeek] = []
        var lastDid: [UUID: [UUID: LocalDate]] = [:]
        var fair: [UUID: Double] = [:], done: [UUID: Int] = [:]
        for w in 0..<12 {
            let week = monday.adding(days: 7 * w)
            let due = chores.enumerated().filter { $0.offset != 4 || w % 2 == 0 }.map(\.element)
            let present = HouseRules.present(stays, week: week)
            let plan = HouseRules.assign(chores: due, present: present, owed: HouseRules.owed(history), lastDid: lastDid)
            #expect(Set(plan.keys) == Set(due), "week \(w + 1): every chore due is given once")
            #expect(plan.values.allSatisfy(present.contains), "week \(w + 1): only to people living there all week")
            let counts = Dictionary(grouping: plan.values, by: { $0 }).mapValues(\.count)
            #expect((counts.values.max() ?? 0) - (present.map { counts[$0] ?? 0 }.min() ?? 0) <= 1, "week \(w + 1): \(counts)")
            for p in present { fair[p, default: 0] += Double(due.count) / Double(present.count) }
            for (chore, user) in plan { done[user, default: 0] += 1; lastDid[chore, default: [:]][user] = week }
            history.append(HouseRules.ChoreWeek(present: present, turns: plan.map { (chore: $0.key, user: $0.value) }))
        }
        #expect(!HouseRules.present(stays, week: monday.adding(days: 7 * 3)).contains(people[4]), "a Wednesday arrival starts the next week")
        #expect(HouseRules.present(stays, week: monday.adding(days: 7 * 4)).contains(people[4]))
        #expect(!HouseRules.present(stays, week: monday.adding(days: 7 * 5)).contains(people[2]), "someone leaving mid-week is not given that week")
        for person in people {
            #expect(abs(Double(done[person] ?? 0) - (fair[person] ?? 0)) <= 1.0 + 1e-9,
                    "\(people.firstIndex(of: person) ?? -1): did \(done[person] ?? 0), fair share \(fair[person] ?? 0)")
        }
        let total: Int = done.values.reduce(0, +)
        #expect(total == 54)  // four weekly chores for twelve weeks and the fortnightly one six times
        // Nobody is stuck with the same chore: over the twelve weeks the three residents there throughout each did at least three different ones.
        for person in [people[0], people[1], people[3]] {
            #expect(lastDid.values.filter { $0[person] != nil }.count >= 3)
        }
    }
}
