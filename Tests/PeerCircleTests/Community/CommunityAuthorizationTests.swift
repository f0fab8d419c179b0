import Foundation
import HTTPTypes
import Testing
@testable import PeerCircle

/// The community is for members; moderators' and administrators' routes answer 404 to everyone
/// else; nobody edits, deletes, or appeals for someone else — on the web and the API.
@Suite struct CommunityAuthorizationTests {
    @Test func visitorsAreSentToLogInAndGet401OnTheAPI() async throws {
        try await TestApp.run { visitor in
            for path in ["/community", "/strategies", "/search?q=x", "/moderation", "/my/notices", "/community/settings"] {
                let reply = try await visitor.get(path)
                #expect(reply.status == .seeOther && reply.location?.hasPrefix("/login") == true, "GET \(path)")
            }
            #expect(try await visitor.get("/code-of-conduct").status == .ok)
            for path in ["/forum/categories", "/search?q=x", "/strategies", "/moderation/queue", "/me/notices"] {
                #expect(try await visitor.api(.get, "/api/v1" + path).status == .unauthorized, "\(path)")
            }
        }
    }

    @Test func membersGet404ForModerationAndOthersPosts() async throws {
        try await TestApp.run { author in
            try await author.joinBoth("Owner")
            let (thread, post) = try await author.startThread("Mine", body: "my words")
            let moderator = author.another()
            try await moderator.joinBoth("RealMod")
            try await moderator.grant(.moderator, to: "RealMod")
            let action = try await moderator.api(.post, "/api/v1/moderation/posts/\(post)/actions", json: ["action": "hide", "reason": "Checking"]).json()["id"] as! String
            let member = author.another()
            try await member.joinBoth("Member")
            let ownerID = try await author.api(.get, "/api/v1/me").json()["id"] as! String

            // Hidden thread: 404 for a member, on every route that reaches it.
            for path in ["/community/threads/\(thread)", "/community/posts/\(post)/flag", "/community/posts/\(post)/history", "/community/posts/\(post)/edit"] {
                #expect(try await member.get(path.lowercased()).status == .notFound, "GET \(path)")
            }
            for path in ["/community/threads/\(thread)/replies", "/community/posts/\(post)/edit", "/community/posts/\(post)/delete",
                         "/community/posts/\(post)/react?kind=me_too", "/community/posts/\(post)/helpful", "/community/posts/\(post)/flag",
                         "/moderation/posts/\(post)", "/moderation/members/\(ownerID)", "/my/notices/\(action)/appeal"] {
                #expect(try await member.post(path.lowercased(), ["body": "x", "reason": "spam", "action": "approve", "text": "x"]).status == .notFound, "POST \(path)")
            }
            #expect(try await member.get("/moderation").status == .notFound)
            for (method, path) in [(HTTPRequest.Method.get, "/forum/threads/\(thread)"), (.post, "/forum/threads/\(thread)/replies"),
                                   (.patch, "/forum/posts/\(post)"), (.delete, "/forum/posts/\(post)"), (.post, "/forum/posts/\(post)/reactions"),
                                   (.post, "/forum/posts/\(post)/helpful"), (.post, "/forum/posts/\(post)/flags"), (.get, "/moderation/queue"),
                                   (.post, "/moderation/posts/\(post)/actions"), (.post, "/moderation/members/\(ownerID)/actions"),
                                   (.get, "/moderation/appeals"), (.post, "/me/notices/\(action)/appeal"), (.get, "/admin/audit-log")] {
                let reply = try await member.api(method, "/api/v1" + path, json: ["body": "x", "kind": "me_too", "reason": "spam", "action": "approve", "text": "x"])
                #expect(reply.status == .notFound, "\(method) \(path)")
                #expect(!reply.text.contains("my words"))
            }
            // The author still reaches their own hidden post.
            #expect(try await author.api(.get, "/api/v1/forum/threads/\(thread)").status == .ok)
            #expect(try await author.get("/community/posts/\(post.lowercased())/edit").status == .ok)
        }
    }
}
