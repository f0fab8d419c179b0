import Foundation

/// A labelled set for the crisis screen: one `LABEL[:CATEGORY]<TAB>TEXT` per line, LABEL `crisis`
/// or `ok`, CATEGORY the kind of danger (wish, method, overdose…) or of hard negative (past, news…);
/// `#` starts a comment.
public struct CrisisLabelledSet: Sendable {
    public struct Example: Sendable, Equatable {
        public let crisis: Bool
        public let category: String
        public let text: String
    }

    public let examples: [Example]

    public struct BadLine: Error, CustomStringConvertible {
        public let number: Int
        public var description: String { "line \(number): expected 'crisis' or 'ok' (optionally ':category'), a tab, then the text" }
    }

    public init(examples: [Example]) { self.examples = examples }

    public init(_ text: String) throws {
        var examples: [Example] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = raw.split(separator: "\t", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let head = parts.first, let body = parts.last, !body.isEmpty else { throw BadLine(number: index + 1) }
            let label = head.split(separator: ":", maxSplits: 1).map { $0.lowercased() }
            guard let kind = label.first, kind == "crisis" || kind == "ok" else { throw BadLine(number: index + 1) }
            examples.append(Example(crisis: kind == "crisis", category: label.count > 1 ? label.last ?? "" : "", text: body))
        }
        self.examples = examples
    }

    /// One line of the file format; tabs and line breaks in the text become spaces.
    public static func line(crisis: Bool, category: String, text: String) -> String {
        let flat = text.map { $0 == "\t" || $0.isNewline ? " " : String($0) }.joined()
        return (crisis ? "crisis" : "ok") + (category.isEmpty ? "" : ":" + category) + "\t" + flat
    }
}

/// Scores the screen against a labelled set: recall on crisis lines, false alarms on ok lines, and both per category.
public struct CrisisScreenEvaluation: Sendable {
    public struct Tally: Sendable {
        public var total = 0
        public var wrong = 0
        public var rate: Double { total == 0 ? 0 : Double(wrong) / Double(total) }
    }

    public var missed: [CrisisLabelledSet.Example] = []
    public var falseAlarms: [(example: CrisisLabelledSet.Example, finding: CrisisScreen.Finding)] = []
    public var crisisCount = 0
    public var okCount = 0
    /// Per category: lines, and misses (crisis) or false alarms (ok).
    public var byCategory: [String: Tally] = [:]

    public var recall: Double { crisisCount == 0 ? 1 : Double(crisisCount - missed.count) / Double(crisisCount) }
    public var falseAlarmRate: Double { okCount == 0 ? 0 : Double(falseAlarms.count) / Double(okCount) }
    /// The line the CLI ends with.
    public var summary: String { String(format: "recall=%.3f false_alarms=%.3f", recall, falseAlarmRate) }

    public static func run(_ text: String, screen: CrisisScreen = CrisisScreen()) throws -> CrisisScreenEvaluation {
        run(try CrisisLabelledSet(text), screen: screen)
    }

    /// The concept rules alone, without the learned model.
    public static func runRulesOnly(_ set: CrisisLabelledSet) -> CrisisScreenEvaluation {
        run(set, screen: CrisisScreen(model: nil))
    }

    /// The texts of the labelled set shipped with PeerCircle (for the benchmark).
    public static func shippedLines() -> [String] {
        guard let url = Bundle.module.url(forResource: "tuning", withExtension: "tsv", subdirectory: "Resources/crisis"),
              let text = try? String(contentsOf: url, encoding: .utf8), let set = try? CrisisLabelledSet(text) else { return [] }
        return set.examples.map(\.text)
    }

    /// What the screen sees in `text`, line by line, for whoever tunes it.
    public static func explain(_ text: String) -> [String] {
        let screen = CrisisScreen()
        let analysis = screen.analyse(text)
        var lines = analysis.sentences.map { "words: " + $0.joined(separator: " ") }
        lines += analysis.kept.map { "kept: \($0.concept.rawValue) — \($0.words)" }
        lines += analysis.distanced.map { "at a distance: \($0.rawValue)" }
        lines += analysis.flags.sorted().map { "flag: " + $0 }
        if let model = screen.model { lines.append(String(format: "model: p=%.2f (fires from %.2f)", model.probability(analysis), model.threshold)) }
        lines.append("rules: " + (screen.judge(analysis.kept).map { "\($0.category.rawValue) — \($0.reason): \($0.phrase)" } ?? "nothing"))
        lines.append("decision: " + (screen.evaluate(text).map { "\($0.category.rawValue) — \($0.reason)" } ?? "no concern"))
        return lines
    }

