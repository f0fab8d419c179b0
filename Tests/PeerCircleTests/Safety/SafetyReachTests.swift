import FluentKit
import Foundation
import Synchronization
import Testing
@testable import PeerCircle

/// Issue 11: every SOS state says exactly who was reached, administrators hear of the ones that
/// reached nobody, and trusted contacts outside PeerCircle can answer through a private link.
@Suite struct SafetyReachTests {
    /// Joins on the web with an email address (so the person can be emailed).
    static func join(_ client: Client, _ pseudonym: String, email: String) async throws {
        let reply = try await client.post("/join", ["pseudonym": pseudonym, "password": "correct horse", "email": email])
        #expect(reply.status == .seeOther)
    }

    static func mail(to address: String, _ db: any Database) async throws -> [EmailOutbox] {
        try await EmailOutbox.query(on: db).filter(\.$to == address).sort(\.$createdAt).all()
    }

    /// The private link in an email body.
    static func link(in body: String, prefix: String) throws -> String {
        let start = try #require(body.range(of: prefix))
        return String(body[start.lowerBound...].prefix { !$0.isWhitespace })
    }

    /// Adds "Ann" (ann@example.org) as a trusted contact and confirms through the emailed link, as she would.
    static func addConfirmedContact(_ asker: Client) async throws {
        #expect(try await asker.post("/circle/contacts", ["contact_name": "Ann", "contact_email": "ann@example.org"]).status == .seeOther)
        let confirm = try link(in: try #require(try await mail(to: "ann@example.org", asker.database.db).first).body, prefix: "/trusted/")
        #expect(try await asker.another().post(confirm, [(String, String)]()).status == .seeOther)
    }

    @Test func anAlertThatReachesNobodyIsUrgentForEveryStaffPageAndEmailedToAdministrators() async throws {
        try await TestApp.run { member in
            try await member.join("Alone")
            let admin = member.another()
            try await Self.join(admin, "Operator", email: "operator@example.org")
            try await member.grant(.admin, to: "Operator")
            let moderator = member.another()
            try await moderator.join("Mod")
            try await member.grant(.moderator, to: "Mod")
            #expect(!(try await admin.get("/").text.contains("reached nobody")))

            let sent = try await member.post("/sos", ["need": "unsafe", "message": "please"])
            let path = try #require(sent.location)
            let alert = try #require(try await SupportAlert.query(on: member.database.db).first())
            #expect(alert.unreachedAt != nil, "nobody could be told: unreached at once")
            let mails = try await Self.mail(to: "operator@example.org", member.database.db)
            #expect(mails.count == 1)
            #expect(mails.first?.subject.contains("reached nobody") == true)
            #expect(mails.first?.body.contains("Alone") == false && mails.first?.body.contains("please") == false, "discreet: no name, no words")

            // Every staff page carries it; a member's pages do not.
            for page in ["/", "/meetings", "/community", "/moderation"] {
                #expect(try await admin.get(page).text.contains("a call for support has reached nobody"), "\(page)")
            }
            #expect(try await moderator.get("/").text.contains("a call for support has reached nobody"))
            #expect(!(try await member.get("/").text.contains("reached nobody")))
            let safety = try await admin.get("/admin/safety").text
            #expect(safety.contains("Reached nobody") && safety.contains("Alone"))
            #expect(safety.contains("Unreached") && safety.contains("<dd>1</dd>"))

            // Anyone on the team may step in; then it is no longer urgent.
            let here = try await admin.post(path + "/here", [(String, String)]())
            #expect(here.status == .seeOther)
            #expect(!(try await admin.get("/").text.contains("reached nobody")))
            let answered = try await member.get(path).text
            #expect(answered.contains("Operator from the PeerCircle team is here for you"))
            #expect(!answered.contains("responder was alerted"), "an administrator stepping in is not a responder")
            #expect(try await member.get("/").text.contains("Operator is here for you"))
            // Someone else still gets not found.
            let stranger = member.another()
            try await stranger.join("Stranger")
            #expect(try await stranger.get(path).status == .notFound)
        }
    }

    @Test func anAlertNobodySeesWithinTheEscalationTimeBecomesUnreachedOnce() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { asker in
            try await asker.joinBoth("Asker")
            let friend = asker.another()
            try await friend.joinBoth("Friend")
            let admin = asker.another()
            try await Self.join(admin, "Operator", email: "operator@example.org")
            try await asker.grant(.admin, to: "Operator")
            _ = try await asker.api(.post, "/api/v1/circle/invitations", json: ["pseudonym": "Friend"])
            let invitation = try #require(try await CircleMember.query(on: asker.database.db).first())
            _ = try await friend.api(.post, "/api/v1/circle/invitations/\(try invitation.requireID().uuidString.lowercased())/accept")
            let path = try #require(try await asker.post("/sos", ["need": "talk", "message": ""]).location)
            #expect(try await SupportAlert.query(on: asker.database.db).first()?.unreachedAt == nil)
            clock.advance(seconds: 6 * 60)
            // Two sweeps (two page loads): marked once, one email.
            _ = try await asker.get(path)
            _ = try await asker.get(path)
            #expect(try await SupportAlert.query(on: asker.database.db).first()?.unreachedAt != nil)
            #expect(try await Self.mail(to: "operator@example.org", asker.database.db).count == 1)
        }
    }

