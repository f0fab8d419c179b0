import FluentKit
import Foundation
import HummingbirdOTP
import Testing
@testable import PeerCircle

@Suite struct TwoStepCodeTests {
    /// RFC 6238, appendix B (SHA-1, the 20-byte ASCII secret), and RFC 4648's base32 vectors.
    @Test func theRFCsTestVectors() {
        let secret = "12345678901234567890"
        for (time, eight) in [(59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
                              (2_000_000_000, "69279037"), (20_000_000_000, "65353130")] {
            let computed = TOTP(secret: secret, length: 8).compute(date: Date(timeIntervalSince1970: TimeInterval(time)))
            #expect(String(format: "%08d", computed) == eight, "\(time)")
            // Six digits are the last six of the same number.
            #expect(TwoStepService.code(secret: secret, step: time / 30) == String(eight.suffix(6)))
        }
        for (text, encoded) in [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")] {
            #expect(TwoStepService.base32(Array(text.utf8)) == encoded)
        }
    }

    @Test func devicesAreNamedFromTheirBrowserAndPlacesShortened() {
        #expect(SessionService.describe(userAgent: "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36") == "Chrome on Android")
        #expect(SessionService.describe(userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile/15E148 Safari/604.1")
                == "Safari on iPhone")
        #expect(SessionService.describe(userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0") == "Firefox on Windows")
        #expect(SessionService.describe(userAgent: nil) == "A browser" && SessionService.describe(userAgent: "<script>") == "A browser")
        #expect(SessionService.shorten("203.0.113.57") == "203.0.113.x" && SessionService.shorten("2001:db8:1:2::5") == "2001:db8:1::/48")
    }

    @Test func aCodeCountsForItsStepAndOneEitherSideOnlyOnce() {
        let secret = TwoStepService.randomSecret()
        let now = instant("2026-06-15T12:00:10Z")
        let step = Int(now.timeIntervalSince1970) / 30
        for drift in [-1, 0, 1] {
            #expect(TwoStepService.matchingStep(TwoStepService.code(secret: secret, step: step + drift), secret: secret, at: now, after: 0) == step + drift)
        }
        #expect(TwoStepService.matchingStep(TwoStepService.code(secret: secret, step: step - 2), secret: secret, at: now, after: 0) == nil)
        // A step already used (or earlier) is not accepted again.
        #expect(TwoStepService.matchingStep(TwoStepService.code(secret: secret, step: step), secret: secret, at: now, after: step) == nil)
        for bad in ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦", "12 34 5x"] {
            #expect(TwoStepService.matchingStep(bad, secret: secret, at: now, after: 0) == nil, "\(bad)")
        }
        let recovery = TwoStepService.randomRecoveryCode()
        #expect(recovery.count == 14 && recovery.split(separator: "-").count == 3)
    }
}

@Suite struct TwoStepTests {
    /// The code an authenticator app would show now for the secret on the set-up page.
    static func code(from page: String, at date: Date, drift: Int = 0) throws -> String {
        let grouped = try #require(page.firstMatch(of: /id="two-step-secret">([A-Z2-7 ]+)</)?.1)
        let base32 = grouped.replacingOccurrences(of: " ", with: "")
        let secret = try #require(Self.decodeBase32(base32))
        return TwoStepService.code(secret: secret, step: Int(date.timeIntervalSince1970) / 30 + drift)
    }

