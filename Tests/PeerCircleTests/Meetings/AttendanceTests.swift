import Foundation
import Testing
@testable import PeerCircle

@Suite struct AttendanceTests {
    @Test func membersRecordAttendanceOnlyWhenTheyAskAndPrintASlip() async throws {
        try await TestApp.run { member in
            try await member.importFeed(MyMeetingsTests.feed, timeZone: "America/New_York")
            try await member.join("Attender")
            let list = try await member.api(.get, "/api/v1/meetings").jsonArray("meetings")
            let id = (try #require(list.first?["id"] as? String)).lowercased()
            #expect(try await member.get("/my/attendance").text.contains("No attendance recorded yet."))
            #expect(try await member.post("/meetings/\(id)/attend", [:]).location == "/my/attendance?done=attended")
            try await member.post("/meetings/\(id)/attend", [:]) // once a day
            let mine = try await member.get("/my/attendance")
            #expect(mine.text.components(separatedBy: "Print slip").count == 2)
            let slipPath = String(try #require(mine.text.firstMatch(of: /\/my\/attendance\/[0-9a-f-]{36}\/slip/)?.0))
            let slip = try await member.get(slipPath + "?name=Jordan%20Smith")
            #expect(slip.text.contains("<strong>Jordan Smith</strong>"))
            #expect(slip.text.contains("attended the meeting"))

            // Nobody else sees it.
            let other = member.another()
            try await other.join()
            #expect(try await other.get(slipPath).status == .notFound)
            try await other.joinAPI()
            #expect(try await other.api(.get, "/api/v1/me/attendance").text == "[]")
            #expect(try await other.api(.post, "/api/v1/meetings/\(UUID())/attendance").status == .notFound)

            let deletePath = slipPath.replacingOccurrences(of: "/slip", with: "/delete")
            #expect(try await other.post(deletePath, [:]).status == .notFound)
            #expect(try await member.post(deletePath, [:]).location == "/my/attendance?done=attendance-deleted")
            #expect(try await member.get("/my/attendance").text.contains("No attendance recorded yet."))
        }
    }

    @Test(.timeLimit(.minutes(10))) func enteringARoomRecordsAttendanceOnlyWithConsent() async throws {
        try await TestApp.run(live: true) { host in
            let (_, meeting) = try await RoomTests.setUp(host)
            try await host.post("/meetings/\(meeting)/room/open", [:])
            let quiet = host.another()
            try await quiet.joinAPI("Quiet")
            try await quiet.post("/login", ["pseudonym": "Quiet", "password": "correct horse"])
            let without = LiveRoomClient(quiet, meeting: meeting, name: "Q")
            try await without.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            await without.leave()
            #expect(try await quiet.api(.get, "/api/v1/me/attendance").text == "[]")

            let consenting = LiveRoomClient(quiet, meeting: meeting, name: "Q", attendance: true)
            try await consenting.wait(for: "welcome") { $0["type"] as? String == "welcome" }
            await consenting.leave()
            let records = try await quiet.api(.get, "/api/v1/me/attendance").text
            #expect(records.contains("\"mode\":\"online_room\""))
            #expect(records.contains("\"facilitator\":\"Host"))
        }
    }
}