    /// The threshold the shipped model fires from (chosen by cross-validation on its training set).
    public static var modelThreshold: Double? { CrisisScreen.trained?.threshold }

    public static func run(_ set: CrisisLabelledSet, screen: CrisisScreen = CrisisScreen()) -> CrisisScreenEvaluation {
        var result = CrisisScreenEvaluation()
        for example in set.examples {
            let finding = screen.evaluate(example.text)
            let key = (example.crisis ? "crisis:" : "ok:") + (example.category.isEmpty ? "-" : example.category)
            result.byCategory[key, default: Tally()].total += 1
            if example.crisis {
                result.crisisCount += 1
                if finding == nil { result.missed.append(example); result.byCategory[key, default: Tally()].wrong += 1 }
            } else {
                result.okCount += 1
                if let finding { result.falseAlarms.append((example, finding)); result.byCategory[key, default: Tally()].wrong += 1 }
            }
        }
        return result
    }

    /// Per-category lines: recall for crisis categories, false-alarm rate for ok ones.
    public var report: [String] {
        byCategory.keys.sorted().compactMap { key in
            guard let tally = byCategory[key] else { return nil }
            let crisis = key.hasPrefix("crisis:")
            let figure = crisis ? 1 - tally.rate : tally.rate
            return String(format: "%-22@ %4d lines  %@ %.3f", key, tally.total, crisis ? "recall      " : "false_alarms", figure)
        }
    }

    /// Five-fold cross-validation on one labelled set: the model is trained (threshold included) on
    /// four fifths and judged on the fifth it never saw; the rules are the same throughout.
    public static func crossValidate(_ set: CrisisLabelledSet) -> CrisisScreenEvaluation {
        let rules = CrisisScreen(model: nil)
        let prepared = CrisisModel.prepare(set.examples, rules: rules)
        var fired = [Bool](repeating: false, count: prepared.count)
        for fold in 0..<5 {
            let model = CrisisModel.fit(prepared.indices.filter { $0 % 5 != fold }.map { prepared[$0] })
            for index in prepared.indices where index % 5 == fold {
                fired[index] = model.fires(prepared[index], probability: model.probability(prepared[index].features))
            }
        }
        return tally(set, fired: fired)
    }

    /// Leave-one-category-out: for each crisis category, the model is trained without any line of
    /// that category and judged on them — how the screen meets a kind of danger it was never shown.
    public static func leaveOneCategoryOut(_ set: CrisisLabelledSet) -> [(category: String, recall: Double, rulesAlone: Double)] {
        let rules = CrisisScreen(model: nil)
        let prepared = CrisisModel.prepare(set.examples, rules: rules)
        let categories = Set(set.examples.filter { $0.crisis && !$0.category.isEmpty }.map(\.category)).sorted()
        return categories.map { category in
            let held = set.examples.indices.filter { set.examples[$0].crisis && set.examples[$0].category == category }
            let heldSet = Set(held)
            let model = CrisisModel.fit(prepared.indices.filter { !heldSet.contains($0) }.map { prepared[$0] })
            let caught = held.filter { model.fires(prepared[$0], probability: model.probability(prepared[$0].features)) }.count
            let rulesCaught = held.filter { prepared[$0].rulesFire }.count
            return (category, Double(caught) / Double(max(1, held.count)), Double(rulesCaught) / Double(max(1, held.count)))
        }
    }

    private static func tally(_ set: CrisisLabelledSet, fired: [Bool]) -> CrisisScreenEvaluation {
        var result = CrisisScreenEvaluation()
        let none = CrisisScreen.Finding(category: .suicidal, phrase: "", reason: "cross-validated")
        for (example, fire) in zip(set.examples, fired) {
            let key = (example.crisis ? "crisis:" : "ok:") + (example.category.isEmpty ? "-" : example.category)
            result.byCategory[key, default: Tally()].total += 1
            if example.crisis {
                result.crisisCount += 1
                if !fire { result.missed.append(example); result.byCategory[key, default: Tally()].wrong += 1 }
            } else {
                result.okCount += 1
                if fire { result.falseAlarms.append((example, none)); result.byCategory[key, default: Tally()].wrong += 1 }
            }
        }
        return result
    }
}
