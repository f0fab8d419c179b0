import Foundation
import OpenAPIRuntime
import PeerCircleClient
import Testing
@testable import PeerCircle

/// Meeting import over the API (administrators only), through the client library: the same service,
/// checks and report as the web page, with a body limit of its own.
@Suite struct MeetingImportAPITests {
    private func feed(_ name: String) throws -> [OpenAPIValueContainer] {
        try JSONDecoder().decode([OpenAPIValueContainer].self, from: Data(contentsOf: Fixtures.url(name)))
    }

    private func meetingCount(_ person: Client) async throws -> Int {
        try await person.api(.get, "/api/v1/meetings?limit=500").json()["total"] as? Int ?? -1
    }

    @Test func anAdministratorImportsAFeedAndImportingItAgainChangesNothing() async throws {
        try await TestApp.run { admin in
            try await admin.joinAPI("Coordinator")
            try await admin.grant(.admin, to: "Coordinator")
            let sussex = try feed("sussexaa.json")  // 139 KB: past the 64 KiB every other operation takes
            let first = try await admin.app.api.importMeetings(body: .json(.init(feed: sussex, name: "Sussex", timeZone: "Europe/London"))).ok.body.json
            #expect(first.created == 123 && first.updated == 0 && first.unchanged == 0 && first.skipped.isEmpty)
            let again = try await admin.app.api.importMeetings(body: .json(.init(feed: sussex, name: "Sussex", timeZone: "Europe/London"))).ok.body.json
            #expect(again.created == 0 && again.unchanged == 123)
            #expect(try await meetingCount(admin) == 123)
            // The web page gives the same figures for the same feed under another name.
            let web = admin.another()
            try await web.join("Web Coordinator")
            try await admin.grant(.admin, to: "Web Coordinator")
            let text = String(decoding: try Data(contentsOf: Fixtures.url("sussexaa.json")), as: UTF8.self)
            let page = try await web.post("/admin/meetings/import", ["name": "Sussex copy", "time_zone": "Europe/London", "feed": text])
            #expect(page.text.contains("Created 123, updated 0, unchanged 0, skipped 0."))
        }
    }

    @Test func whatCannotBeAMeetingIsSkippedAndReportedAndHostileTextStaysText() async throws {
        try await TestApp.run { admin in
            try await admin.joinAPI("Coordinator")
            try await admin.grant(.admin, to: "Coordinator")
            let entries = try JSONDecoder().decode([OpenAPIValueContainer].self, from: Data("""
                [{"slug": "ok", "name": "<script>alert(1)</script> Hope", "day": 1, "time": "19:00",
                  "conference_url": "https://meet.example.org/hope", "attendance_option": "online"},
                 7,
                 {"slug": "no-name", "day": 1, "time": "19:00"},
                 {"slug": "ok", "name": "Twice", "day": 2, "time": "19:00"}]
                """.utf8))
            let report = try await admin.app.api.importMeetings(body: .json(.init(feed: entries, name: "Odd", timeZone: "UTC"))).ok.body.json
            #expect(report.created == 1)
            #expect(report.skipped.map(\.reason).contains("not a meeting object"))
            #expect(report.skipped.contains { $0.slug == "ok" && $0.reason.contains("earlier") })
            #expect(report.skipped.count == 3 && report.skippedTotal == 3)
            let directory = try await admin.get("/meetings").text
            #expect(!directory.contains("<script>alert"))
            #expect(directory.contains(">alert(1) Hope</a>"))  // the feed's markup is taken out on import
        }
    }

