import Foundation

/// The arithmetic of a house run together, with no database: who lived there when, how a bill is
/// shared to the cent, how a vote ends, and whose turn a chore is.
enum HouseRules {
    /// A stay from its move-in day up to (not including) its move-out day.
    struct Stay: Sendable, Equatable {
        let user: UUID
        let from: LocalDate
        let until: LocalDate?
    }

    // MARK: - Months and money

    static func monthStart(_ month: String) -> LocalDate? {
        LocalDate(month + "-01").flatMap { month.count == 7 ? $0 : nil }
    }

    static func month(of day: LocalDate) -> String { String(day.description.prefix(7)) }

    /// The days of `month` ("YYYY-MM") each person lived in the house; the move-out day is not counted.
    static func daysPresent(_ stays: [Stay], month: String) -> [UUID: Int] {
        guard let start = monthStart(month) else { return [:] }
        let next = start.adding(months: 1)
        var days: [UUID: Int] = [:]
        for stay in stays {
            let from = max(stay.from, start), until = min(stay.until ?? next, next)
            if from < until { days[stay.user, default: 0] += from.days(to: until) }
        }
        return days
    }

    /// `amount` shared by days lived, in whole minor units that always add up to `amount`: each
    /// share rounded down, the cents left over going to the largest remainders (ties in `weights`' order).
    static func split(_ amount: Int, by weights: [Int]) -> [Int] {
        let total = weights.reduce(0, +)
        guard total > 0, amount >= 0 else { return weights.map { _ in 0 } }
        var shares = weights.map { amount * $0 / total }
        let left = amount - shares.reduce(0, +)
        let order = weights.indices.sorted { a, b in
            let (ra, rb) = (amount * weights[a] % total, amount * weights[b] % total)
            return ra != rb ? ra > rb : a < b
        }
        for index in order.prefix(left) { shares[index] += 1 }
        return shares
    }

    // MARK: - Votes

    enum Outcome: Sendable, Equatable {
        case stillOpen, carried, failed, noQuorum
    }

    /// A vote ends at its deadline, or once everyone who may vote has. It needs `quorum` per cent of
    /// the electorate to vote, then `threshold` per cent of the votes cast to say yes.
    static func outcome(yes: Int, no: Int, electorate: Int, threshold: Int, quorum: Int, closed: Bool) -> Outcome {
        let cast = yes + no
        guard closed || cast >= electorate else { return .stillOpen }
        guard cast > 0, cast * 100 >= quorum * electorate else { return .noQuorum }
        return yes * 100 >= threshold * cast ? .carried : .failed
    }

    // MARK: - Chores

    /// The Monday of the week `day` is in.
    static func week(of day: LocalDate) -> LocalDate { day.adding(days: -((day.weekday + 6) % 7)) }

    /// Who takes part in a week's chores: living there from its Monday to its end.
    static func present(_ stays: [Stay], week monday: LocalDate) -> [UUID] {
        let end = monday.adding(days: 7)
        return Array(Set(stays.filter { $0.from <= monday && ($0.until.map { $0 >= end } ?? true) }.map(\.user)))
            .sorted { $0.uuidString < $1.uuidString }
    }

    /// A past week: who took part and who had which chore.
    struct ChoreWeek: Sendable {
        let present: [UUID]
        let turns: [(chore: UUID, user: UUID)]
    }

    /// Each person's fair share of the chores so far less what they did: every week the chores due are
    /// shared equally among those taking part, so a newcomer starts even and a leaver's share goes with them.
    static func owed(_ history: [ChoreWeek]) -> [UUID: Double] {
        var owed: [UUID: Double] = [:]
        for week in history where !week.present.isEmpty {
            let share = Double(week.turns.count) / Double(week.present.count)
            for user in week.present { owed[user, default: 0] += share }
            for turn in week.turns { owed[turn.user, default: 0] -= 1 }
        }
        return owed
    }

    /// This week's turns: each chore in order goes to whoever has fewest this week (so nobody has two
    /// while someone has none), then to whoever is most behind their fair share over the weeks, then to
    /// whoever did that chore longest ago (or never), so nobody is stuck with the same one.
    static func assign(chores: [UUID], present: [UUID], owed before: [UUID: Double],
                       lastDid: [UUID: [UUID: LocalDate]]) -> [UUID: UUID] {
        guard !present.isEmpty else { return [:] }
        var owed = Dictionary(uniqueKeysWithValues: present.map { ($0, (before[$0] ?? 0) + Double(chores.count) / Double(present.count)) })
        var thisWeek: [UUID: Int] = [:]
        var turns: [UUID: UUID] = [:]
        for chore in chores {
            let last = lastDid[chore] ?? [:]
            let pick = present.min { a, b in
                let (ta, tb) = (thisWeek[a] ?? 0, thisWeek[b] ?? 0)
                if ta != tb { return ta < tb }
                let (oa, ob) = (owed[a] ?? 0, owed[b] ?? 0)
                if abs(oa - ob) > 1e-9 { return oa > ob }
                switch (last[a], last[b]) {
                case (nil, .some): return true
                case (.some, nil): return false
                case let (la?, lb?) where la != lb: return la < lb
                default: return a.uuidString < b.uuidString
                }
            }
            if let pick {
                turns[chore] = pick
                owed[pick, default: 0] -= 1
                thisWeek[pick, default: 0] += 1
            }
        }
        return turns
    }

    /// Whether a chore made in `starts` and due every `every` weeks is due in the week of `monday`.
    static func due(starts: LocalDate, every: Int, week monday: LocalDate) -> Bool {
        let weeks = starts.days(to: monday) / 7
        return weeks >= 0 && weeks % max(1, every) == 0
    }
}
