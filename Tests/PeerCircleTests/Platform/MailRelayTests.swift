import FluentKit
import Foundation
import Testing
@testable import PeerCircle

@Suite struct MailRelayTests {
    /// A stand-in for sendmail: appends each message it is given to `out`, or fails with `status`.
    static func program(writingTo out: URL, status: Int = 0) throws -> String {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("sendmail-\(UUID().uuidString).sh")
        try "#!/bin/sh\n[ \"$1 $2\" = \"-t -i\" ] || exit 64\ncat >> '\(out.path)'\necho '=== end' >> '\(out.path)'\nexit \(status)\n"
            .write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script.path
    }

    static func relay(_ client: Client, program: String) throws -> MailRelay {
        let deps = AppDependencies(database: client.database, configuration: AppConfiguration(), crisisLines: try CrisisDirectory(file: nil),
                                   now: { instant("2026-06-15T12:00:00Z") }, passwordCost: 4)
        return MailRelay(deps: deps, program: program, from: "PeerCircle <no-reply@circle.example.org>")
    }

    @Test func theOutboxGoesOutThroughSendmailOnceAndWaitsWhenItFails() async throws {
        try await TestApp.run { member in
            #expect(try await member.post("/join", ["pseudonym": "Mailed", "password": "correct horse", "email": "mailed@example.org"]).status == .seeOther)
            _ = try await member.another().api(.post, "/api/v1/password-resets", json: ["account": "Mailed"])
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID().uuidString).txt")

            // A refusing program leaves the message waiting.
            #expect(try await Self.relay(member, program: Self.program(writingTo: out, status: 75)).drain() == 0)
            #expect(try await EmailOutbox.query(on: member.database.db).filter(\.$sentAt == nil).count() == 1)

            try? FileManager.default.removeItem(at: out)
            let relay = try Self.relay(member, program: Self.program(writingTo: out))
            #expect(try await relay.drain() == 1)
            #expect(try await relay.drain() == 0)
            let sent = try String(contentsOf: out, encoding: .utf8)
            #expect(sent.contains("From: PeerCircle <no-reply@circle.example.org>\nTo: mailed@example.org\nSubject: Set a new PeerCircle password\n"))
            #expect(sent.contains("Date: Mon, 15 Jun 2026 12:00:00 +0000") && sent.contains("Content-Type: text/plain; charset=utf-8"))
            #expect(sent.contains("/reset-password/") && sent.components(separatedBy: "=== end").count == 2)
            #expect(try await EmailOutbox.query(on: member.database.db).filter(\.$sentAt == nil).count() == 0)
        }
    }

    @Test func twoInstancesDrainingOneOutboxSendEachMessageOnce() async throws {
        try await TestApp.run { member in
            for i in 0..<12 {
                try await EmailOutbox.queue(to: "p\(i)@example.org", subject: "Hello \(i)", body: "Body \(i)",
                                            at: instant("2026-06-15T11:00:00Z").addingTimeInterval(Double(i)), on: member.database.db)
            }
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID().uuidString).txt")
            let program = try Self.program(writingTo: out)
            let first = try Self.relay(member, program: program), second = try Self.relay(member, program: program)
            async let a = first.drain()
            async let b = second.drain()
            let total = try await a + b
            #expect(total == 12)
            let sent = try String(contentsOf: out, encoding: .utf8)
            #expect(sent.components(separatedBy: "=== end").count - 1 == 12, "each message sent once")
            #expect(try await EmailOutbox.query(on: member.database.db).count() == 0)
        }
    }

    @Test func aMailProgramThatHangsIsStoppedAndCountsAsAFailure() async throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("hang-\(UUID().uuidString).sh")
        try "#!/bin/sh\ncat > /dev/null\nexec sleep 30\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        // Left alone, the program would exit 0 after 30 s; stopped, it reports the timeout.
        #expect(try await MailRelay.run(script.path, input: Data("x".utf8), timeout: .milliseconds(300)) == MailRelay.timedOut)
    }

    @Test func headersCannotBeInjectedAndOtherAlphabetsAreEncoded() {
        let mail = EmailOutbox()
        mail.to = "victim@example.org\nBcc: everyone@example.org"
        mail.subject = "Ваш пароль\r\nX-Evil: 1"
        mail.body = "Hello"
        let text = String(decoding: MailRelay.message(mail, from: "PeerCircle <a@b.org>", date: instant("2026-06-15T12:00:00Z")), as: UTF8.self)
        let headers = text.components(separatedBy: "\n\n")[0].split(separator: "\n")
        #expect(!headers.contains { $0.hasPrefix("Bcc:") || $0.hasPrefix("X-Evil:") })
        #expect(headers.contains { $0.hasPrefix("Subject: =?UTF-8?B?") })
    }
}
