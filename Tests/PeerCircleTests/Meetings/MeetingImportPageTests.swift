import Foundation
import Testing
@testable import PeerCircle

@Suite struct MeetingImportPageTests {
    @Test func onlyAdministratorsSeeTheImportPage() async throws {
        try await TestApp.run { member in
            try await member.join("Plain")
            #expect(try await member.get("/admin/meetings/import").status == .notFound)
            let feed = try String(contentsOf: Fixtures.url("timezones.test.json"), encoding: .utf8)
            let attempt = try await member.post("/admin/meetings/import", ["name": "x", "time_zone": "UTC", "feed": feed])
            #expect(attempt.status == .notFound)
            #expect(try await member.api(.get, "/api/v1/meetings").jsonArray("meetings").isEmpty)
        }
    }

    @Test func anAdministratorImportsAFeedAndSeesTheReport() async throws {
        try await TestApp.run { admin in
            try await admin.join("Coordinator")
            try await admin.grant(.admin, to: "Coordinator")
            #expect(try await admin.get("/").text.contains("Import meetings"))
            let feed = try String(contentsOf: Fixtures.url("sussexaa.json"), encoding: .utf8)
            let first = try await admin.post("/admin/meetings/import", ["name": "Sussex", "time_zone": "America/New_York", "feed": feed])
            #expect(first.status == .ok)
            #expect(first.text.contains("Created 123, updated 0, unchanged 0, skipped 0."))
            let again = try await admin.post("/admin/meetings/import", ["name": "Sussex", "time_zone": "America/New_York", "feed": feed])
            #expect(again.text.contains("Created 0, updated 0, unchanged 123, skipped 0."))
        }
    }

    @Test func anInvalidFeedIsRefusedWithItsTextKept() async throws {
        try await TestApp.run { admin in
            try await admin.join("Coordinator")
            try await admin.grant(.admin, to: "Coordinator")
            let broken = try String(contentsOf: Fixtures.url("invalid.json"), encoding: .utf8)
            let reply = try await admin.post("/admin/meetings/import", ["name": "Broken", "time_zone": "UTC", "feed": broken])
            #expect(reply.status == .unprocessableContent)
            #expect(reply.text.contains("id=\"feed-error\""))
            #expect(reply.text.contains("not valid JSON"))
            #expect(reply.text.contains("value=\"Broken\""))
            let missing = try await admin.post("/admin/meetings/import", ["name": "", "time_zone": "Nowhere", "feed": ""])
            for field in ["name", "time_zone", "feed"] { #expect(missing.text.contains("id=\"\(field)-error\"")) }
            #expect(try await admin.api(.get, "/api/v1/meetings").jsonArray("meetings").isEmpty)
        }
    }
}
