import Foundation
import Testing
@testable import PeerCircle

@Suite struct MeetingGuideFeedTests {
    func draft(_ json: String, zone: String = "America/New_York") throws -> Result<MeetingDraft, MeetingGuideFeed.Reason> {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        return MeetingGuideFeed.record(object, defaultTimeZone: zone)
    }

    @Test func dayComesAsANumberAStringAnArrayOrNothing() throws {
        #expect(try draft(#"{"slug":"a","name":"A","day":2,"time":"19:00"}"#).get().days == [2])
        #expect(try draft(#"{"slug":"a","name":"A","day":"5","time":"19:00"}"#).get().days == [5])
        #expect(try draft(#"{"slug":"a","name":"A","day":[6,1,"3"],"time":"19:00"}"#).get().days == [1, 3, 6])
        #expect(try draft(#"{"slug":"a","name":"A","day":"Tuesday","time":"19:00"}"#).get().days == [2])
        let appointment = try draft(#"{"slug":"a","name":"A","day":null}"#).get()
        #expect(appointment.days.isEmpty && appointment.startTime == nil)
        #expect(throws: MeetingGuideFeed.Reason.self) { try draft(#"{"slug":"a","name":"A","day":7,"time":"19:00"}"#).get() }
        #expect(throws: MeetingGuideFeed.Reason.self) { try draft(#"{"slug":"a","name":"A","day":1}"#).get() }
    }

    @Test func timesAreReadInTheFormsFeedsUse() {
        let cases: [(String?, String?)] = [("18:00", "18:00"), ("6:30", "06:30"), ("18:00:00", "18:00"), ("11:00 AM", "11:00"),
                                           ("7:30 PM", "19:30"), ("12:15 am", "00:15"), ("12 pm", "12:00"), ("noon", "12:00"), (nil, nil)]
        for (input, expected) in cases {
            #expect((try? MeetingGuideFeed.time(input).get()) == .some(expected), "\(input ?? "nil")")
        }
        for bad in ["25:00", "7:75", "13:00 PM", "soon"] {
            #expect((try? MeetingGuideFeed.time(bad).get()) == nil, "\(bad)")
        }
    }

    @Test func textIsCleanedOfEntitiesAndTagsAndLinksMustBeWeb() throws {
        let d = try draft(#"{"slug":"x","name":"Serenity &amp; Hope &#8211; Men&#39;s","notes":"<b>Ring</b> the bell&nbsp;twice","day":0,"time":"9:00","url":"javascript:alert(1)","video_conference_url":"https://zoom.us/j/1","types":["ONL","O","ZZZ","O"]}"#).get()
        #expect(d.name == "Serenity & Hope – Men's")
        #expect(d.notes == "Ring the bell twice")
        #expect(d.url == nil)
        #expect(d.conferenceURL == "https://zoom.us/j/1")
        #expect(d.types == ["O"])
        #expect(d.attendance == .online)
    }

    @Test func meetingsWithoutANameOrSlugAreSkippedWithAReason() throws {
        let data = Data(#"[{"slug":"a","name":"A","day":1,"time":"8:00"},{"name":"No slug","day":1,"time":"8:00"},{"slug":"b"},{"slug":"a","name":"Again","day":2,"time":"9:00"},"junk",{"slug":"c","name":"C","day":1,"time":"8:00","timezone":"Mars/Base"}]"#.utf8)
        let parsed = try MeetingGuideFeed.parse(data, defaultTimeZone: "UTC")
        #expect(parsed.meetings.map(\.slug) == ["a"])
        #expect(parsed.skipped.map(\.reason) == ["no slug", "no name", "slug appears earlier in the feed", "not a meeting object", "unknown time zone 'Mars/Base'"])
    }

    @Test func aFileThatIsNotAFeedIsRefusedWhole() throws {
        #expect(throws: MeetingGuideFeed.FeedError.notAList) { try MeetingGuideFeed.parse(Data(#"{"meetings":[]}"#.utf8), defaultTimeZone: "UTC") }
        let invalid = try Data(contentsOf: Fixtures.url("invalid.json"))
        do {
            _ = try MeetingGuideFeed.parse(invalid, defaultTimeZone: "UTC")
            Issue.record("invalid.json was accepted")
        } catch {
            #expect(error.description.contains("not valid JSON"))
        }
    }
}

/// The published feeds in `../shared/fixtures/meeting-guide`.
/// Published Meeting Guide feeds, copied unedited into the project (see Tests/Fixtures/meeting-guide/SOURCE.md),
/// so a clone alone passes `swift test`.
enum Fixtures {
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/meeting-guide/\(name)")
    }
}
