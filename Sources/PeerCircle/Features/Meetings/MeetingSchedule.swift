import Foundation

/// When a weekly meeting happens, as real instants: local wall-clock time in the meeting's own
/// zone, so 19:00 stays 19:00 across daylight-saving changes, and a meeting that ends after
/// midnight ends on the next day.
enum MeetingSchedule {
    struct Occurrence: Sendable, Equatable {
        let start: Date
        let end: Date
    }

    static let defaultLength: TimeInterval = 3600

    /// Every occurrence that overlaps `from..<to`, in time order.
    static func occurrences(_ meeting: MeetingDraft, from: Date, to: Date) -> [Occurrence] {
        guard let start = meeting.startTime, !meeting.days.isEmpty,
              let zone = TimeZone(identifier: meeting.timeZone),
              let (startHour, startMinute) = clock(start)
        else { return [] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // Start a day early: yesterday's late meeting may still be running.
        var day = LocalDate(from, in: zone).adding(days: -1)
        let last = LocalDate(to, in: zone)
        var result: [Occurrence] = []
        while day <= last {
            if meeting.days.contains(day.weekday) {
                let begins = instant(day, startHour, startMinute, calendar)
                var ends = begins.addingTimeInterval(defaultLength)
                if let endText = meeting.endTime, let (h, m) = clock(endText) {
                    ends = instant(day, h, m, calendar)
                    if ends <= begins { ends = instant(day.adding(days: 1), h, m, calendar) }
                }
                if ends > from && begins < to { result.append(Occurrence(start: begins, end: ends)) }
            }
            day = day.adding(days: 1)
        }
        return result
    }

    /// The occurrence on now or next, within a week and a day (nil for "by appointment").
    static func next(_ meeting: MeetingDraft, after now: Date) -> Occurrence? {
        occurrences(meeting, from: now, to: now.addingTimeInterval(8 * 86_400)).first
    }

    /// "19:30" → (19, 30).
    static func clock(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else { return nil }
        return (parts[0], parts[1])
    }

    /// The instant a local wall-clock time names. In a spring-forward gap (02:30 that never
    /// happens) Foundation moves forward to the first time that exists, as people do.
    private static func instant(_ day: LocalDate, _ hour: Int, _ minute: Int, _ calendar: Calendar) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))!
    }
}
