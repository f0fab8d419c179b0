import Foundation

/// Screens text for danger: suicidal thoughts and plans, self-harm, an overdose now, danger from
/// another person. Built on the structure of risk (the Columbia ladder from wish to preparation,
/// plus the emergencies a recovery community meets), not on a list of sentences: each concept —
/// a wish to die, means, having them ready, a time, a farewell, hopelessness, burden — is found
/// in many phrasings, and weak concepts count only together ("pills" + "saved up"). Words are put
/// at a distance by negation, the past told from recovery, training, media, reported jokes.
/// It is a safety net for human review, not a diagnosis. See README, "Crisis-language screening".
public struct CrisisScreen: Sendable {
    public enum Category: String, Sendable, Codable, CaseIterable {
        case suicidal, selfHarm = "self_harm", overdose, unsafe
    }

    public struct Finding: Sendable, Equatable {
        public let category: Category
        /// The words that fired, for reviewers ("pills … saved up … tonight").
        public let phrase: String
        /// Why, in a reviewer's words ("means + time", "overdose now").
        public let reason: String
    }

    struct Occurrence {
        let concept: CrisisConcept
        let words: String
    }

    let lexicon: CrisisLexicon
    let model: CrisisModel?

    public init(language: String = "en") {
        lexicon = Self.shared
        model = Self.trained
    }

    /// The rules with another model, or none (evaluation and training).
    init(model: CrisisModel?) {
        lexicon = Self.shared
        self.model = model
    }

    private static let shared = CrisisLexicon.forLanguage("en")

    /// The screen's decision on `text`, or nil: the concept rules, or else the model trained on the
    /// labelled set when it is confident (see `CrisisModel`).
    public func evaluate(_ text: String) -> Finding? {
        let analysis = analyse(text)
        if let finding = judge(analysis.kept) { return finding }
        // The model may lift weak evidence the rules found, never invent danger from words alone
        // ("Thank you all for being here" is not a goodbye).
        guard let model, !analysis.kept.isEmpty, model.probability(analysis) >= model.threshold else { return nil }
        return modelFinding(analysis)
    }

    /// What the model alone says: its finding names the concepts it saw, or the words it weighed most.
    func modelFinding(_ analysis: Analysis) -> Finding {
        let concepts = Set(analysis.kept.map(\.concept))
        let category: Category = concepts.contains(.overdoseSign) || concepts.contains(.drugs) && concepts.contains(.soon) ? .overdose
            : concepts.contains(.dangerWeak) ? .unsafe : concepts.contains(.selfHarmWeak) || concepts.contains(.injury) ? .selfHarm : .suicidal
        let named = Self.companions.filter { concepts.contains($0.0) }.map(\.1)
        var seen: Set<String> = []
        let words = analysis.kept.map(\.words).filter { seen.insert($0).inserted }
        let phrase = words.isEmpty ? String(analysis.sentences.joined().joined(separator: " ").prefix(80)) : words.prefix(4).joined(separator: " … ")
        return Finding(category: category, phrase: phrase, reason: (["learned pattern"] + named).joined(separator: " + "))
    }

    /// The model trained once per process from the labelled set shipped with PeerCircle.
    static let trained: CrisisModel? = CrisisModel.trainedFromBundle(rules: CrisisScreen(model: nil))

    public func fires(_ text: String) -> Bool { evaluate(text) != nil }

    /// A message as the screen sees it: its sentences of words (idioms masked), the concepts that
    /// stand, and those put at a distance.
    struct Analysis {
        var sentences: [[String]] = []
        var kept: [Occurrence] = []
        var distanced: [CrisisConcept] = []
        var flags: Set<String> = []
    }

