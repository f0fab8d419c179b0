import FluentKit
import Foundation
import HTTPTypes
import Synchronization
import Testing
@testable import PeerCircle

extension Client {
    /// Makes `helpers` an accepted circle for this member (who must hold an API token).
    func circle(_ helpers: [(Client, String)]) async throws {
        for (helper, name) in helpers {
            #expect(try await api(.post, "/api/v1/circle/invitations", json: ["pseudonym": name]).status == .created)
            let invitation = try await helper.api(.get, "/api/v1/circle").json()["memberships"] as! [[String: Any]]
            let id = invitation.last!["id"] as! String
            #expect(try await helper.api(.post, "/api/v1/circle/invitations/\(id)/accept").status == .noContent)
        }
    }

    func alerts() async throws -> [[String: Any]] { try await api(.get, "/api/v1/alerts").jsonList() }
}

@Suite struct SafetyNetTests {
    @Test func invitationsAreAcceptedOrDeclinedAndTheCircleIsPrivate() async throws {
        try await TestApp.run { owner in
            try await owner.joinBoth("Owner")
            let friend = owner.another()
            try await friend.joinBoth("Friend")
            let other = owner.another()
            try await other.joinBoth("Other")
            // An empty circle says what happens meanwhile.
            // (no responders here: it says so rather than promise them)
            #expect(try await owner.get("/circle").text.contains("“I need support now” can reach nobody here"))
            #expect(try await owner.get("/messages").text.contains("No conversations yet."))
            #expect(try await owner.api(.post, "/api/v1/circle/invitations", json: ["pseudonym": "Owner"]).errorField == "pseudonym")
            #expect(try await owner.api(.post, "/api/v1/circle/invitations", json: ["pseudonym": "Nobody"]).errorField == "pseudonym")
            #expect(try await owner.api(.post, "/api/v1/circle/invitations", json: ["pseudonym": "Friend"]).status == .created)
            #expect(try await owner.api(.post, "/api/v1/circle/invitations", json: ["pseudonym": "Friend"]).errorCode == "already_invited")
            let invitation = (try await friend.api(.get, "/api/v1/circle").json()["memberships"] as! [[String: Any]])[0]["id"] as! String
            // Only the invited person answers.
            #expect(try await other.api(.post, "/api/v1/circle/invitations/\(invitation)/accept").status == .notFound)
            #expect(try await owner.api(.post, "/api/v1/circle/invitations/\(invitation)/accept").status == .notFound)
            #expect(try await friend.post("/circle/\(invitation.lowercased())/answer?accept=1", [:]).status == .seeOther)
            let mine = try await owner.api(.get, "/api/v1/circle").json()["members"] as! [[String: Any]]
            #expect(mine.map { $0["status"] as? String } == ["accepted"])
            // Nobody else sees it.
            #expect((try await other.api(.get, "/api/v1/circle").json()["members"] as! [[String: Any]]).isEmpty)
            #expect(!(try await other.get("/circle").text.contains("Friend")))
            #expect(try await other.api(.delete, "/api/v1/circle/\(invitation)").status == .notFound)
            // Up to ten.
            for n in 1...9 {
                let c = owner.another()
                try await c.joinBoth("Extra\(n)")
                #expect(try await owner.api(.post, "/api/v1/circle/invitations", json: ["pseudonym": "Extra\(n)"]).status == .created)
            }
            #expect(try await owner.api(.post, "/api/v1/circle/invitations", json: ["pseudonym": "Other"]).errorCode == "circle_full")
            // Blocked either way: no invitation.
            _ = try await other.api(.post, "/api/v1/blocks", json: ["pseudonym": "Friend"])
            #expect(try await other.api(.post, "/api/v1/circle/invitations", json: ["pseudonym": "Friend"]).errorField == "pseudonym")
        }
    }

