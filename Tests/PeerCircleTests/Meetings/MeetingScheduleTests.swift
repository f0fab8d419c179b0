import Foundation
import Testing
@testable import PeerCircle

@Suite struct MeetingScheduleTests {
    func meeting(days: [Int], start: String?, end: String? = nil, zone: String = "America/New_York") -> MeetingDraft {
        MeetingDraft(slug: "m", name: "M", days: days, startTime: start, endTime: end, timeZone: zone, attendance: .inPerson, types: [])
    }

    @Test func localTimeStaysTheSameAcrossTheSpringChange() {
        // Saturday 7 and Saturday 14 March 2026 at 19:00 in New York: EST then EDT.
        let m = meeting(days: [6], start: "19:00", end: "20:00")
        let found = MeetingSchedule.occurrences(m, from: instant("2026-03-06T00:00:00Z"), to: instant("2026-03-15T00:00:00Z"))
        #expect(found.map(\.start) == [instant("2026-03-08T00:00:00Z"), instant("2026-03-14T23:00:00Z")])
    }

    @Test func aMeetingInTheSkippedHourMovesToTheFirstRealTime() {
        // 02:30 on 8 March 2026 does not exist in New York.
        let m = meeting(days: [0], start: "02:30")
        let found = MeetingSchedule.occurrences(m, from: instant("2026-03-08T00:00:00Z"), to: instant("2026-03-09T00:00:00Z"))
        #expect(found.count == 1)
        #expect(found[0].start == instant("2026-03-08T07:30:00Z")) // 03:30 EDT
    }

    @Test func aMeetingThatCrossesMidnightEndsTheNextDayAndIsInProgressAfterMidnight() {
        let m = meeting(days: [5], start: "23:30", end: "00:30", zone: "Europe/London")
        // Just after midnight on Saturday 20 June 2026 in London (BST): Friday's meeting is still on.
        let found = MeetingSchedule.occurrences(m, from: instant("2026-06-19T23:10:00Z"), to: instant("2026-06-20T00:00:00Z"))
        #expect(found.count == 1)
        #expect(found[0].start == instant("2026-06-19T22:30:00Z"))
        #expect(found[0].end == instant("2026-06-19T23:30:00Z"))
    }

    @Test func byAppointmentMeetingsHaveNoOccurrences() {
        #expect(MeetingSchedule.occurrences(meeting(days: [], start: nil), from: .distantPast, to: instant("2026-01-01T00:00:00Z")).isEmpty)
    }

    @Test func severalDaysAWeekAndADefaultHour() {
        let m = meeting(days: [1, 3, 5], start: "07:00", zone: "UTC")
        let found = MeetingSchedule.occurrences(m, from: instant("2026-06-15T00:00:00Z"), to: instant("2026-06-22T00:00:00Z"))
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.end.timeIntervalSince($0.start) == 3600 })
    }
}

@Suite struct MeetingDirectoryTests {
    let feed = Data("""
    [{"slug":"now","name":"Happening Now","day":1,"time":"11:30","end_time":"12:30","timezone":"UTC","formatted_address":"1 High St, Town","latitude":51.5,"longitude":-0.12,"types":["O","D"]},
     {"slug":"soon","name":"Starting Soon","day":1,"time":"12:20","timezone":"UTC","conference_url":"https://zoom.us/j/1","types":["C","W"]},
     {"slug":"tonight","name":"Evening Step","day":1,"time":"19:00","timezone":"UTC","formatted_address":"9 Far Rd, Elsewhere","latitude":53.48,"longitude":-2.24,"types":["ST"]},
     {"slug":"thursday","name":"Thursday Speakers","day":4,"time":"08:00","timezone":"UTC","types":["SP"],"formatted_address":"2 Low St"},
     {"slug":"appt","name":"Call Us","conference_phone":"+15550100"}]
    """.utf8)

    /// Monday 15 June 2026, 12:00 UTC.
    func withMeetings(_ body: @escaping @Sendable (Client) async throws -> Void) async throws {
        let feed = self.feed
        try await TestApp.run { client in
            // Meetings arrive through the public importer; the directory is read over HTTP.
            try await client.importFeed(feed)
            try await body(client)
        }
    }

