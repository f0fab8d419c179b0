import FluentKit
import Foundation
import Testing
@testable import PeerCircle

/// Shared set-up: members with an email address and a time zone, and the service on the test's clock.
enum NotificationSupport {
    static let site = "https://circle.example.org"

    static func configure(_ configuration: inout AppConfiguration) { configuration.publicURL = site }

    static func join(_ client: Client, _ name: String, email: String? = nil, zone: String = "America/New_York") async throws {
        var fields: [(String, String)] = [("pseudonym", name), ("password", "correct horse"), ("time_zone", zone)]
        if let email { fields.append(("email", email)) }
        let reply = try await client.post("/join", fields)
        #expect(reply.status == .seeOther, "\(reply.text.prefix(400))")
        client.bearer = try await client.api(.post, "/api/v1/sessions", json: ["pseudonym": name, "password": "correct horse"]).json()["token"] as? String
    }

    static func deps(_ client: Client, _ clock: ManualClock, pushServices: [String]? = nil) throws -> AppDependencies {
        var configuration = AppConfiguration()
        configure(&configuration)
        if let pushServices { configuration.pushServices = pushServices }
        return AppDependencies(database: client.database, configuration: configuration, crisisLines: try CrisisDirectory(file: nil),
                               now: { clock.now }, passwordCost: 4)
    }

    static func service(_ client: Client, _ clock: ManualClock) throws -> NotificationService {
        NotificationService(deps: try deps(client, clock))
    }

    static func mail(to address: String, _ client: Client) async throws -> [EmailOutbox] {
        try await EmailOutbox.query(on: client.database.db).filter(\.$to == address).sort(\.$createdAt).all()
    }

    static func lines(_ client: Client, _ name: String) async throws -> [MemberNotification] {
        let user = try #require(try await User.query(on: client.database.db).filter(\.$pseudonymKey == User.key(for: name)).first())
        return try await MemberNotification.query(on: client.database.db).filter(\.$user.$id == user.requireID()).sort(\.$createdAt).all()
    }

    /// Writes to `name` as a new conversation (the writer may write to strangers).
    static func write(_ from: Client, to name: String, _ body: String) async throws -> String {
        let reply = try await from.api(.post, "/api/v1/conversations", json: ["to": name, "body": body])
        #expect(reply.status == .created, "\(reply.text)")
        // The API answers with the messages; the conversation is the one just written in.
        let conversation = try await Conversation.query(on: from.database.db).sort(\.$updatedAt, .descending).first()
        return try #require(conversation?.id).uuidString.lowercased()
    }

    /// Another member who may write to strangers.
    static func writer(_ client: Client, _ name: String) async throws -> Client {
        let other = client.another()
        try await join(other, name)
        try await client.grant(.mentor, to: name)
        return other
    }
}

@Suite struct NotificationTests {
    typealias S = NotificationSupport

