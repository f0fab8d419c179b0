import Foundation
import Hummingbird
import Logging
import Prometheus
import Testing
@testable import PeerCircle

/// Issue 10: every value reaching HTML is escaped, in text and in attributes, by one layer.
@Suite struct OutputEncodingTests {
    static let payloads = [#"javascript:alert(1)//" onfocus="alert(1)" '><script>alert(1)</script>"#]
    /// Every query parameter a page reads anywhere in PeerCircle, and a few it doesn't.
    static let parameters = ["q", "lat", "lng", "km", "next", "to", "day", "time", "type", "pathway", "language", "mode", "page",
                             "after", "before", "days", "situation", "category", "done", "name", "since", "token", "print_name",
                             "accept", "status", "zone", "near", "cursor", "limit", "x"]

    /// The GET routes the router actually has, read from the router itself, so new pages are covered.
    static func getRoutes() async throws -> [String] {
        var paths: [String] = []
        try await TestApp.withDatabase { database in
            let deps = AppDependencies(database: database, configuration: AppConfiguration(), crisisLines: try CrisisDirectory(file: nil),
                                       now: { Date() }, passwordCost: 4)
            paths = try buildRouter(deps, metrics: PrometheusCollectorRegistry()).routes.filter { $0.method == .get }.map { $0.path.description }
        }
        return paths
    }

    /// Markup the payloads would create if anything reached HTML unescaped: a new attribute inside a
    /// tag (text content may show `"` as it is: it cannot end anything there), a script element, or
    /// a `javascript:` link.
    static func unsafe(_ body: String) -> String? {
        for pattern in [#"<[^<>]*\sonfocus="alert"#, "<script>alert", #"href="javascript:"#, #"<[^<>]*'><script"#]
        where body.range(of: pattern, options: .regularExpression) != nil { return pattern }
        return nil
    }

    @Test func everyPageEscapesHostileQueryAndPathValues() async throws {
        let routes = try await Self.getRoutes()
        #expect(routes.count > 60)
        try await TestApp.run { admin in
            try await admin.join("Escaping Admin")
            try await admin.grant(.admin, to: "Escaping Admin")
            try await admin.grant(.moderator, to: "Escaping Admin")
            for route in routes {
                for payload in Self.payloads {
                    let encoded = payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                    let path = route.split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("{") ? encoded : String($0) }
                        .joined(separator: "/")
                    let query = Self.parameters.map { "\($0)=\(encoded)" }.joined(separator: "&")
                    let reply = try await admin.get("/" + path + "?" + query)
                    #expect(reply.status != .internalServerError, "\(route) answered 500")
                    if let found = Self.unsafe(reply.text) { Issue.record("\(route) echoed \(found) unescaped") }
                }
            }
        }
    }

    @Test func storedTextIsEscapedInAttributesToo() async throws {
        try await TestApp.run { member in
            try await member.join()
            let label = #"Sober" autofocus onfocus="alert(1)"#
            let id = try await member.makeClock(label: label)
            for page in ["/clocks", "/clocks/\(id)", "/clocks/\(id)/edit"] {
                let text = try await member.get(page).text
                let around = text.range(of: #"<[^<>]*\sonfocus="alert"#, options: .regularExpression).map { String(text[$0]) } ?? ""
                #expect(Self.unsafe(text) == nil, "\(page): \(around)")
                #expect(!text.contains(#"value="Sober" autofocus"#), "\(page)")
            }
        }
    }

    @Test func importedFeedMarkupAndLinksAreMadeSafe() async throws {
        try await TestApp.run { visitor in
            let feed: [[String: Any]] = [[
                "name": #"Hope <img src=x onerror=alert(1)> "Group""#, "slug": "hostile", "day": 1, "time": "19:00",
                "types": ["O", "ONL"], "notes": #"Bring "><script>alert(1)</script>"#,
                "conference_url": "javascript:alert(1)", "url": #"https://example.org/" onfocus="alert(1)"#,
                "location": #"Hall" onfocus="alert(1)"#, "formatted_address": "1 Main St, Town",
            ], [
                // Entities decode to markup after tags are stripped: the directory's hand-written rows and
                // the towns list must escape it all the same.
                "name": "&lt;script&gt;alert(1)&lt;/script&gt; Step", "slug": "entities", "day": 2, "time": "19:00", "types": ["C"],
                "location": "&quot; onfocus=&quot;alert(1)", "city": #"Town" onfocus="alert(1)"#, "latitude": 51.5, "longitude": -0.1,
            ]]
            try await visitor.importFeed(try JSONSerialization.data(withJSONObject: feed))
            let list = try await visitor.get("/meetings").text
            #expect(Self.unsafe(list) == nil)
            #expect(!list.contains("onerror=alert") && !list.contains("<script>alert") && !list.contains("\" onfocus"))
            #expect(list.contains("&lt;script&gt;alert(1)&lt;/script&gt; Step"))
            let meeting = try #require(try await Meeting.query(on: visitor.database.db).first())
            let page = try await visitor.get("/meetings/\(try meeting.requireID().uuidString.lowercased())").text
            #expect(Self.unsafe(page) == nil)
            #expect(!page.contains("onerror=alert"))
            #expect(!page.contains("javascript:"))
        }
    }

    @Test func onlyWebAndMailLinksBecomeLinks() {
        for good in ["/meetings", "#main", "https://example.org/a?b=c", "mailto:help@example.org", "tel:988"] {
            #expect(AttributeText.isSafeLink(good), "\(good)")
        }
        for bad in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,x", "//evil.example",
                    "vbscript:x", " javascript:x", "\u{0}javascript:x", "https://", "/\\evil.example", "file:///etc/passwd"] {
            #expect(!AttributeText.isSafeLink(bad), "\(bad)")
        }
        #expect(AttributeText.escape(#"a"b'c<d>e&f"#) == "a&quot;b&#39;c&lt;d&gt;e&amp;f")
    }

    @Test func loginNextAcceptsOnlySameSitePaths() async throws {
        for bad in ["//evil.example", "/\t/evil.example", "/\r\n/evil.example", "/\\evil.example", "https://evil.example", "evil.example",
                    "/%0a/x\n", " /x"] {
            #expect(SafeRedirect.path(bad) == nil, "\(bad.debugDescription)")
        }
        #expect(SafeRedirect.path("/meetings?day=1") == "/meetings?day=1")
        try await TestApp.run { member in
            _ = try await member.join("Next Member")
            try await member.post("/logout", [(String, String)]())
            let page = try await member.get("/login?next=%2F%09%2Fevil.example").text
            #expect(!page.contains("evil.example"))
            let reply = try await member.post("/login", ["pseudonym": "Next Member", "password": "correct horse", "next": "/\t/evil.example"])
            #expect(reply.location == "/")
        }
    }
}