    @Test func anSOSReachesTheCircleEscalatesAndIsAnsweredAndClosed() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { member in
            try await member.joinBoth("Asker")
            let a = member.another(), b = member.another(), pending = member.another(), blocked = member.another()
            try await a.joinBoth("CircleA")
            try await b.joinBoth("CircleB")
            try await pending.joinBoth("Pending")
            try await blocked.joinBoth("BlockedOne")
            try await member.circle([(a, "CircleA"), (b, "CircleB"), (blocked, "BlockedOne")])
            _ = try await member.api(.post, "/api/v1/circle/invitations", json: ["pseudonym": "Pending"])
            _ = try await member.api(.post, "/api/v1/blocks", json: ["pseudonym": "BlockedOne"])
            let responder = member.another()
            try await responder.joinBoth("Responder")
            try await responder.grant(.responder, to: "Responder")
            let stranger = member.another()
            try await stranger.joinBoth("Stranger")

            // The confirmation step first: the page sends nothing by itself.
            #expect(try await member.get("/sos").text.contains("Yes, alert them now"))
            #expect(try await member.api(.post, "/api/v1/sos", json: ["need": "panic"]).errorField == "need")
            let raised = try await member.api(.post, "/api/v1/sos", json: ["need": "craving", "message": "At the bar's door"])
            #expect(raised.status == .created)
            #expect(!(try raised.json()["crisis_lines"] as! [Any]).isEmpty)
            let id = try raised.json()["id"] as! String

            for helper in [a, b] { #expect(try await helper.alerts().map { $0["id"] as? String } == [id]) }
            // Someone who missed the live notice finds it on their start page; an invitation waits there too.
            let start = try await b.get("/").text
            #expect(start.contains("Asker asked for support: a craving i") && start.contains("href=\"/alerts/\(id.lowercased())\""))
            #expect(try await pending.get("/").text.contains("Asker asked you to be in their circle."))
            #expect(try await member.get("/").text.contains("Your call for support is still open."))
            for outsider in [pending, blocked, responder, stranger] {
                #expect(try await outsider.alerts().isEmpty)
                #expect(try await outsider.api(.get, "/api/v1/alerts/\(id)").status == .notFound)
                #expect(try await outsider.get("/alerts/\(id.lowercased())").status == .notFound)
                #expect(try await outsider.api(.post, "/api/v1/alerts/\(id)/here").status == .notFound)
            }
            let page = try await a.get("/alerts/\(id.lowercased())").text
            #expect(page.contains("Asker asked for support") && page.contains("door") && page.contains("action=\"/alerts/\(id.lowercased())/here\""))

            // Nobody answers in five minutes: on-call responders are alerted.
            clock.advance(seconds: 4 * 60)
            #expect(try await responder.alerts().isEmpty)
            clock.advance(seconds: 2 * 60)
            #expect(try await responder.alerts().map { $0["id"] as? String } == [id])
            #expect(try await member.api(.get, "/api/v1/alerts/\(id)").json()["escalated"] as? Bool == true)

            // "I'm here": the member sees who; the others see it is handled; a conversation opens.
            let here = try await a.api(.post, "/api/v1/alerts/\(id)/here")
            let conversation = try here.json()["conversation_id"] as! String
            #expect(try await member.api(.get, "/api/v1/alerts/\(id)").json()["here"] as? [String] == ["CircleA"])
            #expect(try await b.get("/alerts/\(id.lowercased())").text.contains("Handled — CircleA is with them"))
            #expect(!(try await b.get("/").text.contains("Asker asked for support")))
            #expect(try await a.api(.post, "/api/v1/conversations/\(conversation)/messages", json: ["body": "On my way, call me"]).status == .created)
            #expect(try await member.api(.get, "/api/v1/conversations/\(conversation)/messages").jsonList().count == 1)

            // Closing: a helper who hasn't answered can't; the one who did must say how it ended.
            #expect(try await b.api(.post, "/api/v1/alerts/\(id)/close", json: ["outcome": "fine"]).errorCode == "not_responding")
            #expect(try await a.api(.post, "/api/v1/alerts/\(id)/close", json: ["outcome": ""]).errorField == "outcome")
            #expect(try await a.api(.post, "/api/v1/alerts/\(id)/close", json: ["outcome": "Talked for an hour; went to a meeting"]).json()["status"] as? String == "closed")
            #expect(try await b.alerts().isEmpty)
            // Figures for the operator are aggregate: one alert, answered in six minutes.
            let admin = member.another()
            try await admin.joinBoth("Operator")
            try await admin.grant(.admin, to: "Operator")
            let stats = try await admin.api(.get, "/api/v1/admin/safety-stats").json()
            #expect(stats["alerts"] as? Int == 1 && stats["answered"] as? Int == 1 && stats["median_seconds_to_first_response"] as? Int == 360)
            #expect(try await a.api(.get, "/api/v1/admin/safety-stats").status == .notFound)
            #expect(try await admin.get("/admin/safety").text.contains("6.0 minutes"))
        }
    }

