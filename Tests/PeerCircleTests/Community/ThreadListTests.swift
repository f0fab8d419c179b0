import Foundation
import Testing
@testable import PeerCircle

/// The thread list counts replies in the database: it must count what the reader may see, no more.
@Suite struct ThreadListTests {
    @Test func replyCountsLeaveOutBlockedAuthorsButNotAnonymousPosts() async throws {
        try await TestApp.run { starter in
            try await starter.joinBoth("Starter")
            let (thread, _) = try await starter.startThread("Counted replies")
            let blocked = starter.another()
            try await blocked.joinBoth("Loud")
            _ = try await blocked.replyTo(thread, "a reply under my name")
            _ = try await blocked.replyTo(thread, "a reply as a member", anonymous: true)
            _ = try await starter.replyTo(thread, "thanks")
            let reader = starter.another()
            try await reader.joinBoth("Reader")
            let category = try await reader.category().lowercased()
            #expect(try await reader.get("/community/categories/\(category)").text.contains("3 replies"))
            #expect(try await reader.api(.post, "/api/v1/blocks", json: ["pseudonym": "Loud"]).status == .created)
            // Blocked: their named reply is not counted; the anonymous one is (leaving it out would name its author).
            let page = try await reader.get("/community/categories/\(category)").text
            #expect(page.contains("2 replies") && !page.contains("3 replies"))
            #expect(try await reader.get("/community").text.contains("2 replies"))
            // Someone else still sees all three.
            #expect(try await starter.get("/community/categories/\(category)").text.contains("3 replies"))
        }
    }
}
