import Foundation
import Testing
@testable import PeerCircle

/// Flags weighted by trust, hiding at the threshold, review actions with reasons, appeals once,
/// silences, trust-level limits, and the audit log.
@Suite struct ModerationTests {
    @Test func flagsFromTrustedMembersHideAPostUntilAModeratorRestoresIt() async throws {
        try await TestApp.run { author in
            try await author.joinBoth("Flagged")
            let (thread, post) = try await author.startThread("Buy my stuff", body: "cheap pills here")
            var flaggers: [Client] = []
            for name in ["F1", "F2", "F3", "F4"] {
                let f = author.another()
                try await f.joinBoth(name)
                flaggers.append(f)
            }
            // New members' flags weigh half: two of them don't hide anything.
            for f in flaggers.prefix(2) {
                #expect(try await f.api(.post, "/api/v1/forum/posts/\(post)/flags", json: ["reason": "spam"]).status == .noContent)
            }
            #expect(try await flaggers[3].thread(thread).count == 1)
            #expect(try await flaggers[0].api(.post, "/api/v1/forum/posts/\(post)/flags", json: ["reason": "spam"]).errorCode == "already_flagged")
            #expect(try await author.api(.post, "/api/v1/forum/posts/\(post)/flags", json: ["reason": "spam"]).status == .unprocessableContent)
            #expect(try await flaggers[2].api(.post, "/api/v1/forum/posts/\(post)/flags", json: ["reason": "nonsense"]).errorField == "reason")
            // Trusted members weigh more: 0.5 + 0.5 + 2 (regular) crosses 3.
            try await author.trust("F3", level: 3)
            #expect(try await flaggers[2].post("/community/posts/\(post.lowercased())/flag", ["reason": "spam", "note": "selling"]).status == .seeOther)

            // Hidden: gone for others, still there for the author with a note, and out of search.
            #expect(try await flaggers[3].api(.get, "/api/v1/forum/threads/\(thread)").status == .notFound)
            #expect(try await flaggers[3].search("pills").isEmpty)
            let own = try await author.thread(thread)
            #expect(own[0]["pending_review"] as? Bool == true)
            #expect(try await author.api(.get, "/api/v1/me/notices").jsonList().first?["text"] as? String != nil)

            let moderator = author.another()
            try await moderator.joinBoth("Moderator")
            try await moderator.grant(.moderator, to: "Moderator")
            let queue = try await moderator.get("/moderation")
            #expect(queue.text.contains("cheap pills here") && queue.text.contains("selling"))
            // A reason is required, and named.
            let noReason = try await moderator.post("/moderation/posts/\(post.lowercased())", ["action": "restore", "reason": ""])
            #expect(noReason.status == .unprocessableContent && noReason.text.contains("Give the member a reason"))
            #expect(try await moderator.post("/moderation/posts/\(post.lowercased())", ["action": "restore", "reason": "Not selling; a joke between friends"]).status == .seeOther)
            #expect(try await flaggers[3].thread(thread).count == 1)
            #expect(try await flaggers[3].search("pills").count == 1)
            #expect(try await author.api(.get, "/api/v1/me/notices").jsonList().first?["text"] as? String == "A moderator reviewed your post and it is visible again. Reason: Not selling; a joke between friends")
            #expect(!(try await moderator.get("/moderation").text.contains("cheap pills here")))
        }
    }

    @Test func actionsCarryReasonsAndTheAuthorMayAppealOnce() async throws {
        try await TestApp.run { author in
            try await author.joinBoth("Appealer")
            let (thread, post) = try await author.startThread("Venting", body: "everyone in this group is useless")
            let moderator = author.another()
            try await moderator.joinBoth("Mod2")
            try await moderator.grant(.moderator, to: "Mod2")
            let action = try await moderator.api(.post, "/api/v1/moderation/posts/\(post)/actions", json: ["action": "delete", "reason": "Insulting the group"])
            #expect(action.status == .ok)
            let actionID = try action.json()["id"] as! String
            let reader = author.another()
            try await reader.joinBoth("Onlooker")
            #expect(try await reader.thread(thread)[0]["display"] as? String == "removed_by_moderator")
            #expect(try await reader.thread(thread)[0]["body"] == nil)

            #expect(try await author.get("/").text.contains("A notice from the moderators"))
            // The centre says there is one, never its words.
            let centre = try await author.get("/notifications").text
            #expect(centre.contains("You have a notice from the moderators") && !centre.contains("Insulting the group"))
            let notices = try await author.get("/my/notices")
            #expect(notices.text.contains("Insulting the group") && notices.text.contains("Appeal (once)"))
            // Only the subject appeals, once.
            #expect(try await reader.api(.post, "/api/v1/me/notices/\(actionID)/appeal", json: ["text": "me too"]).status == .notFound)
            #expect(try await author.api(.post, "/api/v1/me/notices/\(actionID)/appeal", json: ["text": ""]).errorField == "text")
            #expect(try await author.post("/my/notices/\(actionID.lowercased())/appeal", ["text": "I was upset; I've edited my tone"]).status == .seeOther)
            #expect(try await author.api(.post, "/api/v1/me/notices/\(actionID)/appeal", json: ["text": "again"]).errorCode == "already_appealed")

            let appeals = try await moderator.api(.get, "/api/v1/moderation/appeals").jsonList()
            #expect(appeals.count == 1)
            let appeal = appeals[0]["id"] as! String
            #expect(try await reader.api(.post, "/api/v1/moderation/appeals/\(appeal)", json: ["uphold": true, "reason": "x"]).status == .notFound)
            #expect(try await moderator.api(.post, "/api/v1/moderation/appeals/\(appeal)", json: ["uphold": true, "reason": "Fair enough, thanks"]).status == .noContent)
            #expect(try await reader.thread(thread)[0]["display"] as? String == "shown")
            #expect(try await author.api(.get, "/api/v1/me/notices").jsonList().first?["text"] as? String == "Your appeal was upheld and the decision is undone. Fair enough, thanks")
        }
    }