    @Test func directoryShowsWhatIsOnNowSoonAndLater() async throws {
        try await withMeetings { client in
            let page = try await client.get("/meetings")
            #expect(page.status == .ok)
            let now = try #require(page.text.range(of: "In progress now"))
            let happening = try #require(page.text.range(of: "Happening Now"))
            #expect(now.lowerBound < happening.lowerBound)
            #expect(page.text.contains("Starting in 20 min"))
            #expect(page.text.contains("Later today"))
            #expect(page.text.contains("Thursday 18 June 2026"))
            #expect(page.text.contains("By appointment"))
            #expect(page.text.contains("Women</span><span class=\"hint\"> · Closed"))
        }
    }

    @Test func filtersNarrowTheList() async throws {
        try await withMeetings { client in
            let online = try await client.get("/meetings?mode=online")
            #expect(online.text.contains("Starting Soon") && !online.text.contains("Evening Step"))
            let thursday = try await client.get("/meetings?day=4")
            #expect(thursday.text.contains("Thursday Speakers") && !thursday.text.contains("Happening Now"))
            let evening = try await client.get("/meetings?time=evening")
            #expect(evening.text.contains("Evening Step") && !evening.text.contains("Thursday Speakers"))
            let step = try await client.get("/meetings?type=ST")
            #expect(step.text.contains("Evening Step") && !step.text.contains("Starting Soon"))
            // Within 20 km of central London: the High St meeting, not the Manchester one.
            let near = try await client.get("/meetings?lat=51.51&lng=-0.13&km=20")
            #expect(near.text.contains("Happening Now") && !near.text.contains("Evening Step"))
            let api = try await client.api(.get, "/api/v1/meetings?type=ST")
            #expect(try api.jsonArray("meetings").map { $0["slug"] as? String } == ["tonight"])
        }
    }

    @Test func aBigIntergroupsWeekComesAPageAtATimeInOrderKeepingTheFilters() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { client in
            try await client.importFeed(try Data(contentsOf: Fixtures.url("aasfmarin.test.json")), timeZone: "America/Los_Angeles")
            func starts(_ text: String) -> [String] {
                text.components(separatedBy: "<time datetime=\"").dropFirst().map { String($0.prefix(while: { $0 != "\"" })) }
            }
            let first = try await client.get("/meetings")
            let total = try #require(first.text.firstMatch(of: /Showing 1–100 of (\d+) in the next 7 days/).map { Int($0.1)! })
            #expect(total > 300)
            #expect(first.text.contains("href=\"/meetings?page=2\"") && !first.text.contains("← Sooner") && !first.text.contains("By appointment"))
            let second = try await client.get("/meetings?page=2")
            #expect(second.text.contains("Showing 101–200 of \(total)") && second.text.contains("href=\"/meetings?page=1\""))
            let (a, b) = (starts(first.text), starts(second.text))
            #expect(a.count >= 100 && b.count >= 100 && a.last! <= b.first!, "pages overlap or go back in time")
            // Past the end shows the last page, which ends with the meetings by appointment; nonsense shows the first.
            let last = try await client.get("/meetings?page=999")
            #expect(last.text.contains("of \(total)") && !last.text.contains("Later meetings →"))
            #expect(try await client.get("/meetings?page=zero").text.contains("Showing 1–100"))
            // Filters travel with the page links.
            let online = try await client.get("/meetings?mode=online")
            let keepsFilter = online.text.contains("href=\"/meetings?mode=online&amp;page=2\"")
            #expect(keepsFilter)
        }
    }

    @Test func badFiltersAreExplainedNextToTheirFields() async throws {
        try await withMeetings { client in
            let page = try await client.get("/meetings?day=9&type=NOPE&lat=200")
            #expect(page.status == .unprocessableContent)
            for field in ["day", "type", "lat"] { #expect(page.text.contains("id=\"\(field)-error\""), "\(field)") }
            let api = try await client.api(.get, "/api/v1/meetings?time=dawn")
            #expect(api.status == .unprocessableContent)
            #expect(api.errorField == "time")
        }
    }

    @Test func aMeetingPageShowsTimesTypesAndHowToJoin() async throws {
        try await withMeetings { client in
            let list = try await client.api(.get, "/api/v1/meetings?mode=online").jsonArray("meetings")
            let id = try #require(list.first?["id"] as? String)
            let page = try await client.get("/meetings/\(id)")
            #expect(page.text.contains("Mondays at 12:20"))
            #expect(page.text.contains("Join the video meeting"))
            #expect(page.text.contains("<li>Women</li>") && page.text.contains("Closed meeting:"))
            let api = try await client.api(.get, "/api/v1/meetings/\(id)")
            #expect((try api.json()["types"] as? [String: String])?["C"] == "Closed")
            #expect(try await client.get("/meetings/\(UUID())").status == .notFound)
        }
    }
}
