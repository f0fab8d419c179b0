import Foundation

/// A message made ready for the crisis screen: lower case, apostrophes gone, text speak and emoji
/// spelled out, near-miss spellings of the screen's own words corrected, split into sentences of
/// words. Each sentence keeps which of its words begin a new clause, for negation scope.
struct CrisisText {
    struct Sentence {
        var words: [String]
        /// The word sits in a sentence wholly in quotation marks or a quoted line ("> …").
        var quoted: Bool
    }

    let sentences: [Sentence]

    init(_ text: String, vocabulary: CrisisVocabulary) {
        var sentences: [Sentence] = []
        for raw in Self.sentenceTexts(Self.unquote(Self.prepare(text))) {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            let quoted = trimmed.hasPrefix(">") || (trimmed.hasPrefix("\"") && trimmed.hasSuffix("\"") && trimmed.count > 2)
            var words: [String] = []
            for token in Self.tokens(trimmed) {
                for piece in Self.uncontract(token) {
                    for word in vocabulary.expand(piece) {
                        // "no one" is one word to the screen, so "no" is not read as a negation.
                        if word == "one", words.last == "no" { words[words.count - 1] = "noone" } else { words.append(word) }
                    }
                }
            }
            if !words.isEmpty { sentences.append(Sentence(words: words, quoted: quoted)) }
        }
        self.sentences = sentences
    }