    @Test func manyReadersAtTheMomentOfEscalationAllSeeItAndItIsRecordedOnce() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { member in
            try await member.joinBoth("Asker")
            let friend = member.another()
            try await friend.joinBoth("Friend")
            try await member.circle([(friend, "Friend")])
            var responders: [Client] = []
            for n in 1...3 {
                let responder = member.another()
                try await responder.joinBoth("Responder\(n)")
                try await responder.grant(.responder, to: "Responder\(n)")
                responders.append(responder)
            }
            let id = try await member.api(.post, "/api/v1/sos", json: ["need": "talk"]).json()["id"] as! String
            clock.advance(seconds: 6 * 60)
            // Every page read sweeps; none may see the alert escalated but its responders not yet told.
            let seen = try await withThrowingTaskGroup(of: [String?].self) { group in
                for reader in responders + responders + responders { group.addTask { try await reader.alerts().map { $0["id"] as? String } } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(seen.count == 9 && seen.allSatisfy { $0 == [id] })
            let recipients = try await AlertRecipient.query(on: member.database.db).filter(\.$reason == .responder).count()
            #expect(recipients == 3)
        }
    }

    @Test func aResponderWhoComesOnCallAfterTheEscalationCanStillStepIn() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { member in
            try await member.joinBoth("Asker")
            let friend = member.another(), early = member.another(), late = member.another(), blocked = member.another()
            try await friend.joinBoth("Friend")
            try await member.circle([(friend, "Friend")])
            for (client, name) in [(early, "Early"), (late, "Late"), (blocked, "Blocked")] { try await client.joinBoth(name) }
            try await early.grant(.responder, to: "Early")
            try await blocked.grant(.responder, to: "Blocked")
            _ = try await member.api(.post, "/api/v1/blocks", json: ["pseudonym": "Blocked"])
            let id = try await member.api(.post, "/api/v1/sos", json: ["need": "talk"]).json()["id"] as! String
            #expect(try await early.alerts().isEmpty)
            clock.advance(seconds: 6 * 60)
            #expect(try await early.alerts().map { $0["id"] as? String } == [id])
            // Late comes on call after it escalated: it is on their dashboard and they can answer.
            try await late.grant(.responder, to: "Late")
            #expect(try await late.alerts().map { $0["id"] as? String } == [id])
            #expect(try await late.get("/responders").text.contains("Asker: "))
            #expect(try await late.get("/alerts/\(id.lowercased())").text.contains("action=\"/alerts/\(id.lowercased())/here\""))
            // A responder the member blocked never sees it.
            #expect(try await blocked.alerts().isEmpty)
            #expect(try await blocked.api(.get, "/api/v1/alerts/\(id)").status == .notFound)
            #expect(try await blocked.api(.post, "/api/v1/alerts/\(id)/here").status == .notFound)
            #expect(try await late.api(.post, "/api/v1/alerts/\(id)/here").status == .ok)
            #expect(try await member.api(.get, "/api/v1/alerts/\(id)").json()["here"] as? [String] == ["Late"])
            #expect(try await late.api(.post, "/api/v1/alerts/\(id)/close", json: ["outcome": "Talked it through"]).json()["status"] as? String == "closed")
            // Closed, it is no longer any responder's business.
            let after = member.another()
            try await after.joinBoth("After")
            try await after.grant(.responder, to: "After")
            #expect(try await after.api(.get, "/api/v1/alerts/\(id)").status == .notFound)
            #expect(try await after.alerts().isEmpty)
        }
    }

    @Test func anEmptyCircleGoesStraightToOnCallResponders() async throws {
        // A Monday evening in London.
        try await TestApp.run(now: ManualClock(instant("2026-06-15T19:30:00Z"))) { member in
            try await member.joinBoth("Alone")
            let onCall = member.another(), offCall = member.another()
            try await onCall.joinBoth("OnCall")
            try await onCall.grant(.responder, to: "OnCall")
            try await offCall.joinBoth("OffCall")
            try await offCall.grant(.responder, to: "OffCall")
            #expect(try await onCall.api(.put, "/api/v1/responders/hours", json: ["time_zone": "Europe/London", "availability": ["mon-evening"]]).status == .noContent)
            #expect(try await offCall.api(.put, "/api/v1/responders/hours", json: ["time_zone": "Europe/London", "availability": ["tue-morning"]]).status == .noContent)
            #expect(try await member.api(.put, "/api/v1/responders/hours", json: ["time_zone": "UTC", "availability": []]).status == .notFound)
            #expect(try await onCall.api(.put, "/api/v1/responders/hours", json: ["time_zone": "Mars", "availability": []]).errorField == "time_zone")
            let reply = try await member.post("/sos", ["need": "talk", "message": ""])
            #expect(reply.status == .seeOther)
            #expect(try await member.get(reply.location ?? "").text.contains("1 peer responder was alerted at"))
            #expect(try await onCall.alerts().count == 1)
            // Off call is off call: a responder who set hours isn't shown alerts outside them.
            #expect(try await offCall.alerts().isEmpty)
            let id = try #require(try await onCall.alerts().first?["id"] as? String)
            #expect(try await offCall.api(.get, "/api/v1/alerts/\(id)").status == .notFound)
            #expect(try await onCall.get("/responders").text.contains("Alone: Someone to talk to"))
            #expect(try await member.get("/responders").status == .notFound)
        }
    }

