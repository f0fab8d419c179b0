import FluentKit
import Foundation
import Testing
@testable import PeerCircle

/// The directory's JSON is written by hand: it must parse, match the document's shape, and carry any
/// text a feed brings (quotes, backslashes, line breaks, control characters, emoji) intact.
@Suite struct DirectoryJSONTests {
    struct Directory: Decodable {
        struct Entry: Decodable {
            let id: UUID, name: String, slug: String, start: Date, end: Date, status: String, minutesToStart: Int?
            let attendance: String, place: String, types: [String], distanceKm: Double?
        }
        let timeZone: String, total: Int, nextCursor: String?, meetings: [Entry]
    }

    static func decode(_ reply: Reply) throws -> Directory {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Directory.self, from: Data(reply.text.utf8))
    }

    @Test func hostileTextSurvivesTheHandWrittenJSON() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T18:30:00Z"))) { client in
            let name = "Quote \" back\\slash \n new line \t tab \u{01} bell 🌱 </script> \u{2028}"
            let feed: [[String: Any]] = [
                ["slug": "hostile\"slug", "name": name, "day": 1, "time": "19:00", "timezone": "UTC", "types": ["O", "W\"X"],
                 "location": "Hall \\ \"B\"", "latitude": 51.5, "longitude": -0.12],
                ["slug": "later", "name": "Later one", "day": 3, "time": "10:00", "timezone": "UTC", "types": []],
            ]
            try await client.importFeed(try JSONSerialization.data(withJSONObject: feed))
            let reply = try await client.api(.get, "/api/v1/meetings?lat=51.5&lng=-0.12&km=50")
            #expect(reply.status == .ok && reply.headers[.contentType] == "application/json; charset=utf-8")
            let directory = try Self.decode(reply)
            let entry = try #require(directory.meetings.first)
            #expect(directory.total == 1 && directory.nextCursor == nil && !directory.timeZone.isEmpty)
            let stored = try #require(try await Meeting.query(on: client.database.db).filter(\.$slug == "hostile\"slug").first())
            #expect(stored.name.contains("\"") && stored.name.contains("\\") && stored.name.contains("🌱"))
            #expect(entry.name == stored.name && entry.slug == "hostile\"slug" && entry.types == stored.draft.types)
            #expect(entry.place == "Hall \\ \"B\"" && entry.status == "starting_soon" && entry.minutesToStart == 30)
            #expect(entry.start == instant("2026-06-15T19:00:00Z") && entry.end == instant("2026-06-15T20:00:00Z"))
            #expect((entry.distanceKm ?? 99) < 0.01)
            // Paged: the cursor is there while there is more, and absent on the last page.
            let first = try Self.decode(try await client.api(.get, "/api/v1/meetings?limit=1"))
            #expect(first.total == 2 && first.meetings.count == 1)
            let cursor = try #require(first.nextCursor)
            let last = try Self.decode(try await client.api(.get, "/api/v1/meetings?limit=1&cursor=\(cursor)"))
            #expect(last.meetings.map(\.name) == ["Later one"] && last.nextCursor == nil)
        }
    }
}
