import Foundation

/// Weekly meetings as an RFC 5545 calendar: one recurring VEVENT per meeting in its own time zone
/// (with the VTIMEZONE it needs), TEXT escaped, lines folded at 75 octets, CRLF line ends.
enum ICalendar {
    struct Event: Sendable {
        let uid: String
        let meeting: MeetingDraft
        let url: String?
    }

    static let weekdayCodes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]

    /// A one-off event, at fixed instants (UTC), with no recurrence.
    struct OneOff: Sendable {
        let uid: String
        let title: String
        let start: Date
        let end: Date
        let place: String?
        let description: String?
    }

    static func calendar(name: String, events: [Event], oneOffs: [OneOff] = [], now: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//PeerCircle//Meetings//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name)]
        let timed = events.filter { $0.meeting.startTime != nil && !$0.meeting.days.isEmpty }
        for zone in Set(timed.map(\.meeting.timeZone)).sorted() {
            if let tz = TimeZone(identifier: zone) { lines += timeZone(tz, around: now) }
        }
        for event in timed { lines += vevent(event, now: now) }
        for event in oneOffs {
            lines += ["BEGIN:VEVENT", "UID:" + event.uid, "DTSTAMP:" + utc(now), "DTSTART:" + utc(event.start),
                      "DTEND:" + utc(event.end), "SUMMARY:" + escape(event.title)]
            if let place = event.place { lines.append("LOCATION:" + escape(place)) }
            if let description = event.description, !description.isEmpty { lines.append("DESCRIPTION:" + escape(description)) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func vevent(_ event: Event, now: Date) -> [String] {
        let m = event.meeting
        guard let zone = TimeZone(identifier: m.timeZone), let start = m.startTime,
              let (hour, minute) = MeetingSchedule.clock(start) else { return [] }
        // The series starts on the first meeting day on or after a week ago, so calendars show it now.
        var day = LocalDate(now, in: zone).adding(days: -7)
        while !m.days.contains(day.weekday) { day = day.adding(days: 1) }
        var minutes = 60
        if let end = m.endTime, let (h, mm) = MeetingSchedule.clock(end) {
            minutes = (h * 60 + mm) - (hour * 60 + minute)
            if minutes <= 0 { minutes += 24 * 60 } // ends after midnight
        }
        let address = m.fullAddress
        let place = m.isInPerson ? [m.location, address.isEmpty ? nil : address].compactMap { $0 }.joined(separator: ", ") : "Online"
        let description = [
            m.types.map(MeetingTypes.meaning).joined(separator: ", "),
            m.conferenceURL.map { "Join: \($0)" }, m.conferenceURLNotes, m.conferencePhone.map { "Phone: \($0)" },
            m.locationNotes, m.notes,
        ].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n")
        var lines = [
            "BEGIN:VEVENT",
            "UID:" + event.uid,
            "DTSTAMP:" + utc(now),
            "DTSTART;TZID=\(m.timeZone):" + String(format: "%04d%02d%02dT%02d%02d00", day.year, day.month, day.day, hour, minute),
            "DURATION:PT\(minutes)M",
            "RRULE:FREQ=WEEKLY;BYDAY=" + m.days.map { weekdayCodes[$0] }.joined(separator: ","),
            "SUMMARY:" + escape(m.name),
        ]
        if !place.isEmpty { lines.append("LOCATION:" + escape(place)) }
        if !description.isEmpty { lines.append("DESCRIPTION:" + escape(description)) }
        if let url = event.url { lines.append("URL:" + url) }
        if m.attendance == .inactive { lines.append("STATUS:CANCELLED") }
        lines.append("END:VEVENT")
        return lines
    }

    /// The zone's offset changes from a year before to two years after `now`, as explicit observances.
    static func timeZone(_ zone: TimeZone, around now: Date) -> [String] {
        let lines = ["BEGIN:VTIMEZONE", "TZID:" + zone.identifier]
        var cursor = now.addingTimeInterval(-366 * 86_400)
        let end = now.addingTimeInterval(2 * 366 * 86_400)
        var observances: [String] = []
        while let transition = zone.nextDaylightSavingTimeTransition(after: cursor), transition < end {
            let before = zone.secondsFromGMT(for: transition.addingTimeInterval(-1))
            let after = zone.secondsFromGMT(for: transition)
            let kind = zone.isDaylightSavingTime(for: transition) ? "DAYLIGHT" : "STANDARD"
            observances += ["BEGIN:\(kind)", "DTSTART:" + local(transition, offset: before),
                            "TZOFFSETFROM:" + offset(before), "TZOFFSETTO:" + offset(after), "END:\(kind)"]
            cursor = transition
        }
        if observances.isEmpty {
            let fixed = offset(zone.secondsFromGMT(for: now))
            observances = ["BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:" + fixed, "TZOFFSETTO:" + fixed, "END:STANDARD"]
        }
        return lines + observances + ["END:VTIMEZONE"]
    }

    /// RFC 5545 TEXT: backslash, semicolon, comma and newline escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\n")
    }

    /// Lines longer than 75 octets continue on the next line after a space, never inside a character.
    static func fold(_ line: String) -> String {
        var result = "", count = 0
        for character in line {
            let size = String(character).utf8.count
            if count + size > 75 {
                result += "\r\n "
                count = 1
            }
            result.append(character)
            count += size
        }
        return result
    }

    private static func utc(_ date: Date) -> String { TimeText.format(date, .gmt, "yyyyMMdd'T'HHmmss'Z'") }

    private static func local(_ date: Date, offset: Int) -> String {
        TimeText.format(date.addingTimeInterval(TimeInterval(offset)), .gmt, "yyyyMMdd'T'HHmmss")
    }

    private static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let s = abs(seconds)
        return String(format: "%@%02d%02d", sign, s / 3600, (s % 3600) / 60)
    }
}
