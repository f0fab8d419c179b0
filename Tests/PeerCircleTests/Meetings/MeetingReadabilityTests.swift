import FluentKit
import Foundation
import Testing
@testable import PeerCircle

/// Issue 11: meetings people can read — near a town or postcode, types in groups and in words,
/// open and closed explained, no in-person codes on online meetings, passwords folded away.
@Suite struct MeetingReadabilityTests {
    static let feed = #"""
    [
     {"name":"Springfield Sunrise","slug":"sunrise","day":[0,1,2,3,4,5,6],"time":"07:00","timezone":"UTC","attendance_option":"in_person",
      "address":"1 Main St","city":"Springfield","postal_code":"62701","latitude":39.80,"longitude":-89.65,"types":["O","D","W","X"]},
     {"name":"Springfield Noon","slug":"noon","day":[0,1,2,3,4,5,6],"time":"12:00","timezone":"UTC","attendance_option":"in_person",
      "formatted_address":"9 Elm St, Springfield, IL 62704, USA","latitude":39.78,"longitude":-89.66,"types":["C","SP"]},
     {"name":"Shelbyville Night","slug":"night","day":[0,1,2,3,4,5,6],"time":"21:00","timezone":"UTC","attendance_option":"in_person",
      "city":"Shelbyville","postal_code":"46176","latitude":39.52,"longitude":-85.78,"types":["B"]},
     {"name":"Beach Step","slug":"beach","day":[0,1,2,3,4,5,6],"time":"18:00","timezone":"UTC","attendance_option":"hybrid",
      "formatted_address":"5 Boardwalk, Rehoboth Beach, DE 19971","latitude":38.72,"longitude":-75.08,"types":["ST"],
      "conference_url":"https://zoom.us/j/9"},
     {"name":"Online Together","slug":"online","day":[0,1,2,3,4,5,6],"time":"19:00","timezone":"UTC","attendance_option":"online",
      "conference_url":"https://zoom.us/j/123?pwd=abc","conference_url_notes":"Meeting ID 123 Password: serenity","types":["TC","X","D","S"]}
    ]
    """#

    @Test func aTownOrPostcodeFromTheMeetingsOwnAddressesFindsMeetingsNearIt() async throws {
        try await TestApp.run { visitor in
            try await visitor.importFeed(Data(Self.feed.utf8))
            let page = try await visitor.get("/meetings").text
            #expect(page.contains(#"<datalist id="towns">"#) && page.contains(#"<option value="Springfield">"#))
            #expect(page.contains(#"id="near-me""#) && page.contains("/assets/near.js"))
            let springfield = try await visitor.get("/meetings?near=springfield").text
            #expect(springfield.contains("Springfield Sunrise") && springfield.contains("Springfield Noon"))
            #expect(!springfield.contains("Shelbyville Night") && !springfield.contains("Online Together"))
            // A postcode by its start, and a town named inside a formatted address.
            let postcode = try await visitor.get("/meetings?near=6270").text
            #expect(postcode.contains("Springfield Sunrise"))
            // A browser's GET form sends spaces as "+"; the town comes from a formatted address.
            #expect(page.contains(#"<option value="Rehoboth Beach">"#))
            let beach = try await visitor.get("/meetings?near=Rehoboth+Beach").text
            #expect(beach.contains("Beach Step") && !beach.contains("Springfield Sunrise"))
            #expect(!beach.contains("Online Together"), "an online-only meeting is near nobody")
            let shelby = try await visitor.get("/meetings?near=%20SHELBYVILLE%20").text
            #expect(shelby.contains("Shelbyville Night") && !shelby.contains("Springfield Sunrise"))
            // Coordinates (the "near me" button) win over the box.
            let me = try await visitor.get("/meetings?near=Springfield&lat=39.52&lng=-85.78&km=5").text
            #expect(me.contains("Shelbyville Night") && !me.contains("Springfield Noon"))
            // A place nobody lists: said next to the box, the words kept (as text).
            let unknown = try await visitor.get("/meetings?near=%3Cb%3EAtlantis%3C%2Fb%3E")
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("No meeting here lists a place called that"))
            #expect(unknown.text.contains("&lt;b&gt;Atlantis&lt;/b&gt;") && !unknown.text.contains("<b>Atlantis"))
            let long = try await visitor.get("/meetings?near=" + String(repeating: "a", count: 500))
            #expect(long.status == .unprocessableContent)
        }
    }

    @Test func typesAreGroupedAndExplainedAndOpenOrClosedIsSaidInWords() async throws {
        try await TestApp.run { visitor in
            try await visitor.importFeed(Data(Self.feed.utf8))
            let db = try visitor.database.db
            func page(_ slug: String) async throws -> String {
                let id = try #require(try await Meeting.query(on: db).filter(\.$slug == slug).first()?.requireID())
                return try await visitor.get("/meetings/\(id.uuidString.lowercased())").text
            }
            let sunrise = try await page("sunrise")
            #expect(sunrise.contains("Open meeting: anyone may come"))
            #expect(sunrise.contains("<h3>Format</h3>") && sunrise.contains("Discussion"))
            #expect(sunrise.contains("<h3>Who it&#39;s for</h3>") || sunrise.contains("<h3>Who it's for</h3>"))
            #expect(sunrise.contains("Women") && sunrise.contains("Wheelchair Access"))
            let noon = try await page("noon")
            #expect(noon.contains("Closed meeting: for people who want to stop"))
            let night = try await page("night")
            #expect(night.contains("doesn't say whether it's open or closed"))
            // Online only: no building codes, and the password folded away.
            let online = try await page("online")
            #expect(!online.contains("Temporarily Closed") && !online.contains("Wheelchair"))
            #expect(online.contains("Spanish") && online.contains("Discussion"))
            let details = try #require(online.range(of: "<details><summary>Show details (meeting ID, password)</summary>"))
            let password = try #require(online.range(of: "Password: serenity"))
            #expect(details.upperBound <= password.lowerBound)
            let directory = try await visitor.get("/meetings").text
            #expect(!directory.contains("Temporarily Closed"))
            #expect(directory.contains(#"<optgroup label="Who it&#39;s for">"#) || directory.contains(#"<optgroup label="Who it's for">"#))
        }
    }
}
