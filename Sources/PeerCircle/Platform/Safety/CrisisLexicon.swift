/// One language's knowledge for the crisis screen: the concepts of risk as word patterns, and the
/// frames that put words at a distance (negation, the past, training, media, jokes).
struct CrisisLexicon: Sendable {
    let vocabulary: CrisisVocabulary
    /// Every word the screen knows, as a number and its traits.
    let dictionary: CrisisWords
    /// Idioms, and the other patterns, by the word number they may begin with.
    let idiomsByFirstWord: [[CrisisPattern]]
    let byFirstWord: [[CrisisPattern]]
    /// Patterns that may begin anywhere (with a gap or a "not").
    let anywhere: [CrisisPattern]
    let frameLeads: PhraseList
    let pastMarkers: PhraseList
    let recoveryNow: PhraseList
    let laughterDamps: Set<CrisisConcept>
    /// A next sentence that takes the last one back: "Nothing to live for? Not anymore."
    let retractions: PhraseList
    /// "I'm ok", "feeling better": weak combinations are not enough then.
    let reassurance: PhraseList

    /// Words that speak of the present in a story of the past ("today", "now", "these days").
    static let nowMarkers = "today now nowadays these since anymore"
    /// Words ending in -ed that describe a state now, not a past act.
    static let stateWords = "tired scared worried bored stressed depressed exhausted ashamed obsessed wasted stoned messed tempted isolated "
        + "overwhelmed trapped numbed need bleed feed speed freaked terrified frightened embarrassed confused annoyed"

    /// `negations` and the other word lists are words separated by spaces; phrase lists are phrases separated by "|".
    /// `farewellDamps`: moving house, a holiday, a new job — goodbyes are ordinary then. `transparent`: words after a
    /// negation that leave the rest standing ("I don't think I can go on").
    init(speak: [String: String], typoTargets: String, sets: [String: String], patterns: [(CrisisConcept, String)], negations: String, transparent: String,
         clauseBreaks: String, frames: String, frameLeads: String, pastMarkers: String, recoveryNow: String, pastVerbs: String,
         presentMarkers: String, retractions: String, reassurance: String, farewellDamps: String, laughter: String,
         laughterDamps: Set<CrisisConcept>) {
        let wordSets = sets.mapValues { Set($0.split(separator: " ").map(String.init)) }
        var dictionary = CrisisWords()
        let compiled = patterns.map { CrisisPattern($0.0, $0.1, sets: wordSets, words: &dictionary) }
        let known = compiled.reduce(into: Set<String>()) { $0.formUnion($1.words) }
        vocabulary = CrisisVocabulary(speak: speak, words: known, typoTargets: Set(typoTargets.split(separator: " ").map(String.init)))
        func mark(_ text: String, _ traits: CrisisTraits) { dictionary.mark(text.split(separator: " ").map(String.init), traits) }
        mark(negations, .negation)
        mark(transparent, .transparent)
        mark(clauseBreaks, .clauseBreak)
        mark(frames, .frame)
        mark(pastVerbs, .pastVerb)
        mark(presentMarkers, .present)
        mark(laughter, .laughter)
        mark(farewellDamps, .farewellDamp)
        mark(Self.nowMarkers, .now)
        mark(Self.stateWords, .state)
        mark(", not never no", .gapStop)
        mark(",", .comma)
        mark("i me my myself", .selfWord)
        self.frameLeads = PhraseList(frameLeads, start: .frameLead, words: &dictionary)
        self.pastMarkers = PhraseList(pastMarkers, start: .pastMarker, words: &dictionary)
        self.recoveryNow = PhraseList(recoveryNow, start: .recoveryNow, words: &dictionary)
        self.retractions = PhraseList(retractions, start: .retraction, words: &dictionary)
        self.reassurance = PhraseList(reassurance, start: .reassurance, words: &dictionary)
        self.laughterDamps = laughterDamps
        var idioms = Array(repeating: [CrisisPattern](), count: dictionary.count)
        var byFirstWord = idioms
        var anywhere: [CrisisPattern] = []
        for pattern in compiled {
            guard let first = pattern.firstWords else {
                // An idiom always begins with a word; any other pattern may begin anywhere.
                if pattern.concept != .idiom { anywhere.append(pattern) }
                continue
            }
            for id in first {
                if pattern.concept == .idiom { idioms[Int(id)].append(pattern) } else { byFirstWord[Int(id)].append(pattern) }
            }
        }
        idiomsByFirstWord = idioms
        self.byFirstWord = byFirstWord
        self.anywhere = anywhere
        self.dictionary = dictionary
    }

    static func forLanguage(_ code: String) -> CrisisLexicon {
        // Only English so far; other languages fall back to it rather than to nothing.
        english
    }
}

/// Phrases looked up by their first word, so a message is read once however many phrases there are;
/// only words marked as the start of one of its phrases are looked up at all.
struct PhraseList: Sendable {
    private let byFirst: [Int32: [[Int32]]]
    private let start: CrisisTraits