    @Test func anSOSAppearsLiveOnACircleMembersOpenPageWithinTwoSeconds() async throws {
        try await TestApp.run(live: true) { member in
            try await member.joinBoth("LiveAsker")
            let helper = member.another()
            try await helper.joinBoth("LiveHelper")
            try await member.circle([(helper, "LiveHelper")])
            #expect(try await helper.get("/").text.contains("<script src=\"/assets/live.js\">"))
            let received = Mutex<[String]>([])
            let connected = Mutex(false)
            let listener = Task {
                try await helper.ws("/live") { inbound, _, _ in
                    connected.withLock { $0 = true }
                    for try await message in inbound.messages(maxSize: 1 << 16) {
                        if case .text(let text) = message { received.withLock { $0.append(text) } }
                    }
                }
            }
            for _ in 0..<200 where !connected.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(100))  // the subscription follows the upgrade
            let start = ContinuousClock.now
            #expect(try await member.api(.post, "/api/v1/sos", json: ["need": "talk"]).status == .created)
            while received.withLock({ $0.isEmpty }) && ContinuousClock.now - start < .seconds(2) {
                try await Task.sleep(for: .milliseconds(10))
            }
            let first = received.withLock { $0.first } ?? ""
            #expect(first.contains("\"type\":\"sos\"") && first.contains("Someone in your circle asked for support."), "nothing within 2 s: \(first)")
            listener.cancel()
        }
    }

    @Test func theScreenQueuesWordsForReviewWithoutBlockingThem() async throws {
        try await TestApp.run { author in
            try await author.joinBoth("Struggling")
            let category = try await author.category("mental-health")
            // The web asks gently first, keeping the words; posting anyway works.
            let words = "Honestly everyone would be better off without me"
            let ask = try await author.post("/community/categories/\(category.lowercased())/new", ["title": "Tonight", "body": words, "kind": "discussion"])
            #expect(ask.status == .ok && ask.text.contains("It sounds like things are really hard right now") && ask.text.contains(words))
            #expect(ask.text.contains("Post anyway") && ask.text.contains("href=\"/sos\""))
            let posted = try await author.post("/community/categories/\(category.lowercased())/new",
                                               ["title": "Tonight", "body": words, "kind": "discussion", "screen_ack": "yes"])
            #expect(posted.status == .seeOther)
            // Apps ask the same question before posting; nothing is kept by asking.
            let draft = try await author.api(.post, "/api/v1/screen", json: ["text": words]).json()
            #expect(draft["concern"] as? Bool == true && (draft["message"] as? String)?.contains("really hard") == true)
            #expect(!(draft["crisis_lines"] as! [Any]).isEmpty)
            #expect(try await author.api(.post, "/api/v1/screen", json: ["text": "my sponsor saved my life"]).json()["concern"] as? Bool == false)
            #expect(try await author.api(.post, "/api/v1/screen", json: ["text": String(repeating: "a", count: 20_001)]).errorField == "text")
            #expect(try await author.another().api(.post, "/api/v1/screen", json: ["text": words]).status == .unauthorized)
            // Recovery talk passes without a prompt.
            #expect(try await author.post("/community/categories/\(category.lowercased())/new",
                                          ["title": "Work", "body": "I killed it at work today", "kind": "discussion"]).status == .seeOther)

            let moderator = author.another()
            try await moderator.joinBoth("Watcher")
            try await moderator.grant(.moderator, to: "Watcher")
            let queue = try await moderator.api(.get, "/api/v1/moderation/crisis-reviews").jsonList()
            #expect(queue.count == 1 && queue[0]["excerpt"] as? String == "Tonight. " + words && queue[0]["source"] as? String == "post")
            #expect(try await moderator.get("/moderation/crisis").text.contains("better off without me"))
            #expect(try await author.api(.get, "/api/v1/moderation/crisis-reviews").status == .notFound)
            let item = queue[0]["id"] as! String
            // Alerting the circle for them needs their consent.
            let refused = try await moderator.api(.post, "/api/v1/moderation/crisis-reviews/\(item)", json: ["status": "escalated", "alert_circle": true])
            #expect(refused.errorCode == "not_opted_in")
            _ = try await author.api(.put, "/api/v1/me/safety-settings", json: ["on_behalf_alerts": true])
            let friend = author.another()
            try await friend.joinBoth("Friendly")
            try await author.circle([(friend, "Friendly")])
            #expect(try await moderator.api(.post, "/api/v1/moderation/crisis-reviews/\(item)", json: ["status": "escalated", "alert_circle": true]).status == .noContent)
            #expect(try await friend.alerts().count == 1)
            #expect(try await moderator.api(.get, "/api/v1/moderation/crisis-reviews").jsonList().isEmpty)

            // Messages are screened too: the web asks first and keeps the words; sending anyway works.
            try await author.trust("Struggling")
            let pills = "I've been saving up my pills"
            let asked = try await author.post("/messages", ["to": "Watcher", "body": pills])
            #expect(asked.status == .ok && asked.text.contains("It sounds like things are really hard right now") && asked.text.contains("saving up my pills"))
            #expect(try await moderator.api(.get, "/api/v1/conversations").jsonList().isEmpty)
            #expect(try await author.post("/messages", ["to": "Watcher", "body": pills, "screen_ack": "yes"]).status == .seeOther)
            #expect(try await moderator.api(.get, "/api/v1/conversations").jsonList().count == 1)
            #expect(try await moderator.api(.get, "/api/v1/moderation/crisis-reviews").jsonList().first?["source"] as? String == "message")
        }
    }

    @Test func optedInCheckInsRaiseAReviewAfterThreeHardDays() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { member in
            try await member.joinBoth("Checker")
            let moderator = member.another()
            try await moderator.joinBoth("Mod6")
            try await moderator.grant(.moderator, to: "Mod6")
            func checkIn() async throws { _ = try await member.api(.post, "/api/v1/check-ins", json: ["mood": 1, "craving": 10, "sober": "yes"]) }
            for _ in 0..<3 { try await checkIn(); clock.advance(seconds: 86_400) }
            #expect(try await moderator.api(.get, "/api/v1/moderation/crisis-reviews").jsonList().isEmpty)
            _ = try await member.post("/circle/settings", ["checkin_review": "yes"])
            try await member.logInAgain("Checker")
            try await checkIn()
            let queue = try await moderator.api(.get, "/api/v1/moderation/crisis-reviews").jsonList()
            #expect(queue.count == 1 && queue[0]["source"] as? String == "check_in" && queue[0]["category"] as? String == "craving")
        }
    }
}

