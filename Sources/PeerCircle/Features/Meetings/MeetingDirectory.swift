import FluentKit
import Foundation

/// What a person is looking for in the directory. Every field is optional.
struct MeetingFilter: Sendable, Hashable {
    enum TimeOfDay: String, Sendable, Hashable, CaseIterable {
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
    /// The query's fields the directory's form shows.
    static let fields = ["day", "time", "type", "pathway", "language", "mode", "near", "km", "lat", "lng"]

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
    func matches(_ m: MeetingDraft, pathway groupPathway: Group.Pathway?, languages: [String]) -> Bool {
        if let pathway, groupPathway != pathway { return false }
        if let language, !languages.contains(language),
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
    let row: DirectoryRow
    let json: DirectoryJSONRow
    let occurrence: MeetingSchedule.Occurrence
    let status: Status
    let distanceKm: Double?
}

/// The directory's page size, and how soon is "starting soon".
enum DirectoryPage {
    static let size = 100
    static let soon: Int64 = 60 * 60
}
