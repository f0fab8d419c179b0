import FluentKit
import Foundation
import Logging
import NIOPosix
import ServiceLifecycle

/// Sends the email outbox through a sendmail-compatible program (Postfix, Exim, msmtp…) when the
/// operator names one with `PEERCIRCLE_SENDMAIL`; each message goes to `PROGRAM -t -i` on its
/// standard input. Without it the outbox waits for the operator's own relay (see README, "Email").
struct MailRelay: Sendable {
    let deps: AppDependencies
    let program: String
    let from: String
    var logger = Logger(label: "peercircle.mail")

    /// Sends what is waiting, oldest first; stops at the first failure and tries again next round.
    /// Returns how many were sent.
    @discardableResult
    func drain(limit: Int = 50) async throws -> Int {
        let waiting = try await EmailOutbox.query(on: deps.db).filter(\.$sentAt == nil).sort(\.$createdAt).limit(limit).all()
        var sent = 0
        for mail in waiting {
            // Several instances may drain one outbox: each message is claimed for a while first, so
            // only one of them sends it (a claim that outlives a crash lapses and another tries).
            guard try await EmailOutbox.claim(try mail.requireID(), now: deps.now(), on: deps.db) else { continue }
            let message = Self.message(mail, from: from, date: deps.now())
            let status = try await Self.run(program, input: message)
            guard status == 0 else {
                // Free it at once, so the next round (here or on another instance) tries again.
                try await EmailOutbox.query(on: deps.db).filter(\.$id == mail.requireID()).set(\.$claimedUntil, to: nil).update()
                // No address or text in the log: only that the program refused.
                logger.warning("the mail program exited with status \(status); will try again", metadata: ["program": .string(program)])
                break
            }
            // Delivered: nothing of it (a reset link, an address) stays on this server.
            try await mail.delete(on: deps.db)
            sent += 1
        }
        return sent
    }

    /// An RFC 5322 message in UTF-8. Header values lose any line breaks, so nothing can add a header.
    static func message(_ mail: EmailOutbox, from: String, date: Date) -> Data {
        // By scalar, not by Character: "\r\n" is one Character, equal to neither "\r" nor "\n".
        func clean(_ value: String) -> String {
            String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.properties.generalCategory != .control && $0 != "\u{2028}" && $0 != "\u{2029}" }))
        }
        let subject = clean(mail.subject)
        let encodedSubject = subject.allSatisfy(\.isASCII) ? subject : "=?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?="
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .gmt
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        var headers = [
            "From: \(clean(from))", "To: \(clean(mail.to))", "Subject: \(encodedSubject)",
            "Date: \(formatter.string(from: date))", "Message-ID: <\(mail.id?.uuidString.lowercased() ?? UUID().uuidString.lowercased())@peercircle>",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
        ]
        // One-click unsubscribe (RFC 8058): the mail client posts "List-Unsubscribe=One-Click" to the address.
        if let url = mail.unsubscribeURL.map(clean), url.hasPrefix("https://") || url.hasPrefix("http://"), !url.contains(">") {
            headers += ["List-Unsubscribe: <\(url)>", "List-Unsubscribe-Post: List-Unsubscribe=One-Click"]
        }
        let body = mail.body.replacingOccurrences(of: "\r\n", with: "\n")
        return Data((headers.joined(separator: "\n") + "\n\n" + body + "\n").utf8)
    }

    /// The status `run` reports for a program it had to stop.
    static let timedOut: Int32 = -1

    /// Runs the program off the event loops and returns its exit status; one that hangs is stopped
    /// after `timeout` and counts as a failure, so the outbox never stalls behind it.
    static func run(_ program: String, input: Data, timeout: Duration = .seconds(30)) async throws -> Int32 {
        try await NIOThreadPool.singleton.runIfActive {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = ["-t", "-i"]
            let stdin = Pipe()
            process.standardInput = stdin
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let finished = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in finished.signal() }
            try process.run()
            stdin.fileHandleForWriting.write(input)
            try stdin.fileHandleForWriting.close()
            let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
            if finished.wait(timeout: .now() + seconds) == .timedOut {
                process.terminate()
                finished.wait()
                return Self.timedOut
            }
            return process.terminationStatus
        }
    }
}

/// Drains the outbox every few seconds while the server runs.
struct MailRelayService: Service {
    let relay: MailRelay
    var interval: Duration = .seconds(10)

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await relay.drain() } catch { relay.logger.warning("could not read the email outbox") }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
