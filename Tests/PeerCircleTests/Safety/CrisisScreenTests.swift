import Foundation
import Testing
@testable import PeerCircle

/// The crisis screen on the labelled set shipped with the tests, and on the traps the issue names.
@Suite struct CrisisScreenTests {
    static let setPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("crisis-phrases.tsv").path

    @Test func recallAndFalseAlarmsMeetTheFloorsOnTheLabelledSet() throws {
        let text = try String(contentsOfFile: Self.setPath, encoding: .utf8)
        let result = try CrisisScreenEvaluation.run(text)
        print("crisis screen on \(result.crisisCount + result.okCount) labelled lines: \(result.summary)")
        #expect(result.crisisCount + result.okCount >= 300)
        #expect(result.recall >= 0.95, "missed: \(result.missed)")
        #expect(result.falseAlarmRate <= 0.05, "false alarms: \(result.falseAlarms)")
    }

    @Test(arguments: [
        "I killed it at work", "I'm dying to see my kids", "we talked about overdose awareness", "my sponsor saved my life",
        "I'm not suicidal, just tired", "> We admitted we were powerless", "\"One day at a time\"",
    ])
    func recoveryTalkDoesNotFire(_ text: String) {
        #expect(CrisisScreen().evaluate(text) == nil)
    }

    @Test(arguments: [
        ("everyone would be better off without me", CrisisScreen.Category.suicidal), ("I've been saving up my pills", .overdose),
        ("I won't be around much longer", .suicidal), ("I want to cut myself tonight", .selfHarm), ("I'm not safe at home", .unsafe),
    ])
    func indirectPhrasingFires(_ text: String, _ category: CrisisScreen.Category) {
        #expect(CrisisScreen().evaluate(text)?.category == category)
    }

    @Test func aBadLineIsNamed() {
        #expect(throws: CrisisScreenEvaluation.BadLine.self) { try CrisisScreenEvaluation.run("crisis\tfine\nmaybe something\n") }
    }
}
