import Foundation
import Testing
@testable import PeerCircle

@Suite struct MyMeetingsTests {
    static let feed = Data("""
    [{"slug":"step","name":"Monday Step, Hope; & Faith","day":[1,4],"time":"19:00","end_time":"20:30","timezone":"America/New_York","location":"St. Mark's","formatted_address":"1 Main St, Town, NY","types":["ST","O"],"notes":"Ring the bell.\\nUpstairs."},
     {"slug":"late","name":"Night Owls","day":5,"time":"23:30","end_time":"00:30","timezone":"Europe/London","conference_url":"https://zoom.us/j/9"}]
    """.utf8)

    func ids(_ client: Client) async throws -> [String: String] {
        let list = try await client.api(.get, "/api/v1/meetings").jsonArray("meetings")
        return Dictionary(list.map { ($0["slug"] as! String, ($0["id"] as! String).lowercased()) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func membersKeepTheirOwnMeetingsPrivately() async throws {
        try await TestApp.run { browser in
            try await browser.importFeed(Self.feed)
            try await browser.join()
            let id = try #require(try await ids(browser)["step"])
            #expect(try await browser.get("/meetings/\(id)").text.contains("Add to my meetings"))
            let saved = try await browser.post("/meetings/\(id)/save", [:])
            #expect(saved.location == "/meetings/\(id)", "\(saved.status) \(saved.text.prefix(300))")
            try await browser.post("/meetings/\(id)/save", [:]) // twice is once
            #expect(try await browser.get("/meetings/\(id)").text.contains("Remove from my meetings"))
            let mine = try await browser.get("/my/meetings")
            #expect(mine.text.components(separatedBy: "Monday Step").count == 2)

            let other = browser.another()
            try await other.joinAPI()
            #expect(try await other.api(.get, "/api/v1/me/meetings").text == "[]")
            #expect(try await other.api(.put, "/api/v1/me/meetings/\(UUID())").status == .notFound)

            try await browser.post("/meetings/\(id)/remove", [:])
            let empty = try await browser.get("/my/meetings").text
            #expect(empty.contains("haven&apos;t added") || empty.contains("haven't added"))
        }
    }

    @Test func theCalendarLinkIsPrivateAndResettable() async throws {
        try await TestApp.run { client in
            try await client.importFeed(Self.feed)
            try await client.joinAPI()
            for id in try await ids(client).values { try await client.api(.put, "/api/v1/me/meetings/\(id)") }
            let first = try await client.api(.post, "/api/v1/me/calendar-link")
            #expect(first.status == .created)
            let url = try #require(try first.json()["url"] as? String)
            let path = String(url[try #require(url.range(of: "/calendar/"))!.lowerBound...])
            let ics = try await client.another().get(path)
            #expect(ics.status == .ok)
            #expect(ics.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(ics.text.contains("SUMMARY:Monday Step\\, Hope\\; & Faith"))
            #expect(ics.text.contains("RRULE:FREQ=WEEKLY;BYDAY=MO,TH"))
            #expect(ics.text.contains("DTSTART;TZID=America/New_York:20260608T190000")) // the series starts a week back
            #expect(ics.text.contains("DURATION:PT90M"))
            #expect(ics.text.contains("DURATION:PT60M")) // 23:30 to 00:30 crosses midnight
            #expect(ics.text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London"))
            #expect(ics.text.contains("TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400"))
            #expect(ics.text.contains("DESCRIPTION:Step Study\\, Open\\nRing the bell.\\nUpstairs."))
            // Resetting makes the old address stop working at once.
            let second = try await client.api(.post, "/api/v1/me/calendar-link")
            #expect(try second.json()["url"] as? String != url)
            #expect(try await client.get(path).status == .notFound)
            #expect(try await client.get("/calendar/made-up/my-meetings.ics").status == .notFound)
        }
    }

    @Test func longLinesAreFoldedWithoutSplittingCharacters() {
        let line = "SUMMARY:" + String(repeating: "é", count: 60)
        let folded = ICalendar.fold(line)
        for part in folded.components(separatedBy: "\r\n") { #expect(part.utf8.count <= 75) }
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
    }

    @Test func zonesWithoutDaylightSavingGetOneFixedObservance() {
        let lines = ICalendar.timeZone(TimeZone(identifier: "Asia/Tokyo")!, around: instant("2026-06-15T12:00:00Z"))
        #expect(lines.contains("TZOFFSETTO:+0900"))
        #expect(lines.filter { $0 == "BEGIN:STANDARD" }.count == 1)
    }
}
