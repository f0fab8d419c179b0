import Foundation
import Testing
@testable import PeerCircle

@Suite struct SuggestionTests {
    static func titles(_ client: Client) async throws -> [String] {
        let body = try await client.api(.get, "/api/v1/me/suggestions").json()
        return (body["suggestions"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
    }

    @Test func suggestionsFollowTheMembersOwnStageAndWhatTheyAlreadyHave() async throws {
        try await TestApp.run { member in
            try await member.joinBoth("Seeker")
            // No stage: one gentle invitation to say, and nothing assumed.
            #expect(try await Self.titles(member) == ["Tell us where you are in recovery, if you like"])
            let start = try await member.get("/").text
            #expect(start.contains("Suggested for you") && start.contains("href=\"/my/stage\"") && !start.contains("Chosen for"))

            #expect(try await member.api(.put, "/api/v1/me/stage", json: ["stage": "dismissal"]).status == .noContent)
            #expect(try await Self.titles(member) == ["Sit in on an open meeting", "Read how others started", "Check in for a week"])
            #expect(try await member.get("/").text.contains("href=\"/meetings?type=O\""))

            // Starting out: newcomer meetings and a mentor, until they have asked one.
            _ = try await member.api(.put, "/api/v1/me/stage", json: ["stage": "patient"])
            #expect(try await Self.titles(member) == ["Find a newcomer meeting", "Find a mentor", "Ways through a craving"])
            let mentor = member.another()
            let profile = try await mentor.becomeMentor("Guide")
            _ = try await member.ask(profile)
            #expect(try await Self.titles(member) == ["Find a newcomer meeting", "Ways through a craving"])
            let start2 = try await member.get("/").text
            #expect(start2.contains("Chosen for “starting out”") && start2.contains("href=\"/strategies?situation=craving\""))

            // Building a life: the plan until it exists, then giving back.
            let body = try await member.api(.put, "/api/v1/me/stage", json: ["stage": "client"])
            #expect(body.status == .noContent)
            #expect(try await Self.titles(member) == ["Write your recovery plan", "Share what works for you", "Tell someone about a win"])
            _ = try await member.api(.put, "/api/v1/me/recovery-plan", json: ["reasons": ["My kids"]])
            #expect(try await Self.titles(member) == ["Share what works for you", "Tell someone about a win", "Ways through stress"])
            #expect(try await member.api(.get, "/api/v1/me/suggestions").json()["stage"] as? String == "client")

            // Someone else's suggestions never carry this member's stage.
            let other = member.another()
            try await other.joinBoth("Other")
            #expect(try await other.api(.get, "/api/v1/me/suggestions").json()["stage"] == nil)
            #expect(try await Self.titles(other) == ["Tell us where you are in recovery, if you like"])
            #expect(!(try await other.get("/").text.contains("Chosen for")))
            #expect(try await member.another().api(.get, "/api/v1/me/suggestions").status == .unauthorized)
        }
    }
}
