import Foundation

/// Where a link may send someone after logging in: only a path on this site. Browsers drop tabs
/// and line breaks and read `\` as `/`, so `/\t/evil.example` or `/\evil.example` would leave the
/// site; anything with a control character, a backslash, a scheme or a host is refused.
enum SafeRedirect {
    static func path(_ candidate: String) -> String? {
        guard candidate.hasPrefix("/"), !candidate.hasPrefix("//"), candidate.count <= 2048,
              !candidate.contains("\\"),
              !candidate.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == " " || $0.properties.isWhitespace }),
              let parts = URLComponents(string: candidate), parts.scheme == nil, parts.host == nil,
              parts.path.hasPrefix("/"), !parts.path.hasPrefix("//")
        else { return nil }
        return candidate
    }
}