    static func decodeBase32(_ text: String) -> String? {
        let digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bytes: [UInt8] = [], buffer = 0, bits = 0
        for character in text {
            guard let value = digits.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | value
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return String(bytes: bytes, encoding: .utf8)
    }

    @Test func aMemberTurnsItOnSignsInWithACodeOrARecoveryCodeAndTurnsItOff() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { member in
            try await member.joinBoth("Careful")
            #expect(try await member.get("/settings/two-step").text.contains("Set up two-step sign-in"))
            let setup = try await member.post("/settings/two-step/start", [:])
            #expect(setup.status == .ok && setup.text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\"") && setup.text.contains("otpauth") == false)
            // A wrong code comes back beside the field, with the same secret to try again.
            let wrong = try await member.post("/settings/two-step/confirm", ["code": "000000", "password": "correct horse"])
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("id=\"code-error\""))
            #expect(try Self.code(from: wrong.text, at: clock.now) == (try Self.code(from: setup.text, at: clock.now)))
            // The password too, so nobody at an open screen can turn it on for the member.
            let noPassword = try await member.post("/settings/two-step/confirm", ["code": try Self.code(from: setup.text, at: clock.now), "password": "nope"])
            #expect(noPassword.status == .unprocessableContent && noPassword.text.contains("id=\"password-error\""))
            let earlier = member.another()
            #expect(try await earlier.post("/login", ["pseudonym": "Careful", "password": "correct horse"]).status == .seeOther)
            let on = try await member.post("/settings/two-step/confirm", ["code": try Self.code(from: setup.text, at: clock.now), "password": "correct horse"])
            #expect(on.status == .ok)
            // A session opened with the password alone before it was on is signed out; the member is told by email.
            #expect(try await earlier.get("/settings").location?.hasPrefix("/login") == true)
            #expect(try await member.api(.get, "/api/v1/me").status == .unauthorized, "the API session was another device")
            #expect(try await EmailOutbox.query(on: member.database.db).filter(\.$subject == "Two-step sign-in was turned on for your PeerCircle account").count() == 0,
                    "no email address, no email")
            let recovery = on.text.matches(of: /<li><code>([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})<\/code><\/li>/).map { String($0.1) }
            #expect(recovery.count == 10 && Set(recovery).count == 10)
            #expect(try await RecoveryCode.query(on: member.database.db).all().allSatisfy { !recovery.contains($0.codeHash) }, "only hashes are kept")
            #expect(try await member.get("/settings/two-step").text.contains("Two-step sign-in is on."))