    func analyse(_ text: String) -> Analysis {
        var analysis = Analysis()
        let prepared = CrisisText(String(text.prefix(20_000)), vocabulary: lexicon.vocabulary)
        let sentences = prepared.sentences.map { lexicon.dictionary.tokens($0.words) }
        let all = CrisisTokens(joining: sentences)
        let recovered = lexicon.recoveryNow.occurs(in: all)
        let movingOn = all.contains(.farewellDamp)
        // A short sentence that dates the story ("It was 2 years ago.") puts the whole message in the past.
        let dated = sentences.contains { sentence in
            sentence.ids.count <= 7 && SentenceContext(sentence, lexicon: lexicon, recovered: false, dated: false).marksPast
        }
        var openedFramed = false
        let speaksOfNow = sentences.map { $0.contains(.now) }
        let nowSentences = speaksOfNow.filter { $0 }.count
        var found: [Occurrence] = []
        for (index, sentence) in sentences.enumerated() where !prepared.sentences[index].quoted {
            // "Nothing to live for? Not anymore." — the next sentence takes it back.
            if index + 1 < sentences.count, lexicon.retractions.begins(sentences[index + 1]) { continue }
            let tokens = maskIdioms(sentence)
            analysis.sentences.append(tokens.words)
            // Another sentence speaks of now ("Today I have a garden."): this one may be the story of then.
            let contrasted = nowSentences - (speaksOfNow[index] ? 1 : 0) > 0
            let context = SentenceContext(tokens, lexicon: lexicon, recovered: recovered || contrasted, dated: dated)
            if context.framed { analysis.flags.insert("framed") }
            if context.laughing { analysis.flags.insert("laughing") }
            // A message that opens as training, news or a reading frames what follows too, unless a
            // later sentence speaks for the writer now ("I am", "I want", "me").
            if index == 0 && context.framed { openedFramed = true }
            guard !(openedFramed && index > 0 && !tokens.contains(.selfWord)) else { continue }
            // One rule for every pattern, whether indexed by its first word or able to begin anywhere.
            func consider(_ pattern: CrisisPattern, at start: Int) {
                guard let end = pattern.match(tokens, at: start), end > start else { return }
                if movingOn && (pattern.concept == .farewell || pattern.concept == .farewellWeak) { return }
                guard !context.distances(pattern.concept, start: start) else {
                    analysis.distanced.append(pattern.concept)
                    return
                }
                found.append(Occurrence(concept: pattern.concept, words: tokens.words[start..<end].joined(separator: " ")))
            }
            for start in tokens.ids.indices {
                for pattern in lexicon.byFirstWord[Int(tokens.ids[start])] { consider(pattern, at: start) }
                for pattern in lexicon.anywhere { consider(pattern, at: start) }
            }
        }
        if lexicon.reassurance.occurs(in: all) {
            found.removeAll { Self.weak.contains($0.concept) }
            analysis.flags.insert("reassured")
        }
        if recovered { analysis.flags.insert("recovered") }
        analysis.kept = found
        return analysis
    }

    /// Concepts that count only together.
    static let weak: Set<CrisisConcept> = [
        .wishWeak, .hopeless, .burdenWeak, .farewellWeak, .means, .lethal, .meds, .ready, .have, .soon, .overdoseSign, .drugs, .dangerWeak,
        .selfHarmWeak, .act, .resolve, .ending, .injury, .body,
    ]

    /// Everyday idioms ("killing it", "my phone died") are taken out before anything is matched.
    private func maskIdioms(_ sentence: CrisisTokens) -> CrisisTokens {
        var tokens = sentence
        var start = 0
        while start < tokens.ids.count {
            let end = lexicon.idiomsByFirstWord[Int(tokens.ids[start])].lazy.compactMap { $0.match(tokens, at: start) }.first { $0 > start }
            if let end {
                tokens.mask(start..<end)
                start = end
            } else {
                start += 1
            }
        }
        return tokens
    }

