import Foundation
import Testing
@testable import PeerCircle

@Suite struct AccountWebTests {
    @Test func memberJoinsWithOnlyAPseudonymAndPassword() async throws {
        try await TestApp.run { browser in
            // MUT
            let name = try await browser.join("Quiet River")
            // validate
            #expect(browser.hasSession)
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains("Log out"))
            #expect(home.text.contains(name))
        }
    }

    @Test func theMenuShowsEachPersonOnlyWhatTheirRolesLetThemUse() async throws {
        try await TestApp.run { member in
            try await member.joinBoth("Plain")
            let nav = { (client: Client) async throws -> String in
                let page = try await client.get("/").text
                return String(page[page.range(of: "<nav")!.lowerBound..<page.range(of: "</nav>")!.upperBound])
            }
            let plain = try await nav(member)
            #expect(plain.contains("<summary>Me</summary>") && plain.contains("href=\"/my/plan\"") && plain.contains("href=\"/strategies\""))
            #expect(!plain.contains("<summary>Team</summary>") && !plain.contains("/moderation") && !plain.contains("/admin/"))
            try await member.grant(.responder, to: "Plain")
            let responder = try await nav(member)
            #expect(responder.contains("href=\"/responders\"") && !responder.contains("/moderation") && !responder.contains("/admin/"))
            try await member.grant(.moderator, to: "Plain")
            let moderator = try await nav(member)
            #expect(moderator.contains("href=\"/moderation\"") && moderator.contains("href=\"/moderation/crisis\"") && !moderator.contains("/admin/"))
            try await member.grant(.admin, to: "Plain")
            let admin = try await nav(member)
            #expect(admin.contains("href=\"/admin/roles\"") && admin.contains("href=\"/admin/audit-log\"") && admin.contains("href=\"/admin/safety\""))
        }
    }

    @Test func visitorsSeeWhatPeerCircleOffersAndCanFindAMeetingWithoutAnAccount() async throws {
        try await TestApp.run { visitor in
            let home = try await visitor.get("/").text
            #expect(home.contains("class=\"button\" href=\"/meetings\"") && home.contains("Find a mentor or sponsor"))
            #expect(home.contains("not a crisis service") && home.contains("href=\"/crisis\""))
            #expect(try await visitor.get("/meetings").status == .ok)
        }
    }

    @Test func takenPseudonymIsRefusedWhateverItsCase() async throws {
        try await TestApp.run { browser in
            try await browser.join("Sunrise")
            let other = browser.another()
            let reply = try await other.post("/join", ["pseudonym": "sunrise", "password": "another password"])
            #expect(reply.status == .unprocessableContent)
            #expect(reply.text.contains("That pseudonym is taken"))
            #expect(reply.text.contains("value=\"sunrise\""))
            #expect(!other.hasSession)
        }
    }

    @Test func badSignupInputIsShownNextToTheFieldsAndNothingIsStored() async throws {
        try await TestApp.run { browser in
            let long = String(repeating: "x", count: 33)
            let reply = try await browser.post("/join", ["pseudonym": long, "password": "short", "email": "not-an-email"])
            #expect(reply.status == .unprocessableContent)
            #expect(reply.text.contains("id=\"pseudonym-error\""))
            #expect(reply.text.contains("id=\"password-error\""))
            #expect(reply.text.contains("id=\"email-error\""))
            #expect(reply.text.contains("value=\"\(long)\""))
            #expect(reply.text.contains("value=\"not-an-email\""))
            // Nothing was stored: the same pseudonym shortened is free, and logging in as the long one fails.
            let login = try await browser.post("/login", ["pseudonym": long, "password": "short"])
            #expect(login.status == .unprocessableContent)
        }
    }

    @Test func memberLogsOutAndTheSessionIsGone() async throws {
        try await TestApp.run { browser in
            let name = try await browser.join()
            #expect(try await browser.post("/logout", [:]).location == "/login")
            #expect(!browser.hasSession)
            #expect(try await browser.get("/clocks").status == .seeOther)
            // Logging back in works.
            let login = try await browser.post("/login", ["pseudonym": name, "password": "correct horse"])
            #expect(login.status == .seeOther)
            #expect(try await browser.get("/clocks").status == .ok)
        }
    }

    @Test func pagesThatNeedAMemberSendVisitorsToLogInAndBack() async throws {
        try await TestApp.run { browser in
            let reply = try await browser.get("/check-ins")
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/login?next=/check-ins")
            let name = try await browser.another().join()
            let login = try await browser.post("/login", ["pseudonym": name, "password": "correct horse", "next": "/check-ins"])
            #expect(login.location == "/check-ins")
            // Never to another site.
            let evil = try await browser.post("/login", ["pseudonym": name, "password": "correct horse", "next": "//evil.example"])
            #expect(evil.location == "/")
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefusedAndChangeNothing() async throws {
        try await TestApp.run { browser in
            try await browser.join()
            let reply = try await browser.post("/clocks", [("kind", "alcohol"), ("started_on", "2026-06-01"), ("currency", "USD")], csrf: false)
            #expect(reply.status == .forbidden)
            #expect(reply.text.contains("form has expired"))
            let forged = try await browser.post(
                "/clocks", [("kind", "alcohol"), ("started_on", "2026-06-01"), ("currency", "USD"), ("_csrf", "forged")], csrf: false)
            #expect(forged.status == .forbidden)
            #expect(!(try await browser.get("/clocks").text.contains("Since")))
        }
    }

    @Test func repeatedFailedLoginsAreThrottledThenAllowedAgain() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { browser in
            let name = try await browser.another().join("Steady")
            for _ in 0..<5 {
                let reply = try await browser.post("/login", ["pseudonym": name, "password": "wrong password"])
                #expect(reply.status == .unprocessableContent)
            }
            // Even the right password waits now.
            let throttled = try await browser.post("/login", ["pseudonym": name, "password": "correct horse"])
            #expect(throttled.status == .tooManyRequests)
            let wait = Int(throttled.headers[.retryAfter] ?? "") ?? 0
            #expect(wait > 0 && wait <= 15 * 60)
            let api = try await browser.another().api(.post, "/api/v1/sessions", json: ["pseudonym": name, "password": "x"])
            #expect(api.status == .tooManyRequests)
            #expect(api.errorCode == "too_many_requests")
            // After the window the right password works.
            clock.advance(seconds: Double(wait) + 1)
            let ok = try await browser.post("/login", ["pseudonym": name, "password": "correct horse"])
            #expect(ok.status == .seeOther)
        }
    }

    @Test func settingsChangeTimeZoneAndCountryAndRejectUnknownOnes() async throws {
        try await TestApp.run { browser in
            let name = try await browser.join()
            let saved = try await browser.post("/settings", ["pseudonym": name, "email": "", "time_zone": "Europe/London", "country": "GB"])
            #expect(saved.location == "/settings?done=settings")
            let page = try await browser.get("/settings?done=settings")
            #expect(page.text.contains("Your settings are saved."))
            #expect(page.text.contains("<option value=\"Europe/London\" selected=\"selected\">"))
            let bad = try await browser.post("/settings", ["pseudonym": name, "email": "", "time_zone": "Mars/Olympus", "country": "GB"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("id=\"time_zone-error\""))
            #expect(try await browser.get("/settings").text.contains("<option value=\"Europe/London\" selected=\"selected\">"))
            // The crisis page now follows the chosen country.
            #expect(try await browser.get("/crisis").text.contains("Samaritans"))
        }
    }

    @Test func changingThePasswordNeedsTheCurrentOneAndLogsOutOtherDevices() async throws {
        try await TestApp.run { browser in
            let name = try await browser.join()
            let phone = browser.another()
            try await phone.post("/login", ["pseudonym": name, "password": "correct horse"])
            #expect(try await phone.get("/clocks").status == .ok)
            let wrong = try await browser.post("/settings/password", ["current_password": "nope nope", "new_password": "new password 1"])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("That is not your current password."))
            let ok = try await browser.post("/settings/password", ["current_password": "correct horse", "new_password": "new password 1"])
            #expect(ok.location == "/settings?done=password")
            #expect(try await browser.get("/clocks").status == .ok)
            #expect(try await phone.get("/clocks").status == .seeOther)
            let login = try await phone.post("/login", ["pseudonym": name, "password": "new password 1"])
            #expect(login.status == .seeOther)
        }
    }
}