    /// Lower case, one kind of apostrophe and quotation mark, no invisible characters, full-width
    /// letters as plain ones, line breaks of every kind as "\n", emoji as words — in one pass.
    static func prepare(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            switch scalar.value {
            case 0x2019, 0x2018, 0x60, 0xB4: out.append("'")
            case 0x201C, 0x201D: out.append("\"")
            case 0x2026: out.append(".")
            case 0xA0: out.append(" ")
            case 0x0D: out.append("\n")
            case 0x200B...0x200D, 0x2060, 0xFEFF, 0xAD: continue
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar)
            default:
                if let word = emoji[scalar] { out.append(contentsOf: " \(word) ".unicodeScalars) } else { out.append(scalar) }
            }
        }
        return String(out)
    }

    /// A word with an apostrophe, as the words it stands for: "don't" → do not, "i'm" → i am,
    /// "mom's" → mom, "od'd" → overdosed. Without an apostrophe the vocabulary's text speak does it.
    static func uncontract(_ token: String) -> [String] {
        guard token.contains("'") else { return [token] }
        let special: [String: [String]] = ["won't": ["will", "not"], "can't": ["can", "not"], "shan't": ["shall", "not"], "od'd": ["overdosed"],
                                           "od'ing": ["overdosing"], "ain't": ["is", "not"], "y'all": ["you", "all"]]
        if let words = special[token] { return words }
        let suffixes: [(String, String?)] = [("n't", "not"), ("'m", "am"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'d", "would"), ("'s", nil)]
        for (suffix, word) in suffixes where token.hasSuffix(suffix) {
            let stem = String(token.dropLast(suffix.count).filter { $0 != "'" })
            guard !stem.isEmpty else { break }
            if let word { return [stem, word] }
            // "he's" is "he is"; "mom's" is just "mom".
            return ["he", "she", "it", "that", "what", "there", "who", "where", "here", "how", "everyone", "nobody", "someone"].contains(stem)
                ? [stem, "is"] : [stem]
        }
        return [String(token.filter { $0 != "'" })]
    }

    /// Emoji that carry meaning for the screen.
    static let emoji: [Unicode.Scalar: String] = [
        "💊": "pills", "🔪": "knife", "🔫": "gun", "🪢": "rope", "🩸": "blood", "⚰": "coffin", "🪦": "grave", "💉": "needle",
        "👋": "bye", "😂": "lol", "🤣": "lol", "😆": "lol", "😹": "lol", "💀": "lol", "⏳": "countdown", "⌛": "countdown",
    ]

    /// Other people's words in quotation marks (a lyric, a film line, a reminder) are set aside;
    /// words the writer hears in their own head ("the voice saying 'just end it'") are kept.
    static func unquote(_ text: String) -> String {
        let parts = text.split(separator: "\"", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return text }
        var out = ""
        for (index, part) in parts.enumerated() {
            let inside = index % 2 == 1 && index < parts.count - 1
            guard inside else { out += part; continue }
            let before = parts[index - 1].suffix(40)
            let own = ["thinking", "thought", "voice", "head", "myself", "keeps saying", "keep saying", "wrote", "i said", "i typed"].contains { before.contains($0) }
            out += own ? " " + part + " " : " ~ "
        }
        return out
    }

    static func sentenceTexts(_ text: String) -> [Substring] {
        text.split(whereSeparator: { $0.isNewline || ".!?;".contains($0) })
    }

    /// Words of letters and digits; `2nite`, `4ever` and `su1c1de` survive as one word each.
    static func tokens(_ sentence: String) -> [String] {
        var result: [String] = []
        var current = ""
        for c in sentence {
            if c.isLetter || c.isNumber || c == "'" && !current.isEmpty {
                current.append(c)
            } else {
                if !current.isEmpty { result.append(current); current = "" }
                // Commas and dashes end a clause; keep them as a mark the negation scope stops at.
                // A hyphen joins words ("self-harm"); a dash with spaces around it is a clause mark.
                if c == "," || c == ":" || c == "(" || c == ")" || c == "—" || c == "–" { result.append(",") }
            }
        }
        if !current.isEmpty { result.append(current) }
        // A quotation mark after a word ("the 'plan'") is not an apostrophe.
        return result.map { $0 == "," ? $0 : String($0.reversed().drop { $0 == "'" }.reversed()) }.filter { !$0.isEmpty }
    }
}

/// The words the screen knows, and how other spellings map onto them.
struct CrisisVocabulary: Sendable {
    /// Text speak and contractions without apostrophes, as the words they stand for.
    let speak: [String: [String]]
    /// Single-deletion neighbours of the screen's longer words, for one-letter typos.
    let near: [String: String]
    let known: Set<String>
    /// The first letters and the lengths of the corrected words: most words need no look-up at all.
    let typoInitials: Set<Character>
    let typoLengths: ClosedRange<Int>


    init(speak: [String: String], words: Set<String>, typoTargets: Set<String>) {
        self.speak = speak.mapValues { $0.split(separator: " ").map(String.init) }
        var known = words
        for expansion in speak.values { for word in expansion.split(separator: " ") { known.insert(String(word)) } }
        self.known = known
        var near: [String: String] = [:]
        var clash: Set<String> = []
        // Only the screen's distinctive words are corrected: "fridge" must not become "bridge".
        for word in typoTargets {
            near[word] = word
            for variant in Self.deletions(word) {
                if let other = near[variant], other != word { clash.insert(variant) } else { near[variant] = word }
            }
        }
        for variant in clash { near[variant] = nil }
        self.near = near
        typoInitials = Set(typoTargets.compactMap(\.first))
        let lengths = typoTargets.map(\.count)
        typoLengths = (lengths.min() ?? 5) - 1 ... (lengths.max() ?? 5) + 1
    }

    static func deletions(_ word: String) -> [String] {
        let letters = Array(word)
        return letters.indices.map { i in String(letters[..<i] + letters[(i + 1)...]) }
    }

    func expand(_ token: String) -> [String] {
        var token = token
        // su1c1de, 0verdose: digits inside letters are letters.
        if token.first?.isLetter == true, token.contains(where: \.isNumber), speak[token] == nil {
            token = String(token.map { Self.leet[$0] ?? $0 })
        }
        if let expansion = speak[token] { return expansion }
        guard token.count >= 5, typoLengths.contains(token.count), !known.contains(token) else { return [token] }
        // A typo keeps the first letter or the second ("suicde", "uicide" is rarer): check either.
        guard token.prefix(2).contains(where: { typoInitials.contains($0) }) else { return [token] }
        // One letter extra, missing, changed or swapped ("suicde", "overdoes", "tonigth").
        if let word = near[token] { return [word] }
        for variant in Self.deletions(token) {
            if let word = near[variant] { return [word] }
        }
        return [token]
    }

    static let leet: [Character: Character] = ["0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"]
}
