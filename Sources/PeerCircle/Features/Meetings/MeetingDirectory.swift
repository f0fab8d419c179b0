import FluentKit
import Foundation

/// What a person is looking for in the directory. Every field is optional.
struct MeetingFilter: Sendable, Equatable {
    enum TimeOfDay: String, Sendable, CaseIterable {
        case morning, afternoon, evening, night

        var title: String {
            switch self {
            case .morning: "Morning (5:00–12:00)"
            case .afternoon: "Afternoon (12:00–17:00)"
            case .evening: "Evening (17:00–21:00)"
            case .night: "Night (21:00–5:00)"
            }
        }

        func contains(hour: Int) -> Bool {
            switch self {
            case .morning: (5..<12).contains(hour)
            case .afternoon: (12..<17).contains(hour)
            case .evening: (17..<21).contains(hour)
            case .night: hour >= 21 || hour < 5
            }
        }
    }

    var day: Int?
    var timeOfDay: TimeOfDay?
    var type: String?
    var mode: String?
    var pathway: Group.Pathway?
    var language: String?
    var latitude: Double?
    var longitude: Double?
    var radiusKm: Double?

    static let modes = ["in_person": "In person", "online": "Online"]

    /// Reads the query string, collecting a reason for every value that cannot be used.
    init(query: [String: String]) throws(AppError) {
        var check = Validation()
        func value(_ key: String) -> String? {
            let v = query[key]?.trimmingCharacters(in: .whitespaces)
            return v?.isEmpty == false ? v : nil
        }
        if let text = value("day") {
            day = Int(text).flatMap { (0...6).contains($0) ? $0 : nil }
            check.check(day != nil, "day", "Choose a day of the week.")
        }
        if let text = value("time") {
            timeOfDay = TimeOfDay(rawValue: text)
            check.check(timeOfDay != nil, "time", "Choose morning, afternoon, evening or night.")
        }
        if let text = value("type") {
            type = MeetingTypes.meanings[text] != nil ? text : nil
            check.check(type != nil, "type", "Choose a meeting type from the list.")
        }
        if let text = value("mode") {
            mode = Self.modes[text] != nil ? text : nil
            check.check(mode != nil, "mode", "Choose in person or online.")
        }
        if let text = value("pathway") {
            pathway = Group.Pathway(rawValue: text)
            check.check(pathway != nil, "pathway", "Choose a pathway from the list.")
        }
        if let text = value("language") {
            language = GroupInput.languageNames[text] != nil ? text : nil
            check.check(language != nil, "language", "Choose a language from the list.")
        }
        if value("lat") != nil || value("lng") != nil {
            latitude = value("lat").flatMap(Double.init).flatMap { abs($0) <= 90 ? $0 : nil }
            longitude = value("lng").flatMap(Double.init).flatMap { abs($0) <= 180 ? $0 : nil }
            check.check(latitude != nil && longitude != nil, "lat", "Give a latitude (−90 to 90) and a longitude (−180 to 180).")
            radiusKm = value("km").flatMap(Double.init) ?? 10
            check.check((0.1...500).contains(radiusKm ?? 0), "km", "Choose a distance from 0.1 to 500 km.")
        }
        try check.finish()
    }

    init() {}

    /// Meeting Guide codes that name a language, by ISO 639-1 code.
    static let languageTypes: [String: String] = [
        "en": "EN", "es": "S", "fr": "FR", "de": "DE", "pt": "POR", "it": "ITA", "nl": "NL", "pl": "POL", "ru": "RUS",
        "uk": "UK", "ar": "AR", "fa": "FA", "hi": "HI", "ja": "JA", "ko": "KOR", "tl": "TL", "asl": "ASL",
    ]

