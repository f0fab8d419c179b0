import FluentKit
import Foundation
import Testing
@testable import PeerCircle

@Suite struct PasswordResetTests {
    /// The reset links in the outbox for `address`, newest last.
    static func links(to address: String, in client: Client) async throws -> [String] {
        try await EmailOutbox.query(on: client.database.db).filter(\.$to == address).sort(\.$createdAt).all().compactMap { mail in
            mail.body.split(separator: "\n").first { $0.contains("/reset-password/") }.map { String($0) }
        }
    }

    static func logIn(_ client: Client, _ pseudonym: String, _ password: String) async throws -> Bool {
        try await client.api(.post, "/api/v1/sessions", json: ["pseudonym": pseudonym, "password": password]).status == .created
    }

    @Test func aForgottenPasswordIsResetByEmailOnceAndEveryDeviceIsLoggedOut() async throws {
        try await TestApp.run(configure: { $0.publicURL = "https://circle.example.org" }) { member in
            #expect(try await member.post("/join", ["pseudonym": "Forgetful", "password": "correct horse", "email": "Me@Example.org"]).status == .seeOther)
            let phone = member.another()
            try await phone.post("/login", ["pseudonym": "Forgetful", "password": "correct horse"])
            #expect(try await phone.get("/").text.contains("Log out"))

            let visitor = member.another()
            #expect(try await visitor.get("/login").text.contains("href=\"/forgot-password\""))
            let empty = try await visitor.post("/forgot-password", ["account": "  "])
            #expect(empty.status == .unprocessableContent && empty.text.contains("id=\"account-error\""))
            let sent = try await visitor.post("/forgot-password", ["account": "forgetful"])
            #expect(sent.status == .ok && sent.text.contains("is on its way"))
            let link = try #require(try await Self.links(to: "Me@Example.org", in: member).last)
            #expect(link.hasPrefix("https://circle.example.org/reset-password/"))
            let path = String(link.dropFirst("https://circle.example.org".count))

            #expect(try await visitor.get(path).text.contains("Choose a new password"))
            // Too short: said next to the field, and nothing changes.
            let short = try await visitor.post(path, ["password": "short"])
            #expect(short.status == .unprocessableContent && short.text.contains("id=\"password-error\""))
            #expect(try await Self.logIn(member.another(), "Forgetful", "correct horse"))
            let done = try await visitor.post(path, ["password": "a brand new phrase"])
            #expect(done.status == .seeOther && done.location == "/login?done=password-reset")
            #expect(try await visitor.get("/login?done=password-reset").text.contains("Your new password is set"))
            #expect(try await Self.logIn(member.another(), "Forgetful", "a brand new phrase"))
            // The member is told, in case it wasn't them.
            let told = try await EmailOutbox.query(on: member.database.db).filter(\.$to == "Me@Example.org").all().map(\.subject)
            #expect(told == ["Set a new PeerCircle password", "Your PeerCircle password was changed"])
            let oldWorks = try await Self.logIn(member.another(), "Forgetful", "correct horse")
            #expect(!oldWorks)
            // Every device was logged out, and the link works once.
            #expect(!(try await phone.get("/").text.contains("Log out")))
            #expect(try await visitor.get(path).status == .notFound)
            let again = try await visitor.post(path, ["password": "yet another phrase"])
            #expect(again.status == .notFound && again.text.contains("expired or was already used"))
            #expect(try await Self.logIn(member.another(), "Forgetful", "a brand new phrase"))
        }
    }

    @Test func theAnswerNeverRevealsWhetherAnAccountExistsAndInboxesAreNotFlooded() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { member in
            try await member.post("/join", ["pseudonym": "NoEmail", "password": "correct horse"])
            for name in ["Twin1", "Twin2"] {
                try await member.another().post("/join", ["pseudonym": name, "password": "correct horse", "email": "shared@example.org"])
            }
            let asker = member.another()
            let unknown = try await asker.api(.post, "/api/v1/password-resets", json: ["account": "Nobody"])
            let noEmail = try await asker.api(.post, "/api/v1/password-resets", json: ["account": "NoEmail"])
            #expect(unknown.status == .accepted && noEmail.status == .accepted && unknown.text == noEmail.text)
            #expect(try await EmailOutbox.query(on: member.database.db).count() == 0)
            #expect(try await asker.api(.post, "/api/v1/password-resets", json: ["account": ""]).errorField == "account")
            // An email address finds every account that gave it (case aside); each link names its pseudonym.
            #expect(try await asker.api(.post, "/api/v1/password-resets", json: ["account": "SHARED@example.org"]).status == .accepted)
            let bodies = try await EmailOutbox.query(on: member.database.db).all().map(\.body)
            #expect(bodies.count == 2 && bodies.contains { $0.contains("\"Twin1\"") } && bodies.contains { $0.contains("\"Twin2\"") })
            // Without PEERCIRCLE_PUBLIC_URL the link is the path to open on this PeerCircle.
            #expect(try await Self.links(to: "shared@example.org", in: member).allSatisfy { $0.hasPrefix("/reset-password/") })
            // Three links an hour per account, then quiet (the answer stays the same).
            for _ in 0..<4 { _ = try await asker.api(.post, "/api/v1/password-resets", json: ["account": "Twin1"]) }
            let twin1 = try await EmailOutbox.query(on: member.database.db).all().filter { $0.body.contains("\"Twin1\"") }
            #expect(twin1.count == 3)

            // A link older than an hour no longer works; the API says which field.
            let token = String(try #require(try await Self.links(to: "shared@example.org", in: member).first).split(separator: "/").last!)
            clock.advance(seconds: 61 * 60)
            let late = try await asker.api(.post, "/api/v1/password-resets/complete", json: ["token": token, "password": "a brand new phrase"])
            #expect(late.status == .unprocessableContent && late.errorField == "token")
            let unchanged = try await Self.logIn(member.another(), "Twin1", "correct horse")
            #expect(unchanged)
            // A fresh one does, through the API too.
            _ = try await asker.api(.post, "/api/v1/password-resets", json: ["account": "Twin2"])
            let fresh = String(try #require(try await EmailOutbox.query(on: member.database.db).sort(\.$createdAt).all().last?.body
                .split(separator: "\n").first { $0.contains("/reset-password/") }).split(separator: "/").last!)
            #expect(try await asker.api(.post, "/api/v1/password-resets/complete", json: ["token": fresh, "password": "short"]).errorField == "password")
            #expect(try await asker.api(.post, "/api/v1/password-resets/complete", json: ["token": fresh, "password": "a brand new phrase"]).status == .noContent)
            #expect(try await Self.logIn(member.another(), "Twin2", "a brand new phrase"))
            #expect(try await asker.api(.post, "/api/v1/password-resets/complete", json: ["token": "made-up", "password": "a brand new phrase"]).errorField == "token")
        }
    }
}
