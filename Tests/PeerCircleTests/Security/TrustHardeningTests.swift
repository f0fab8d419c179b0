import FluentKit
import Foundation
import Hummingbird
import Logging
import SQLKit
import Testing
@testable import PeerCircle

/// Issue 10: accounts, anonymity, grants, logs and abuse limits, each tried as the wrong person would.
@Suite struct TrustHardeningTests {
    @Test func changingTheEmailNeedsThePasswordAndTheOldAddressCanUndoIt() async throws {
        try await TestApp.run { member in
            let reply = try await member.api(.post, "/api/v1/accounts", json: ["pseudonym": "Email Owner", "password": "correct horse", "email": "old@example.org"])
            member.bearer = try reply.json()["token"] as? String
            let without = try await member.api(.patch, "/api/v1/me", json: ["email": "thief@example.org"])
            #expect(without.status == .unprocessableContent)
            #expect(without.errorField == "current_password")
            let wrong = try await member.api(.patch, "/api/v1/me", json: ["email": "thief@example.org", "current_password": "nope nope"])
            #expect(wrong.status == .unprocessableContent)
            #expect(try await member.api(.get, "/api/v1/me").json()["email"] as? String == "old@example.org")
            // A pseudonym change alone needs no password.
            #expect(try await member.api(.patch, "/api/v1/me", json: ["pseudonym": "Email Owner2"]).status == .ok)
            let changed = try await member.api(.patch, "/api/v1/me", json: ["email": "new@example.org", "current_password": "correct horse"])
            #expect(changed.status == .ok)
            let mail = try #require(try await EmailOutbox.query(on: member.database.db).filter(\.$to == "old@example.org").first())
            let link = try #require(mail.body.split(separator: "\n").first { $0.contains("/email-change/undo/") })
            let path = String(link[link.range(of: "/email-change/undo/")!.lowerBound...]).trimmingCharacters(in: .whitespaces)
            let browser = member.another()
            #expect(try await browser.get(path).status == .ok)
            #expect(try await browser.post(path, ["password": "short"]).status == .unprocessableContent)
            #expect(try await browser.post(path, ["password": "a brand new password"]).status == .ok)
            #expect(try await member.api(.get, "/api/v1/me").status == .unauthorized, "every device is logged out")
            let user = try #require(try await User.query(on: member.database.db).filter(\.$pseudonymKey == "email owner2").first())
            #expect(user.email == "old@example.org")
            #expect(try await browser.post(path, ["password": "another new password"]).status == .notFound, "the link works once")
            #expect(try await member.api(.post, "/api/v1/sessions", json: ["pseudonym": "Email Owner2", "password": "a brand new password"]).status == .created)
        }
    }

    /// Someone with the password who changes the address twice (to theirs, then back) must not end up
    /// holding an undo link: while a change can be undone, every undo link goes to the original address.
    @Test func changingTheEmailTwiceNeverSendsAnUndoLinkToTheIntermediateAddress() async throws {
        try await TestApp.run { member in
            let reply = try await member.api(.post, "/api/v1/accounts", json: ["pseudonym": "Twice Owner", "password": "correct horse", "email": "owner@example.org"])
            member.bearer = try reply.json()["token"] as? String
            _ = try await member.api(.patch, "/api/v1/me", json: ["email": "thief@example.org", "current_password": "correct horse"])
            _ = try await member.api(.patch, "/api/v1/me", json: ["email": "owner@example.org", "current_password": "correct horse"])
            let mails = try await EmailOutbox.query(on: member.database.db).all()
            #expect(mails.filter { $0.body.contains("/email-change/undo/") }.allSatisfy { $0.to == "owner@example.org" })
            #expect(!mails.contains { $0.to == "thief@example.org" })
        }
    }

