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
        for raw in Self.split(Self.unquote(Self.prepare(text))) {
            var words: [String] = []
            for token in raw.tokens {
                for piece in Self.uncontract(token) {
                    for word in vocabulary.expand(piece) {
                        // "no one" is one word to the screen, so "no" is not read as a negation.
                        if word == "one", words.last == "no" { words[words.count - 1] = "noone" } else { words.append(word) }
                    }
                }
            }
            if !words.isEmpty { sentences.append(Sentence(words: words, quoted: raw.quoted)) }
        }
        self.sentences = sentences
    }

    /// Sentences of raw tokens in one pass over the scalars: words of letters, digits and inner
    /// apostrophes ("2nite", "su1c1de", "don't"); commas, colons, brackets and dashes as a clause
    /// mark ","; a hyphen between words only separates them ("self-harm").
    static func split(_ text: String) -> [(tokens: [String], quoted: Bool)] {
        var result: [(tokens: [String], quoted: Bool)] = []
        var tokens: [String] = []
        var current: [UInt8] = []
        var first: Unicode.Scalar?
        var last: Unicode.Scalar?
        var length = 0
        func endWord() {
            guard !current.isEmpty else { return }
            // A quotation mark after a word ("the 'plan'") is not an apostrophe.
            while current.last == 39 { _ = current.popLast() }
            if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
        }
        func endSentence() {
            endWord()
            let quoted = first == ">" || (first == "\"" && last == "\"" && length > 2)
            if !tokens.isEmpty { result.append((tokens, quoted)) }
            tokens = []; first = nil; last = nil; length = 0
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 46 || v == 33 || v == 63 || v == 59 || v == 10 || v == 0x2028 || v == 0x2029 { endSentence(); continue }
            if v != 32 && v != 9 { if first == nil { first = scalar }; last = scalar; length += 1 }
            if v < 128 {
                if (v >= 97 && v <= 122) || (v >= 65 && v <= 90) || (v >= 48 && v <= 57) || (v == 39 && !current.isEmpty) {
                    current.append(UInt8(v))
                    continue
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                UTF8.encode(scalar) { current.append($0) }
                continue
            }
            endWord()
            if v == 44 || v == 58 || v == 40 || v == 41 || v == 0x2014 || v == 0x2013 { tokens.append(",") }
        }
        endSentence()
        return result
    }

    /// Lower case, one kind of apostrophe and quotation mark, no invisible characters, full-width
    /// letters as plain ones, line breaks of every kind as "\n", emoji as words — in one pass, bytes
    /// for plain ASCII.
    static func prepare(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 128 {
                // Upper case to lower, a backtick as an apostrophe, CR as a line break.
                out.append(v >= 65 && v <= 90 ? UInt8(v + 32) : v == 0x60 ? 39 : v == 0x0D ? 10 : UInt8(v))
                continue
            }
            for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                switch lower.value {
                case 0x2019, 0x2018, 0xB4: out.append(39)
                case 0x201C, 0x201D: out.append(34)
                case 0x2026: out.append(46)
                case 0xA0: out.append(32)
                case 0x200B...0x200D, 0x2060, 0xFEFF, 0xAD: continue
                case 0xFF01...0xFF5E: out.append(UInt8(lower.value - 0xFEE0))
                default:
                    if lower.value >= 0x2300, let word = emoji[lower] { out.append(contentsOf: " \(word) ".utf8) } else { UTF8.encode(lower) { out.append($0) } }
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A word with an apostrophe, as the words it stands for: "don't" → do not, "i'm" → i am,
    /// "mom's" → mom, "od'd" → overdosed. Without an apostrophe the vocabulary's text speak does it.
    static let contractions: [String: [String]] = ["won't": ["will", "not"], "can't": ["can", "not"], "shan't": ["shall", "not"], "od'd": ["overdosed"],
                                                   "od'ing": ["overdosing"], "ain't": ["is", "not"], "y'all": ["you", "all"]]
    static let suffixes: [(String, String?)] = [("n't", "not"), ("'m", "am"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'d", "would"), ("'s", nil)]

    static func uncontract(_ token: String) -> [String] {
        guard token.utf8.contains(39) else { return [token] }
        if let words = contractions[token] { return words }
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
        guard text.utf8.lazy.filter({ $0 == 34 }).count >= 2 else { return text }
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

}

/// The words the screen knows, and how other spellings map onto them.
struct CrisisVocabulary: Sendable {
    /// Text speak and contractions without apostrophes, as the words they stand for.
    let speak: [String: [String]]
    /// Single-deletion neighbours of the screen's longer words, for one-letter typos.
    let near: [String: String]
    let known: Set<String>
    /// The first letters and the lengths of the corrected words: most words need no look-up at all.
    let typoPrefixes: Set<String>
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
        typoPrefixes = Set(typoTargets.map { String($0.prefix(2)) })
        let lengths = typoTargets.map(\.count)
        typoLengths = (lengths.min() ?? 5) - 1 ... (lengths.max() ?? 5) + 1
    }

    static func deletions(_ word: String) -> [String] {
        let letters = Array(word)
        return letters.indices.map { i in String(letters[..<i] + letters[(i + 1)...]) }
    }

    func expand(_ token: String) -> [String] {
        var token = token
        if let expansion = speak[token] { return expansion }
        // su1c1de: digits inside a word that starts with a letter are letters.
        let bytes = token.utf8
        if let first = bytes.first, (97...122).contains(first), bytes.contains(where: { (48...57).contains($0) }) {
            token = String(token.map { Self.leet[$0] ?? $0 })
            if let expansion = speak[token] { return expansion }
        }
        let count = bytes.count
        guard count >= 5, typoLengths.contains(count), !known.contains(token) else { return [token] }
        // A typo almost always keeps the first two letters ("suicde", "overdoes", "tonigth").
        guard typoPrefixes.contains(String(token.prefix(2))) else { return [token] }
        // One letter extra, missing, changed or swapped ("suicde", "overdoes", "tonigth").
        if let word = near[token] { return [word] }
        for variant in Self.deletions(token) {
            if let word = near[variant] { return [word] }
        }
        return [token]
    }

    static let leet: [Character: Character] = ["0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"]
}
