import Foundation

/// Markup drawn once with stand-ins where one request's own values go — its CSRF token, an id in a
/// link — then filled by joining strings. A thread's posts look the same to most readers but for the
/// CSRF token in their buttons; drawing them once per forum version instead of per request is most of
/// a thread page's cost. The stand-ins are random per process, so no stored text (a post body, a
/// title, a name) can contain one and be taken for a slot.
struct SlottedText: Sendable {
    /// Put where the request's CSRF token goes; filled escaped for an attribute.
    static let csrf = "csrf-" + UUID().uuidString.lowercased()
    /// Put where a request's id goes (as `SiteURL` writes ids: lower case).
    static let id = UUID()

    private enum Slot: Sendable { case csrf, id }
    private let head: String
    private let pieces: [(slot: Slot, text: String)]
    /// Bytes of markup kept.
    let size: Int

    init(_ text: String) {
        let needles: [(Slot, String)] = [(.csrf, Self.csrf), (.id, Self.id.uuidString.lowercased())]
        var rest = Substring(text)
        var head: String?
        var pieces: [(Slot, String)] = []
        var slot: Slot?
        while true {
            let next = needles.compactMap { slot, needle in rest.range(of: needle).map { (slot, $0) } }.min { $0.1.lowerBound < $1.1.lowerBound }
            let before = String(rest[..<(next?.1.lowerBound ?? rest.endIndex)])
            if let slot { pieces.append((slot, before)) } else { head = before }
            guard let (found, range) = next else { break }
            slot = found
            rest = rest[range.upperBound...]
        }
        self.head = head ?? ""
        self.pieces = pieces
        size = pieces.reduce(self.head.utf8.count) { $0 + $1.1.utf8.count }
    }

    func fill(csrf: String, id: UUID? = nil) -> String {
        guard !pieces.isEmpty else { return head }
        let token = AttributeText.escape(csrf), idText = id?.uuidString.lowercased() ?? ""
        var html = head
        html.reserveCapacity(size + pieces.count * max(token.utf8.count, idText.utf8.count))
        for (slot, text) in pieces {
            html += slot == .csrf ? token : idText
            html += text
        }
        return html
    }
}