    @Test func silencedAndSuspendedMembersCannotPostUntilTheTimePasses() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { member in
            try await member.joinBoth("Loud")
            let (thread, _) = try await member.startThread("First", body: "hello")
            let moderator = member.another()
            try await moderator.joinBoth("Mod3")
            try await moderator.grant(.moderator, to: "Mod3")
            let loudID = try await member.api(.get, "/api/v1/me").json()["id"] as! String
            #expect(try await moderator.api(.post, "/api/v1/moderation/members/\(loudID)/actions", json: ["action": "silence", "reason": "Cool off", "hours": 0]).errorField == "hours")
            #expect(try await moderator.api(.post, "/api/v1/moderation/members/\(loudID)/actions", json: ["action": "silence", "reason": "Cool off", "hours": 24]).status == .ok)
            let refused = try await member.api(.post, "/api/v1/forum/threads/\(thread)/replies", json: ["body": "but"])
            #expect(refused.status == .conflict && refused.errorCode == "silenced")
            let form = try await member.post("/community/threads/\(thread.lowercased())/replies", ["body": "my words"])
            #expect(form.status == .conflict && form.text.contains("You can't post until") && form.text.contains("my words"))
            clock.advance(seconds: 25 * 3600)
            #expect(try await member.api(.post, "/api/v1/forum/threads/\(thread)/replies", json: ["body": "back"]).status == .created)
            _ = try await moderator.api(.post, "/api/v1/moderation/members/\(loudID)/actions", json: ["action": "suspend", "reason": "Threats", "hours": 48])
            #expect(try await member.api(.post, "/api/v1/strategies", json: ["title": "Walk", "body": "walk", "situations": ["stress"]]).errorCode == "suspended")
            // Members can't act as moderators.
            #expect(try await member.api(.post, "/api/v1/moderation/members/\(loudID)/actions", json: ["action": "warn", "reason": "x"]).status == .notFound)
        }
    }

    @Test func newMembersHaveLimitsThatTrustLifts() async throws {
        try await TestApp.run { member in
            try await member.joinBoth("Fresh")
            let category = try await member.category()
            let link = try await member.api(.post, "/api/v1/forum/threads", json: ["category_id": category, "title": "Look", "body": "see https://example.com"])
            #expect(link.status == .unprocessableContent && link.errorField == "body")
            for n in 1...3 { _ = try await member.startThread("Thread \(n)") }
            let fourth = try await member.api(.post, "/api/v1/forum/threads", json: ["category_id": category, "title": "Thread 4", "body": "x"])
            #expect(fourth.status == .conflict && fourth.errorCode == "thread_limit")
            let moderator = member.another()
            try await moderator.joinBoth("Mod4")
            try await moderator.grant(.moderator, to: "Mod4")
            let id = try await member.api(.get, "/api/v1/me").json()["id"] as! String
            #expect(try await moderator.api(.post, "/api/v1/moderation/members/\(id)/actions", json: ["action": "grant_trust", "reason": "Known to us", "level": 2]).status == .ok)
            _ = try await member.startThread("Thread 4", body: "see https://example.com")
            #expect(try await member.get("/community/categories/\(category.lowercased())").text.contains("Thread 4"))
        }
    }

    @Test func earnedTrustFollowsReadingAndTakingPart() {
        #expect(Trust.earned(daysSinceJoining: 0, threadsRead: 50, posts: 50) == 0)
        #expect(Trust.earned(daysSinceJoining: 1, threadsRead: 5, posts: 1) == 1)
        #expect(Trust.earned(daysSinceJoining: 1, threadsRead: 4, posts: 1) == 0)
        #expect(Trust.earned(daysSinceJoining: 14, threadsRead: 30, posts: 10) == 2)
        #expect(Trust.earned(daysSinceJoining: 400, threadsRead: 900, posts: 900) == 2)
        #expect(Trust.flagWeight(0, moderator: false) < Trust.flagWeight(2, moderator: false))
        #expect(Trust.flagWeight(0, moderator: true) == Trust.hideThreshold)
    }

    @Test func theAuditLogIsForAdministratorsOnly() async throws {
        try await TestApp.run { admin in
            try await admin.joinBoth("Admin")
            try await admin.grant(.admin, to: "Admin")
            let author = admin.another()
            try await author.joinBoth("Subject")
            let (_, post) = try await author.startThread("Note", body: "text")
            let moderator = admin.another()
            try await moderator.joinBoth("Mod5")
            try await moderator.grant(.moderator, to: "Mod5")
            _ = try await moderator.api(.post, "/api/v1/moderation/posts/\(post)/actions", json: ["action": "hide", "reason": "Checking a report"])
            #expect(try await moderator.get("/admin/audit-log").status == .notFound)
            #expect(try await moderator.api(.get, "/api/v1/admin/audit-log").status == .notFound)
            let log = try await admin.api(.get, "/api/v1/admin/audit-log").jsonList()
            #expect(log.count == 1 && log[0]["kind"] as? String == "hide" && log[0]["moderator"] as? String == "Mod5" && log[0]["reason"] as? String == "Checking a report")
            #expect(try await admin.get("/admin/audit-log").text.contains("Checking a report"))
        }
    }
}
