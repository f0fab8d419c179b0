import Foundation
import Hummingbird
import Testing
@testable import PeerCircle

/// Issue 10: no request can take the server down, and bad input gets a clear answer.
@Suite struct HostileInputTests {
    @Test func emptyPlanLinesAreRefusedAndTheServerStaysUp() async throws {
        try await TestApp.run { member in
            try await member.joinAPI()
            for body: [String: Any] in [
                ["triggers": [["trigger": "", "coping": [""]]]],
                ["triggers": [["trigger": "  ", "coping": [" "]]]],
                ["triggers": [["trigger": ":"]]],
                ["people": [["name": "", "contact": " "]]],
                ["people": [["name": ":"]]],
            ] {
                let reply = try await member.api(.put, "/api/v1/me/recovery-plan", json: body)
                #expect(reply.status == .unprocessableContent || reply.status == .ok, "\(body): \(reply.status) \(reply.text)")
            }
            let web = try await member.another()
            try await web.join()
            let form = try await web.post("/my/plan/edit", ["triggers": ":", "people": ":\n: x", "goals": "\n\n", "warning_signs": "", "reasons": ""])
            #expect(form.status != .internalServerError)
            #expect(try await member.get("/healthz").status == .ok)
        }
    }

    /// Thousands of generated inputs through every text parser: blank, whitespace, separators only,
    /// huge, unicode, nesting. A trap here would end the test process, so reaching the end is the proof.
    @Test func everyParserSurvivesGeneratedInput() throws {
        var generator = SeededGenerator(state: 42)
        for _ in 0..<150 {
            let text = HostileText.make(using: &generator)
            let fields = PlanText.Fields(goals: text, triggers: text, warningSigns: text, people: text, reasons: text)
            _ = try? PlanText.parse(fields)
            _ = Markdown.html(text)
            _ = Markdown.plain(text)
            _ = HTMLText.plain(text)
            _ = FormData(urlEncoded: text)
            _ = CrisisScreen().evaluate(text)
            _ = SafeRedirect.path(text)
            _ = AttributeText.link(text)
            _ = MeetingGuideFeed.time(text)
            _ = try? JSONCoding.decoder.decode(RoomProtocol.Command.self, from: Data(text.utf8))
        }
    }

    @Test func meetingFeedsWithBrokenValuesNeverTrap() async throws {
        try await TestApp.run { admin in
            var generator = SeededGenerator(state: 7)
            var rows: [[String: Any]] = []
            for index in 0..<300 {
                let text = HostileText.make(using: &generator)
                let day: Any = [text, index, [index, text], NSNull(), -1, 99, "7"][index % 7]
                rows.append(["name": text, "slug": "s\(index)", "day": day, "time": text, "end_time": text, "types": [text, "O"],
                             "latitude": text, "longitude": index % 2 == 0 ? "1e308" : text, "address": text,
                             "conference_url": text, "url": text, "timezone": text])
            }
            let data = try JSONSerialization.data(withJSONObject: rows)
            _ = try? await admin.importFeed(data)
            #expect(try await admin.get("/meetings").status == .ok)
            #expect(try await admin.get("/api/meeting-guide.json").status == .ok)
        }
    }