extension SafetyNetTests {
    @Test func notFeelingSafeInACheckInBringsHelpAtOnceAndAReviewOnlyWithConsent() async throws {
        try await TestApp.run { member in
            try await member.joinBoth("Unsafe")
            let moderator = member.another()
            try await moderator.joinBoth("Mod7")
            try await moderator.grant(.moderator, to: "Mod7")
            let form = try await member.get("/check-in").text
            #expect(form.contains("Do you feel safe right now?") && form.contains("Only you will ever see this."))
            // A wrong value is said next to the field and nothing is stored.
            let bad = try await member.post("/check-in", ["mood": "2", "craving": "3", "sober": "yes", "safe": "maybe"])
            #expect(bad.status == .unprocessableContent && bad.text.contains("id=\"safe-error\""))
            #expect(try await member.api(.get, "/api/v1/check-ins/today").status == .notFound)
            // "No": the check-in is kept and the member lands on the SOS confirmation step; nothing is sent yet.
            let saved = try await member.post("/check-in", ["mood": "2", "craving": "3", "sober": "yes", "safe": "no"])
            #expect(saved.status == .seeOther && saved.location == "/sos?after=check-in")
            let sos = try await member.get(saved.location!).text
            #expect(sos.contains("Thank you for being honest") && sos.contains("Send it anyway") && sos.contains("value=\"unsafe\" checked"))
            #expect(try await member.api(.get, "/api/v1/check-ins/today").json()["safe"] as? String == "no")
            let history = try await member.get("/check-ins").text
            #expect(history.contains("<th>Felt safe</th>") && history.contains("<td>Yes</td><td>No</td>"))
            // Without consent, no moderator hears of it.
            #expect(try await moderator.api(.get, "/api/v1/moderation/crisis-reviews").jsonList().isEmpty)

            // With consent: the form says so, and a "no" reaches the review queue once, however often it is saved.
            _ = try await member.post("/circle/settings", ["checkin_review": "yes"])
            #expect(try await member.get("/check-in").text.contains("a moderator if the safety screen is worried"))
            let today = try await member.api(.get, "/api/v1/check-ins/today").json()["id"] as! String
            for _ in 0..<2 {
                let changed = try await member.api(.put, "/api/v1/check-ins/\(today)", json: ["mood": 1, "craving": 4, "sober": "yes", "safe": "no"])
                let lines = try changed.json()["crisis_lines"] as? [Any] ?? []
                #expect(changed.status == .ok && !lines.isEmpty)
            }
            let queue = try await moderator.api(.get, "/api/v1/moderation/crisis-reviews").jsonList()
            #expect(queue.count == 1 && queue[0]["category"] as? String == "unsafe" && queue[0]["source"] as? String == "check_in")
            // "Not sure" and "yes" carry no crisis lines and raise nothing.
            let unsure = try await member.api(.put, "/api/v1/check-ins/\(today)", json: ["mood": 3, "craving": 2, "sober": "yes", "safe": "unsure"])
            let unsureBody = try unsure.json()
            #expect(unsureBody["safe"] as? String == "unsure" && unsureBody["crisis_lines"] == nil)
            #expect(try await moderator.api(.get, "/api/v1/moderation/crisis-reviews").jsonList().count == 1)
            #expect(try await member.api(.put, "/api/v1/check-ins/\(today)", json: ["mood": 3, "craving": 2, "sober": "yes", "safe": "perhaps"]).errorField == "safe")
        }
    }
}

