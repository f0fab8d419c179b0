import CompressNIO
import FluentKit
import Foundation
import HTTPTypes
import NIOCore
import Testing
@testable import PeerCircle

/// The read path at intergroup scale: API pages that cover the week exactly once, a Meeting Guide
/// feed served from a cache that follows changes (ETag, 304, gzip), compressed pages, and a second
/// instance that sees another's change without being told.
@Suite struct DirectoryReadPathTests {
    static let feed = "/api/meeting-guide.json"

    static func inflate(_ reply: Reply) throws -> String {
        var body = reply.body
        return String(buffer: try body.decompress(with: .gzip()))
    }

    /// Every page of `query` by cursor: the occurrences as "id@start", and the total each page reported.
    static func walk(_ client: Client, _ query: String, limit: Int) async throws -> (seen: [String], starts: [String], totals: Set<Int>) {
        var seen: [String] = [], starts: [String] = [], totals: Set<Int> = []
        var cursor: String?
        repeat {
            let reply = try await client.api(.get, "/api/v1/meetings?\(query)&limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? ""))
            #expect(reply.status == .ok)
            let page = try reply.jsonArray("meetings")
            #expect(page.count <= limit)
            seen += page.map { "\($0["id"] ?? "")@\($0["start"] ?? "")" }
            starts += page.compactMap { $0["start"] as? String }
            totals.insert(try reply.json()["total"] as? Int ?? -1)
            cursor = try reply.json()["next_cursor"] as? String
        } while cursor != nil && seen.count < 5_000
        return (seen, starts, totals)
    }

    @Test func apiPagesReturnEveryOccurrenceOnceInOrderWithOrWithoutFilters() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { client in
            try await client.importFeed(try Data(contentsOf: Fixtures.url("aasfmarin.test.json")), timeZone: "America/Los_Angeles")
            for (query, limit) in [("", 37), ("mode=online", 11), ("time=evening", 100), ("day=3", 500)] {
                let (seen, starts, totals) = try await Self.walk(client, query, limit: limit)
                let total = try #require(totals.first)
                #expect(totals.count == 1 && total > 0, "\(query)")
                #expect(seen.count == total && Set(seen).count == total, "\(query): \(seen.count) seen, \(Set(seen).count) distinct, total \(total)")
                #expect(starts == starts.sorted(), "\(query): pages go back in time")
            }
            // The web pages list the same week in the same order.
            let api = try await Self.walk(client, "", limit: 100).starts
            var web: [String] = []
            for page in 1...((api.count + 99) / 100) {
                let text = try await client.get("/meetings?page=\(page)").text
                web += text.components(separatedBy: "<time datetime=\"").dropFirst().map { String($0.prefix(while: { $0 != "\"" })) }
            }
            #expect(web.count == api.count)
        }
    }

    @Test func badPagingIsNamedAndHostileCursorsGoNowhere() async throws {
        try await TestApp.run { client in
            try await client.importFeed(try Data(contentsOf: Fixtures.url("aasfmarin.test.json")), timeZone: "America/Los_Angeles")
            for query in ["limit=0", "limit=501", "limit=ten", "limit=-1", "limit=99999999999999999999"] {
                let reply = try await client.api(.get, "/api/v1/meetings?\(query)")
                #expect(reply.status == .unprocessableContent && reply.errorField == "limit", "\(query)")
            }
            for cursor in ["x", "1_2", "%3Cscript%3E", "99999999999999999999_\(UUID())", "1_\(UUID())_3", String(repeating: "9", count: 5_000)] {
                let reply = try await client.api(.get, "/api/v1/meetings?cursor=\(cursor)")
                #expect(reply.status == .unprocessableContent && reply.errorField == "cursor", "\(cursor.prefix(40))")
                #expect(!reply.text.contains("<script>"))
            }
            // A well-formed cursor for a meeting that is gone continues from its time.
            let gone = try await client.api(.get, "/api/v1/meetings?cursor=\(Int(instant("2026-06-16T12:00:00Z").timeIntervalSince1970))_\(UUID())")
            #expect(gone.status == .ok)
            let first = try #require(try gone.jsonArray("meetings").first?["start"] as? String)
            #expect(first >= "2026-06-16T12:00:00Z")
            // A web page number out of range shows the nearest page, never an error.
            #expect(try await client.get("/meetings?page=99999999999999").status == .ok)
        }
    }