            // Signing in: the password leads to the code page, not into the account.
            let browser = member.another()
            let first = try await browser.post("/login", ["pseudonym": "Careful", "password": "correct horse"])
            #expect(first.status == .ok && first.text.contains("name=\"challenge\"") && first.location == nil)
            #expect(try await browser.get("/settings").location?.hasPrefix("/login") == true, "no session yet")
            let challenge = try #require(first.text.firstMatch(of: /name="challenge" value="([A-Za-z0-9_-]+)"/)?.1)
            let bad = try await browser.post("/login/code", ["challenge": String(challenge), "code": "123456"])
            #expect(bad.status == .unprocessableContent && bad.text.contains("id=\"code-error\""))
            clock.advance(seconds: 30)
            let good = try await browser.post("/login/code", ["challenge": String(challenge), "code": try Self.code(from: setup.text, at: clock.now)])
            #expect(good.status == .seeOther && good.location == "/")
            #expect(try await browser.get("/settings").status == .ok)
            // The challenge is spent; the same code is not good twice.
            #expect(try await browser.post("/login/code", ["challenge": String(challenge), "code": try Self.code(from: setup.text, at: clock.now)]).text
                .contains("Please log in again"))
            let again = try await member.another().post("/login", ["pseudonym": "Careful", "password": "correct horse"])
            let second = try #require(again.text.firstMatch(of: /name="challenge" value="([A-Za-z0-9_-]+)"/)?.1)
            #expect(try await member.another().post("/login/code", ["challenge": String(second), "code": try Self.code(from: setup.text, at: clock.now)]).status
                == .unprocessableContent, "a code already used is refused")
            // A recovery code, typed loosely, signs in once.
            let loose = (recovery.first ?? "").lowercased().replacingOccurrences(of: "-", with: " ")
            #expect(try await member.another().post("/login/code", ["challenge": String(second), "code": loose]).status == .seeOther)
            let third = try #require(try await member.another().post("/login", ["pseudonym": "Careful", "password": "correct horse"]).text
                .firstMatch(of: /name="challenge" value="([A-Za-z0-9_-]+)"/)?.1)
            #expect(try await member.another().post("/login/code", ["challenge": String(third), "code": recovery.first ?? ""]).status == .unprocessableContent)
            #expect(try await member.get("/settings/two-step").text.contains("Recovery codes left: 9 of 10."))

            // The API takes the code in the same call.
            let missing = try await member.another().api(.post, "/api/v1/sessions", json: ["pseudonym": "Careful", "password": "correct horse"])
            #expect(missing.status == .unprocessableContent && missing.errorField == "code")
            clock.advance(seconds: 30)
            let api = try await member.another().api(.post, "/api/v1/sessions", json: ["pseudonym": "Careful", "password": "correct horse",
                                                                                        "code": try Self.code(from: setup.text, at: clock.now)])
            #expect(api.status == .created)

            // Off takes the password and a code.
            clock.advance(seconds: 30)
            #expect(try await member.post("/settings/two-step/disable", ["password": "wrong", "code": try Self.code(from: setup.text, at: clock.now)]).status
                == .unprocessableContent)
            #expect(try await member.post("/settings/two-step/disable", ["password": "correct horse", "code": "999999"]).status == .unprocessableContent)
            #expect(try await member.post("/settings/two-step/disable", ["password": "correct horse", "code": recovery.last ?? ""]).location
                == "/settings/two-step?done=two-step-off")
            #expect(try await member.another().post("/login", ["pseudonym": "Careful", "password": "correct horse"]).status == .seeOther)
            #expect(try await RecoveryCode.query(on: member.database.db).count() == 0)
        }
    }

    @Test func guessingCodesIsStoppedPerChallengeAndPerMember() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { member in
            try await member.joinBoth("Guarded")
            let setup = try await member.post("/settings/two-step/start", [:])
            _ = try await member.post("/settings/two-step/confirm", ["code": try Self.code(from: setup.text, at: clock.now), "password": "correct horse"])
            let attacker = member.another()
            var answers: [String] = []
            for _ in 0..<3 {
                let page = try await attacker.post("/login", ["pseudonym": "Guarded", "password": "correct horse"])
                let challenge = String(try #require(page.text.firstMatch(of: /name="challenge" value="([A-Za-z0-9_-]+)"/)?.1))
                for guess in 0..<6 {
                    let reply = try await attacker.post("/login/code", ["challenge": challenge, "code": String(format: "%06d", guess)])
                    answers.append(reply.status == .seeOther ? "in" : reply.status == .tooManyRequests ? "wait"
                                   : reply.text.contains("Please log in again") ? "again" : "wrong")
                }
            }
            // Five tries per challenge (the sixth sends back to the password), ten wrong codes per member
            // in the window (then a wait), whatever the number of fresh password logins.
            #expect(!answers.contains("in") && answers.contains("wait") && answers.contains("again"), "\(answers)")
            #expect(answers.filter { $0 == "wrong" }.count == 10, "\(answers)")
            #expect(Array(answers.prefix(6)) == ["wrong", "wrong", "wrong", "wrong", "wrong", "again"])
        }
    }

    @Test func teamPagesWaitForTwoStepSignIn() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { admin in
            try await admin.joinBoth("New Admin")
            // The role given as `peercircle admin create` does: no two-step yet.
            let user = try #require(try await User.query(on: admin.database.db).filter(\.$pseudonymKey == User.key(for: "New Admin")).first())
            for role in [Role.admin, .moderator, .responder] { try await UserRole(userID: user.requireID(), role: role).create(on: admin.database.db) }
            try await DataVersion.bump(.accounts, on: admin.database.db)
            admin.caches.changed(.accounts)
            let home = try await admin.get("/").text
            #expect(home.contains("Your team pages open once two-step sign-in is on.") && !home.contains(">Team<"))
            for path in ["/admin/roles", "/moderation", "/responders", "/admin/safety", "/admin/outcomes"] {
                #expect(try await admin.get(path).status == .notFound, "\(path)")
            }
            #expect(try await admin.api(.get, "/api/v1/moderation/queue").status == .notFound)
            #expect(try await admin.api(.get, "/api/v1/me/two-step").json()["required"] as? Bool == true)
            #expect(try await admin.get("/settings/two-step").text.contains("Your team role waits for this"))
            let setup = try await admin.post("/settings/two-step/start", [:])
            _ = try await admin.post("/settings/two-step/confirm", ["code": try Self.code(from: setup.text, at: clock.now), "password": "correct horse"])
            #expect(try await admin.get("/admin/roles").status == .ok)
            #expect(try await admin.api(.get, "/api/v1/me").status == .unauthorized, "other devices were signed out")
            #expect(!(try await admin.get("/").text.contains("Your team pages open once")))
        }
    }

    @Test func aResponderWithoutTwoStepIsNeverAlerted() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { asker in
            try await asker.joinBoth("Alone Asker")
            let locked = asker.another(), verified = asker.another()
            try await locked.joinBoth("Locked Responder")
            try await verified.joinBoth("Verified Responder")
            let lockedUser = try #require(try await User.query(on: asker.database.db).filter(\.$pseudonymKey == User.key(for: "Locked Responder")).first())
            try await UserRole(userID: lockedUser.requireID(), role: .responder).create(on: asker.database.db)
            try await asker.grant(.responder, to: "Verified Responder")
            _ = try await asker.post("/sos", ["need": "talk", "message": ""])
            let told = try await AlertRecipient.query(on: asker.database.db).all().map { $0.$user.id }
            let lockedID = try lockedUser.requireID()
            #expect(told.count == 1 && !told.contains(lockedID), "only the responder with two-step sign-in on is alerted")
        }
    }

    @Test func theDevicesListSignsOutOneOrAllOthersAndOnlyOnesOwn() async throws {
        try await TestApp.run { member in
            try await member.joinBoth("Many Devices")
            let phone = member.another(), other = member.another()
            #expect(try await phone.post("/login", ["pseudonym": "Many Devices", "password": "correct horse"]).status == .seeOther)
            try await other.joinBoth("Someone Else")
            let page = try await member.get("/settings/devices").text
            #expect(page.contains("App or API") && page.contains("this device") && page.contains("Sign out everywhere else"), "\(page.suffix(1200))")
            let devices = try await member.api(.get, "/api/v1/me/sessions").jsonList()
            #expect(devices.count == 3 && devices.filter { $0["current"] as? Bool == true }.count == 1)
            let newest = try #require(try await Session.query(on: member.database.db).filter(\.$kind == .web).sort(\.$createdAt, .descending).all()
                .first { session in devices.contains { $0["id"] as? String == session.id?.uuidString.lowercased() } })
            let phoneID = try newest.requireID().uuidString.lowercased()
            // Another member cannot sign my phone out.
            #expect(try await other.api(.delete, "/api/v1/me/sessions/\(phoneID)").status == .notFound)
            #expect(try await other.post("/settings/devices/\(phoneID)/sign-out", [:]).status == .notFound)
            #expect(try await phone.get("/settings").status == .ok)
            #expect(try await member.post("/settings/devices/\(phoneID)/sign-out", [:]).location == "/settings/devices?done=device-signed-out")
            #expect(try await phone.get("/settings").location?.hasPrefix("/login") == true)
            #expect(try await member.api(.post, "/api/v1/me/sessions/end-others").status == .noContent)
            #expect(try await member.get("/settings").location?.hasPrefix("/login") == true, "the web session was another device to the API")
            #expect(try await member.api(.get, "/api/v1/me/sessions").jsonList().count == 1)
        }
    }
}