    /// Strong concepts are enough alone; weak ones only together.
    func judge(_ found: [Occurrence]) -> Finding? {
        let present = Set(found.map(\.concept))
        func finding(_ category: Category, _ reason: String, _ concepts: [CrisisConcept]) -> Finding {
            var seen: Set<String> = []
            let words = found.filter { concepts.contains($0.concept) }.map(\.words).filter { seen.insert($0).inserted }
            return Finding(category: category, phrase: words.prefix(4).joined(separator: " … "), reason: reason)
        }
        let strong: [(CrisisConcept, Category, String)] = [
            (.overdose, .overdose, "overdose now"), (.danger, .unsafe, "danger from another person"), (.usingToDie, .suicidal, "using to die"),
            (.selfHarm, .selfHarm, "self-harm"), (.wish, .suicidal, "wish to die"), (.burden, .suicidal, "burden"), (.farewell, .suicidal, "farewell"),
        ]
        if let (concept, category, reason) = strong.first(where: { present.contains($0.0) }) {
            let with = Self.companions.filter { present.contains($0.0) && $0.0 != concept }
            let full = ([reason] + with.map(\.1)).joined(separator: " + ")
            return finding(category, full, [concept] + with.map(\.0))
        }
        let companions = Self.companions.filter { present.contains($0.0) }
        func combo(_ category: Category, _ concepts: [CrisisConcept]) -> Finding {
            let named = companions.filter { concepts.contains($0.0) }
            return finding(category, named.map(\.1).joined(separator: " + "), named.map(\.0))
        }
        let feelings: Set<CrisisConcept> = [.wishWeak, .hopeless, .burdenWeak, .farewellWeak]
        let feeling = present.intersection(feelings)
        let intent: Set<CrisisConcept> = feelings.union([.act, .resolve, .ending])
        let distinctFeelings = Set(found.filter { feelings.contains($0.concept) }.map(\.words)).count
        if present.contains(.lethal), !present.isDisjoint(with: intent.union([.ready, .have, .selfHarmWeak])) {
            return combo(.suicidal, [.lethal, .means, .ready, .have, .soon] + intent)
        }
        if present.contains(.means), !present.isDisjoint(with: intent.union([.ready, .selfHarmWeak])) {
            return combo(.suicidal, [.means, .ready, .have, .soon] + intent)
        }
        if present.contains(.meds), !present.isDisjoint(with: intent.union([.ready])) {
            return combo(.suicidal, [.meds, .ready, .have, .soon] + intent)
        }
        if present.contains(.ending), present.contains(.drugs) || present.contains(.soon) {
            return combo(.suicidal, [.ending, .drugs, .soon, .act, .resolve])
        }
        if present.contains(.selfHarmWeak), !present.isDisjoint(with: intent.union([.ready, .soon, .have, .body])) {
            return combo(.selfHarm, [.selfHarmWeak, .ready, .have, .soon, .body] + intent)
        }
        if present.contains(.injury), present.contains(.body), !present.isDisjoint(with: [.soon, .resolve, .ending, .act]) || found.filter({ $0.concept == .body }).count >= 2 {
            return combo(.selfHarm, [.injury, .body, .soon, .resolve, .ending])
        }
        if present.contains(.overdoseSign), found.filter({ $0.concept == .overdoseSign }).count >= 2 || present.contains(.drugs) && present.contains(.soon) {
            return combo(.overdose, [.overdoseSign, .drugs, .soon])
        }
        if present.contains(.dangerWeak), found.filter({ $0.concept == .dangerWeak }).count >= 2 || present.contains(.soon) {
            return combo(.unsafe, [.dangerWeak, .soon])
        }
        if feeling.count >= 2 || distinctFeelings >= 2 { return combo(.suicidal, Array(feelings)) }
        if present.contains(.soon), !present.isDisjoint(with: [.wishWeak, .farewellWeak, .act, .resolve]) {
            return combo(.suicidal, [.wishWeak, .farewellWeak, .act, .resolve, .soon])
        }
        if present.contains(.act), present.contains(.resolve) { return combo(.suicidal, [.act, .resolve]) }
        if found.filter({ $0.concept == .ready }).count >= 2 { return combo(.suicidal, [.ready]) }
        return nil
    }

    /// How each concept is named in a reason, in the order reasons list them.
    static let companions: [(CrisisConcept, String)] = [
        (.wish, "wish to die"), (.wishWeak, "wish to be gone"), (.lethal, "means"), (.means, "means"), (.meds, "pills or drugs"),
        (.ready, "means ready"), (.have, "access"), (.soon, "time"), (.farewell, "farewell"), (.farewellWeak, "farewell"),
        (.hopeless, "hopelessness"), (.burden, "burden"), (.burdenWeak, "burden"), (.selfHarmWeak, "self-harm means"),
        (.overdoseSign, "overdose signs"), (.drugs, "drugs"), (.dangerWeak, "signs of danger"), (.act, "an act"), (.resolve, "resolve"),
        (.ending, "an ending"), (.injury, "injury"), (.body, "body"),
    ]
}

