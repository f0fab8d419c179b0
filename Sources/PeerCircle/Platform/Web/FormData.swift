import Foundation

/// A parsed `application/x-www-form-urlencoded` body. Keeps repeated keys (checkbox groups).
struct FormData: Sendable, Equatable {
    private(set) var values: [String: [String]] = [:]

    init() {}

    init(urlEncoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: "=")
            let key = Self.decode(pair[..<(equals ?? pair.endIndex)])
            let value = equals.map { Self.decode(pair[pair.index(after: $0)...]) } ?? ""
            values[key, default: []].append(value)
        }
    }

    init(_ values: [String: String]) {
        self.values = values.mapValues { [$0] }
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Whether any key or value holds U+0000, which no person types and PostgreSQL refuses.
    var containsNUL: Bool {
        values.contains { TextRules.hasNUL($0.key) || $0.value.contains(where: TextRules.hasNUL) }
    }

    /// The first value, trimmed; "" when absent.
    subscript(_ key: String) -> String {
        values[key]?.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    func all(_ key: String) -> [String] {
        values[key] ?? []
    }

    /// The value, or nil when absent or blank.
    func optional(_ key: String) -> String? {
        let value = self[key]
        return value.isEmpty ? nil : value
    }
}
