import Foundation

/// Instants written for people, in a given time zone.
enum TimeText {
    static func format(_ date: Date, _ zone: TimeZone, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }

    /// "19:30"
    static func clock(_ date: Date, _ zone: TimeZone) -> String { format(date, zone, "HH:mm") }
}