    @Test func apiBodiesThatAreNotJSONGet415AndWrongTypesGet422NamingTheField() async throws {
        try await TestApp.run { member in
            try await member.joinAPI()
            let form = try await member.request(.post, "/api/v1/check-ins", headers: [.contentType: "application/x-www-form-urlencoded"],
                                                body: "mood=3")
            #expect(form.status == .unsupportedMediaType)
            #expect(form.errorCode == "unsupported_media_type")
            let half = try await member.api(.post, "/api/v1/check-ins", raw: #"{"mood": 3.5, "craving": 2, "sober": "yes"}"#)
            #expect(half.status == .unprocessableContent)
            #expect(half.errorField == "mood")
            let nul = try await member.api(.post, "/api/v1/clocks", json: ["kind": "alcohol", "label": "a\u{0}b", "started_on": "2026-06-01"])
            #expect(nul.status == .badRequest)
            #expect(nul.errorCode == "invalid_character")
            #expect(try await member.api(.get, "/api/v1/clocks").jsonList().isEmpty)
            let query = try await member.api(.get, "/api/v1/search?q=a%00b")
            #expect(query.status == .badRequest)
        }
    }

    /// The generated operations answer as the hand-written routes did: a visitor is refused before the
    /// body is read, `Accept` never turns a saved change into a reported failure (a retry would save it
    /// twice), a missing choice is not filled in for the member, and tags cannot smuggle separators.
    @Test func generatedOperationsRefuseBeforeRunningAndNeverMisreportAWrite() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { member in
            let visitor = try await member.api(.post, "/api/v1/check-ins", raw: #"{"mood": "#)
            #expect(visitor.status == .unauthorized && visitor.errorCode == "unauthenticated")
            try await member.joinAPI()
            for accept in ["text/plain", "text/html;q=1, image/png", "*/*;q=0"] {
                let made = try await member.request(.post, "/api/v1/clocks", headers: [.contentType: "application/json", .accept: accept],
                                                    body: #"{"kind": "alcohol", "started_on": "2026-06-01"}"#)
                #expect(made.status == .created, "Accept: \(accept) → \(made.status)")
            }
            #expect(try await member.api(.get, "/api/v1/clocks").jsonList().count == 3)
            let noKind = try await member.api(.post, "/api/v1/clocks", json: ["started_on": "2026-06-01"])
            #expect(noKind.status == .unprocessableContent && noKind.errorField == "kind")
            #expect(try await member.api(.get, "/api/v1/clocks").jsonList().count == 3)
            for tag in ["work,family", "one\ntwo\nthree"] {
                let tags = try await member.api(.post, "/api/v1/check-ins", json: ["mood": 3, "craving": 1, "sober": "yes", "tags": [tag]])
                #expect(tags.status == .unprocessableContent && tags.errorField == "tags", "\(tag)")
            }
            #expect(try await member.api(.get, "/api/v1/check-ins/today").status == .notFound)
        }
    }

    @Test func aRegisteredPathAskedWithAnotherMethodGets405WithAllow() async throws {
        try await TestApp.run { member in
            try await member.joinAPI()
            let reply = try await member.api(.delete, "/api/v1/check-ins")
            #expect(reply.status == .methodNotAllowed)
            #expect(reply.headers[.allow]?.contains("POST") == true)
            #expect(reply.errorCode == "method_not_allowed")
            let missing = try await member.api(.get, "/api/v1/no-such-thing")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
        }
    }

    @Test func webFormsWithNULChangeNothing() async throws {
        try await TestApp.run { member in
            try await member.join()
            let reply = try await member.post("/clocks", ["kind": "alcohol", "label": "x\u{0}y", "started_on": "2026-06-01", "currency": "USD"])
            #expect(reply.status == .badRequest)
            #expect(reply.text.contains("NUL"))
            #expect(try await Clock.query(on: member.database.db).count() == 0)
        }
    }

    /// `//api/…` reaches the same handler as `/api/…`; it must not be treated as a web page that
    /// accepts the session cookie.
    @Test func otherSpellingsOfAPathAreSentToTheCanonicalOne() async throws {
        try await TestApp.run { member in
            try await member.join()
            let reply = try await member.request(.patch, "//api/v1/me", headers: [.contentType: "application/json"], body: #"{"email":"x@example.org"}"#)
            #expect(reply.status == .permanentRedirect)
            #expect(reply.location == "/api/v1/me")
            let followed = try await member.request(.patch, "/api/v1/me", headers: [.contentType: "application/json"], body: #"{"email":"x@example.org"}"#)
            #expect(followed.status == .unauthorized, "the session cookie never authenticates the API")
            #expect(try await member.get("//settings?x=1").location == "/settings?x=1")
        }
    }
}

/// The benchmark's SplitMix64, so a failing input can be reproduced from its seed.
typealias SeededGenerator = MatchingBenchmarkSetup.Generator

enum HostileText {
    static let pieces = ["", " ", "\n", "\r\n", "\t", ":", ";", "-", "- ", ">", "> ", "[", "]", "(", ")", "](", "*", "**", "_", "`",
                         "http://", "https://x.y/", "javascript:alert(1)", "\"", "'", "<", ">", "&", "&#0;", "&#x110000;", "&amp;",
                         "%", "%00", "%zz", "=", "&&", "by 2026-13-45", "by 9999-99-99", "12:60", "25:00", "am", "pm", "0", "-1",
                         "99999999999999999999", "1e308", "NaN", "é", "👩‍👩‍👧", "\u{202E}", "\u{FEFF}", "\u{0}", "\\", "{", "}", "\"type\":\"chat\""]

    static func make(using generator: inout SeededGenerator) -> String {
        let count = Int.random(in: 0...40, using: &generator)
        var text = (0..<count).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
        if Int.random(in: 0..<50, using: &generator) == 0 { text = String(repeating: text.isEmpty ? "[" : text, count: 20) }
        return text
    }
}