/// Nobody but the member, their accepting circle, responders alerted and moderators reaches an alert;
/// members get 404 for the moderators' and operators' safety pages.
@Suite struct SafetyAuthorizationTests {
    @Test func outsidersGet404OnEverySafetyRoute() async throws {
        try await TestApp.run { member in
            try await member.joinBoth("Protected")
            let helper = member.another()
            try await helper.joinBoth("Helper")
            try await member.circle([(helper, "Helper")])
            let id = try await member.api(.post, "/api/v1/sos", json: ["need": "talk", "message": "private words"]).json()["id"] as! String
            let invitation = try await member.api(.get, "/api/v1/circle").json()["members"] as! [[String: Any]]
            let circleID = invitation[0]["id"] as! String
            let outsider = member.another()
            try await outsider.joinBoth("Outsider")
            for path in ["/alerts/\(id)", "/moderation/crisis", "/admin/safety", "/responders"] {
                let reply = try await outsider.get(path.lowercased())
                #expect(reply.status == .notFound, "GET \(path)")
                #expect(!reply.text.contains("private words"))
            }
            for path in ["/alerts/\(id)/here", "/alerts/\(id)/close", "/circle/\(circleID)/answer?accept=1", "/circle/\(circleID)/remove",
                         "/moderation/crisis/\(id)", "/moderation/crisis/missed", "/responders/hours"] {
                #expect(try await outsider.post(path.lowercased(), ["outcome": "x", "status": "false_alarm", "time_zone": "UTC"]).status == .notFound, "POST \(path)")
            }
            for (method, path) in [(HTTPRequest.Method.get, "/alerts/\(id)"), (.post, "/alerts/\(id)/here"), (.post, "/alerts/\(id)/close"),
                                   (.post, "/circle/invitations/\(circleID)/accept"), (.delete, "/circle/\(circleID)"),
                                   (.get, "/moderation/crisis-reviews"), (.post, "/moderation/crisis-reviews/\(id)"), (.get, "/admin/safety-stats"),
                                   (.put, "/responders/hours"), (.post, "/moderation/crisis-labels")] {
                let reply = try await outsider.api(method, "/api/v1" + path, json: ["outcome": "x", "status": "false_alarm", "time_zone": "UTC", "availability": [], "text": "private words"])
                #expect(reply.status == .notFound, "\(method) \(path)")
                #expect(!reply.text.contains("private words"))
            }
            // Still intact for the people it belongs to.
            #expect(try await helper.api(.get, "/api/v1/alerts/\(id)").json()["status"] as? String == "open")
            #expect((try await member.api(.get, "/api/v1/circle").json()["members"] as! [[String: Any]]).count == 1)
        }
    }
}