    /// Pathway comes from the meeting's group; language from its group or its Meeting Guide types.
    func matches(_ m: MeetingDraft, group: Group? = nil) -> Bool {
        if let pathway, group?.pathway != pathway { return false }
        if let language, !(group?.languages.contains(language) ?? false),
           !(Self.languageTypes[language].map(m.types.contains) ?? false) { return false }
        if let type, !m.types.contains(type) { return false }
        if mode == "online", !m.isOnline { return false }
        if mode == "in_person", !m.isInPerson { return false }
        if let km = distanceKm(m), let radiusKm, km > radiusKm { return false }
        if latitude != nil, distanceKm(m) == nil { return false }
        // "Near" is about rooms: a meeting that is only online is near nobody.
        if latitude != nil, m.attendance == .online { return false }
        return true
    }

    /// Great-circle distance from the chosen point, when both ends have coordinates.
    func distanceKm(_ m: MeetingDraft) -> Double? {
        guard let latitude, let longitude, m.attendance != .online, let lat = m.latitude, let lng = m.longitude else { return nil }
        let r = 6371.0, rad = Double.pi / 180
        let dLat = (lat - latitude) * rad, dLng = (lng - longitude) * rad
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(latitude * rad) * cos(lat * rad) * sin(dLng / 2) * sin(dLng / 2)
        return 2 * r * asin(min(1, sqrt(a)))
    }
}

/// A meeting in the directory, at its next time.
struct DirectoryEntry: Sendable {
    enum Status: Sendable, Equatable {
        case inProgress
        case startingIn(minutes: Int)
        case later
    }

    let id: UUID
    let meeting: MeetingDraft
    let occurrence: MeetingSchedule.Occurrence
    let status: Status
    let distanceKm: Double?
}

/// One page of the directory's upcoming meetings.
struct DirectoryPage: Sendable, Equatable {
    static let size = 100
    let number: Int
    let total: Int

    /// A page that exists: an unreadable or too-large number shows the nearest one.
    init(total: Int, requested: String?) {
        let last = max(1, (total + Self.size - 1) / Self.size)
        self.total = total
        number = min(max(1, requested.flatMap { Int($0) } ?? 1), last)
    }

    var range: Range<Int> { min(total, (number - 1) * Self.size)..<min(total, number * Self.size) }
    var isLast: Bool { number * Self.size >= total }
}

/// Finds what is on soon, seen from the viewer's time zone.
struct MeetingDirectory: Sendable {
    let db: any Database
    static let soon: TimeInterval = 60 * 60

    func upcoming(_ filter: MeetingFilter, zone: TimeZone, now: Date, days: Int = 7) async throws -> [DirectoryEntry] {
        let meetings = try await Meeting.query(on: db).with(\.$group).all()
        let until = now.addingTimeInterval(Double(days) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var entries: [DirectoryEntry] = []
        for meeting in meetings {
            let draft = meeting.draft
            guard filter.matches(draft, group: meeting.group) else { continue }
            for occurrence in MeetingSchedule.occurrences(draft, from: now, to: until) {
                if let day = filter.day, calendar.component(.weekday, from: occurrence.start) - 1 != day { continue }
                if let time = filter.timeOfDay, !time.contains(hour: calendar.component(.hour, from: occurrence.start)) { continue }
                let status: DirectoryEntry.Status =
                    occurrence.start <= now ? .inProgress
                    : occurrence.start.timeIntervalSince(now) <= Self.soon
                        ? .startingIn(minutes: Int((occurrence.start.timeIntervalSince(now) / 60).rounded(.up)))
                        : .later
                entries.append(DirectoryEntry(id: meeting.id!, meeting: draft, occurrence: occurrence, status: status,
                                              distanceKm: filter.distanceKm(draft)))
            }
        }
        return entries.sorted { ($0.occurrence.start, $0.meeting.name) < ($1.occurrence.start, $1.meeting.name) }
    }

    /// Meetings "by appointment" have no time; they are listed after the rest.
    func byAppointment(_ filter: MeetingFilter) async throws -> [(UUID, MeetingDraft)] {
        try await Meeting.query(on: db).filter(\.$days == "").with(\.$group).sort(\.$name).all()
            .filter { filter.matches($0.draft, group: $0.group) }.map { ($0.id!, $0.draft) }
    }

    func meeting(_ id: UUID) async throws -> MeetingDraft {
        guard let meeting = try await Meeting.find(id, on: db) else { throw AppError.notFound }
        return meeting.draft
    }
}
