import FluentKit
import Foundation
import Testing
@testable import PeerCircle

@Suite struct MeetingImportTests {
    func load(_ name: String) throws -> Data { try Data(contentsOf: Fixtures.url(name)) }

    func meeting(_ slug: String, _ db: any Database) async throws -> MeetingDraft {
        try #require(try await Meeting.query(on: db).filter(\.$slug == slug).first()).draft
    }

    @Test(arguments: [
        ("sussexaa.json", 123), ("kc.test.json", 206), ("aasfmarin.test.json", 545), ("edmonton.json", 315),
        ("appointment.test.json", 2), ("timezones.test.json", 2),
    ])
    func everyPublishedFeedImportsAndReimportsWithoutDuplicates(file: String, count: Int) async throws {
        try await TestApp.withDatabase { database in
            let importer = MeetingImporter(db: try database.db)
            let first = try await importer.importFeed(try load(file), feed: file, defaultTimeZone: "America/New_York")
            #expect(first.created == count)
            #expect(first.skipped.isEmpty, "\(first.skipped)")
            let again = try await importer.importFeed(try load(file), feed: file, defaultTimeZone: "America/New_York")
            #expect(again.created == 0 && again.updated == 0 && again.unchanged == count)
            #expect(try await Meeting.query(on: database.db).count() == count)
        }
    }

    @Test func importedFieldsAreReadCorrectlyFromEachFeedsQuirks() async throws {
        try await TestApp.withDatabase { database in
            let importer = MeetingImporter(db: try database.db)
            for file in ["sussexaa.json", "kc.test.json", "aasfmarin.test.json", "edmonton.json", "appointment.test.json", "timezones.test.json"] {
                _ = try await importer.importFeed(try load(file), feed: file, defaultTimeZone: "America/Chicago")
            }
            let db = try database.db
            // Edmonton: day as an array, time as "11:00 AM".
            let shifters = try #require(try await Meeting.query(on: db).filter(\.$source == "edmonton.json").filter(\.$slug == "6").first()).draft
            #expect(shifters.days == [6] && shifters.startTime == "11:00" && shifters.types == ["C"])
            #expect(shifters.address == "8318 104 St, Edmonton, Alberta, T6E 4E8, Canada")
            // Kansas City: numeric slug, address in parts, numeric postal code.
            let ward = try #require(try await Meeting.query(on: db).filter(\.$source == "kc.test.json").filter(\.$slug == "254").first()).draft
            #expect(ward.name == "Ward Parkway Group" && ward.city == "Kansas City" && ward.postalCode == "64113")
            #expect(ward.days == [0] && ward.startTime == "18:30" && ward.timeZone == "America/Chicago")
            #expect(ward.latitude == 39.016951) // 39.0169507 to six decimals
            // Per-meeting time zones win over the default.
            #expect(try await meeting("pa-meeting", db).timeZone == "America/New_York")
            #expect(try await meeting("sf-meeting", db).timeZone == "America/Los_Angeles")
            // By appointment: no day, no time, still listed.
            let appointment = try await meeting("josh-meeting", db)
            #expect(appointment.days.isEmpty && appointment.startTime == nil && appointment.attendance == .online)
            // Marin: day as a string.
            let marin = try #require(try await Meeting.query(on: db).filter(\.$source == "aasfmarin.test.json").first()).draft
            #expect(!marin.days.isEmpty && marin.startTime != nil)
            // Sussex: online and in-person options.
            let sussex = try await Meeting.query(on: db).filter(\.$source == "sussexaa.json").all().map(\.draft)
            #expect(sussex.contains { $0.isOnline } && sussex.contains { $0.isInPerson })
        }
    }

    @Test func anInvalidFileChangesNothing() async throws {
        try await TestApp.withDatabase { database in
            let importer = MeetingImporter(db: try database.db)
            _ = try await importer.importFeed(try load("timezones.test.json"), feed: "tz", defaultTimeZone: "UTC")
            await #expect(throws: MeetingGuideFeed.FeedError.self) {
                _ = try await importer.importFeed(try load("invalid.json"), feed: "tz", defaultTimeZone: "UTC")
            }
            #expect(try await Meeting.query(on: database.db).count() == 2)
        }
    }

    @Test func changedMeetingsAreUpdatedBySlug() async throws {
        try await TestApp.withDatabase { database in
            let importer = MeetingImporter(db: try database.db)
            _ = try await importer.importFeed(try load("timezones.test.json"), feed: "tz", defaultTimeZone: "UTC")
            let edited = Data(#"[{"slug":"sf-meeting","name":"San Francisco meeting, now at 10","time":"10:00","day":6,"timezone":"America/Los_Angeles","city":"San Francisco"}]"#.utf8)
            let report = try await importer.importFeed(edited, feed: "tz", defaultTimeZone: "UTC")
            #expect(report.updated == 1 && report.created == 0)
            #expect(try await meeting("sf-meeting", database.db).startTime == "10:00")
            #expect(try await Meeting.query(on: database.db).count() == 2)
        }
    }

    /// Import → export → import gives the same meetings.
    @Test(arguments: ["sussexaa.json", "kc.test.json", "aasfmarin.test.json", "edmonton.json", "appointment.test.json", "timezones.test.json"])
    func exportedFeedsReimportToTheSameMeetings(file: String) async throws {
        try await TestApp.withDatabase { database in
            let importer = MeetingImporter(db: try database.db)
            _ = try await importer.importFeed(try load(file), feed: "original", defaultTimeZone: "America/Denver")
            let original = try await Meeting.query(on: database.db).sort(\.$slug).all().map(\.draft)
            let exported = MeetingGuideFeed.export(original)
            let report = try await importer.importFeed(exported, feed: "copy", defaultTimeZone: "Asia/Tokyo")
            #expect(report.created == original.count && report.skipped.isEmpty)
            let copy = try await Meeting.query(on: database.db).filter(\.$source == "copy").sort(\.$slug).all().map(\.draft)
            #expect(copy.count == original.count)
            // One differing pair is enough to read; printing all of them is not.
            if let index = copy.indices.first(where: { index in index < original.count && copy[index] != original[index] }) {
                #expect(copy[index] == original[index])
            }
        }
    }

    @Test func theInstancePublishesItsMeetingsWithADiscoveryLink() async throws {
        try await TestApp.run { client in
            let empty = try await client.get("/api/meeting-guide.json")
            #expect(empty.status == .ok && empty.text == "[]")
            let page = try await client.get("/")
            #expect(page.text.contains(#"<link rel="alternate" type="application/json" title="Meetings Feed" href="/api/meeting-guide.json"/>"#))
        }
    }
}
