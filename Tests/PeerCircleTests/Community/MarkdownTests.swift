import Foundation
import Testing
@testable import PeerCircle

/// Hostile input never becomes markup; the subset still renders what people use.
@Suite struct MarkdownTests {
    static let hostile: [String] = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](https://ok.example\" onmouseover=\"alert(1))",
        "<a href=\"https://x\" onclick=\"alert(1)\">x</a>",
        "**<b onmouseover=alert(1)>bold</b>**",
        "`<script>`",
        "> <iframe src=https://evil.example></iframe>",
        "- <svg onload=alert(1)>",
        "https://ok.example/\"><script>alert(1)</script>",
        "[a](vbscript:msgbox)",
        "<style>body{display:none}</style>",
        "&lt;script&gt; already escaped",
    ]

    @Test(arguments: hostile)
    func hostileInputNeverProducesActiveMarkup(_ input: String) {
        let html = Markdown.html(input).lowercased()
        for forbidden in ["<script", "<img", "<iframe", "<svg", "<style", " onerror", " onclick", " onload", " onmouseover", "javascript:", "vbscript:", "data:text"] {
            #expect(!html.contains(forbidden) || !Self.inTag(html, forbidden), "\(forbidden) in \(html)")
        }
        // Every tag that comes out is one the subset makes.
        let tags = html.matches(of: /<\/?([a-z]+)/).map { String($0.output.1) }
        #expect(Set(tags).isSubset(of: ["p", "br", "ul", "li", "blockquote", "strong", "em", "code", "a"]), "\(tags)")
    }

    /// True when `needle` appears inside a tag (between `<` and `>`), not as escaped text.
    static func inTag(_ html: String, _ needle: String) -> Bool {
        var inside = false
        var buffer = ""
        for c in html {
            if c == "<" { inside = true; buffer = "" }
            if inside { buffer.append(c) }
            if c == ">" { inside = false; if buffer.contains(needle) { return true } }
        }
        return inside && buffer.contains(needle)
    }

    @Test func theSubsetRenders() {
        #expect(Markdown.html("**strong** and *soft* and `code`") == "<p><strong>strong</strong> and <em>soft</em> and <code>code</code></p>")
        #expect(Markdown.html("- one\n- two") == "<ul><li>one</li><li>two</li></ul>")
        #expect(Markdown.html("> quoted") == "<blockquote><p>quoted</p></blockquote>")
        #expect(Markdown.html("line one\nline two\n\nnext") == "<p>line one<br>line two</p><p>next</p>")
        #expect(Markdown.html("[SMART](https://smartrecovery.org)") ==
                "<p><a href=\"https://smartrecovery.org\" rel=\"nofollow ugc noopener\">SMART</a></p>")
        #expect(Markdown.html("see https://aa.org.") == "<p>see <a href=\"https://aa.org\" rel=\"nofollow ugc noopener\">https://aa.org</a>.</p>")
        #expect(Markdown.html("a < b & c > d") == "<p>a &lt; b &amp; c &gt; d</p>")
        #expect(Markdown.html("**unclosed and *mixed**") == "<p><strong>unclosed and *mixed</strong></p>")
        #expect(Markdown.html("2 * 3 * 4") == "<p>2 * 3 * 4</p>")
    }

    /// Linear-time rendering: these finish in milliseconds (a quadratic parser would take minutes).
    @Test func emphasisBombsStayBalanced() {
        let bombs = [String(repeating: "*", count: 50_000), String(repeating: "**a", count: 20_000), String(repeating: "[", count: 30_000) + "](",
                     String(repeating: "*_", count: 25_000), String(repeating: "`", count: 40_001), String(repeating: "[a](", count: 10_000)]
        for bomb in bombs {
            let html = Markdown.html(bomb)
            #expect(html.components(separatedBy: "<strong>").count == html.components(separatedBy: "</strong>").count)
            #expect(html.components(separatedBy: "<em>").count == html.components(separatedBy: "</em>").count)
        }
    }
}
