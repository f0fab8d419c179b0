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
}
