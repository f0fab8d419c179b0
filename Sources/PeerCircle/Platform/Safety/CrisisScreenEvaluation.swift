import Foundation

/// Scores the screen against a labelled file (`label<TAB>text`, labels `crisis` / `ok`, `#` comments).
public struct CrisisScreenEvaluation: Sendable {
    public var missed: [String] = []
    public var falseAlarms: [String] = []
    public var crisisCount = 0
    public var okCount = 0

    public var recall: Double { crisisCount == 0 ? 1 : Double(crisisCount - missed.count) / Double(crisisCount) }
    public var falseAlarmRate: Double { okCount == 0 ? 0 : Double(falseAlarms.count) / Double(okCount) }
    /// The line the CLI ends with.
    public var summary: String { String(format: "recall=%.2f false_alarms=%.2f", recall, falseAlarmRate) }

    public struct BadLine: Error, CustomStringConvertible {
        public let number: Int
        public var description: String { "line \(number): expected 'crisis' or 'ok', a tab, then the text" }
    }

    public static func run(_ text: String, screen: CrisisScreen = CrisisScreen()) throws -> CrisisScreenEvaluation {
        var result = CrisisScreenEvaluation()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = raw.split(separator: "\t", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, ["crisis", "ok"].contains(parts[0].lowercased()), !parts[1].isEmpty else { throw BadLine(number: index + 1) }
            let fired = screen.fires(parts[1])
            if parts[0].lowercased() == "crisis" {
                result.crisisCount += 1
                if !fired { result.missed.append(parts[1]) }
            } else {
                result.okCount += 1
                if fired { result.falseAlarms.append(parts[1]) }
            }
        }
        return result
    }
}
