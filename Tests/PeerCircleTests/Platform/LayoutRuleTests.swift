import Foundation
import Testing

/// Features meet through services: a route file (web pages) or an operations file (the generated
/// API) asks its feature's service, never the database, so every rule lives in one place that the
/// web and the API share.
@Suite struct LayoutRuleTests {
    static let modelQuery = #"\b(?!Self\.)[A-Z][A-Za-z]+\.(query|find)\(|\.sql\b|deps\.db\.transaction|\.(save|create|update|delete)\(on:"#

    @Test func routeAndOperationsFilesNeverQueryModels() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/PeerCircle/Features")
        let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix("Routes.swift") || $0.hasSuffix("Operations.swift") }
        #expect(files.count > 30)
        let regex = try NSRegularExpression(pattern: Self.modelQuery)
        var found: [String] = []
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = String(line)
                // Views are drawn by `…Views.find(…)`-style helpers too; only model types count.
                guard regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil, !line.contains("Views.") else { continue }
                found.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(found.isEmpty, "route or operations files reading models:\n\(found.joined(separator: "\n"))")
    }

    /// Views take small view models, never Fluent models (whose relations must have been loaded, or
    /// the page fails at run time): a `…Views.swift` or `…HTML.swift` file names no model type (its
    /// nested enums, like `Mentorship.Status`, are plain values), and no function anywhere that draws a
    /// page or a piece of one takes a model.
    @Test func viewsTakeViewModelsNotModels() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/PeerCircle")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        var models: [String] = []
        let modelDeclaration = try NSRegularExpression(pattern: #"final class (\w+): Model\b"#)
        var texts: [String: String] = [:]
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            texts[file] = text
            for match in modelDeclaration.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let range = Range(match.range(at: 1), in: text) { models.append(String(text[range])) }
            }
        }
        #expect(models.count > 40, "\(models)")
        let named = try NSRegularExpression(pattern: #"\b("# + models.joined(separator: "|") + #")\b(?!\.[A-Z])"#)
        // A function that draws: its signature, however many lines, up to its opening brace.
        let drawing = try NSRegularExpression(
            pattern: #"func \w+(<[^>]*>)?\([^{]*?\)\s*(async\s*)?(throws\s*)?->\s*(HTMLPage|Node<|SlottedText)[^{]*\{"#)
        // Words in the text a page shows ("Post anyway", "Flag") are not types.
        let literal = try NSRegularExpression(pattern: #""(?:[^"\\]|\\.)*""#)
        func code(_ text: String) -> String {
            literal.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "\"\"")
        }
        func names(_ text: String) -> Bool { named.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil }
        var found: [String] = []
        for (file, text) in texts.sorted(by: { $0.key < $1.key }) {
            if file.hasSuffix("Views.swift") || file.hasSuffix("HTML.swift") {
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where names(code(String(line))) && !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                    found.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
            for match in drawing.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range, in: text), names(code(String(text[range]))) else { continue }
                let number = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
                found.append("\(file):\(number): \(text[range].prefix(160))")
            }
        }
        #expect(found.isEmpty, "views taking models:\n\(found.joined(separator: "\n"))")
    }

    /// Every write transaction goes through a `Writer`, so on SQLite an instance's transactions take
    /// turns instead of failing each other; only the benchmarks' seeding (a process of its own) opens
    /// its own.
    @Test func everyTransactionGoesThroughAWriter() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/PeerCircle")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") && !$0.hasSuffix("BenchmarkSetup.swift") }
        let regex = try NSRegularExpression(pattern: #"\b(?!writer\b|deps\b)\w+\.transaction\s*[({]"#)
        var found: [String] = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = String(line)
                guard regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil,
                      !(file.hasSuffix("AppDependencies.swift") && line.contains("db.transaction(body)")) else { continue }
                found.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(found.isEmpty, "transactions outside a Writer:\n\(found.joined(separator: "\n"))")
    }
}