    @Test func parallelWrongPasswordsAreLimitedLikeSequentialOnes() async throws {
        try await TestApp.run { member in
            _ = try await member.api(.post, "/api/v1/accounts", json: ["pseudonym": "Parallel Target", "password": "correct horse"])
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await member.another().api(.post, "/api/v1/sessions", json: ["pseudonym": "Parallel Target", "password": "guess \(index)"]).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            // Every guess was checked against the limit of 5, whatever the timing.
            #expect(statuses.filter { $0 == .unprocessableContent }.count <= 5, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count >= 7)
        }
    }

    @Test func aSignedInSessionCannotGuessTheCurrentPasswordWithoutLimit() async throws {
        try await TestApp.run { member in
            _ = try await member.api(.post, "/api/v1/accounts", json: ["pseudonym": "Session Holder", "password": "correct horse", "email": "s@example.org"])
            member.bearer = try await member.api(.post, "/api/v1/sessions", json: ["pseudonym": "Session Holder", "password": "correct horse"]).json()["token"] as? String
            var last = HTTPResponse.Status.ok
            for index in 0..<7 {
                last = try await member.api(.patch, "/api/v1/me", json: ["email": "x\(index)@example.org", "current_password": "guess \(index)"]).status
            }
            #expect(last == .tooManyRequests)
        }
    }

    @Test func headerValuesInEmailCannotAddHeaders() {
        let mail = EmailOutbox()
        mail.to = "a@example.org\r\nBcc: victim@example.org"
        mail.subject = "Hello\r\nBcc: victim@example.org\u{2028}X: y"
        mail.body = "body"
        mail.createdAt = Date()
        let text = String(decoding: MailRelay.message(mail, from: "PeerCircle <no-reply@example.org>", date: Date()), as: UTF8.self)
        let headers = text.components(separatedBy: "\n\n").first ?? ""
        #expect(!headers.components(separatedBy: "\n").contains { $0.lowercased().hasPrefix("bcc:") })
        #expect(headers.components(separatedBy: "\n").count == 8)
        var check = Validation()
        AccountService.validateEmail("x@example.org\r\nBcc: v@example.org", into: &check)
        #expect(!check.errors.isEmpty)
    }

    @Test func lookAlikePseudonymsCannotImpersonateSomeone() async throws {
        try await TestApp.run { member in
            _ = try await member.joinAPI("Sam")
            for lookAlike in ["Sam\u{034F}", "Ｓａｍ", "Sa\u{200B}m", "SAM"] {
                let reply = try await member.another().api(.post, "/api/v1/accounts", json: ["pseudonym": lookAlike, "password": "correct horse"])
                #expect(reply.status == .unprocessableContent, "\(lookAlike.debugDescription): \(reply.status)")
            }
            // One spelling of an accented name: composed and decomposed are the same person.
            _ = try await member.another().joinAPI("Jos\u{00E9}")
            let decomposed = try await member.another().api(.post, "/api/v1/accounts", json: ["pseudonym": "Jose\u{0301}", "password": "correct horse"])
            #expect(decomposed.status == .unprocessableContent)
        }
    }