    @Test func aMessageReachesTheCentreAndTheInboxDiscreetlyAndOpensTheConversation() async throws {
        let clock = ManualClock(instant("2026-06-15T16:00:00Z"))
        try await TestApp.run(now: clock, configure: S.configure) { writer in
            try await writer.joinBoth("Writer")
            try await writer.grant(.mentor, to: "Writer")
            let reader = writer.another(), other = writer.another()
            try await S.join(reader, "Reader", email: "reader@example.org")
            try await S.join(other, "Other")
            let words = "my relapse last night and the bottle in the cupboard"
            let conversation = try await S.write(writer, to: "Reader", words)

            // The centre and the header's count.
            let home = try await reader.get("/")
            #expect(home.text.contains("<span class=\"bell-label\">Notifications</span><span class=\"count\">1<span class=\"visually-hidden\"> unread</span></span>"))
            let centre = try await reader.get("/notifications")
            #expect(centre.text.contains("Writer would like to write to you") && !centre.text.contains("relapse"))
            let line = try #require(try await S.lines(reader, "Reader").first)
            #expect(line.kind == .messageRequest && line.link == "/messages/\(conversation.lowercased())")

            // One email, discreet, with a link to the notification and a one-click unsubscribe.
            let mail = try await S.mail(to: "reader@example.org", reader)
            #expect(mail.count == 1)
            let first = try #require(mail.first)
            #expect(first.subject == "Someone would like to write to you on PeerCircle")
            #expect(!first.body.contains("relapse") && !first.body.contains("Writer") && !first.body.contains("bottle"))
            #expect(first.body.contains("\(S.site)/notifications/\(try line.requireID().uuidString.lowercased())"))
            let unsubscribe = try #require(first.unsubscribeURL)
            #expect(unsubscribe.hasPrefix("\(S.site)/unsubscribe/") && unsubscribe.hasSuffix("/message_request") && first.body.contains(unsubscribe))
            let headers = String(decoding: MailRelay.message(first, from: "PeerCircle <no-reply@circle.example.org>", date: clock.now), as: UTF8.self)
            #expect(headers.contains("List-Unsubscribe: <\(unsubscribe)>\n") && headers.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\n"))

            // Someone else cannot open it; the reader opens it and it is read.
            let path = "/notifications/\(try line.requireID().uuidString.lowercased())"
            #expect(try await other.get(path).status == .notFound)
            #expect(try await writer.get(path).status == .notFound)
            #expect(try await reader.get(path).location == "/messages/\(conversation.lowercased())")
            #expect(!(try await reader.get("/").text.contains("class=\"count\"")))
            #expect(try await S.lines(reader, "Reader").first?.readAt != nil)

            // The reader answers; the writer (no email address) hears in the centre only.
            #expect(try await reader.api(.post, "/api/v1/conversations/\(conversation)/messages", json: ["body": "hi"]).status == .created)
            #expect(try await writer.get("/notifications").text.contains("Reader sent you a message"))
            // Opening the conversation reads its line too.
            _ = try await writer.get("/messages/\(conversation.lowercased())")
            #expect(try await S.lines(writer, "Writer").allSatisfy { $0.readAt != nil })
            #expect(try await EmailOutbox.query(on: writer.database.db).count() == 1)
        }
    }

    @Test func manyMessagesAtOnceMakeOneLineWithTheirCountAndOneEmail() async throws {
        try await TestApp.run(configure: S.configure) { writer in
            try await writer.joinBoth("Busy Writer")
            try await writer.grant(.mentor, to: "Busy Writer")
            let reader = writer.another()
            try await S.join(reader, "Busy Reader", email: "busy@example.org")
            let conversation = try await S.write(writer, to: "Busy Reader", "hello")
            #expect(try await reader.api(.post, "/api/v1/conversations/\(conversation)/messages", json: ["body": "hi"]).status == .created)
            _ = try await reader.get("/messages/\(conversation.lowercased())")  // read: the next message starts a new line
            try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<12 {
                    group.addTask { try await writer.api(.post, "/api/v1/conversations/\(conversation)/messages", json: ["body": "line \(n)"]).status.code }
                }
                for try await status in group { #expect(status == 201) }
            }
            let unread = try await S.lines(reader, "Busy Reader").filter { $0.readAt == nil }
            #expect(unread.count == 1, "one unread line per conversation")
            #expect(unread.first?.count == 12, "every message counted once: \(unread.first?.count ?? 0)")
            // The request's email, then one for the new line — not twelve.
            #expect(try await S.mail(to: "busy@example.org", reader).count == 2)
        }
    }

