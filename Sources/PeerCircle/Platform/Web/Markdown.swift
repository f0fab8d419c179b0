import Foundation

/// A small, safe Markdown subset for posts: paragraphs, line breaks, "- " lists, "> " quotes,
/// **bold**, *italic*, `code`, [links](https://…) and bare web addresses. No raw HTML ever: every
/// character is escaped first; links allow only http, https and mailto and carry
/// `rel="nofollow ugc noopener"`. Runs in linear time, whatever the input.
enum Markdown {
    static let linkRel = "nofollow ugc noopener"

    static func html(_ text: String) -> String {
        var out = ""
        var paragraph: [String] = [], list: [String] = [], quote: [String] = []
        func flush() {
            if !paragraph.isEmpty { out += "<p>" + paragraph.map(inline).joined(separator: "<br>") + "</p>"; paragraph = [] }
            if !list.isEmpty { out += "<ul>" + list.map { "<li>" + inline($0) + "</li>" }.joined() + "</ul>"; list = [] }
            if !quote.isEmpty { out += "<blockquote><p>" + quote.map(inline).joined(separator: "<br>") + "</p></blockquote>"; quote = [] }
        }
        for raw in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("- ") || line.hasPrefix("* ") {
                if !paragraph.isEmpty || !quote.isEmpty { let items = list; flush(); list = items }
                list.append(String(line.dropFirst(2)))
            } else if line.hasPrefix(">") {
                if !paragraph.isEmpty || !list.isEmpty { let lines = quote; flush(); quote = lines }
                quote.append(line.dropFirst().trimmingCharacters(in: .whitespaces))
            } else {
                if !list.isEmpty || !quote.isEmpty { let lines = paragraph; flush(); paragraph = lines }
                paragraph.append(line)
            }
        }
        flush()
        return out
    }

    /// Plain text for previews and search: the words without the marks.
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "")
    }

    // MARK: - Inline

    private enum Piece {
        case text(String)
        case opener(String)
    }

    static func inline(_ line: String) -> String {
        let chars = Array(line)
        // Where the next ']' and ')' are, so links are found without rescanning.
        var nextBracket = Array(repeating: -1, count: chars.count + 1), nextParen = nextBracket
        for index in stride(from: chars.count - 1, through: 0, by: -1) {
            nextBracket[index] = chars[index] == "]" ? index : nextBracket[index + 1]
            nextParen[index] = chars[index] == ")" ? index : nextParen[index + 1]
        }
        var pieces: [Piece] = []
        var stack: [(marker: String, index: Int)] = []
        var text = ""
        func emit() { if !text.isEmpty { pieces.append(.text(text)); text = "" } }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "`", let end = chars[(i + 1)...].firstIndex(of: "`") {
                emit()
                pieces.append(.text("<code>" + escape(String(chars[(i + 1)..<end])) + "</code>"))
                i = end + 1
                continue
            }
            if c == "[", nextBracket[i + 1] >= 0 {
                let close = nextBracket[i + 1]
                if close - i <= 500, close + 1 < chars.count, chars[close + 1] == "(", nextParen[close + 1] >= 0,
                   nextParen[close + 1] - close <= 2002 {
                    let end = nextParen[close + 1]
                    let url = String(chars[(close + 2)..<end])
                    if let safe = safeURL(url) {
                        emit()
                        pieces.append(.text(link(safe, label: escape(String(chars[(i + 1)..<close])))))
                        i = end + 1
                        continue
                    }
                }
            }
            if (c == "h" || c == "H"), i == 0 || chars[i - 1].isWhitespace || chars[i - 1] == "(" {
                let rest = String(chars[i..<min(chars.count, i + 8)]).lowercased()
                if rest.hasPrefix("http://") || rest.hasPrefix("https://") {
                    var end = i
                    while end < chars.count, !chars[end].isWhitespace, chars[end] != "<", chars[end] != ">", chars[end] != "\"" { end += 1 }
                    while end > i, ".,;:!?)".contains(chars[end - 1]) { end -= 1 }
                    let url = String(chars[i..<end])
                    if let safe = safeURL(url) {
                        emit()
                        pieces.append(.text(link(safe, label: escape(url))))
                        i = end
                        continue
                    }
                }
            }
            if c == "*" || c == "_" {
                let double = i + 1 < chars.count && chars[i + 1] == c
                let marker = double ? String([c, c]) : String(c)
                emit()
                // Like CommonMark's flanking rule: "2 * 3" is arithmetic, not emphasis.
                let after = i + marker.count < chars.count ? chars[i + marker.count] : " "
                let before = i > 0 ? chars[i - 1] : " "
                let canOpen = !after.isWhitespace, canClose = !before.isWhitespace
                if canClose, let at = stack.lastIndex(where: { $0.marker == marker }) {
                    let opener = stack[at].index
                    stack.removeSubrange(at...)
                    let tag = double ? "strong" : "em"
                    pieces[opener] = .text("<\(tag)>")
                    pieces.append(.text("</\(tag)>"))
                } else if canOpen && stack.count < 16 {
                    stack.append((marker, pieces.count))
                    pieces.append(.opener(marker))
                } else {
                    pieces.append(.text(marker))
                }
                i += marker.count
                continue
            }
            text += escape(String(c))
            i += 1
        }
        emit()
        return pieces.map { piece in
            switch piece {
            case .text(let text): text
            case .opener(let marker): marker
            }
        }.joined()
    }

    static func safeURL(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:"),
              url.count <= 2000, !url.contains(where: { $0.isWhitespace || "<>\"'`".contains($0) }),
              URL(string: url) != nil else { return nil }
        return url
    }

    static func hasLink(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.contains("http://") || lower.contains("https://") || lower.contains("](") || lower.contains("www.")
    }

    private static func link(_ url: String, label: String) -> String {
        "<a href=\"\(escape(url))\" rel=\"\(linkRel)\">\(label)</a>"
    }

    /// The same escaping as attribute values (it is safe in text too).
    static func escape(_ text: String) -> String { AttributeText.escape(text) }
}

/// The renderer and the crisis screen, for the benchmark executable (it sees only public API).
public enum PublicMarkdown {
    public static func render(_ text: String) -> String { Markdown.html(text) }
    public static func screen(_ text: String) -> Bool { CrisisScreen().evaluate(text) != nil }
}
