import Foundation
import Hummingbird

/// `GET /api/v1/meetings` written by hand from parts encoded once per meeting (as the web rows are):
/// an app lists a hundred meetings per page, and encoding them field by field cost most of the request.
/// The shape is the document's `Directory` schema; `DirectoryJSONTests` decode it with a strict decoder.
struct DirectoryJSONRow: Sendable {
    /// `"id":…,"name":…,"slug":…,` and `"attendance":…,"place":…,"types":[…]`.
    let head: String
    let tail: String

    init(id: UUID, meeting m: MeetingDraft) {
        head = "\"id\":\"\(id.uuidString.lowercased())\",\"name\":" + JSONText.quote(m.name) + ",\"slug\":" + JSONText.quote(m.slug) + ","
        tail = "\"attendance\":\"\(m.attendance.rawValue)\",\"place\":" + JSONText.quote(MeetingViews.place(m))
            + ",\"types\":[" + m.types.map(JSONText.quote).joined(separator: ",") + "]"
    }
}

enum DirectoryJSON {
    static func json(_ page: MeetingCatalog.Page, zone: TimeZone) -> String {
        var json = "{\"time_zone\":" + JSONText.quote(zone.identifier) + ",\"total\":\(page.total),"
        if let next = page.next { json += "\"next_cursor\":" + JSONText.quote(next.description) + "," }
        json += "\"meetings\":["
        json.reserveCapacity(json.utf8.count + page.entries.count * 360)
        for (index, e) in page.entries.enumerated() {
            if index > 0 { json += "," }
            json += "{" + e.json.head + "\"start\":\"" + TimeText.iso(e.occurrence.start) + "\",\"end\":\"" + TimeText.iso(e.occurrence.end) + "\","
            switch e.status {
            case .inProgress: json += "\"status\":\"in_progress\","
            case .startingIn(let minutes): json += "\"status\":\"starting_soon\",\"minutes_to_start\":\(minutes),"
            case .later: json += "\"status\":\"later\","
            }
            json += e.json.tail
            if let km = e.distanceKm, km.isFinite { json += ",\"distance_km\":\(km)" }
            json += "}"
        }
        return json + "]}"
    }
}

/// JSON string literals: quotes, backslashes and control characters escaped (RFC 8259 §7).
enum JSONText {
    static func quote(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