    @Test func quietHoursHoldTheEmailUntilTheyEndAndWhatWasReadIsNotSent() async throws {
        let clock = ManualClock(instant("2026-06-16T03:00:00Z"))  // 23:00 in New York
        try await TestApp.run(now: clock, configure: S.configure) { writer in
            try await writer.joinBoth("Night Writer")
            try await writer.grant(.mentor, to: "Night Writer")
            let reader = writer.another(), second = writer.another()
            try await S.join(reader, "Sleeper", email: "sleeper@example.org")
            try await S.join(second, "Reader Two", email: "two@example.org", zone: "Europe/London")
            for client in [reader, second] {
                let saved = try await client.post("/settings/notifications", Self.form(quietStart: "22:00", quietEnd: "07:00"))
                #expect(saved.location == "/settings/notifications?done=notifications-saved", "\(saved.text.suffix(800))")
            }
            _ = try await S.write(writer, to: "Sleeper", "are you awake")
            // 04:00 in London is quiet too.
            _ = try await S.write(writer, to: "Reader Two", "hello")
            #expect(try await EmailOutbox.query(on: reader.database.db).count() == 0)
            let service = try S.service(reader, clock)
            clock.set(instant("2026-06-16T05:59:00Z"))
            #expect(try await service.deliverWaiting() == 0)
            // 07:00 in London: Reader Two's email goes; Sleeper's waits for 07:00 in New York.
            clock.set(instant("2026-06-16T06:00:00Z"))
            #expect(try await service.deliverWaiting() == 1)
            #expect(try await S.mail(to: "two@example.org", reader).count == 1)
            // Sleeper reads it in the night: nothing is sent in the morning.
            let line = try #require(try await S.lines(reader, "Sleeper").first)
            _ = try await reader.get("/notifications/\(try line.requireID().uuidString.lowercased())")
            clock.set(instant("2026-06-16T11:00:00Z"))
            #expect(try await service.deliverWaiting() == 0)
            #expect(try await S.mail(to: "sleeper@example.org", reader).isEmpty)
            // Two servers delivering at once send each held email once.
            clock.set(instant("2026-06-17T03:00:00Z"))
            _ = try await S.write(try await S.writer(writer, "Second Night Writer"), to: "Sleeper", "x")
            clock.set(instant("2026-06-17T11:00:00Z"))
            async let a = service.deliverWaiting()
            async let b = try S.service(reader, clock).deliverWaiting()
            // Exactly one: the held email goes, once (not twice, not lost).
            #expect(try await a + b == 1)
            // Held, then the member stops emails of that kind: the held one does not go either.
            clock.set(instant("2026-06-18T03:00:00Z"))
            _ = try await S.write(try await S.writer(writer, "Third Night Writer"), to: "Sleeper", "y")
            #expect(try await reader.post("/settings/notifications", Self.form(quietStart: "22:00", quietEnd: "07:00",
                                                                            channels: ["message_request": "in_app"])).status == .seeOther)
            let before = try await S.mail(to: "sleeper@example.org", reader).count
            clock.set(instant("2026-06-18T11:00:00Z"))
            #expect(try await service.deliverWaiting() == 0)
            #expect(try await S.mail(to: "sleeper@example.org", reader).count == before)
        }
    }

    @Test func theDailySummaryCountsWhatCameAndGoesOnceADay() async throws {
        let clock = ManualClock(instant("2026-06-15T14:00:00Z"))  // 10:00 in New York
        try await TestApp.run(now: clock, configure: S.configure) { writer in
            try await writer.joinBoth("Digest Writer")
            try await writer.grant(.mentor, to: "Digest Writer")
            try await writer.grant(.moderator, to: "Digest Writer")
            let reader = writer.another()
            try await S.join(reader, "Digest Reader", email: "digest@example.org")
            #expect(try await reader.post("/settings/notifications", Self.form(digest: true, hour: "8")).status == .seeOther)
            let conversation = try await S.write(writer, to: "Digest Reader", "one")
            #expect(try await reader.api(.post, "/api/v1/conversations/\(conversation)/messages", json: ["body": "ok"]).status == .created)
            _ = try await reader.get("/messages/\(conversation.lowercased())")
            for n in 0..<3 { _ = try await writer.api(.post, "/api/v1/conversations/\(conversation)/messages", json: ["body": "more \(n)"]) }
            #expect(try await S.mail(to: "digest@example.org", reader).isEmpty, "no single emails with the summary on")
            let service = try S.service(reader, clock)
            #expect(try await service.deliverWaiting() == 0, "not before 08:00 tomorrow")
            clock.set(instant("2026-06-16T12:01:00Z"))
            #expect(try await service.deliverWaiting() == 1)
            #expect(try await service.deliverWaiting() == 0)
            let digest = try #require(try await S.mail(to: "digest@example.org", reader).first)
            #expect(digest.subject == "Your daily summary from PeerCircle")
            // The request was read when the conversation was opened: only what is unread is summed up.
            #expect(digest.body.contains("- 3 new messages") && !digest.body.contains("would like to write"), "\(digest.body)")
            #expect(!digest.body.contains("more 0") && digest.unsubscribeURL?.hasSuffix("/digest") == true)
            // Nothing new: no email the next morning.
            clock.set(instant("2026-06-17T12:01:00Z"))
            #expect(try await service.deliverWaiting() == 0)
        }
    }

    @Test func aCallForSupportComesThroughQuietHoursOnlyForThoseWhoChoseSo() async throws {
        let clock = ManualClock(instant("2026-06-16T03:00:00Z"))  // 23:00 in New York
        try await TestApp.run(now: clock, configure: S.configure) { asker in
            try await asker.joinBoth("Needs Someone")
            let willing = asker.another(), sleeping = asker.another()
            try await S.join(willing, "Willing", email: "willing@example.org")
            try await S.join(sleeping, "Sleeping", email: "sleeping@example.org")
            #expect(try await willing.post("/settings/notifications", Self.form(quietStart: "22:00", quietEnd: "07:00", urgent: true)).status == .seeOther)
            #expect(try await sleeping.post("/settings/notifications", Self.form(quietStart: "22:00", quietEnd: "07:00")).status == .seeOther)
            for name in ["Willing", "Sleeping"] {
                _ = try await asker.api(.post, "/api/v1/circle/invitations", json: ["pseudonym": name])
            }
            for client in [willing, sleeping] {
                let invitation = (try await client.api(.get, "/api/v1/circle").json()["memberships"] as? [[String: Any]])?.first?["id"] as? String ?? ""
                #expect(try await client.post("/circle/\(invitation.lowercased())/answer?accept=1", [:]).status == .seeOther)
                #expect(try await client.get("/notifications").text.contains("Needs Someone asked you into their circle"))
            }
            _ = try await asker.post("/sos", ["need": "talk", "message": "I can't stop thinking about using"])
            let urgent = try await S.mail(to: "willing@example.org", asker)
            #expect(urgent.count == 1 && urgent.first?.subject == "Please open PeerCircle now: someone is asking for you")
            #expect(urgent.first?.body.contains("using") == false && urgent.first?.body.contains("Needs Someone") == false)
            #expect(try await S.mail(to: "sleeping@example.org", asker).isEmpty)
            #expect(try await sleeping.get("/notifications").text.contains("Someone in your circle asked for support"))
            // At 07:00 what waited goes: for Sleeping the invitation and the call in one email; for
            // Willing the invitation (only calls for support came through).
            clock.set(instant("2026-06-16T11:00:00Z"))
            #expect(try await S.service(asker, clock).deliverWaiting() == 2)
            let morning = try await S.mail(to: "sleeping@example.org", asker)
            #expect(morning.count == 1 && morning.first?.subject == "You have 2 new notifications on PeerCircle")
            #expect(morning.first?.body.contains("- 1 person asking for you") == true && morning.first?.body.contains("- 1 invitation") == true)
            // The one who answers is named to the asker in the centre.
            let alert = try #require(try await S.lines(willing, "Willing").first { $0.kind == .sosAlert })
            _ = try await willing.post(alert.link + "/here", [(String, String)]())
            #expect(try await asker.get("/notifications").text.contains("Willing is here for you"))
        }
    }

    @Test func oneClickUnsubscribeNeedsNoSignInAndStopsOnlyThatEmail() async throws {
        try await TestApp.run(configure: S.configure) { writer in
            try await writer.joinBoth("Unsub Writer")
            try await writer.grant(.mentor, to: "Unsub Writer")
            let reader = writer.another(), stranger = writer.another()
            try await S.join(reader, "Unsub Reader", email: "unsub@example.org")
            _ = try await S.write(writer, to: "Unsub Reader", "hello")
            let url = try #require(try await S.mail(to: "unsub@example.org", reader).first?.unsubscribeURL)
            let path = String(url.dropFirst(S.site.count))
            // The page asks first; a wrong secret or an unknown kind is not found.
            #expect(try await stranger.get(path).text.contains("Stop these emails?"))
            let token = path.split(separator: "/")[1]
            let lookup = token.split(separator: ".").first ?? ""
            // A link for one kind cannot be edited into another (or into "all"): each is signed for what it stops.
            for bad in ["/unsubscribe/\(String(repeating: "A", count: 43))/message_request", "/unsubscribe/\(token)/everything",
                        "/unsubscribe/\(token)/all", "/unsubscribe/\(token)/sos_alert", "/unsubscribe/\(lookup)/message_request",
                        "/unsubscribe/\(lookup).AAAAAAAAAAAAAAAAAAAAAA/message_request",
                        "/unsubscribe/\(token)/%3Cscript%3E", "/unsubscribe/x/message"] {
                #expect(try await stranger.get(bad).status == .notFound, "\(bad)")
                #expect(try await stranger.post(bad, [("List-Unsubscribe", "One-Click")], csrf: false).status == .notFound, "\(bad)")
            }
            // What a mail client sends: a POST with no cookie and no form token.
            let done = try await stranger.post(path, [("List-Unsubscribe", "One-Click")], csrf: false)
            #expect(done.status == .ok && done.text.contains("You're unsubscribed"))
            #expect(try await stranger.post(path, [("List-Unsubscribe", "One-Click")], csrf: false).status == .ok, "twice is fine")
            let settings = try await reader.get("/settings/notifications").text
            // The link stops the email only: message requests still reach the centre and pushes; messages still email.
            #expect(Self.selected("channel_message_request", in: settings) == "push")
            #expect(Self.selected("channel_message", in: settings) == "email_push")
            _ = try await S.write(try await S.writer(writer, "Second Writer"), to: "Unsub Reader", "x")
            #expect(try await S.mail(to: "unsub@example.org", reader).count == 1)
            #expect(try await S.lines(reader, "Unsub Reader").count == 2)
        }
    }

    @Test func badSettingsComeBackBesideTheirFieldsAndChangeNothing() async throws {
        try await TestApp.run(configure: S.configure) { member in
            try await S.join(member, "Chooser", email: "chooser@example.org")
            for (fields, field) in [
                (Self.form(quietStart: "25:00", quietEnd: "07:00"), "quiet_start"),
                (Self.form(quietStart: "22:00", quietEnd: ""), "quiet_end"),
                (Self.form(quietStart: "22:00", quietEnd: "22:00"), "quiet_end"),
                (Self.form(quietStart: "22:00", quietEnd: "07:00", digest: true, hour: "23"), "digest_hour"),
                (Self.form(hour: "99"), "digest_hour"),
                (Self.form(channels: ["sos_alert": "off"]), "channel_sos_alert"),
                (Self.form(channels: ["message": "\"><script>alert(1)</script>"]), "channel_message"),
            ] {
                let reply = try await member.post("/settings/notifications", fields)
                #expect(reply.status == .unprocessableContent, "\(field)")
                #expect(reply.text.contains("id=\"\(field)-error\""), "\(field): \(reply.text.suffix(600))")
                #expect(!reply.text.contains("<script>alert(1)"))
            }
            // What was typed comes back.
            let typed = try await member.post("/settings/notifications", Self.form(quietStart: "25:00", quietEnd: "07:00"))
            #expect(typed.text.contains("value=\"25:00\"") && typed.text.contains("value=\"07:00\""))
            #expect(try await NotificationSettings.query(on: member.database.db).count() == 0)
            #expect(try await NotificationPreference.query(on: member.database.db).count() == 0)
            // A visitor is sent to log in; the API needs a member.
            #expect(try await member.another().get("/settings/notifications").location?.hasPrefix("/login") == true)
        }
    }

    @Test func repliesAndHelpfulMarksReachTheStarterButNeverThroughABlockOrAMute() async throws {
        try await TestApp.run(configure: S.configure) { starter in
            try await starter.joinBoth("Thread Starter")
            let friend = starter.another(), blocked = starter.another(), muted = starter.another()
            try await friend.joinBoth("Kind Replier")
            try await blocked.joinBoth("Blocked Replier")
            try await muted.joinBoth("Muted Replier")
            let (thread, _) = try await starter.startThread("How do you sleep?", body: "Nights are long.", kind: "question")
            _ = try await starter.api(.post, "/api/v1/blocks", json: ["pseudonym": "Blocked Replier"])
            let answer = try await friend.replyTo(thread, "Warm milk and a walk.", anonymous: true)
            _ = try await blocked.api(.post, "/api/v1/forum/threads/\(thread)/replies", json: ["body": "Me too.", "anonymous": false, "warnings": [String]()])
            var lines = try await S.lines(starter, "Thread Starter")
            #expect(lines.count == 1 && lines.first?.kind == .postReply && lines.first?.text == "New reply in “How do you sleep?”")
            #expect(lines.first?.count == 1, "the named reply from someone blocked is not told")
            // Someone muted replying anonymously is told like anyone: silence would name them.
            let mutedID = try #require(try await User.query(on: starter.database.db).filter(\.$pseudonymKey == User.key(for: "Muted Replier")).first()?.requireID())
            _ = try await starter.api(.put, "/api/v1/me/mutes/\(mutedID.uuidString.lowercased())")
            _ = try await muted.replyTo(thread, "A named word.")
            #expect(try await S.lines(starter, "Thread Starter").first?.count == 1, "a muted member's named reply is not told")
            _ = try await muted.replyTo(thread, "An anonymous word.", anonymous: true)
            let blockedReply = try await blocked.api(.post, "/api/v1/forum/threads/\(thread)/replies", json: ["body": "Anonymous, blocked.", "anonymous": true, "warnings": [String]()])
            #expect(blockedReply.status == .notFound, "the thread of someone who blocked them is not there for them")
            lines = try await S.lines(starter, "Thread Starter")
            #expect(lines.first?.count == 2, "\(lines.first?.count ?? 0)")
            // Named by the thread, never by the (anonymous) writer.
            #expect(!(try await starter.get("/notifications").text.contains("Kind Replier")))
            #expect(try await starter.post("/community/posts/\(answer.lowercased())/helpful", [:]).status == .seeOther)
            #expect(try await friend.get("/notifications").text.contains("Your answer in “How do you sleep?” was marked helpful"))
            #expect(try await S.lines(blocked, "Blocked Replier").isEmpty)
        }
    }

    @Test func theAPIListsMarksAndChangesChoicesWithTheSameRules() async throws {
        try await TestApp.run(configure: S.configure) { writer in
            try await writer.joinBoth("API Writer")
            try await writer.grant(.mentor, to: "API Writer")
            let reader = writer.another(), other = writer.another()
            try await S.join(reader, "API Reader", email: "api@example.org")
            try await S.join(other, "API Other")
            _ = try await S.write(writer, to: "API Reader", "hello")
            let list = try await reader.api(.get, "/api/v1/me/notifications").json()
            #expect(list["unread"] as? Int == 1)
            let item = try #require((list["items"] as? [[String: Any]])?.first)
            #expect(item["kind"] as? String == "message_request" && item["read"] as? Bool == false && (item["link"] as? String)?.hasPrefix("/messages/") == true)
            let id = try #require(item["id"] as? String)
            #expect(try await other.api(.post, "/api/v1/me/notifications/\(id)/read").status == .notFound)
            #expect(try await other.api(.get, "/api/v1/me/notifications").json()["unread"] as? Int == 0)
            #expect(try await reader.api(.post, "/api/v1/me/notifications/\(id)/read").status == .noContent)
            #expect(try await reader.api(.get, "/api/v1/me/notifications").json()["unread"] as? Int == 0)
            #expect(try await writer.another().api(.get, "/api/v1/me/notifications").status == .unauthorized)

            // Settings: each bad value named, nothing saved; a good one comes back as saved.
            func body(_ change: [String: Any]) -> [String: Any] {
                var base: [String: Any] = ["channels": [["kind": "message", "channel": "in_app"]], "daily_digest": false, "digest_hour": 8,
                                           "urgent_through_quiet": false]
                for (key, value) in change { base[key] = value }
                return base
            }
            for (change, field) in [(["quiet_start": "25:00", "quiet_end": "07:00"], "quiet_start"), (["quiet_start": "22:00"], "quiet_end"),
                                    (["channels": [["kind": "sos_alert", "channel": "off"]]], "channel_sos_alert"),
                                    (["channels": [["kind": "message", "channel": "email"], ["kind": "message", "channel": "off"]]], "channels"),
                                    (["daily_digest": true, "digest_hour": 23, "quiet_start": "22:00", "quiet_end": "07:00"], "digest_hour")] as [([String: Any], String)] {
                let reply = try await reader.api(.put, "/api/v1/me/notification-settings", json: body(change))
                #expect(reply.status == .unprocessableContent && reply.errorField == field, "\(field): \(reply.status) \(reply.text)")
            }
            // An hour far out of range is refused like any other (it once overflowed the quiet-hours check).
            let huge = try await reader.api(.put, "/api/v1/me/notification-settings",
                                            json: body(["daily_digest": true, "digest_hour": Int.max, "quiet_start": "22:00", "quiet_end": "07:00"]))
            #expect(huge.status == .unprocessableContent && huge.errorField == "digest_hour")
            let unknown = try await reader.api(.put, "/api/v1/me/notification-settings", json: body(["channels": [["kind": "nope", "channel": "email"]]]))
            #expect([400, 422].contains(unknown.status.code) && unknown.text.contains("kind"), "\(unknown.text)")
            #expect(try await NotificationPreference.query(on: reader.database.db).count() == 0)
            let saved = try await reader.api(.put, "/api/v1/me/notification-settings", json: body(["quiet_start": "22:30", "quiet_end": "06:45", "daily_digest": true, "digest_hour": 9]))
            #expect(saved.status == .ok, "\(saved.text)")
            let got = try await reader.api(.get, "/api/v1/me/notification-settings").json()
            #expect(got["quiet_start"] as? String == "22:30" && got["quiet_end"] as? String == "06:45" && got["digest_hour"] as? Int == 9)
            let channels = got["channels"] as? [[String: Any]] ?? []
            #expect(channels.count == NotificationKind.allCases.count)
            #expect(channels.first { $0["kind"] as? String == "message" }?["channel"] as? String == "in_app")
            #expect(channels.first { $0["kind"] as? String == "sos_alert" }?["channel"] as? String == "email_push", "calls for support default to email and push")
            // A body naming one kind leaves the others as chosen before.
            _ = try await reader.api(.put, "/api/v1/me/notification-settings", json: body(["channels": [["kind": "post_reply", "channel": "off"]]]))
            let after = try await reader.api(.get, "/api/v1/me/notification-settings").json()["channels"] as? [[String: Any]] ?? []
            #expect(after.first { $0["kind"] as? String == "message" }?["channel"] as? String == "in_app")
            #expect(after.first { $0["kind"] as? String == "post_reply" }?["channel"] as? String == "off")
        }
    }

    /// The chosen option of a select on a page.
    static func selected(_ name: String, in page: String) -> String? {
        guard let start = page.range(of: "id=\"\(name)\""), let end = page.range(of: "</select>", range: start.upperBound..<page.endIndex) else { return nil }
        let select = page[start.upperBound..<end.lowerBound]
        guard let mark = select.range(of: "\" selected=\"selected\"") else { return nil }
        let before = select[..<mark.lowerBound]
        return before.range(of: "value=\"", options: .backwards).map { String(before[$0.upperBound...]) }
    }

    static func form(quietStart: String = "", quietEnd: String = "", digest: Bool = false, hour: String = "8", urgent: Bool = false,
                     channels: [String: String] = [:]) -> [(String, String)] {
        var fields: [(String, String)] = NotificationKind.allCases.map { ("channel_\($0.rawValue)", channels[$0.rawValue] ?? $0.defaultChannel.rawValue) }
        fields += [("quiet_start", quietStart), ("quiet_end", quietEnd), ("digest_hour", hour)]
        if digest { fields.append(("daily_digest", "yes")) }
        if urgent { fields.append(("urgent_through_quiet", "yes")) }
        return fields
    }
}
