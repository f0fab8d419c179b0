import ArgumentParser
import Foundation

/// PeerCircle's benchmarks; each reports figures, none asserts a time. Run in a release build:
/// `swift run -c release peercircle-bench rooms` and `… peercircle-bench matching`.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peercircle-bench", abstract: "PeerCircle benchmarks.",
        subcommands: [RoomFanOut.self, RoomServer.self, CrisisBench.self, MatchingBench.self, SearchBench.self, MarkdownBench.self, ReadBench.self], defaultSubcommand: RoomFanOut.self)
}

/// Prints at once, even when standard output is a pipe.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// The value at fraction `p` of sorted nanosecond samples, in milliseconds.
func milliseconds(_ p: Double, of sorted: [UInt64]) -> String {
    guard !sorted.isEmpty else { return "-" }
    return String(format: "%.2f", Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1_000_000)
}
