import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Testing
@testable import PeerCircle

@Suite struct PlatformTests {
    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await TestApp.run { browser in
            for path in ["/", "/crisis", "/no-such-page", "/api/v1/me", "/healthz"] {
                let reply = try await browser.get(path)
                let csp = reply.headers[.contentSecurityPolicy] ?? ""
                #expect(csp.contains("script-src 'self'"), "\(path)")
                #expect(csp.contains("frame-ancestors 'none'"), "\(path)")
                #expect(!csp.contains("unsafe-inline"))
                #expect(reply.headers[.xContentTypeOptions] == "nosniff", "\(path)")
                #expect(reply.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(path)")
            }
        }
    }

    @Test func cookiesAreHttpOnlyAndLaxAndSecureBehindTLS() async throws {
        try await TestApp.run(configure: { $0.secureCookies = true }) { browser in
            let reply = try await browser.post("/join", ["pseudonym": "Cookie Test", "password": "correct horse"])
            let cookies = reply.headers[values: .setCookie]
            let session = try #require(cookies.first { $0.hasPrefix("pc_session=") })
            #expect(session.contains("HttpOnly"))
            #expect(session.contains("SameSite=Lax"))
            #expect(session.contains("Secure"))
        }
    }

    @Test func pagesLoadNothingFromOtherHostsAndHaveLandmarks() async throws {
        try await TestApp.run { browser in
            try await browser.join()
            _ = try await browser.makeClock()
            for path in ["/", "/clocks", "/clocks/new", "/check-in", "/check-ins", "/sharing", "/settings", "/crisis"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                // The only script is the hand-written live-notice one, from this site; never inline code.
                let scripts = page.text.matches(of: /<script[^>]*>/).map { String($0.output) }
                #expect(scripts.allSatisfy { $0 == "<script src=\"/assets/live.js\">" }, "\(path): \(scripts)")
                #expect(!page.text.contains("<script>"), "\(path)")
                // Anything the browser would fetch by itself (styles, scripts, images, frames) is local.
                let fetched = page.text.matches(of: /<(link|script|img|iframe|source)[^>]*(src|href)="([^"]*)"/).map { String($0.output.3) }
                #expect(!fetched.isEmpty)
                #expect(fetched.allSatisfy { $0.hasPrefix("/") && !$0.hasPrefix("//") }, "\(path): \(fetched)")
                #expect(page.text.contains("<main id=\"main\">"))
                #expect(page.text.contains("<h1>"))
                #expect(page.text.contains("href=\"/crisis\""), "every page links to help: \(path)")
                #expect(page.text.contains("name=\"viewport\""))
            }
        }
    }

    @Test func healthReadinessAndMetricsAnswer() async throws {
        try await TestApp.run { client in
            #expect(try await client.get("/healthz").text == "ok\n")
            #expect(try await client.get("/readyz").status == .ok)
            _ = try await client.get("/crisis")
            let metrics = try await client.get("/metrics")
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("hb_requests"))
            #expect(metrics.text.contains("http_server_request_duration"))
        }
    }

    @Test func unknownPagesAndRoutesAreNotFoundInTheRightFormat() async throws {
        try await TestApp.run { client in
            let page = try await client.get("/nowhere")
            #expect(page.status == .notFound)
            #expect(page.text.contains("<h1>Not found</h1>"))
            let api = try await client.api(.get, "/api/v1/nowhere")
            #expect(api.status == .notFound)
            #expect(api.errorCode == "not_found")
            try await client.joinAPI()
            #expect(try await client.api(.get, "/api/v1/clocks/not-a-uuid").status == .notFound)
        }
    }

    @Test func apiIdsAreWrittenInLowerCaseLikeWebPaths() async throws {
        try await TestApp.run { client in
            try await client.joinBoth("LowerCase")
            let clock = try await client.makeClock()
            let me = try #require(try await client.api(.get, "/api/v1/me").json()["id"] as? String)
            #expect(me == me.lowercased() && UUID(uuidString: me) != nil)
            let clocks = try await client.api(.get, "/api/v1/clocks").text
            // Every id written is lower case (an all-digit stretch looks the same either way, so compare).
            let ids = clocks.matches(of: /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/).map { String($0.output) }
            #expect(clocks.contains("\"id\":\"\(clock)\"") && !ids.isEmpty && ids.allSatisfy { $0 == $0.lowercased() }, "\(clocks)")
        }
    }

    @Test func configurationNamesEveryBadValue() throws {
        #expect(throws: ConfigurationError(["PEERCIRCLE_DATABASE_URL / --database-url: unknown scheme 'mysql' (use sqlite:// or postgres://)"])) {
            try AppConfiguration.load(environment: ["PEERCIRCLE_DATABASE_URL": "mysql://localhost/db"])
        }
        do {
            _ = try AppConfiguration.load(overrides: ["port": "http"], environment: ["PEERCIRCLE_DEFAULT_TIME_ZONE": "Nowhere/Land"])
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.problems.count == 2)
        }
        // Flags beat the environment, which beats the defaults.
        let config = try AppConfiguration.load(
            overrides: ["port": "9000"],
            environment: ["PEERCIRCLE_PORT": "7000", "PEERCIRCLE_HOST": "0.0.0.0", "PEERCIRCLE_DATABASE_URL": "sqlite:///var/lib/pc.sqlite"])
        #expect(config.port == 9000)
        #expect(config.host == "0.0.0.0")
        #expect(config.database == .sqlite(path: "/var/lib/pc.sqlite"))
        #expect(try AppConfiguration.load(environment: [:]).database == .sqlite(path: "peercircle.sqlite"))
        // The address used in emailed links: http(s) only, without a trailing slash.
        #expect(try AppConfiguration.load(environment: ["PEERCIRCLE_PUBLIC_URL": "https://circle.example.org/"]).publicURL == "https://circle.example.org")
        #expect(try AppConfiguration.load(environment: [:]).publicURL == nil)
        #expect(try AppConfiguration.load(environment: ["PEERCIRCLE_TRUSTED_PROXIES": "127.0.0.1, ::1"]).trustedProxies == ["127.0.0.1", "::1"])
        #expect(throws: ConfigurationError.self) { try AppConfiguration.load(environment: ["PEERCIRCLE_TRUSTED_PROXIES": "localhost"]) }
        // Sending mail: a program that exists and runs, and a From address.
        #expect(try AppConfiguration.load(environment: ["PEERCIRCLE_SENDMAIL": "/bin/sh"]).sendmail == "/bin/sh")
        #expect(throws: ConfigurationError.self) { try AppConfiguration.load(environment: ["PEERCIRCLE_SENDMAIL": "/no/such/sendmail"]) }
        #expect(throws: ConfigurationError.self) { try AppConfiguration.load(environment: ["PEERCIRCLE_MAIL_FROM": "nobody"]) }
        for bad in ["circle.example.org", "javascript:alert(1)", "https://x.org/?next=evil"] {
            #expect(throws: ConfigurationError.self) { try AppConfiguration.load(environment: ["PEERCIRCLE_PUBLIC_URL": bad]) }
        }
        guard case .postgres(let pg) = try DatabaseURL(parsing: "postgres://me:pw@db.local:6543/app?tlsmode=disable") else {
            Issue.record("expected postgres"); return
        }
        #expect(pg.host == "db.local" && pg.port == 6543 && pg.username == "me" && pg.password == "pw" && !pg.useTLS)
    }

    @Test func anUnreachableDatabaseStopsStartUpWithOneLine() async throws {
        let configuration = AppConfiguration(database: try DatabaseURL(parsing: "postgres://nobody@127.0.0.1:1/none?tlsmode=disable"))
        do {
            _ = try await buildApplication(configuration, options: AppOptions(passwordCost: 4))
            Issue.record("expected start-up to fail")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("cannot use the database at postgres://nobody@127.0.0.1:1/none"))
            #expect(!error.description.contains("\n"))
        }
    }
}