    @Test func anAlertSeenInTimeIsNotUnreachedAndTheMemberSeesWhoSawIt() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { asker in
            try await asker.joinBoth("Asker")
            let friend = asker.another()
            try await friend.joinBoth("Friend")
            _ = try await asker.api(.post, "/api/v1/circle/invitations", json: ["pseudonym": "Friend"])
            let invitation = try #require(try await CircleMember.query(on: asker.database.db).first())
            _ = try await friend.api(.post, "/api/v1/circle/invitations/\(try invitation.requireID().uuidString.lowercased())/accept")
            let path = try #require(try await asker.post("/sos", ["need": "talk", "message": ""]).location)
            clock.advance(seconds: 60)
            _ = try await friend.get(path)
            #expect(try await asker.get(path).text.contains("Friend saw it at 12:01"))
            clock.advance(seconds: 10 * 60)
            _ = try await asker.get(path)
            #expect(try await SupportAlert.query(on: asker.database.db).first()?.unreachedAt == nil)
        }
    }

    @Test func theMembersAlertPageIsToldLiveWhenSomeoneSeesIt() async throws {
        try await TestApp.run(live: true) { asker in
            try await asker.joinBoth("LiveAsker")
            let friend = asker.another()
            try await friend.joinBoth("LiveFriend")
            try await asker.circle([(friend, "LiveFriend")])
            let path = try #require(try await asker.post("/sos", ["need": "talk", "message": ""]).location)
            #expect(try await asker.get(path).text.contains(#"id="alert-status""#))
            let received = Mutex<[String]>([])
            let connected = Mutex(false)
            let listener = Task {
                try await asker.ws("/live") { inbound, _, _ in
                    connected.withLock { $0 = true }
                    for try await message in inbound.messages(maxSize: 1 << 16) {
                        if case .text(let text) = message { received.withLock { $0.append(text) } }
                    }
                }
            }
            for _ in 0..<200 where !connected.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(100))
            _ = try await friend.get(path)
            let start = ContinuousClock.now
            while !received.withLock({ $0.contains { $0.contains("sos-update") } }) && ContinuousClock.now - start < .seconds(2) {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(received.withLock { $0.contains { $0.contains("\"type\":\"sos-update\"") && $0.contains(String(path.split(separator: "/").last ?? "")) } })
            listener.cancel()
        }
    }

    @Test func respondersOnlyAreCountedNotNamed() async throws {
        try await TestApp.run { asker in
            try await asker.join("Asker")
            let responder = asker.another()
            try await responder.join("Helper")
            try await asker.grant(.responder, to: "Helper")
            #expect(try await asker.get("/sos").text.contains("PeerCircle's peer responders will be alerted"))
            let path = try #require(try await asker.post("/sos", ["need": "talk", "message": ""]).location)
            let page = try await asker.get(path).text
            #expect(page.contains("1 peer responder was alerted at"))
            #expect(!page.contains("Helper"))
            #expect(try await SupportAlert.query(on: asker.database.db).first()?.unreachedAt == nil)
        }
    }

    @Test func aTrustedContactConfirmsIsEmailedTheAlertAndAnswersThroughThePrivateLink() async throws {
        try await TestApp.run { asker in
            try await asker.join("Asker")
            // Added by email: markup in the name stays text.
            let added = try await asker.post("/circle/contacts", ["contact_name": "<b>Ann</b>", "contact_email": "ann@example.org"])
            #expect(added.status == .seeOther)
            let circle = try await asker.get("/circle").text
            #expect(circle.contains("&lt;b&gt;Ann&lt;/b&gt;") && !circle.contains("<b>Ann</b>"))
            #expect(circle.contains("waiting for them to confirm"))
            // Not yet confirmed: an SOS cannot count on them.
            #expect(try await asker.get("/sos").text.contains("nobody on PeerCircle can be alerted"))

            let invite = try #require(try await Self.mail(to: "ann@example.org", asker.database.db).first)
            #expect(invite.body.contains("Asker"))
            let confirm = try Self.link(in: invite.body, prefix: "/trusted/")
            let visitor = asker.another()
            #expect(try await visitor.get(confirm).text.contains("Yes, I'll be a trusted contact"))
            #expect(try await visitor.post(confirm, [(String, String)]()).status == .seeOther)
            #expect(try await visitor.get(confirm).text.contains("you're a trusted contact"))
            #expect(try await asker.get("/sos").text.contains("Your trusted contact by email will be alerted at once"))

            let path = try #require(try await asker.post("/sos", ["need": "craving", "message": "rough night"]).location)
            #expect(try await asker.get(path).text.contains("Your trusted contact &lt;b&gt;Ann&lt;/b&gt; was emailed at"))
            let alertMail = try #require(try await Self.mail(to: "ann@example.org", asker.database.db).last)
            #expect(alertMail.subject == "Someone who trusts you asked for support")
            #expect(!alertMail.body.contains("rough night"), "no words from the alert in email")
            let privateLink = try Self.link(in: alertMail.body, prefix: "/trusted/alert/")
            // A wrong or mangled link finds nothing.
            #expect(try await visitor.get("/trusted/alert/" + String(repeating: "x", count: 43)).status == .notFound)
            #expect(try await visitor.get("/trusted/alert/%3Cscript%3E").status == .notFound)

            let page = try await visitor.get(privateLink).text
            #expect(page.contains("Asker") && page.contains("rough night") && page.contains("I'm here"))
            // Opening the link is not "seen": mail scanners open links too.
            #expect(!(try await asker.get(path).text.contains("opened")))
            #expect(try await visitor.post(privateLink + "/here", [(String, String)]()).status == .seeOther)
            #expect(try await visitor.get(privateLink).text.contains("They can see you're there"))
            #expect(try await asker.get(path).text.contains("is here for you"))
            let alert = try #require(try await SupportAlert.query(on: asker.database.db).first())
            #expect(alert.firstResponseAt != nil)
        }
    }

    @Test func aLinkOpenedByAMachineDoesNotStopTheAlertBeingUnreached() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { asker in
            try await asker.join("Asker")
            try await Self.addConfirmedContact(asker)
            let path = try #require(try await asker.post("/sos", ["need": "talk", "message": ""]).location)
            let link = try Self.link(in: try #require(try await Self.mail(to: "ann@example.org", asker.database.db).last).body, prefix: "/trusted/alert/")
            // A scanner follows the link with a plain GET, no cookies.
            #expect(try await asker.another().get(link).status == .ok)
            // The relay is working (the mail went out), but nobody answered in time.
            try await EmailOutbox.query(on: asker.database.db).set(\.$sentAt, to: clock.now).update()
            clock.advance(seconds: 6 * 60)
            _ = try await asker.get(path)
            #expect(try await SupportAlert.query(on: asker.database.db).first()?.unreachedAt != nil)
        }
    }

    @Test func staffABlockStandsBetweenNeverSeeTheirUnreachedAlert() async throws {
        try await TestApp.run { asker in
            try await asker.joinBoth("Asker")
            let moderator = asker.another()
            try await moderator.joinBoth("Watcher")
            try await asker.grant(.moderator, to: "Watcher")
            let other = asker.another()
            try await other.joinBoth("OtherMod")
            try await asker.grant(.moderator, to: "OtherMod")
            #expect(try await asker.post("/blocks", ["pseudonym": "Watcher"]).status.code < 400)
            _ = try await asker.post("/sos", ["need": "talk", "message": ""])
            for page in ["/", "/responders"] {
                let text = try await moderator.get(page).text
                #expect(!text.contains("reached nobody") && !text.contains("Asker"), "\(page)")
            }
            #expect(try await other.get("/").text.contains("a call for support has reached nobody"))
            #expect(try await other.get("/responders").text.contains("Asker"))
            // Staff's own alert is not "urgent" on their own pages.
            let own = try await other.post("/sos", ["need": "talk", "message": ""])
            #expect(own.status == .seeOther)
            #expect(try await other.get("/").text.contains("a call for support has reached nobody"), "only Asker's counts for them")
            #expect(!(try await other.get("/").text.contains("2 calls for support")))
        }
    }

    @Test func oneAddressIsAskedAtMostTwiceAMonthWhoeverAsks() async throws {
        try await TestApp.run { first in
            try await first.join("First")
            let second = first.another()
            try await second.join("Second")
            #expect(try await first.post("/circle/contacts", ["contact_name": "Vic", "contact_email": "victim@example.org"]).status == .seeOther)
            let id = try #require(try await TrustedContact.query(on: first.database.db).first()?.requireID())
            _ = try await first.post("/circle/contacts/\(id.uuidString.lowercased())/remove", [(String, String)]())
            #expect(try await second.post("/circle/contacts", ["contact_name": "Vic", "contact_email": "VICTIM@example.org"]).status == .seeOther)
            let third = try await first.post("/circle/contacts", ["contact_name": "Vic", "contact_email": "victim@example.org"])
            #expect(third.status == .tooManyRequests)
            #expect(try await Self.mail(to: "victim@example.org", first.database.db).count + Self.mail(to: "VICTIM@example.org", first.database.db).count == 2)
        }
    }

    @Test func withEmailDelayedContactsDoNotCountAndRespondersHearAtOnce() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { asker in
            try await asker.join("Asker")
            let responder = asker.another()
            try await responder.join("Helper")
            try await asker.grant(.responder, to: "Helper")
            try await Self.addConfirmedContact(asker)
            clock.advance(seconds: 15 * 60)
            _ = try await asker.post("/sos", ["need": "talk", "message": ""])
            let alert = try #require(try await SupportAlert.query(on: asker.database.db).first())
            #expect(alert.escalatedAt != nil, "responders alerted at once, not after the escalation time")
        }
    }

    @Test func aContactsPrivateLinkStopsWorkingAfterAWeek() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { asker in
            try await asker.join("Asker")
            try await Self.addConfirmedContact(asker)
            _ = try await asker.post("/sos", ["need": "talk", "message": ""])
            let link = try Self.link(in: try #require(try await Self.mail(to: "ann@example.org", asker.database.db).last).body, prefix: "/trusted/alert/")
            #expect(try await asker.another().get(link).status == .ok)
            clock.advance(seconds: 8 * 86400)
            #expect(try await asker.another().get(link).status == .notFound)
        }
    }

    @Test func deletingTheAccountLeavesNothingForTheirContacts() async throws {
        try await TestApp.run { asker in
            try await asker.join("Leaving")
            _ = try await asker.post("/circle/contacts", ["contact_name": "Ann", "contact_email": "Ann@Example.org"])
            let confirm = try Self.link(in: try #require(try await Self.mail(to: "Ann@Example.org", asker.database.db).first).body, prefix: "/trusted/")
            _ = try await asker.another().post(confirm, [(String, String)]())
            _ = try await asker.post("/sos", ["need": "talk", "message": ""])
            #expect(try await Self.mail(to: "Ann@Example.org", asker.database.db).count == 2)
            #expect(try await asker.post("/settings/delete", ["delete_password": "correct horse"]).status == .seeOther)
            // The invitation and the alert named them; neither waits to be sent any more, and the links are gone.
            #expect(try await Self.mail(to: "Ann@Example.org", asker.database.db).isEmpty)
            #expect(try await TrustedContact.query(on: asker.database.db).count() == 0)
            #expect(try await AlertContact.query(on: asker.database.db).count() == 0)
            #expect(try await asker.another().get(confirm).status == .notFound)
        }
    }

    @Test func contactInputIsCheckedAndLimited() async throws {
        try await TestApp.run { asker in
            try await asker.join("Asker")
            let bad = try await asker.post("/circle/contacts", ["contact_name": "", "contact_email": "not-an-address"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("not-an-address") && bad.text.contains("email address like"))
            for i in 0..<TrustedContactService.limit {
                #expect(try await asker.post("/circle/contacts", ["contact_name": "P\(i)", "contact_email": "p\(i)@example.org"]).status == .seeOther)
            }
            let full = try await asker.post("/circle/contacts", ["contact_name": "One more", "contact_email": "more@example.org"])
            #expect(full.status == .conflict)
            let twice = try await asker.post("/circle/contacts", ["contact_name": "Again", "contact_email": "P0@example.org"])
            #expect(twice.status == .conflict)
            #expect(try await TrustedContact.query(on: asker.database.db).count() == TrustedContactService.limit)
            // Another member cannot remove them.
            let other = asker.another()
            try await other.join("Other")
            let id = try #require(try await TrustedContact.query(on: asker.database.db).first()?.requireID())
            #expect(try await other.post("/circle/contacts/\(id.uuidString.lowercased())/remove", [(String, String)]()).status == .notFound)
            #expect(try await asker.post("/circle/contacts/\(id.uuidString.lowercased())/remove", [(String, String)]()).status == .seeOther)
        }
    }

    @Test func emailThatIsFailingIsSaidPlainly() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { asker in
            try await asker.join("Asker")
            try await Self.addConfirmedContact(asker)
            // Nothing has left the outbox for a quarter of an hour: email is failing.
            clock.advance(seconds: 15 * 60)
            let sos = try await asker.get("/sos").text
            #expect(sos.contains("Email from this PeerCircle is delayed"))
            #expect(sos.contains("nobody on PeerCircle can be alerted") || sos.contains("tel:911"))
            let path = try #require(try await asker.post("/sos", ["need": "talk", "message": ""]).location)
            #expect(try await asker.get(path).text.contains("email from this PeerCircle is delayed"))
        }
    }

    @Test func operatorsAreToldWhenNobodyIsOnCall() async throws {
        try await TestApp.run { admin in
            try await admin.join("Operator")
            try await admin.grant(.admin, to: "Operator")
            #expect(try await admin.get("/admin/safety").text.contains("SOS has no peer responders at all"))
            let responder = admin.another()
            try await responder.join("Helper")
            try await admin.grant(.responder, to: "Helper")
            #expect(try await admin.get("/admin/safety").text.contains("A peer responder is on call at every hour"))
            // Weekday evenings only: the rest of the week is uncovered, Sundays among it.
            let evenings = ["mon", "tue", "wed", "thu", "fri"].map { ("availability", "\($0)-evening") }
            #expect(try await responder.post("/responders/hours", [("time_zone", "UTC")] + evenings).status == .seeOther)
            let page = try await admin.get("/admin/safety").text
            #expect(page.contains("SOS has nobody to reach on"))
            #expect(page.contains("Fridays 22:00 to Sundays 24:00"))
        }
        let gaps = SafetyService.gaps(in: TimeZone(identifier: "UTC")!, now: instant("2026-06-17T12:00:00Z")) { date in
            // Covered except Sunday 00:00–08:00.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return !(calendar.component(.weekday, from: date) == 1 && calendar.component(.hour, from: date) < 8)
        }
        #expect(gaps == ["SOS has nobody to reach on Sundays 00:00–08:00."])
    }
}
