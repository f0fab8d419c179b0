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

    /// A time zone as people read it: "New York (America)", "Kolkata (Asia)", "UTC" — never
    /// `America/New_York`.
    static func zoneName(_ identifier: String) -> String {
        let parts = identifier.split(separator: "/").map { $0.replacingOccurrences(of: "_", with: " ") }
        guard let city = parts.last, parts.count > 1 else { return identifier.replacingOccurrences(of: "_", with: " ") }
        return "\(city) (\(parts.dropLast().joined(separator: ", ")))"
    }
}
