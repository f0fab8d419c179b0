/// One way of expressing a concept, as a short pattern over normalised words:
/// `want|wish to die` — alternatives; `my?` — optional word; `*` — up to two other words (`**` four);
/// `!with|for` — the next word is none of these (or there is none); `$` — end of the clause; `#` — a number;
/// `@name` — a named word set; `of+embarrassment` — several words as one alternative.
/// Words are compared as small integers (see `CrisisWords`): a message is looked up once, not per pattern.
struct CrisisPattern: Sendable {
    enum Element: Sendable {
        case word(CrisisWordSet, optional: Bool)
        /// Alternatives of which some are several words ("being+alive").
        case phrases(CrisisWordSet, [[Int32]], optional: Bool)
        case gap(Int)
        case not(CrisisWordSet)
        case number
        case end
    }

    let concept: CrisisConcept
    let elements: [Element]
    let source: String
    /// Every word the pattern names, as written.
    let words: Set<String>

    init(_ concept: CrisisConcept, _ source: String, sets: [String: Set<String>], words dictionary: inout CrisisWords) {
        self.concept = concept
        self.source = source
        var named: Set<String> = []
        var elements: [Element] = []
        for piece in source.split(separator: " ") {
            switch piece {
            case "*": elements.append(.gap(2))
            case "**": elements.append(.gap(4))
            case "$": elements.append(.end)
            case "#": elements.append(.number)
            default:
                var text = Substring(piece)
                let negated = text.hasPrefix("!")
                if negated { text = text.dropFirst() }
                let optional = !negated && text.hasSuffix("?")
                if optional { text = text.dropLast() }
                let alternatives = Self.words(text, sets)
                named.formUnion(alternatives.flatMap { $0.split(separator: "+").map(String.init) })
                let single = CrisisWordSet(alternatives.filter { !$0.contains("+") }.map { dictionary.id($0) })
                let phrases = alternatives.filter { $0.contains("+") }.map { $0.split(separator: "+").map { dictionary.id(String($0)) } }
                if negated {
                    elements.append(.not(single))
                } else {
                    elements.append(phrases.isEmpty ? .word(single, optional: optional) : .phrases(single, phrases, optional: optional))
                }
            }
        }
        self.elements = elements
        words = named
    }

    private static func words(_ text: Substring, _ sets: [String: Set<String>]) -> Set<String> {
        var result: Set<String> = []
        for part in text.split(separator: "|") {
            if part.hasPrefix("@") { result.formUnion(sets[String(part.dropFirst())] ?? []) } else { result.insert(String(part)) }
        }
        return result
    }

    /// The words a match can begin with (through leading optional words), or nil when it may begin anywhere.
    var firstWords: Set<Int32>? {
        var result: Set<Int32> = []
        for element in elements {
            switch element {
            case .word(let set, let optional):
                result.formUnion(set.ids)
                if !optional { return result }
            case .phrases(let set, let phrases, let optional):
                result.formUnion(set.ids)
                result.formUnion(phrases.compactMap(\.first))
                if !optional { return result }
            default: return nil
            }
        }
        return nil
    }

    /// The end of a match starting at `start`, or nil.
    func match(_ tokens: CrisisTokens, at start: Int) -> Int? {
        match(0, tokens, start)
    }

    private func match(_ index: Int, _ tokens: CrisisTokens, _ position: Int) -> Int? {
        guard index < elements.count else { return position }
        let ids = tokens.ids
        let next = index + 1
        switch elements[index] {
        case .word(let set, let optional):
            if position < ids.count, set.contains(ids[position]), let end = match(next, tokens, position + 1) { return end }
            return optional ? match(next, tokens, position) : nil
        case .phrases(let single, let phrases, let optional):
            if position < ids.count, single.contains(ids[position]), let end = match(next, tokens, position + 1) { return end }
            for phrase in phrases where position + phrase.count <= ids.count {
                if ids[position..<(position + phrase.count)].elementsEqual(phrase), let end = match(next, tokens, position + phrase.count) { return end }
            }
            return optional ? match(next, tokens, position) : nil
        case .gap(let most):
            var at = position
            for _ in 0...most {
                if let end = match(next, tokens, at) { return end }
                // A gap never skips a clause mark or a negation: "I'm not a burden" is not "I'm … a burden".
                guard at < ids.count, !tokens.traits[at].contains(.gapStop) else { return nil }
                at += 1
            }
            return nil
        case .number:
            guard position < ids.count, tokens.traits[position].contains(.number) else { return nil }
            return match(next, tokens, position + 1)
        case .not(let set):
            if position < ids.count, set.contains(ids[position]) { return nil }
            return match(next, tokens, position)
        case .end:
            return position == ids.count || tokens.traits[position].contains(.comma) ? match(next, tokens, position) : nil
        }
    }
}

/// A pattern element's alternatives: a few word numbers, searched in order.
struct CrisisWordSet: Sendable {
    let ids: [Int32]

    init(_ ids: some Sequence<Int32>) { self.ids = Array(Set(ids)).sorted() }

    func contains(_ id: Int32) -> Bool {
        guard ids.count > 8 else { return ids.contains(id) }
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < ids.count && ids[low] == id
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
