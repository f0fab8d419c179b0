import Foundation
import Testing
@testable import PeerCircle

/// Posting, anonymity, content warnings, edits with history, soft deletion, reactions, questions.
@Suite struct ForumTests {
    @Test func anonymousPostsHideTheAuthorFromMembersButNotFromModerators() async throws {
        try await TestApp.run { author in
            try await author.joinBoth("Quiet")
            let (thread, _) = try await author.startThread("Hard night", body: "I almost called my old dealer", anonymous: true)
            let reader = author.another()
            try await reader.joinBoth("Reader")
            let moderator = author.another()
            try await moderator.joinBoth("Mod")
            try await moderator.grant(.moderator, to: "Mod")

            #expect(try await reader.thread(thread)[0]["author"] as? String == "a member")
            let page = try await reader.get("/community/threads/\(thread.lowercased())")
            #expect(page.text.contains("a member") && !page.text.contains("Quiet"))
            #expect(try await moderator.thread(thread)[0]["author"] as? String == "a member (Quiet, shown only to moderators)")
            #expect(try await author.thread(thread)[0]["author"] as? String == "you, posting as “a member”")
            // The form tells the author moderators can still see.
            #expect(try await author.get("/community/threads/\(thread.lowercased())").text.contains("Moderators can still see who wrote it"))
            // Search results do not carry the name either.
            #expect(!(try await reader.api(.get, "/api/v1/search?q=dealer").text.contains("Quiet")))
        }
    }

    @Test func contentWarningsAreClickToRevealAndHiddenThemesDisappear() async throws {
        try await TestApp.run { author in
            try await author.joinBoth("Teller")
            let (thread, _) = try await author.startThread("What happened Friday", body: "I relapsed after the party", warnings: ["relapse"])
            _ = try await author.startThread("Sunrise walk", body: "The party is over, walked at dawn")
            let reader = author.another()
            try await reader.joinBoth("Gentle")
            let page = try await reader.get("/community/threads/\(thread.lowercased())")
            #expect(page.text.contains("<details><summary>Content warning: Relapse detail — show</summary>"))
            #expect(try await reader.search("party").count == 2)

            #expect(try await reader.post("/community/settings", [("hidden", "relapse")]).status == .seeOther)
            let list = try await reader.get("/community/categories/\(try await reader.category().lowercased())")
            #expect(!list.text.contains("What happened Friday") && list.text.contains("Sunrise walk"))
            #expect(try await reader.search("party") == ["Sunrise walk"])
            let hidden = try await reader.thread(thread)
            #expect(hidden[0]["display"] as? String == "hidden_theme" && hidden[0]["body"] == nil)
            // The author always sees their own words.
            #expect(try await author.thread(thread)[0]["display"] as? String == "shown")
        }
    }

    @Test func editsKeepHistoryAndDeletingLeavesRemovedByAuthor() async throws {
        try await TestApp.run { author in
            try await author.joinBoth("Writer")
            let (thread, post) = try await author.startThread("Day 3", body: "Feeling shakey")
            let edited = try await author.api(.patch, "/api/v1/forum/posts/\(post)", json: ["body": "Feeling shaky but here"])
            #expect(edited.status == .ok)
            let other = author.another()
            try await other.joinBoth("Other")
            #expect(try await other.thread(thread)[0]["edited_at"] != nil)
            // Earlier wording is the author's (and moderators'), not everyone's.
            #expect(try await other.get("/community/posts/\(post.lowercased())/history").status == .notFound)
            let history = try await author.get("/community/posts/\(post.lowercased())/history")
            #expect(history.text.contains("Feeling shakey") && history.text.contains("Feeling shaky but here"))
            // Only the author edits or deletes.
            #expect(try await other.api(.patch, "/api/v1/forum/posts/\(post)", json: ["body": "mine now"]).status == .notFound)
            #expect(try await other.api(.delete, "/api/v1/forum/posts/\(post)").status == .notFound)
            #expect(try await other.post("/community/posts/\(post.lowercased())/edit", ["body": "x"]).status == .notFound)
            #expect(try await other.post("/community/posts/\(post.lowercased())/delete", [:]).status == .notFound)

            let reply = try await other.replyTo(thread, "You're doing it")
            #expect(try await author.api(.delete, "/api/v1/forum/posts/\(post)").status == .noContent)
            let posts = try await other.thread(thread)
            #expect(posts[0]["display"] as? String == "removed_by_author" && posts[0]["body"] == nil)
            #expect(posts[1]["id"] as? String == reply && posts[1]["body"] as? String == "You're doing it")
            #expect(try await other.get("/community/threads/\(thread.lowercased())").text.contains("Removed by author."))
            #expect(try await other.search("shaky").isEmpty)
        }
    }