    @Test func theFeedIsCachedRevalidatedCompressedAndRebuiltWhenMeetingsChange() async throws {
        try await TestApp.run { client in
            try await client.importFeed(try Data(contentsOf: Fixtures.url("aasfmarin.test.json")), timeZone: "America/Los_Angeles")
            let first = try await client.get(Self.feed)
            let etag = try #require(first.headers[.eTag])
            let modified = try #require(first.headers[.lastModified])
            #expect(first.status == .ok && first.headers[.contentType] == "application/json; charset=utf-8")
            #expect(first.headers[.accessControlAllowOrigin] == "*")
            // A client holding the current copy gets 304 with no body, by tag or by date.
            let current = try await client.request(.get, Self.feed, headers: [.ifNoneMatch: etag])
            #expect(current.status == .notModified && current.text.isEmpty && current.headers[.eTag] == etag)
            #expect(try await client.request(.get, Self.feed, headers: [.ifNoneMatch: "\"other\", " + etag]).status == .notModified)
            #expect(try await client.request(.get, Self.feed, headers: [.ifModifiedSince: modified]).status == .notModified)
            #expect(try await client.request(.get, Self.feed, headers: [.ifNoneMatch: "\"stale\""]).status == .ok)
            // gzip when accepted, the same JSON inflated; refused with q=0.
            let zipped = try await client.request(.get, Self.feed, headers: [.acceptEncoding: "br, gzip;q=0.8"])
            #expect(zipped.headers[.contentEncoding] == "gzip" && zipped.body.readableBytes < first.body.readableBytes / 3)
            #expect(try Self.inflate(zipped) == first.text)
            #expect(try await client.request(.get, Self.feed, headers: [.acceptEncoding: "gzip;q=0"]).headers[.contentEncoding] == nil)
            #expect(try await client.request(.get, Self.feed, headers: [.acceptEncoding: "*;q=0, gzip"]).headers[.contentEncoding] == "gzip")
            #expect(try await client.request(.get, Self.feed, headers: [.acceptEncoding: "gzip;q=0, *"]).headers[.contentEncoding] == nil)
            #expect(try await client.request(.get, Self.feed, headers: [.acceptEncoding: "*"]).headers[.contentEncoding] == "gzip")
            let decoded = try #require(try JSONSerialization.jsonObject(with: Data(first.text.utf8)) as? [[String: Any]])
            // A change from another process (`peercircle import-meetings`) shows within a second, under a new
            // tag; the old tag is no longer current.
            try await client.importFeed(Data(#"[{"slug":"new-one","name":"Brand New Step","day":2,"time":"19:00","timezone":"UTC","types":["O"]}]"#.utf8),
                                        feed: "second")
            try await Task.sleep(for: .milliseconds(1_100))
            let after = try await client.request(.get, Self.feed, headers: [.ifNoneMatch: etag])
            #expect(after.status == .ok && after.headers[.eTag] != etag && after.text.contains("Brand New Step"))
            #expect((try JSONSerialization.jsonObject(with: Data(after.text.utf8)) as? [[String: Any]])?.count == decoded.count + 1)
        }
    }

    @Test func pagesJSONAndCalendarsAreCompressedForClientsThatAskAndAssetsRevalidate() async throws {
        try await TestApp.run { client in
            try await client.importFeed(try Data(contentsOf: Fixtures.url("aasfmarin.test.json")), timeZone: "America/Los_Angeles")
            let plainJSON = try await client.api(.get, "/api/v1/meetings?limit=200")
            let zippedJSON = try await client.request(.get, "/api/v1/meetings?limit=200", headers: [.acceptEncoding: "gzip"])
            #expect(zippedJSON.headers[.contentEncoding] == "gzip" && zippedJSON.headers[values: .vary].contains("Accept-Encoding"))
            #expect(try Self.inflate(zippedJSON) == plainJSON.text)
            let page = try await client.request(.get, "/meetings", headers: [.acceptEncoding: "gzip, deflate"])
            let inflated = try Self.inflate(page)
            #expect(page.headers[.contentEncoding] == "gzip" && inflated.contains("Find a meeting"))
            // Without Accept-Encoding nothing is compressed; small bodies never are.
            #expect(try await client.get("/meetings").headers[.contentEncoding] == nil)
            #expect(try await client.request(.get, "/healthz", headers: [.acceptEncoding: "gzip"]).headers[.contentEncoding] == nil)
            // The stylesheet revalidates by tag.
            let css = try await client.get("/assets/site.css")
            let tag = try #require(css.headers[.eTag])
            #expect(try await client.request(.get, "/assets/site.css", headers: [.ifNoneMatch: tag]).status == .notModified)
            // A private calendar keeps its tag while nothing changes, so calendar apps get 304.
            try await client.joinAPI()
            let id = try #require(try plainJSON.jsonArray("meetings").first?["id"] as? String)
            #expect(try await client.api(.put, "/api/v1/me/meetings/\(id)").status == .noContent)
            let url = try #require(try await client.api(.post, "/api/v1/me/calendar-link").json()["url"] as? String)
            let path = String(url[try #require(url.range(of: "/calendar/")).lowerBound...])
            let ics = try await client.another().get(path)
            let icsTag = try #require(ics.headers[.eTag])
            #expect(try await client.another().request(.get, path, headers: [.ifNoneMatch: icsTag]).status == .notModified)
            let zippedICS = try await client.another().request(.get, path, headers: [.acceptEncoding: "gzip"])
            #expect(try Self.inflate(zippedICS) == ics.text)
        }
    }

    /// Two instances on one database: the second hears of the first's import through the data version.
    @Test func aSecondInstanceSeesAnotherInstancesChangeWithinASecond() async throws {
        try await TestApp.withDatabase { database in
            func instance() -> AppDependencies {
                AppDependencies(database: database, configuration: AppConfiguration(), crisisLines: CrisisDirectory(),
                                now: { instant("2026-06-15T12:00:00Z") }, passwordCost: 4)
            }
            let (one, two) = (instance(), instance())
            #expect(try await two.meetingCatalog().listings.isEmpty)
            let report = try await MeetingImporter(db: one.db).importFeed(try Data(contentsOf: Fixtures.url("aasfmarin.test.json")), feed: "a",
                                                                          defaultTimeZone: "America/Los_Angeles")
            #expect(report.created > 100)
            // Nobody told `two`; within a second it asks the database and rebuilds.
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(try await two.meetingCatalog().listings.count == report.created)
            // Re-importing the same feed changes nothing, and does not move the version.
            let version = try await DataVersion.current(.meetings, on: one.db)
            _ = try await MeetingImporter(db: one.db).importFeed(try Data(contentsOf: Fixtures.url("aasfmarin.test.json")), feed: "a",
                                                                 defaultTimeZone: "America/Los_Angeles")
            #expect(try await DataVersion.current(.meetings, on: one.db) == version)
        }
    }
}

/// Visitors asking the same thing in the same minute share one made page; a change shows at once all the same.
@Suite struct VisitorDirectoryCacheTests {
    @Test func visitorsShareAPageThatFollowsEveryChange() async throws {
        try await TestApp.run { facilitator in
            let group = try await GroupTests().startGroup(facilitator, closed: false, name: "Cached Circle")
            let one = facilitator.another(), two = facilitator.another()
            let first = try await one.get("/meetings")
            let second = try await two.request(.get, "/meetings", headers: [.ifNoneMatch: try #require(first.headers[.eTag])])
            #expect(second.status == .notModified)
            #expect(!first.text.contains("Cached Circle Workshop") && !first.text.contains("Brand New Evening"))
            // An event and a meeting added now are on the next visitor's page, in the same minute.
            #expect(try await facilitator.post("/groups/\(group)/events", [
                "title": "Cached Circle Workshop", "date": "2026-06-20", "start": "18:00", "end": "20:00", "time_zone": "UTC",
                "place": "Hall", "capacity": "5"]).status == .seeOther)
            #expect(try await two.get("/meetings").text.contains("Cached Circle Workshop"))
            #expect(try await facilitator.post("/groups/\(group)/meetings", [
                ("name", "Brand New Evening"), ("days", "2"), ("start_time", "19:00"), ("time_zone", "UTC"), ("conference_url", "https://meet.example.org/new")]).status == .seeOther)
            let after = try await one.get("/meetings")
            #expect(after.text.contains("Brand New Evening") && after.headers[.eTag] != first.headers[.eTag])
            // Another zone, another page; a member gets their own page (their header), never the shared one.
            two.setCookie(VisitorZone.cookie, "Asia%2FTokyo")
            #expect(try await two.get("/meetings").text.contains("Tokyo"))
            let member = facilitator.another()
            try await member.join("Regular")
            let mine = try await member.get("/meetings")
            #expect(mine.text.contains("Log out Regular") && mine.headers[.eTag] == nil)
            // The shared page carries no visitor's CSRF token (the one who made it, or anyone after).
            for visitor in [one, two] {
                let token = try #require(visitor.csrfToken)
                #expect(!(try await visitor.get("/meetings").text.contains(token)))
            }
            // A query that fails validation is never shared, and names the field.
            let bad = try await one.get("/meetings?day=9")
            #expect(bad.status == .unprocessableContent && bad.headers[.eTag] == nil && bad.text.contains("id=\"day-error\""))
        }
    }
}
