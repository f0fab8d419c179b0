import Foundation

/// "Near a town or postcode", answered from this instance's own meeting addresses — no outside
/// geocoder, so nothing a person types leaves the server.
enum MeetingPlaces {
    struct Place: Sendable, Equatable {
        let latitude: Double
        let longitude: Double
    }

    /// The meetings' place names, normalised once (per catalog), so a search folds only what was typed.
    struct Index: Sendable {
        struct Entry: Sendable {
            let city: String?, region: String?, postcode: String?, addressParts: [String]
            let latitude: Double, longitude: Double
        }

        let entries: [Entry]

        init(_ meetings: [MeetingDraft]) {
            entries = meetings.compactMap { m in
                guard let latitude = m.latitude, let longitude = m.longitude else { return nil }
                return Entry(city: m.city.map(normalise), region: m.region.map(normalise),
                             postcode: m.postalCode.map { normalise($0).replacingOccurrences(of: " ", with: "") },
                             addressParts: m.formattedAddress?.split(separator: ",").map { normalise(String($0)) } ?? [],
                             latitude: latitude, longitude: longitude)
            }
        }
    }

    /// The middle of the meetings whose town, region or postcode is `text` (a postcode matches by
    /// its start, "SW1" finds "SW1A 1AA"); nil when no meeting with coordinates names it.
    static func locate(_ text: String, in index: Index) -> Place? {
        let wanted = Self.normalise(text)
        guard wanted.count >= 2, wanted.count <= 80 else { return nil }
        let postcodeLike = wanted.contains { $0.isNumber }
        let wantedCode = wanted.replacingOccurrences(of: " ", with: "")
        let matches = index.entries.filter { m in
            if m.city == wanted || m.region == wanted { return true }
            if postcodeLike, let code = m.postcode, code.hasPrefix(wantedCode) { return true }
            // "123 Main St, Springfield, IL 62701": a whole part of the address.
            return m.addressParts.contains { p in
                p == wanted || (postcodeLike && p.hasSuffix(" " + wanted)) || p.hasPrefix(wanted + " ") && !postcodeLike && p.split(separator: " ").count == 2
            }
        }
        let points = matches.map { ($0.latitude, $0.longitude) }
        guard !points.isEmpty else { return nil }
        // The median, so one mistyped coordinate in a feed cannot drag the centre away.
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        return Place(latitude: median(points.map(\.0)), longitude: median(points.map(\.1)))
    }

    /// Towns the meetings name, for the search box's suggestions: the city field, or the town in a
    /// formatted address ("9 Elm St, Springfield, IL 62704, USA" → "Springfield").
    static func towns(_ meetings: [MeetingDraft], limit: Int = 500) -> [String] {
        let rows = meetings.filter { $0.attendance != .online }
        let cities = rows.compactMap { m -> String? in
            if let city = m.city, !city.isEmpty { return city }
            let parts = (m.formattedAddress ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count >= 3, let last = parts.last else { return nil }
            // "…, Town, ST 12345" or "…, Town, ST 12345, Country".
            return last.contains(where: \.isNumber) ? parts.dropLast(1).last : parts.count >= 4 ? parts.dropLast(2).last : nil
        }
        var seen = Set<String>()
        return cities.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }.sorted().prefix(limit).map { $0 }
    }

    static func normalise(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