    @Test func badInputNamesTheFieldAndChangesNothing() async throws {
        try await TestApp.run { admin in
            try await admin.joinAPI("Coordinator")
            try await admin.grant(.admin, to: "Coordinator")
            let sussex = try feed("sussexaa.json")
            for (name, zone, field) in [("", "UTC", "name"), ("   ", "UTC", "name"), (String(repeating: "n", count: 61), "UTC", "name"),
                                        ("Sussex", "Nowhere/Else", "time_zone"), ("Sussex", "", "time_zone")] {
                guard case .unprocessableContent(let refused) = try await admin.app.api.importMeetings(
                    body: .json(.init(feed: sussex, name: name, timeZone: zone))) else {
                    Issue.record("\(name.prefix(5))/\(zone) was taken"); continue
                }
                #expect(try refused.body.json.error.field == field)
            }
            // Not a list, a missing field, NUL in text: refused before anything is read into the database.
            for body in [#"{"name":"X","time_zone":"UTC","feed":{"slug":"a"}}"#, #"{"name":"X","time_zone":"UTC"}"#,
                         #"{"name":"X\u0000","time_zone":"UTC","feed":[]}"#] {
                let reply = try await admin.api(.post, "/api/v1/admin/meeting-imports", raw: body)
                #expect([400, 422].contains(reply.status.code), "\(body): \(reply.status)")
                #expect(try reply.json()["error"] != nil)
            }
            // More entries than any region lists: refused whole, by the API and by the web page alike.
            let many = "[" + Array(repeating: "7", count: MeetingGuideFeed.maxEntries + 1).joined(separator: ",") + "]"
            let tooMany = try await admin.api(.post, "/api/v1/admin/meeting-imports", raw: #"{"name":"Many","time_zone":"UTC","feed":\#(many)}"#)
            #expect(tooMany.status == .unprocessableContent)
            #expect(try (tooMany.json()["error"] as? [String: Any])?["field"] as? String == "feed")
            #expect(throws: MeetingGuideFeed.FeedError.tooLong(MeetingGuideFeed.maxEntries + 1)) {
                try MeetingGuideFeed.parse(Data(many.utf8), defaultTimeZone: "UTC")
            }
            // Many entries that are not meetings: the reply names the first 200 and counts them all.
            let sevens = try await admin.app.api.importMeetings(body: .json(.init(
                feed: Array(repeating: try OpenAPIValueContainer(unvalidatedValue: 7), count: 300), name: "Sevens", timeZone: "UTC"))).ok.body.json
            #expect(sevens.skipped.count == 200 && sevens.skippedTotal == 300 && sevens.created == 0)
            // More than 4 MiB: refused whole, nothing saved.
            let padding = String(repeating: " ", count: 4 * 1024 * 1024)
            let huge = try await admin.api(.post, "/api/v1/admin/meeting-imports", raw: #"{"name":"Big","time_zone":"UTC","feed":[\#(padding)]}"#)
            #expect(huge.status == .badRequest)
            #expect(try huge.json()["error"].flatMap { ($0 as? [String: Any])?["code"] as? String } == "body_too_large")
            #expect(try await meetingCount(admin) == 0)
        }
    }

    @Test func nobodyButAnAdministratorMayImport() async throws {
        try await TestApp.run { member in
            try await member.joinAPI("Plain")
            let sussex = try feed("sussexaa.json")
            guard case .notFound = try await member.app.api.importMeetings(body: .json(.init(feed: sussex, name: "Sussex", timeZone: "UTC"))) else {
                Issue.record("a member imported meetings"); return
            }
            for role in [Role.moderator, .facilitator, .responder, .mentor] {
                let staff = member.another()
                let name = "Staff \(role.rawValue)"
                try await staff.joinAPI(name)
                try await member.grant(role, to: name)
                guard case .notFound = try await staff.app.api.importMeetings(body: .json(.init(feed: sussex, name: "S", timeZone: "UTC"))) else {
                    Issue.record("a \(role) imported meetings"); return
                }
            }
            // A member's large body is not read at all: the answer is the same 404.
            let padding = String(repeating: " ", count: 5 * 1024 * 1024)
            #expect(try await member.api(.post, "/api/v1/admin/meeting-imports", raw: "[\(padding)]").status == .notFound)
            let visitor = member.another()
            guard case .unauthorized = try await visitor.app.api.importMeetings(body: .json(.init(feed: sussex, name: "S", timeZone: "UTC"))) else {
                Issue.record("a visitor imported meetings"); return
            }
            #expect(try await meetingCount(member) == 0)
        }
    }

    /// Two administrators importing the same feed at once: every meeting exactly once.
    @Test func twoImportsAtOnceCreateEachMeetingOnce() async throws {
        try await TestApp.run { admin in
            try await admin.joinAPI("Coordinator")
            try await admin.grant(.admin, to: "Coordinator")
            let other = admin.another()
            try await other.joinAPI("Second Coordinator")
            try await admin.grant(.admin, to: "Second Coordinator")
            let sussex = try feed("sussexaa.json")
            let outcomes = try await withThrowingTaskGroup(of: (created: Int, status: Int, why: String).self) { group in
                for person in [admin, other, admin, other] {
                    group.addTask {
                        switch try await person.app.api.importMeetings(body: .json(.init(feed: sussex, name: "Sussex", timeZone: "Europe/London"))) {
                        case .ok(let ok): return (try ok.body.json.created, 200, "")
                        case .conflict: return (0, 409, "")
                        case .undocumented(let status, let payload):
                            var body = ""
                            if let bytes = payload.body { body = try await String(collecting: bytes, upTo: 4096) }
                            return (0, status, body)
                        default: return (0, -1, "")
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Each is saved whole, or refused whole and said so (409 at the same moment, 503 when the server
            // was too busy to reach the database in time): never a 500.
            #expect(outcomes.allSatisfy { [200, 409, 503].contains($0.status) }, "\(outcomes)")
            #expect(outcomes.map(\.created).reduce(0, +) == 123, "\(outcomes)")
            #expect(try await meetingCount(admin) == 123)
        }
    }
}
