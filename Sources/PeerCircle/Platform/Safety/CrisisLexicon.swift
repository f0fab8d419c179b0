/// One language's knowledge for the crisis screen: the concepts of risk as word patterns, and the
/// frames that put words at a distance (negation, the past, training, media, jokes).
struct CrisisLexicon: Sendable {
    let vocabulary: CrisisVocabulary
    /// Idioms by the word they begin with (every idiom begins with a word).
    let idiomsByFirstWord: [String: [CrisisPattern]]
    /// Patterns by the word they must begin with, and those that may begin anywhere.
    let byFirstWord: [String: [CrisisPattern]]
    let anywhere: [CrisisPattern]
    let negations: Set<String>
    /// Words after a negation that leave the rest standing: "I don't think I can go on".
    let transparent: Set<String>
    let clauseBreaks: Set<String>
    let frames: Set<String>
    let frameLeads: PhraseList
    let pastMarkers: PhraseList
    let recoveryNow: PhraseList
    let pastVerbs: Set<String>
    /// Words that speak of the present in a story of the past ("today", "now", "these days").
    let nowMarkers: Set<String> = ["today", "now", "nowadays", "these", "since", "anymore"]
    /// Words ending in -ed that describe a state now, not a past act.
    let stateWords: Set<String> = ["tired", "scared", "worried", "bored", "stressed", "depressed", "exhausted", "ashamed", "obsessed",
                                   "wasted", "stoned", "messed", "tempted", "isolated", "overwhelmed", "trapped", "numbed", "need",
                                   "bleed", "feed", "speed", "freaked", "terrified", "frightened", "embarrassed", "confused", "annoyed"]
    let presentMarkers: Set<String>
    let laughter: Set<String>
    let laughterDamps: Set<CrisisConcept>
    /// A next sentence that takes the last one back: "Nothing to live for? Not anymore."
    let retractions: PhraseList
    /// "I'm ok", "feeling better": weak combinations are not enough then.
    let reassurance: PhraseList
    /// Moving house, a holiday, a new job: goodbyes are ordinary then.
    let farewellDamps: Set<String>

    init(speak: [String: String], typoTargets: String, sets: [String: String], patterns: [(CrisisConcept, String)], negations: String, transparent: String,
         clauseBreaks: String, frames: String, frameLeads: String, pastMarkers: String, recoveryNow: String, pastVerbs: String,
         presentMarkers: String, retractions: String, reassurance: String, farewellDamps: String, laughter: String,
         laughterDamps: Set<CrisisConcept>) {
        let wordSets = sets.mapValues { Set($0.split(separator: " ").map(String.init)) }
        let compiled = patterns.map { CrisisPattern($0.0, $0.1, sets: wordSets) }
        var known: Set<String> = []
        for pattern in compiled {
            for element in pattern.elements {
                if case .word(let words, _) = element { known.formUnion(words) }
                if case .phrases(let words, let phrases, _) = element { known.formUnion(words); known.formUnion(phrases.joined()) }
            }
        }
        vocabulary = CrisisVocabulary(speak: speak, words: known, typoTargets: Set(typoTargets.split(separator: " ").map(String.init)))
        var idioms: [String: [CrisisPattern]] = [:]
        for idiom in compiled where idiom.concept == .idiom {
            for word in idiom.firstWords ?? [] { idioms[word, default: []].append(idiom) }
        }
        idiomsByFirstWord = idioms
        var byFirstWord: [String: [CrisisPattern]] = [:]
        var anywhere: [CrisisPattern] = []
        for pattern in compiled where pattern.concept != .idiom {
            if let first = pattern.firstWords {
                for word in first { byFirstWord[word, default: []].append(pattern) }
            } else {
                anywhere.append(pattern)
            }
        }
        self.byFirstWord = byFirstWord
        self.anywhere = anywhere
        func words(_ text: String) -> Set<String> { Set(text.split(separator: " ").map(String.init)) }
        func phrases(_ text: String) -> PhraseList { PhraseList(text.split(separator: "|").map { $0.split(separator: " ").map(String.init) }) }
        self.negations = words(negations)
        self.transparent = words(transparent)
        self.clauseBreaks = words(clauseBreaks)
        self.frames = words(frames)
        self.frameLeads = phrases(frameLeads)
        self.pastMarkers = phrases(pastMarkers)
        self.recoveryNow = phrases(recoveryNow)
        self.pastVerbs = words(pastVerbs)
        self.presentMarkers = words(presentMarkers)
        self.laughter = words(laughter)
        self.laughterDamps = laughterDamps
        self.retractions = phrases(retractions)
        self.reassurance = phrases(reassurance)
        self.farewellDamps = words(farewellDamps)
    }

    /// A past-tense verb: one of the irregular ones listed, or a word in -ed that is not a state.
    func isPastVerb(_ word: String) -> Bool {
        if pastVerbs.contains(word) { return true }
        let bytes = word.utf8
        guard bytes.count >= 5, bytes.last == 100, bytes.dropLast().last == 101 else { return false }  // "…ed"
        return !stateWords.contains(word)
    }

    static func forLanguage(_ code: String) -> CrisisLexicon {
        // Only English so far; other languages fall back to it rather than to nothing.
        english
    }
}

/// Phrases looked up by their first word, so a message is read once however many phrases there are.
struct PhraseList: Sendable {
    private let byFirst: [String: [[String]]]

    init(_ phrases: [[String]]) {
        var byFirst: [String: [[String]]] = [:]
        for phrase in phrases { if let first = phrase.first { byFirst[first, default: []].append(phrase) } }
        self.byFirst = byFirst
    }

    /// Where each phrase occurrence begins in `words`.
    func positions(in words: [String]) -> [Int] {
        var result: [Int] = []
        for (start, word) in words.enumerated() {
            guard let candidates = byFirst[word] else { continue }
            if candidates.contains(where: { Self.matches($0, words, at: start) }) { result.append(start) }
        }
        return result
    }

    func first(in words: [String]) -> Int? {
        for (start, word) in words.enumerated() {
            if let candidates = byFirst[word], candidates.contains(where: { Self.matches($0, words, at: start) }) { return start }
        }
        return nil
    }

    func occurs(in words: [String]) -> Bool { first(in: words) != nil }

    func begins(_ words: [String]) -> Bool {
        guard let word = words.first, let candidates = byFirst[word] else { return false }
        return candidates.contains { Self.matches($0, words, at: 0) }
    }

    private static func matches(_ phrase: [String], _ words: [String], at start: Int) -> Bool {
        guard start + phrase.count <= words.count else { return false }
        for (offset, word) in phrase.enumerated() where words[start + offset] != word { return false }
        return true
    }
}
