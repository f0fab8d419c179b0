import ArgumentParser
import Foundation
import PeerCircle

/// `peercircle-bench crisis`: what screening costs per message (it runs on every chat line), for
/// realistic messages of about 2 000 characters built from the labelled set, and the one-off cost
/// of training the model when the first message is screened.
struct CrisisBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "crisis", abstract: "Crisis screen cost per message.")

    @Option(help: "Messages to screen.") var messages = 2_000

    func run() throws {
        let started = DispatchTime.now().uptimeNanoseconds
        _ = PublicMarkdown.screen("warming up")
        let training = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
        let lines = CrisisScreenEvaluation.shippedLines()
        guard !lines.isEmpty else { throw ValidationError("the labelled set is not in the bundle") }
        for size in [2_000, 200] {
            // Messages of `size` characters: consecutive labelled lines joined, starting at each line in turn.
            var texts: [String] = []
            for start in 0..<messages {
                var text = ""
                var index = (start * 7) % lines.count
                while text.count < size { text += lines[index] + " "; index = (index + 1) % lines.count }
                texts.append(String(text.prefix(size)))
            }
            var samples: [UInt64] = []
            var fired = 0
            for text in texts {
                let t0 = DispatchTime.now().uptimeNanoseconds
                if PublicMarkdown.screen(text) { fired += 1 }
                samples.append(DispatchTime.now().uptimeNanoseconds - t0)
            }
            samples.sort()
            func micro(_ p: Double) -> Double { Double(samples[min(samples.count - 1, Int(Double(samples.count) * p))]) / 1_000 }
            say(String(format: "%d messages of %d characters: p50 %.0f µs, p95 %.0f µs, p99 %.0f µs, max %.0f µs (%d fired)",
                         samples.count, size, micro(0.5), micro(0.95), micro(0.99), micro(1), fired))
        }
        say(String(format: "model training (first screen): %.0f ms", training))
    }
}