    @Test func reactionsToggleAndQuestionsShowHelpfulAnswersFirst() async throws {
        try await TestApp.run { asker in
            try await asker.joinBoth("Asker")
            let (thread, question) = try await asker.startThread("How do you handle weddings?", kind: "question")
            let a = asker.another()
            try await a.joinBoth("FirstAnswer")
            let first = try await a.replyTo(thread, "Leave early")
            let b = asker.another()
            try await b.joinBoth("SecondAnswer")
            let second = try await b.replyTo(thread, "Bring your own drinks")
            #expect(try await a.api(.post, "/api/v1/forum/posts/\(second)/helpful").status == .notFound)
            #expect(try await asker.api(.post, "/api/v1/forum/posts/\(question)/helpful").status == .notFound)
            #expect(try await asker.api(.post, "/api/v1/forum/posts/\(second)/helpful").status == .ok)
            let posts = try await a.thread(thread)
            #expect(posts.map { $0["id"] as? String } == [question, second, first])
            #expect(posts[1]["helpful_answer"] as? Bool == true)

            _ = try await a.api(.post, "/api/v1/forum/posts/\(question)/reactions", json: ["kind": "me_too"])
            _ = try await b.api(.post, "/api/v1/forum/posts/\(question)/reactions", json: ["kind": "me_too"])
            _ = try await b.api(.post, "/api/v1/forum/posts/\(question)/reactions", json: ["kind": "strength"])
            #expect(try await a.thread(thread)[0]["reactions"] as? [String: Int] == ["me_too": 2, "strength": 1])
            _ = try await b.api(.post, "/api/v1/forum/posts/\(question)/reactions", json: ["kind": "me_too"])
            #expect(try await a.thread(thread)[0]["reactions"] as? [String: Int] == ["me_too": 1, "strength": 1])
            #expect(try await a.api(.post, "/api/v1/forum/posts/\(question)/reactions", json: ["kind": "downvote"]).errorField == "kind")
        }
    }

    /// Every reaction empties each instance's forum snapshot: one member toggling in a loop is stopped
    /// after an hour's fair share, and the refused toggle changes nothing.
    @Test func reactionsAreLimitedPerMemberPerHour() async throws {
        try await TestApp.run { author in
            try await author.joinBoth("Reacted To")
            let (thread, post) = try await author.startThread("Small win today")
            let fan = author.another()
            try await fan.joinBoth("Eager Fan")
            for _ in 0..<RateLimit.reactionsPerMember.count {
                #expect(try await fan.api(.post, "/api/v1/forum/posts/\(post)/reactions", json: ["kind": "strength"]).status == .ok)
            }
            #expect(try await author.thread(thread)[0]["reactions"] as? [String: Int] == [:])
            let refused = try await fan.api(.post, "/api/v1/forum/posts/\(post)/reactions", json: ["kind": "strength"])
            #expect(refused.status == .tooManyRequests && refused.headers[.retryAfter] != nil)
            #expect(try await author.thread(thread)[0]["reactions"] as? [String: Int] == [:])
            // Others are not held back by one member's enthusiasm.
            let other = author.another()
            try await other.joinBoth("Calm Reader")
            #expect(try await other.api(.post, "/api/v1/forum/posts/\(post)/reactions", json: ["kind": "strength"]).status == .ok)
            #expect(try await author.thread(thread)[0]["reactions"] as? [String: Int] == ["strength": 1])
        }
    }

    @Test func badPostsAreRefusedWithTheTextKeptAndNothingStored() async throws {
        try await TestApp.run { author in
            try await author.joinBoth("Poster")
            let category = try await author.category()
            let long = String(repeating: "x", count: 10_001)
            let form = try await author.post("/community/categories/\(category.lowercased())/new", ["title": "ok title", "body": long, "kind": "discussion"])
            #expect(form.status == .unprocessableContent && form.text.contains("up to 10000 characters") && form.text.contains("ok title"))
            let api = try await author.api(.post, "/api/v1/forum/threads", json: ["category_id": category, "title": "x", "body": ""])
            #expect(api.status == .unprocessableContent)
            let fields = try (api.json()["error"] as! [String: Any])["fields"] as! [[String: Any]]
            #expect(Set(fields.map { $0["field"] as! String }) == ["title", "body"])
            #expect(try await author.api(.post, "/api/v1/forum/threads", json: ["category_id": category, "title": "fine", "body": "x", "warnings": ["gore"]]).errorField == "warnings")
            #expect(try await author.api(.post, "/api/v1/forum/threads", json: ["category_id": UUID().uuidString, "title": "fine", "body": "x"]).status == .notFound)
            #expect(try await author.api(.get, "/api/v1/forum/categories/\(category)/threads").jsonList().isEmpty)
        }
    }

    @Test func aMilestoneIsCelebratedOnlyWhenTheMemberChooses() async throws {
        try await TestApp.run { member in
            try await member.joinBoth("Counter")
            let clock = try await member.makeClock(label: "Sober", startedOn: "2026-04-01")
            let milestones = try await member.category("milestones")
            #expect(try await member.api(.get, "/api/v1/forum/categories/\(milestones)/threads").jsonList().isEmpty)
            #expect(try await member.get("/clocks/\(clock)").text.contains("Celebrate 60 days in Milestones"))
            let reply = try await member.post("/clocks/\(clock)/celebrate", [:])
            #expect(reply.status == .seeOther)
            let threads = try await member.api(.get, "/api/v1/forum/categories/\(milestones)/threads").jsonList()
            #expect(threads.count == 1 && threads[0]["kind"] as? String == "milestone" && (threads[0]["title"] as? String)?.contains("60 days") == true)
            let stranger = member.another()
            try await stranger.joinBoth("Stranger")
            #expect(try await stranger.post("/clocks/\(clock)/celebrate", [:]).status == .notFound)
        }
    }
}