    @Test func aResetLinkUsedTwiceAtOnceHasOneWinner() async throws {
        try await TestApp.run { member in
            _ = try await member.api(.post, "/api/v1/accounts", json: ["pseudonym": "Reset Racer", "password": "correct horse", "email": "r@example.org"])
            _ = try await member.api(.post, "/api/v1/password-resets", json: ["account": "Reset Racer"])
            let mail = try #require(try await EmailOutbox.query(on: member.database.db).filter(\.$subject == "Set a new PeerCircle password").first())
            let token = try #require(mail.body.split(separator: "/").last.map { String($0.prefix { !$0.isWhitespace }) })
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        try await member.another().api(.post, "/api/v1/password-resets/complete",
                                                       json: ["token": token, "password": "new password \(index)"]).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .noContent }.count == 1, "\(statuses)")
        }
    }

    @Test func blockingAndMutingNeverChangeHowAnonymousPostsAppear() async throws {
        try await TestApp.run { author in
            let authorName = try await author.joinAPI()
            try await author.grant(.moderator, to: authorName)  // may post without the new-member limits
            let opening = try await author.startThread("Anonymous question about nights", body: "nightsword", anonymous: true)
            _ = try await author.replyTo(opening.thread, "anonymous reply nightsword", anonymous: true)
            let reader = author.another()
            _ = try await reader.joinAPI()
            let before = try await reader.thread(opening.thread).count
            let searchBefore = try await reader.search("nightsword")
            #expect(try await reader.api(.post, "/api/v1/blocks", json: ["pseudonym": authorName]).status == .created)
            #expect(try await reader.thread(opening.thread).count == before)
            #expect(try await reader.search("nightsword") == searchBefore)
            let listed = try await reader.api(.get, "/api/v1/forum/categories/\(try await reader.category())/threads").jsonList()
            #expect(listed.contains { $0["id"] as? String == opening.thread })
        }
    }

    @Test func aBlockOrAnEndedMentorshipEndsWhatWasShared() async throws {
        try await TestApp.run { owner in
            _ = try await owner.joinAPI("Sharer")
            let viewer = owner.another()
            let viewerName = try await viewer.joinAPI("Viewer")
            let clock = try await owner.api(.post, "/api/v1/clocks", json: ["kind": "alcohol", "label": "Mine", "started_on": "2026-06-01"])
            let clockID = try clock.json()["id"] as? String ?? ""
            let share = try await owner.api(.post, "/api/v1/grants", json: ["grantee": viewerName, "scope": "clock", "item_id": clockID, "purpose": "support"])
            #expect(share.status == .created, "\(share.text)")
            #expect(try await viewer.api(.get, "/api/v1/clocks/\(clockID)").status == .ok)
            #expect(try await owner.api(.post, "/api/v1/blocks", json: ["pseudonym": viewerName]).status == .created)
            #expect(try await viewer.api(.get, "/api/v1/clocks/\(clockID)").status == .notFound)
            let grants = try await SharingGrant.query(on: owner.database.db).filter(\.$revokedAt == nil).count()
            #expect(grants == 0)
        }
    }

    @Test func logsCarryRouteTemplatesNeverQueriesOrSecrets() async throws {
        let capture = LogLines()
        var logger = Logger(label: "capture") { _ in LogCapture(store: capture) }
        logger.logLevel = .trace
        try await TestApp.run(configure: { $0.logLevel = "trace" }, logger: logger) { member in
            try await member.join()
            _ = try await member.get("/search?q=secretword-heroin")
            _ = try await member.get("/meetings?lat=51.5123&lng=-0.1234&km=5")
            _ = try await member.get("/calendar/secret-calendar-token/meetings.ics")
            _ = try await member.get("/reset-password/secret-reset-token")
            _ = try await member.get("/attendance/x/slip?print_name=Jane+Realname")
        }
        let text = capture.text
        #expect(text.contains("route"))
        for secret in ["secretword", "51.5123", "secret-calendar-token", "secret-reset-token", "Realname"] {
            #expect(!text.contains(secret), "\(secret) reached the logs")
        }
    }

    @Test func metricsAreForTheOperatorWhenATokenIsSet() async throws {
        try await TestApp.run(configure: { $0.metricsToken = "operator-token-0123456789" }) { visitor in
            #expect(try await visitor.get("/metrics").status == .notFound)
            let ok = try await visitor.request(.get, "/metrics", headers: [.authorization: "Bearer operator-token-0123456789"])
            #expect(ok.status == .ok)
        }
    }

    @Test func aSecondSOSReturnsTheOpenOne() async throws {
        try await TestApp.run { member in
            try await member.joinAPI()
            let first = try await member.api(.post, "/api/v1/sos", json: ["need": "talk"])
            let second = try await member.api(.post, "/api/v1/sos", json: ["need": "talk"])
            #expect(first.status.code < 300 && second.status.code < 300)
            #expect(try first.json()["id"] as? String == second.json()["id"] as? String)
            #expect(try await SupportAlert.query(on: member.database.db).count() == 1)
        }
    }

    @Test func strategiesAndSignupsAreRateLimitedWithRetryAfter() async throws {
        try await TestApp.run { member in
            let name = try await member.joinAPI()
            try await member.grant(.moderator, to: name)
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<11 {
                statuses.append(try await member.api(.post, "/api/v1/strategies", json: [
                    "title": "Strategy number \(index)", "body": "Breathe slowly", "situations": ["craving"]]).status)
            }
            #expect(statuses.prefix(10).allSatisfy { $0 == .created }, "\(statuses)")
            let limited = try await member.api(.post, "/api/v1/strategies", json: ["title": "One more", "body": "x", "situations": ["craving"]])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
        }
        try await TestApp.withDatabase { database in
            for _ in 0..<5 { try await RateLimit.signupPerAddress.take("203.0.113.9", now: Date(), on: database.db) }
            await #expect(throws: AppError.self) { try await RateLimit.signupPerAddress.take("203.0.113.9", now: Date(), on: database.db) }
            try await RateLimit.signupPerAddress.take("203.0.113.10", now: Date(), on: database.db)
        }
    }

    @Test func freshAccountsCannotHideAPostByFlaggingIt() async throws {
        try await TestApp.run { author in
            let name = try await author.joinAPI()
            try await author.grant(.moderator, to: name)
            let thread = try await author.startThread("A perfectly fine thread")
            for _ in 0..<6 {
                let flagger = author.another()
                _ = try await flagger.joinAPI()
                _ = try await flagger.api(.post, "/api/v1/forum/posts/\(thread.post)/flags", json: ["reason": "spam"])
            }
            let post = try #require(try await Post.find(UUID(uuidString: thread.post), on: author.database.db))
            #expect(post.state == .visible)
            #expect(try await Flag.query(on: author.database.db).count() == 6, "the flags still reach the moderators' queue")
        }
    }

    @Test func onlyTheAuthorAndModeratorsReadEarlierVersionsAndAuthorDeletionsStay() async throws {
        try await TestApp.run { author in
            let name = try await author.joinAPI()
            try await author.grant(.moderator, to: name)
            let thread = try await author.startThread("Versions thread", body: "first words")
            _ = try await author.api(.patch, "/api/v1/forum/posts/\(thread.post)", json: ["body": "second words"])
            let other = author.another()
            _ = try await other.join()
            #expect(try await other.get("/community/posts/\(thread.post)/history").status == .notFound)
            let reply = try await author.replyTo(thread.thread, "a reply to delete")
            _ = try await author.api(.delete, "/api/v1/forum/posts/\(reply)")
            let moderator = author.another()
            let modName = try await moderator.join()
            try await moderator.grant(.moderator, to: modName)
            let restore = try await moderator.post("/moderation/posts/\(reply)", ["action": "restore", "reason": "bring it back"])
            #expect(restore.status != .seeOther)
            let post = try #require(try await Post.find(UUID(uuidString: reply), on: author.database.db))
            #expect(post.state == .removedByAuthor)
        }
    }

    @Test func aSuspendedMemberCannotWriteDirectMessages() async throws {
        try await TestApp.run { member in
            let name = try await member.joinAPI()
            try await member.grant(.mentor, to: name)
            let other = member.another()
            let otherName = try await other.joinAPI()
            let user = try #require(try await User.query(on: member.database.db).filter(\.$pseudonymKey == User.key(for: name)).first())
            try await StandingService(deps: AppDependencies(database: member.database, configuration: AppConfiguration(),
                                                            crisisLines: try CrisisDirectory(file: nil), now: { Date() }, passwordCost: 4))
                .update(try user.requireID()) { $0.suspendedUntil = Date().addingTimeInterval(86_400 * 400) }
            let reply = try await member.api(.post, "/api/v1/conversations", json: ["to": otherName, "body": "hello"])
            #expect(reply.status == .conflict)
            #expect(try await DirectMessage.query(on: member.database.db).count() == 0)
        }
    }
}
