import Foundation
import Synchronization

/// Instants written for people, in a given time zone.
enum TimeText {
    /// Making a DateFormatter costs far more than using one (ICU builds the pattern): one per
    /// pattern and zone is kept, and used under a lock (a formatter is not safe to share unguarded).
    private static let formatters = Mutex<[String: DateFormatter]>([:])

    static func format(_ date: Date, _ zone: TimeZone, _ pattern: String) -> String {
        // The forum's patterns, drawn for every row and post: by arithmetic, as ICU would write them.
        switch pattern {
        case "d MMM HH:mm": return dayMonthTime(date, zone, year: false)
        case "d MMM yyyy HH:mm": return dayMonthTime(date, zone, year: true)
        default: break
        }
        return formatters.withLock { cache in
            let key = pattern + "\u{0}" + zone.identifier
            if let formatter = cache[key] { return formatter.string(from: date) }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = zone
            formatter.dateFormat = pattern
            if cache.count >= 512 { cache.removeAll() }
            cache[key] = formatter
            return formatter.string(from: date)
        }
    }

    /// "19:30": the wall clock in `zone`, by arithmetic.
    static func clock(_ date: Date, _ zone: TimeZone) -> String {
        let local = Int((date.timeIntervalSince1970).rounded(.down)) + zone.secondsFromGMT(for: date)
        let minutes = ((local % 86_400) + 86_400) % 86_400 / 60
        return two(minutes / 60) + ":" + two(minutes % 60)
    }

    /// "2026-06-15T19:00:00Z", for `datetime` attributes.
    static func iso(_ date: Date) -> String {
        let seconds = Int((date.timeIntervalSince1970).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        let (year, month, day) = civil(days)
        return "\(year)-\(two(month))-\(two(day))T\(two(time / 3600)):\(two(time % 3600 / 60)):\(two(time % 60))Z"
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "5 Jun 19:30" or "5 Jun 2026 19:30" on the wall clock in `zone`.
    private static func dayMonthTime(_ date: Date, _ zone: TimeZone, year withYear: Bool) -> String {
        let local = Int((date.timeIntervalSince1970).rounded(.down)) + zone.secondsFromGMT(for: date)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let minutes = (local - days * 86_400) / 60
        let (year, month, day) = civil(days)
        let name = months.indices.contains(month - 1) ? months[month - 1] : ""
        return "\(day) \(name) " + (withYear ? "\(year) " : "") + two(minutes / 60) + ":" + two(minutes % 60)
    }

    /// The civil date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
    private static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since 1970-01-01 on the wall calendar in `zone`.
    static func dayNumber(_ date: Date, _ zone: TimeZone) -> Int {
        let local = Int((date.timeIntervalSince1970).rounded(.down)) + zone.secondsFromGMT(for: date)
        return local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// A time zone as people read it: "New York (America)", "Kolkata (Asia)", "UTC" — never
    /// `America/New_York`.
    static func zoneName(_ identifier: String) -> String {
        let parts = identifier.split(separator: "/").map { $0.replacingOccurrences(of: "_", with: " ") }
        guard let city = parts.last, parts.count > 1 else { return identifier.replacingOccurrences(of: "_", with: " ") }
        return "\(city) (\(parts.dropLast().joined(separator: ", ")))"
    }
}