    init(_ text: String, start: CrisisTraits, words: inout CrisisWords) {
        var byFirst: [Int32: [[Int32]]] = [:]
        for phrase in text.split(separator: "|") {
            let parts = phrase.split(separator: " ").map(String.init)
            guard let first = parts.first else { continue }
            words.mark([first], start)
            byFirst[words.id(first), default: []].append(parts.map { words.id($0) })
        }
        self.byFirst = byFirst
        self.start = start
    }

    /// Where each phrase occurrence begins.
    func positions(in tokens: CrisisTokens) -> [Int] {
        tokens.ids.indices.filter { matches(tokens, at: $0) }
    }

    func first(in tokens: CrisisTokens) -> Int? {
        tokens.ids.indices.first { matches(tokens, at: $0) }
    }

    func occurs(in tokens: CrisisTokens) -> Bool { first(in: tokens) != nil }

    func begins(_ tokens: CrisisTokens) -> Bool { !tokens.ids.isEmpty && matches(tokens, at: 0) }

    private func matches(_ tokens: CrisisTokens, at start: Int) -> Bool {
        guard tokens.traits[start].contains(self.start), let candidates = byFirst[tokens.ids[start]] else { return false }
        return candidates.contains { phrase in
            start + phrase.count <= tokens.ids.count && tokens.ids[start..<(start + phrase.count)].elementsEqual(phrase)
        }
    }
}

/// What a word is to the screen beyond its number: a negation, a clause break, a frame, a past verb…
struct CrisisTraits: OptionSet, Sendable {
    let rawValue: UInt32
    static let negation = CrisisTraits(rawValue: 1 << 0)
    static let transparent = CrisisTraits(rawValue: 1 << 1)
    static let clauseBreak = CrisisTraits(rawValue: 1 << 2)
    static let frame = CrisisTraits(rawValue: 1 << 3)
    static let present = CrisisTraits(rawValue: 1 << 4)
    static let laughter = CrisisTraits(rawValue: 1 << 5)
    static let farewellDamp = CrisisTraits(rawValue: 1 << 6)
    static let now = CrisisTraits(rawValue: 1 << 7)
    static let gapStop = CrisisTraits(rawValue: 1 << 8)
    static let selfWord = CrisisTraits(rawValue: 1 << 9)
    static let pastVerb = CrisisTraits(rawValue: 1 << 10)
    static let state = CrisisTraits(rawValue: 1 << 11)
    static let number = CrisisTraits(rawValue: 1 << 12)
    static let comma = CrisisTraits(rawValue: 1 << 13)
    /// The word begins a phrase of this list.
    static let frameLead = CrisisTraits(rawValue: 1 << 14)
    static let pastMarker = CrisisTraits(rawValue: 1 << 15)
    static let recoveryNow = CrisisTraits(rawValue: 1 << 16)
    static let retraction = CrisisTraits(rawValue: 1 << 17)
    static let reassurance = CrisisTraits(rawValue: 1 << 18)
}

/// The screen's words as numbers: every word a pattern or list names gets one; any other word is 0.
struct CrisisWords: Sendable {
    private struct Entry: Sendable {
        var id: Int32
        var traits: CrisisTraits
    }

    private var entries: [String: Entry] = [:]

    /// How many numbers are in use, counting 0 for the unknown word.
    var count: Int { entries.count + 1 }

    mutating func id(_ word: String) -> Int32 {
        if let entry = entries[word] { return entry.id }
        let id = Int32(entries.count + 1)
        entries[word] = Entry(id: id, traits: [])
        return id
    }

    mutating func mark(_ words: [String], _ traits: CrisisTraits) {
        for word in words {
            _ = id(word)
            entries[word]?.traits.formUnion(traits)
        }
    }

    /// A sentence's words looked up once: their numbers and traits, a number or a past verb in -ed told from the spelling.
    func tokens(_ words: [String]) -> CrisisTokens {
        var tokens = CrisisTokens()
        tokens.words = words
        tokens.ids.reserveCapacity(words.count)
        tokens.traits.reserveCapacity(words.count)
        for word in words {
            let entry = entries[word]
            var traits = entry?.traits ?? []
            let bytes = word.utf8
            if let last = bytes.last, (48...57).contains(last), bytes.allSatisfy({ (48...57).contains($0) }) { traits.insert(.number) }
            // A word in -ed is a past verb unless it names a state now ("tired", "scared").
            if bytes.count >= 5, bytes.last == 100, bytes.dropLast().last == 101, !traits.contains(.state) { traits.insert(.pastVerb) }
            tokens.ids.append(entry?.id ?? 0)
            tokens.traits.append(traits)
        }
        return tokens
    }
}

/// A sentence as the screen reads it: the words, their numbers and their traits, position by position.
struct CrisisTokens: Sendable {
    var words: [String] = []
    var ids: [Int32] = []
    var traits: [CrisisTraits] = []

    init() {}

    init(joining parts: [CrisisTokens]) {
        for part in parts {
            words += part.words
            ids += part.ids
            traits += part.traits
        }
    }

    /// Takes a word out (an idiom's): it matches nothing from then on.
    mutating func mask(_ range: Range<Int>) {
        for index in range {
            words[index] = "~"
            ids[index] = 0
            traits[index] = []
        }
    }

    func contains(_ trait: CrisisTraits) -> Bool { traits.contains { $0.contains(trait) } }
}