/// What a sentence says about the distance of its words: negated, framed as training or media,
/// told as the past from recovery, or a joke.
struct SentenceContext {
    let tokens: CrisisTokens
    let framed: Bool
    let laughing: Bool
    /// Per clause: a past marker in it ("years ago", "in 2019"), a present marker ("tonight", "still").
    private let clauseOf: [Int]
    private let pastClauses: Set<Int>
    private let presentClauses: Set<Int>
    private let recovered: Bool
    private let dated: Bool
    private let laughterDamps: Set<CrisisConcept>
    /// Where the first framing lead begins ("if someone", "warning signs"): words after it are at a distance.
    private let firstLead: Int?
    /// Clauses with a past-tense verb, and clauses with a framing word ("news", "training").
    private let pastVerbClauses: Set<Int>
    private let framedClauses: Set<Int>
    var marksPast: Bool { !pastClauses.isEmpty }

    init(_ tokens: CrisisTokens, lexicon: CrisisLexicon, recovered: Bool, dated: Bool) {
        self.tokens = tokens
        self.recovered = recovered
        self.dated = dated
        laughterDamps = lexicon.laughterDamps
        framed = tokens.contains(.frame)
        laughing = tokens.contains(.laughter)
        var clause = 0
        var clauseOf: [Int] = []
        for traits in tokens.traits {
            if traits.contains(.clauseBreak) { clause += 1 }
            clauseOf.append(clause)
        }
        self.clauseOf = clauseOf
        var past = Set(lexicon.pastMarkers.positions(in: tokens).map { clauseOf[$0] })
        // A year ("in 2019", "that was 2021") is the past.
        for (index, word) in tokens.words.enumerated() where tokens.traits[index].contains(.number) && word.utf8.count == 4 && (word.hasPrefix("19") || word.hasPrefix("20")) {
            past.insert(clauseOf[index])
        }
        pastClauses = past
        firstLead = lexicon.frameLeads.first(in: tokens)
        func clauses(_ trait: CrisisTraits) -> Set<Int> { Set(tokens.traits.indices.filter { tokens.traits[$0].contains(trait) }.map { clauseOf[$0] }) }
        pastVerbClauses = clauses(.pastVerb)
        framedClauses = clauses(.frame)
        presentClauses = clauses(.present)
    }

    /// Whether the words at `start` are told from a distance.
    func distances(_ concept: CrisisConcept, start: Int) -> Bool {
        // A framing word ("news", "training", "the film") sets the whole sentence apart for weak
        // concepts; a plain wish or an overdose only when it is in the same clause ("Got bad news,
        // I want to die" is not news).
        if !framedClauses.isEmpty && (CrisisScreen.weak.contains(concept) || framedClauses.contains(clauseOf[start])) { return true }
        if concept != .soon && isPast(start, strong: !CrisisScreen.weak.contains(concept)) { return true }
        if laughing && laughterDamps.contains(concept) { return true }
        if let lead = firstLead, lead < start { return true }
        // A time is a time whatever comes before it ("I don't want to be here tomorrow").
        return concept != .soon && negated(before: start)
    }

    /// The past: marked in the same clause, or elsewhere in the sentence with nothing present in this
    /// clause; or told in the past tense in a message that speaks of recovery now.
    private func isPast(_ start: Int, strong: Bool) -> Bool {
        let clause = clauseOf[start]
        if pastClauses.contains(clause) { return true }
        if presentClauses.contains(clause) { return false }
        if !pastClauses.isEmpty { return true }
        // A short dated sentence elsewhere ("Dad's funeral was today.") does not put a plain wish in the past.
        if dated && !strong { return true }
        return recovered && pastVerbClauses.contains(clause)
    }

    /// A negation among the few words before `start` in the same clause ("I'm not going to hurt myself").
    private func negated(before start: Int) -> Bool {
        var index = start - 1
        var steps = 0
        while index >= 0 && steps < 5 {
            let traits = tokens.traits[index]
            if traits.contains(.clauseBreak) { return false }
            if traits.contains(.negation) {
                let next = index + 1 < tokens.traits.count ? tokens.traits[index + 1] : []
                if !next.contains(.transparent) { return true }
            }
            index -= 1
            steps += 1
        }
        return false
    }
}
