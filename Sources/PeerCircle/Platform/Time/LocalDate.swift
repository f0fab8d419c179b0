import Foundation

/// A calendar date with no time or zone: "the day I got sober", "the day of this check-in".
/// Stored as `YYYY-MM-DD`, which sorts correctly as text on both databases.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Calendar arithmetic on pure dates happens in UTC, where no day is 23 or 25 hours long.
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    public init?(year: Int, month: Int, day: Int) {
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: Self.calendar) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date on the wall calendar in `timeZone` at instant `date`.
    public init(_ date: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        self.year = c.year!
        self.month = c.month!
        self.day = c.day!
    }

    public init?(_ description: String) {
        let parts = description.split(separator: "-", omittingEmptySubsequences: false)
        // Digits only: Int() would also read "+1", and "2026-+1-05" is no date anyone wrote.
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              description.allSatisfy({ $0 == "-" || ("0"..."9").contains($0) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    private var utcMidnight: Date {
        Self.calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    public func days(to other: LocalDate) -> Int {
        Self.calendar.dateComponents([.day], from: utcMidnight, to: other.utcMidnight).day!
    }

    /// 0 = Sunday … 6 = Saturday, as Meeting Guide counts.
    public var weekday: Int { Self.calendar.component(.weekday, from: utcMidnight) - 1 }

    public func adding(days: Int) -> LocalDate {
        LocalDate(Self.calendar.date(byAdding: .day, value: days, to: utcMidnight)!, in: Self.calendar.timeZone)
    }

    /// Adds calendar months; the 31st plus one month lands on the last day of the shorter month.
    public func adding(months: Int) -> LocalDate {
        LocalDate(Self.calendar.date(byAdding: .month, value: months, to: utcMidnight)!, in: Self.calendar.timeZone)
    }

    /// "Sunday 22 November 2026", for people rather than machines.
    public var longText: String { formatted("EEEE d MMMM yyyy") }

    /// "22 Nov", for chart axes.
    public var shortText: String { formatted("d MMM") }

    private func formatted(_ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = Self.calendar.timeZone
        formatter.dateFormat = pattern
        return formatter.string(from: utcMidnight)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Expected YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
