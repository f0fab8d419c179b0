import FluentKit
import Foundation
import Testing
@testable import PeerCircle

/// A real mailer and a real SMTP server: `.ci/run` installs msmtp, points a sendmail-compatible
/// wrapper at an aiosmtpd sink on loopback that writes a Maildir, and names both here. Without them
/// (a developer's machine) the suite says it is skipped.
enum DeliveredMail {
    static let sendmail = ProcessInfo.processInfo.environment["PEERCIRCLE_TEST_SENDMAIL"] ?? ""
    static let maildir = ProcessInfo.processInfo.environment["PEERCIRCLE_TEST_MAILDIR"] ?? ""
    static var configured: Bool { !sendmail.isEmpty && !maildir.isEmpty }

    /// The delivered message to `address`, waiting up to ten seconds for the sink to write it.
    static func message(to address: String) async throws -> String? {
        let folder = URL(fileURLWithPath: maildir).appendingPathComponent("new")
        for _ in 0..<100 {
            let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
            for file in files {
                let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
                if text.contains("\nTo: \(address)\n") { return text }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }
}

@Suite(.enabled(if: DeliveredMail.configured, "needs PEERCIRCLE_TEST_SENDMAIL and PEERCIRCLE_TEST_MAILDIR (.ci/run sets them)"))
struct DeliveredMailTests {
    typealias S = NotificationSupport

    @Test func aNotificationArrivesThroughARealMailerDiscreetAndWithItsOneClickUnsubscribe() async throws {
        let clock = ManualClock(instant("2026-06-15T16:00:00Z"))
        try await TestApp.run(now: clock, configure: S.configure) { writer in
            try await writer.joinBoth("Mail Writer")
            try await writer.grant(.mentor, to: "Mail Writer")
            let reader = writer.another()
            // Unique per run: the SQLite and PostgreSQL runs share the sink.
            let address = "reader-\(UUID().uuidString.lowercased().prefix(8))@example.org"
            try await S.join(reader, "Mail Reader", email: address)
            _ = try await S.write(writer, to: "Mail Reader", "the craving was bad after the meeting")
            let relay = MailRelay(deps: try S.deps(writer, clock), program: DeliveredMail.sendmail, from: "Harbour Circle <no-reply@circle.example.org>")
            #expect(try await relay.drain() == 1)
            let delivered = try #require(try await DeliveredMail.message(to: address), "nothing reached the sink")
            let parts = delivered.components(separatedBy: "\n\n")
            let headers = "\n" + (parts.first ?? "") + "\n", body = parts.dropFirst().joined(separator: "\n\n")
            #expect(headers.contains("\nFrom: Harbour Circle <no-reply@circle.example.org>\n"))
            #expect(headers.contains("\nSubject: Someone would like to write to you on PeerCircle\n"))
            #expect(headers.contains("\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\n"))
            let unsubscribe = try #require(headers.firstMatch(of: /\nList-Unsubscribe: <([^>]+)>\n/)?.1)
            #expect(unsubscribe.hasPrefix("\(S.site)/unsubscribe/") && unsubscribe.hasSuffix("/message_request"))
            #expect(headers.contains("\nContent-Type: text/plain; charset=utf-8\n"))
            #expect(!delivered.contains("craving") && !delivered.contains("Mail Writer"), "nothing of the message or its writer")
            #expect(body.contains("\(S.site)/notifications/") && body.contains(String(unsubscribe)))

            // The mail client's one click, as RFC 8058 has it: a POST to that address, no cookie.
            let done = try await writer.another().post(String(unsubscribe.dropFirst(S.site.count)), [("List-Unsubscribe", "One-Click")], csrf: false)
            #expect(done.status == .ok)
            let user = try #require(try await User.query(on: reader.database.db).filter(\.$pseudonymKey == User.key(for: "Mail Reader")).first())
            let chosen = try await NotificationPreference.query(on: reader.database.db).filter(\.$user.$id == user.requireID()).all()
            // The email stops; the push the kind had by default stays.
            #expect(chosen.map(\.kind) == [.messageRequest] && chosen.map(\.channel) == [.push])
        }
    }
}
