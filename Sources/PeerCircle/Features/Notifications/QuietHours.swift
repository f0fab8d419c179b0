import Foundation

/// A member's quiet hours and digest time, in their own time zone. Pure, so every edge (overnight
/// spans, daylight-saving changes, zones either side of the date line) is tested without a database.
struct QuietHours: Sendable, Equatable {
    /// Minutes after local midnight, 0..<1440; `start == end` is refused when set.
    let start: Int
    let end: Int

    init?(start: Int?, end: Int?) {
        guard let start, let end, (0..<1440).contains(start), (0..<1440).contains(end), start != end else { return nil }
        self.start = start
        self.end = end
    }

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// Whether `date` falls in the quiet span (start inclusive, end exclusive; may run past midnight).
    func contains(_ date: Date, in zone: TimeZone) -> Bool {
        let parts = Self.calendar(zone).dateComponents([.hour, .minute], from: date)
        return contains(minute: (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    /// Whether a local time of day (minutes after midnight) falls in the span.
    func contains(minute: Int) -> Bool {
        start < end ? (start <= minute && minute < end) : (minute >= start || minute < end)
    }

    /// When the quiet span holding `date` ends: the next local `end` time (on a day the clocks skip
    /// it, the first moment after the gap).
    func end(after date: Date, in zone: TimeZone) -> Date {
        let matching = DateComponents(hour: end / 60, minute: end % 60, second: 0)
        return Self.calendar(zone).nextDate(after: date, matching: matching, matchingPolicy: .nextTime) ?? date.addingTimeInterval(3600)
    }

    /// The most recent digest time at or before `date`: `hour`:00 local today, else yesterday.
    static func lastDigestTime(hour: Int, before date: Date, in zone: TimeZone) -> Date {
        let calendar = calendar(zone)
        let matching = DateComponents(hour: hour, minute: 0, second: 0)
        // The first such time after a moment 26 hours back, then stepping on while it stays at or before `date`.
        var slot = calendar.nextDate(after: date.addingTimeInterval(-26 * 3600), matching: matching, matchingPolicy: .nextTime) ?? date
        while let next = calendar.nextDate(after: slot, matching: matching, matchingPolicy: .nextTime), next <= date { slot = next }
        return slot
    }

    /// "22:00" for 1320.
    static func text(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// "22:00" or "7:30" → minutes after midnight; nil for anything else.
    static func minutes(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let hourText = parts.first, let minuteText = parts.last, hourText.count <= 2, minuteText.count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let hour = Int(hourText), let minute = Int(minuteText),
              (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        return hour * 60 + minute
    }
}
