/// One way of expressing a concept, as a short pattern over normalised words:
/// `want|wish to die` — alternatives; `my?` — optional word; `*` — up to two other words (`**` four);
/// `!with|for` — the next word is none of these (or there is none); `$` — end of the clause; `#` — a number;
/// `@name` — a named word set; `of+embarrassment` — several words as one alternative.
struct CrisisPattern: Sendable {
    enum Element: Sendable {
        case word(Set<String>, optional: Bool)
        /// Alternatives of which some are several words ("being+alive").
        case phrases(Set<String>, [[String]], optional: Bool)
        case gap(Int)
        case not(Set<String>)
        case number
        case end
    }

    let concept: CrisisConcept
    let elements: [Element]
    let source: String

    init(_ concept: CrisisConcept, _ source: String, sets: [String: Set<String>]) {
        self.concept = concept
        self.source = source
        elements = source.split(separator: " ").map { piece in
            if piece == "*" { return .gap(2) }
            if piece == "**" { return .gap(4) }
            if piece == "$" { return .end }
            if piece == "#" { return .number }
            var text = Substring(piece)
            if text.hasPrefix("!") { return .not(Self.words(text.dropFirst(), sets)) }
            let optional = text.hasSuffix("?")
            if optional { text = text.dropLast() }
            let words = Self.words(text, sets)
            let phrases = words.filter { $0.contains("+") }
            guard !phrases.isEmpty else { return .word(words, optional: optional) }
            return .phrases(words.subtracting(phrases), phrases.map { $0.split(separator: "+").map(String.init) }, optional: optional)
        }
    }

    private static func words(_ text: Substring, _ sets: [String: Set<String>]) -> Set<String> {
        var result: Set<String> = []
        for part in text.split(separator: "|") {
            if part.hasPrefix("@") { result.formUnion(sets[String(part.dropFirst())] ?? []) } else { result.insert(String(part)) }
        }
        return result
    }

    static let gapStops: Set<String> = [",", "not", "never", "no"]

    /// The words a match can begin with, or nil when it may begin anywhere.
    var firstWords: Set<String>? {
        switch elements.first {
        case .word(let words, optional: false): return words
        case .phrases(let single, let phrases, optional: false): return single.union(phrases.compactMap(\.first))
        default: return nil
        }
    }

    /// The end of a match starting at `start`, or nil.
    func match(_ words: [String], at start: Int) -> Int? {
        Self.match(elements[...], words, start)
    }

    private static func match(_ elements: ArraySlice<CrisisPattern.Element>, _ words: [String], _ position: Int) -> Int? {
        guard let element = elements.first else { return position }
        let rest = elements.dropFirst()
        switch element {
        case .word(let set, let optional):
            if position < words.count, set.contains(words[position]), let end = match(rest, words, position + 1) { return end }
            return optional ? match(rest, words, position) : nil
        case .phrases(let single, let phrases, let optional):
            if position < words.count, single.contains(words[position]), let end = match(rest, words, position + 1) { return end }
            for phrase in phrases where position + phrase.count <= words.count {
                if words[position..<(position + phrase.count)].elementsEqual(phrase), let end = match(rest, words, position + phrase.count) { return end }
            }
            return optional ? match(rest, words, position) : nil
        case .gap(let most):
            var at = position
            for _ in 0...most {
                if let end = match(rest, words, at) { return end }
                // A gap never skips a clause mark or a negation: "I'm not a burden" is not "I'm … a burden".
                guard at < words.count, !Self.gapStops.contains(words[at]) else { return nil }
                at += 1
            }
            return nil
        case .number:
            guard position < words.count, words[position].allSatisfy(\.isNumber) else { return nil }
            return match(rest, words, position + 1)
        case .not(let set):
            if position < words.count, set.contains(words[position]) { return nil }
            return match(rest, words, position)
        case .end:
            return position == words.count || words[position] == "," ? match(rest, words, position) : nil
        }
    }
}

/// What a matched piece of text says about risk. Strong concepts are enough alone; weak ones
/// count only together (see `CrisisScreen.judge`).
enum CrisisConcept: String, Sendable, CaseIterable {
    /// Wish to be dead or thoughts of suicide, plainly.
    case wish
    /// "end it", "I'm done", "don't want to be here": a wish only alongside something else.
    case wishWeak
    /// No point, no future, can't go on.
    case hopeless
    /// Others better off without them, nobody would miss them.
    case burden
    case burdenWeak
    /// A goodbye that only makes sense as a last one.
    case farewell
    /// A goodbye, thanks, arranging care, giving things away: alarming with anything else.
    case farewellWeak
    /// A means made for killing (a gun, a noose), everyday means that can kill (a bridge, a blade), and medicines or drugs.
    case lethal
    case means
    case meds
    /// Having, getting or keeping means ready: saved up, counted, in my hand, standing on the edge.
    case ready
    case have
    /// Now, tonight, a moment chosen.
    case soon
    /// Overdose or medical danger now.
    case overdose
    /// Signs that only matter with drugs in the picture (chest pain, can't breathe, took too much).
    case overdoseSign
    case drugs
    /// Threats or violence from another person.
    case danger
    case dangerWeak
    /// Relapse as a way of not surviving.
    case usingToDie
    /// An act left unnamed ("do it", "it happens", "I'll be gone"): dangerous with a time or resolve.
    case act
    /// A decision made: "I've decided", "made my mind up", "don't try to stop me".
    case resolve
    /// An ending: "till it kills me", "for good", "not coming back", "my way out".
    case ending
    /// Hurting the body: an injury verb, a body part, blood, "on purpose".
    case injury
    case body
    case selfHarm
    /// A blade or razor, urges without an act: self-harm with something else.
    case selfHarmWeak
    /// An everyday idiom ("killing it", "my phone died"): its words are taken out before anything else.
    case idiom
}
