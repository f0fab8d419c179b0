import Foundation

/// Reads a Meeting Guide JSON feed the way real feeds are written: `day` as a number, a string, an
/// array or null; times as "18:00" or "6:30 PM"; the address in parts or formatted; legacy `ONL`;
/// `video_conference_url`; unknown fields; HTML entities in text.
enum MeetingGuideFeed {
    struct Skipped: Sendable, Equatable {
        let index: Int
        let slug: String?
        let reason: String
    }

    struct Parsed: Sendable {
        var meetings: [MeetingDraft] = []
        var skipped: [Skipped] = []
    }

    enum FeedError: Error, Equatable, CustomStringConvertible {
        case notJSON(String)
        case notAList
        case tooLong(Int)

        var description: String {
            switch self {
            case .notJSON(let detail): "The file is not valid JSON (\(detail)). Nothing was imported."
            case .notAList: "The file is JSON but not a Meeting Guide feed (a list of meetings). Nothing was imported."
            case .tooLong(let count):
                "The feed lists \(count) entries; at most \(MeetingGuideFeed.maxEntries) are taken at once (split it by region). Nothing was imported."
            }
        }
    }

    /// The most entries one import takes: the largest regions list 5–10 000 meetings.
    static let maxEntries = 50_000

    /// Parses a whole feed; fails without side effects if the file as a whole cannot be a feed.
    static func parse(_ data: Data, defaultTimeZone: String) throws(FeedError) -> Parsed {
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "unreadable"
            throw .notJSON(detail)
        }
        guard let list = json as? [Any] else { throw .notAList }
        guard list.count <= maxEntries else { throw .tooLong(list.count) }
        var parsed = Parsed()
        var seen = Set<String>()
        for (index, item) in list.enumerated() {
            guard let object = item as? [String: Any] else {
                parsed.skipped.append(.init(index: index, slug: nil, reason: "not a meeting object"))
                continue
            }
            switch record(object, defaultTimeZone: defaultTimeZone) {
            case .success(let draft):
                if seen.insert(draft.slug).inserted {
                    parsed.meetings.append(draft)
                } else {
                    parsed.skipped.append(.init(index: index, slug: draft.slug, reason: "slug appears earlier in the feed"))
                }
            case .failure(let reason):
                parsed.skipped.append(.init(index: index, slug: text(object["slug"]), reason: reason.text))
            }
        }
        return parsed
    }

    struct Reason: Error { let text: String }

    static func record(_ o: [String: Any], defaultTimeZone: String) -> Result<MeetingDraft, Reason> {
        guard let slug = text(o["slug"]) ?? text(o["id"]) else { return .failure(Reason(text: "no slug")) }
        guard slug.count <= 255 else { return .failure(Reason(text: "slug longer than 255 characters")) }
        guard let name = text(o["name"]) else { return .failure(Reason(text: "no name")) }
        let days: [Int]
        switch weekdays(o["day"]) {
        case .success(let value): days = value
        case .failure(let reason): return .failure(reason)
        }
        let start: String?
        switch time(o["time"]) {
        case .success(let value): start = value
        case .failure: return .failure(Reason(text: "time '\(text(o["time"]) ?? "")' is not a time of day"))
        }
        if !days.isEmpty && start == nil { return .failure(Reason(text: "a day but no time")) }
        let end = (try? time(o["end_time"]).get()) ?? nil
        let zone = text(o["timezone"]) ?? defaultTimeZone
        guard TimeZone(identifier: zone) != nil else { return .failure(Reason(text: "unknown time zone '\(zone)'")) }

        var types: [String] = []
        var legacyOnline = false
        for code in (o["types"] as? [Any] ?? []).compactMap(text) {
            if MeetingTypes.legacyOnline.contains(code) { legacyOnline = true } else if MeetingTypes.meanings[code] != nil, !types.contains(code) {
                types.append(code)
            }
        }
        let conferenceURL = webURL(text(o["conference_url"]) ?? text(o["video_conference_url"]))
        let conferencePhone = text(o["conference_phone"])
        let formatted = text(o["formatted_address"])
        let street = text(o["address"])
        let hasPlace = formatted != nil || street != nil
        let online = conferenceURL != nil || conferencePhone != nil || legacyOnline
        var attendance: Attendance = online ? (hasPlace ? .hybrid : .online) : .inPerson
        if let stated = text(o["attendance_option"]).flatMap(Attendance.init(rawValue:)) { attendance = stated }
        if types.contains("TC") && attendance == .inPerson { attendance = .inactive }
        // An online-only meeting's address is approximate; keep it, but it is not a place to go.
        return .success(MeetingDraft(
            slug: slug, name: name, groupName: text(o["group"]), days: days, startTime: start, endTime: end,
            timeZone: zone, location: text(o["location"]), locationNotes: text(o["location_notes"]),
            formattedAddress: formatted, address: street, city: text(o["city"]), state: text(o["state"]),
            postalCode: text(o["postal_code"]), country: text(o["country"]),
            region: text(o["region"]) ?? (o["regions"] as? [Any])?.compactMap(text).last,
            latitude: coordinate(o["latitude"], limit: 90), longitude: coordinate(o["longitude"], limit: 180),
            conferenceURL: conferenceURL, conferenceURLNotes: text(o["conference_url_notes"]),
            conferencePhone: conferencePhone, conferencePhoneNotes: text(o["conference_phone_notes"]),
            attendance: attendance, types: types, notes: text(o["notes"]), url: webURL(text(o["url"]))))
    }

    // MARK: tolerant readers

    /// Any scalar as trimmed plain text: numbers become text, HTML entities are decoded, tags dropped.
    static func text(_ value: Any?) -> String? {
        let raw: String
        switch value {
        case let s as String: raw = s
        case let n as NSNumber: raw = n.stringValue
        default: return nil
        }
        let plain = HTMLText.plain(raw).trimmingCharacters(in: .whitespacesAndNewlines)
        return plain.isEmpty ? nil : plain
    }

    static func number(_ value: Any?) -> Double? {
        switch value {
        case let n as NSNumber: n.doubleValue
        case let s as String: Double(s.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }

    /// Degrees to six decimals (about 10 cm): more is noise, and fewer digits survive a round trip exactly.
    static func coordinate(_ value: Any?, limit: Double) -> Double? {
        guard let degrees = number(value), abs(degrees) <= limit else { return nil }
        return (degrees * 1_000_000).rounded() / 1_000_000
    }

    /// 0–6 from a number, a string ("3", "Tuesday"), an array of either, or nothing (by appointment).
    static func weekdays(_ value: Any?) -> Result<[Int], Reason> {
        let items: [Any]
        switch value {
        case nil, is NSNull: return .success([])
        case let list as [Any]: items = list
        case let single?: items = [single]
        }
        var days: [Int] = []
        for item in items {
            guard let day = weekday(item) else {
                return .failure(Reason(text: "day '\(text(item) ?? "?")' is not 0–6 or a weekday name"))
            }
            if !days.contains(day) { days.append(day) }
        }
        return .success(days.sorted())
    }

    private static let dayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    private static func weekday(_ value: Any) -> Int? {
        guard let word = text(value)?.lowercased() else { return nil }
        if let n = Int(word) { return (0...6).contains(n) ? n : nil }
        return dayNames.firstIndex { $0 == word || $0.prefix(3) == word }
    }

    /// "18:00", "6:30", "18:00:00", "6:30 PM", "11 a.m.", "noon" → "HH:mm"; nil/empty → nil.
    static func time(_ value: Any?) -> Result<String?, Reason> {
        guard var t = text(value)?.lowercased() else { return .success(nil) }
        if t == "noon" { return .success("12:00") }
        if t == "midnight" { return .success("00:00") }
        var meridiem: String?
        for suffix in ["a.m.", "p.m.", "am", "pm"] where t.hasSuffix(suffix) {
            meridiem = suffix.hasPrefix("p") ? "pm" : "am"
            t = String(t.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        let parts = t.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), let h = Int(parts[0]), let m = parts.count > 1 ? Int(parts[1]) : 0,
              (0...59).contains(m)
        else { return .failure(Reason(text: "time")) }
        var hour = h
        if let meridiem {
            guard (1...12).contains(h) else { return .failure(Reason(text: "time")) }
            hour = h % 12 + (meridiem == "pm" ? 12 : 0)
        }
        guard (0...23).contains(hour) else { return .failure(Reason(text: "time")) }
        return .success(String(format: "%02d:%02d", hour, m))
    }

    /// Only http(s) links become links; anything else (javascript:, mailto:) is dropped.
    static func webURL(_ text: String?) -> String? {
        guard let text, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "https" || scheme == "http", url.host != nil else { return nil }
        return text
    }
}
