import Foundation
import Testing
@testable import PeerCircle

/// The crisis screen on its labelled sets: the tuning set it learns from (cross-validated, so the
/// figure is on lines the model did not see), and held-out sets nobody read while building it.
@Suite struct CrisisScreenTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static func set(_ path: String) throws -> CrisisLabelledSet {
        try CrisisLabelledSet(String(contentsOf: here.appendingPathComponent(path), encoding: .utf8))
    }
    static let tuningPath = "../../../Sources/PeerCircle/Resources/crisis/tuning.tsv"

    @Test func theLabelledSetsAreLargeAndCoverEveryKindOfDanger() throws {
        let tuning = try Self.set(Self.tuningPath)
        let held = try Self.set("crisis/holdout.tsv").examples + Self.set("crisis/final.tsv").examples
        #expect(tuning.examples.count + held.count >= 1_200)
        for category in ["wish", "method", "imminence", "farewell", "burden", "overdose", "others", "using", "selfharm"] {
            #expect(held.filter { $0.crisis && $0.category == category }.count >= 40, "\(category)")
        }
        // No held-out line is in the tuning set.
        let tuned = Set(tuning.examples.map(\.text))
        #expect(held.allSatisfy { !tuned.contains($0.text) })
    }

    /// Floors a little under the figures measured when this was written (see README); a change that
    /// makes the screen generalise worse fails here.
    @Test func heldOutRecallAndFalseAlarms() throws {
        let result = CrisisScreenEvaluation.run(try Self.set("crisis/holdout.tsv"))
        print("crisis screen, held-out set: \(result.summary)")
        #expect(result.recall >= 0.70)
        #expect(result.falseAlarmRate <= 0.12)
    }

    /// The final set, from a third writer, was scored once when the screen was finished (recall 0.671,
    /// false alarms 0.028; 0.662 / 0.035 after the model was kept from firing on words alone); these
    /// floors keep a later change from making it worse unnoticed.
    @Test func finalHeldOutSet() throws {
        let result = CrisisScreenEvaluation.run(try Self.set("crisis/final.tsv"))
        print("crisis screen, final held-out set: \(result.summary)")
        #expect(result.recall >= 0.64)
        #expect(result.falseAlarmRate <= 0.05)
    }

    @Test func crossValidatedOnTheTuningSet() throws {
        let result = CrisisScreenEvaluation.crossValidate(try Self.set(Self.tuningPath))
        print("crisis screen, five-fold on the tuning set: \(result.summary)")
        #expect(result.recall >= 0.80)
        #expect(result.falseAlarmRate <= 0.05)
    }

    @Test(arguments: [
        "I killed it at work", "I'm dying to see my kids", "we talked about overdose awareness at the meeting", "my sponsor saved my life",
        "I'm not suicidal, just tired", "> We admitted we were powerless", "\"One day at a time\"", "the bridge club meets on wednesdays",
        "my safety plan is on my fridge", "Two years ago I wanted to die. Today I'm grateful to be alive.", "my phone died tonight lol",
        "giving away my sofa because we're moving on friday", "ASIST training taught us to ask directly about suicide",
        "Thank you all for being here", "thanks everyone for tonight",
    ])
    func recoveryTalkDoesNotFire(_ text: String) {
        #expect(CrisisScreen().evaluate(text) == nil)
    }

    @Test(arguments: [
        ("everyone would be better off without me", CrisisScreen.Category.suicidal), ("I've been saving up my pills", .suicidal),
        ("I won't be around much longer", .suicidal), ("I want to cut myself tonight", .selfHarm), ("I'm not safe at home", .unsafe),
        ("kms", .suicidal), ("thinking about ctb tbh", .suicidal), ("i want to unalive myself", .suicidal), ("su1c1dal again", .suicidal),
        ("got the rope. tonight", .suicidal), ("my roommate is blue and wont wake up", .overdose), ("he said he'd kill me if i leave", .unsafe),
        ("im going to drink until i dont wake up", .suicidal), ("💊💊💊 saved up enough", .suicidal), ("pls look after my cat when im gone", .suicidal),
    ])
    func conceptsFireInManyVoices(_ text: String, _ category: CrisisScreen.Category) {
        #expect(CrisisScreen().evaluate(text)?.category == category, "\(text)")
    }

    /// Windows line breaks, invisible characters, full-width letters and a bereavement in another
    /// sentence do not hide a plain wish to die; a framing word in another clause does not either.
    @Test(arguments: [
        "line one is fine\r\nI want to die", "sui\u{200B}cide thoughts again tonight", "ｋｍｓ", "Dad's funeral was today. I want to die.",
        "Got bad news, I want to die", "> somebody else's words\r\ni want to kill myself",
    ])
    func evasionsDoNotHideDanger(_ text: String) {
        #expect(CrisisScreen().evaluate(text) != nil, "\(text)")
    }

    @Test func theFindingExplainsItself() throws {
        let finding = try #require(CrisisScreen().evaluate("i have the pills counted out and tonight is the night"))
        #expect(finding.reason.contains("means"))
        #expect(finding.reason.contains("time"))
        #expect(finding.phrase.contains("pills"))
    }

    @Test func hostileInputIsScreenedWithinItsBound() {
        // Long, repetitive, odd characters: no crash; the text is cut at 20 000 characters, so words
        // past the cut are not read and words before it are.
        let filler = String(repeating: "not not not never \u{202E}\"quote\" 💊. ", count: 600)
        #expect(filler.count < 20_000)
        #expect(CrisisScreen().evaluate(filler + " i want to kill myself") != nil)
        #expect(CrisisScreen().evaluate(filler + filler + " i want to kill myself") == nil)
        #expect(CrisisScreen().evaluate(String(repeating: "\"", count: 10_001)) == nil)
        #expect(CrisisScreen().evaluate("") == nil)
    }

    @Test func aBadLineIsNamed() {
        #expect(throws: CrisisLabelledSet.BadLine.self) { try CrisisScreenEvaluation.run("crisis\tfine\nmaybe something\n") }
        #expect(throws: CrisisLabelledSet.BadLine.self) { try CrisisScreenEvaluation.run("maybe:wish\tsomething\n") }
    }
}

/// The pattern language is easy to mistype ("the?|my?" is one element, not two): every parsed word is a plain word.
@Suite struct CrisisPatternTests {
    @Test func everyPatternParsesToPlainWords() {
        let lexicon = CrisisScreen().lexicon
        let patterns = lexicon.byFirstWord.joined() + lexicon.anywhere + lexicon.idiomsByFirstWord.joined()
        #expect(patterns.count > 500)
        for pattern in patterns {
            #expect(!pattern.words.contains { $0.isEmpty || $0.contains(where: { "?!@*$#+|".contains($0) }) }, "\(pattern.source)")
        }
    }

    @Test func aPatternMatchesWhatItSays() {
        var words = CrisisScreen().lexicon.dictionary
        let pattern = CrisisPattern(.farewell, "tell my? @kin * i love|am+sorry !not $", sets: ["kin": ["mom", "dad"]], words: &words)
        func end(_ text: String) -> Int? { pattern.match(words.tokens(text.split(separator: " ").map(String.init)), at: 0) }
        #expect(end("tell mom that i love") == 5)
        #expect(end("tell my dad i am sorry") == 6)
        #expect(end("tell my dad i love , then") == 5)
        #expect(end("tell my dad i love not") == nil)
        #expect(end("tell my dad not i love") == nil)  // a gap never skips a negation
        #expect(end("tell my sister i love") == nil)
        #expect(end("tell my dad i love you") == nil)  // "$": the clause must end
    }
}
