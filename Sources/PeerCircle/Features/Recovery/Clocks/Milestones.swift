import Foundation

/// A day worth marking on the way.
struct Milestone: Sendable, Equatable, Codable {
    let title: String
    let date: LocalDate
}

/// 24 hours, 1 and 2 weeks, 30/60/90 days, 6 and 9 months, 1 year, 18 months, then every year.
/// Month and year milestones follow the calendar (6 months after 31 August is 28 or 29 February).
enum Milestones {
    private enum Step {
        case days(Int, String)
        case months(Int, String)
    }

    private static let fixed: [Step] = [
        .days(1, "24 hours"), .days(7, "1 week"), .days(14, "2 weeks"),
        .days(30, "30 days"), .days(60, "60 days"), .days(90, "90 days"),
        .months(6, "6 months"), .months(9, "9 months"), .months(12, "1 year"), .months(18, "18 months"),
    ]

    /// Milestones in order, generated until the first one after `horizon`.
    static func sequence(from start: LocalDate, through horizon: LocalDate) -> [Milestone] {
        var result: [Milestone] = fixed.map { step in
            switch step {
            case .days(let n, let title): Milestone(title: title, date: start.adding(days: n))
            case .months(let n, let title): Milestone(title: title, date: start.adding(months: n))
            }
        }
        var years = 2
        while result.last!.date <= horizon {
            result.append(Milestone(title: "\(years) years", date: start.adding(months: 12 * years)))
            years += 1
        }
        return result
    }

    static func reached(from start: LocalDate, today: LocalDate) -> [Milestone] {
        sequence(from: start, through: today).filter { $0.date <= today }
    }

    static func next(from start: LocalDate, today: LocalDate) -> Milestone {
        sequence(from: start, through: today).first { $0.date > today }!
    }
}
