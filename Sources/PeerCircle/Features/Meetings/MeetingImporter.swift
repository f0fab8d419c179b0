import FluentKit
import Foundation

/// What an import did, meeting by meeting.
public struct MeetingImportReport: Sendable, Equatable, CustomStringConvertible {
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var skipped: [(slug: String?, reason: String)] = []

    public var description: String {
        var lines = ["created \(created), updated \(updated), unchanged \(unchanged), skipped \(skipped.count)"]
        lines += skipped.map { "  skipped \($0.slug ?? "(no slug)"): \($0.reason)" }
        return lines.joined(separator: "\n")
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.created == b.created && a.updated == b.updated && a.unchanged == b.unchanged
            && a.skipped.map(\.reason) == b.skipped.map(\.reason) && a.skipped.map(\.slug) == b.skipped.map(\.slug)
    }
}

/// Imports a Meeting Guide feed: creates new slugs, updates changed ones, leaves the rest alone,
/// and reports why anything was skipped. One transaction: a feed is taken whole or not at all.
struct MeetingImporter: Sendable {
    let writer: Writer

    func importFeed(
        _ data: Data, feed: String, defaultTimeZone: String, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> MeetingImportReport {
        let parsed = try MeetingGuideFeed.parse(data, defaultTimeZone: defaultTimeZone)
        var report = MeetingImportReport()
        report.skipped = parsed.skipped.map { ($0.slug, $0.reason) }
        let total = parsed.meetings.count
        let counts = try await writer.transaction { db in
            let existing = try await Meeting.query(on: db).filter(\.$source == feed).all()
            let bySlug = Dictionary(existing.map { ($0.slug, $0) }, uniquingKeysWith: { a, _ in a })
            var created = 0, updated = 0, unchanged = 0
            for (index, draft) in parsed.meetings.enumerated() {
                if let meeting = bySlug[draft.slug] {
                    if meeting.draft == draft {
                        unchanged += 1
                    } else {
                        meeting.apply(draft)
                        try await meeting.save(on: db)
                        updated += 1
                    }
                } else {
                    try await Meeting(draft, source: feed).create(on: db)
                    created += 1
                }
                if (index + 1) % 100 == 0 || index + 1 == total { progress(index + 1, total) }
            }
            if created + updated > 0 { try await DataVersion.bump(.meetings, on: db) }
            return (created, updated, unchanged)
        }
        (report.created, report.updated, report.unchanged) = counts
        return report
    }
}

extension MeetingGuideFeed {
    /// This instance's meetings in the same format, for the Meeting Guide app and TSML sites.
    static func export(_ meetings: [MeetingDraft]) -> Data {
        let list: [[String: Any]] = meetings.map { m in
            var o: [String: Any] = ["slug": m.slug, "name": m.name, "timezone": m.timeZone,
                                    "types": m.types,
                                    "attendance_option": m.attendance.rawValue]
            if m.days.count == 1 { o["day"] = m.days[0] } else if !m.days.isEmpty { o["day"] = m.days }
            let optional: [(String, Any?)] = [
                ("time", m.startTime), ("end_time", m.endTime), ("group", m.groupName), ("location", m.location),
                ("location_notes", m.locationNotes), ("formatted_address", m.formattedAddress), ("address", m.address),
                ("city", m.city), ("state", m.state), ("postal_code", m.postalCode), ("country", m.country),
                ("region", m.region), ("latitude", m.latitude), ("longitude", m.longitude),
                ("conference_url", m.conferenceURL), ("conference_url_notes", m.conferenceURLNotes),
                ("conference_phone", m.conferencePhone), ("conference_phone_notes", m.conferencePhoneNotes),
                ("notes", m.notes), ("url", m.url),
            ]
            for (key, value) in optional { if let value { o[key] = value } }
            return o
        }
        return (try? JSONSerialization.data(withJSONObject: list, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
    }
}
