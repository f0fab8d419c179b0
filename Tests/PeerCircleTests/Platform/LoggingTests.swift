import Foundation
import Logging
import Synchronization
import Testing
@testable import PeerCircle

/// Where captured lines go; shared by every copy of the handler.
final class LogLines: Sendable {
    let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}

/// Collects every log line an app writes. A value type, as swift-log expects: the app lowers or
/// raises levels on its own copies.
struct LogCapture: LogHandler {
    let store: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        let all = self.metadata.merging(metadata ?? [:]) { $1 }
        store.lines.withLock { $0.append("\(level) \(message) \(all)") }
    }
}

@Suite struct LoggingTests {
    @Test func logsCarryRequestIDsAndNeverHealthDataEvenAtTrace() async throws {
        let capture = LogLines()
        var logger = Logger(label: "capture") { _ in LogCapture(store: capture) }
        logger.logLevel = .trace
        try await TestApp.run(configure: { $0.logLevel = "trace" }, logger: logger) { client in
            try await client.joinAPI("Logged Member")
            let checkIn = try await client.api(.post, "/api/v1/check-ins", json: [
                "mood": 1, "craving": 9, "sober": "no", "note": "relapsed-after-funeral", "gratitude": "sister-named-Ana",
            ])
            #expect(checkIn.status == .created)
            #expect(checkIn.headers[.init("X-Request-Id")!] != nil)
            let clock = try await client.api(.post, "/api/v1/clocks", json: ["kind": "opioids", "label": "heroin-free", "started_on": "2026-06-01"])
            #expect(clock.status == .created)
        }
        let text = capture.text
        #expect(text.contains("hb.request.id"))
        for secret in ["relapsed-after-funeral", "sister-named-Ana", "heroin-free", "correct horse"] {
            #expect(!text.contains(secret), "\(secret) reached the logs")
        }
    }
}
