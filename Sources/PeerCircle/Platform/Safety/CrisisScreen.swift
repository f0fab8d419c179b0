import Foundation

/// Screens text for crisis language: suicidal thoughts, self-harm intent, overdose danger, being
/// unsafe at home. Rules per language (English first; add a `CrisisRules` for another). It is a
/// safety net for human review, not a diagnosis: it misses what it has no words for, and it does
/// not read sarcasm, fiction or long context. See README, "Crisis-language screening".
public struct CrisisScreen: Sendable {
    public enum Category: String, Sendable, Codable, CaseIterable {
        case suicidal, selfHarm = "self_harm", overdose, unsafe
    }

    public struct Finding: Sendable, Equatable {
        public let category: Category
        /// The words that fired, for reviewers.
        public let phrase: String
    }

    let rules: CrisisRules

    public init(language: String = "en") {
        rules = CrisisRules.forLanguage(language)
    }

    /// The first crisis phrase in `text`, or nil.
    public func evaluate(_ text: String) -> Finding? {
        let all = sentences(normalize(text))
        for (index, sentence) in all.enumerated() {
            if rules.isQuotation(sentence) { continue }
            // "Nothing to live for? Not anymore." — the next sentence takes it back.
            if index + 1 < all.count, rules.retractions.contains(where: { all[index + 1].hasPrefix($0) }) { continue }
            var cleaned = " " + sentence + " "
            for idiom in rules.safeIdioms { cleaned = cleaned.replacingOccurrences(of: idiom, with: " ~ ") }
            for rule in rules.patterns {
                guard let range = cleaned.range(of: rule.regex, options: .regularExpression) else { continue }
                if rule.negatable && rules.isNegated(cleaned[..<range.lowerBound]) { continue }
                if rule.unless.contains(where: { cleaned.contains($0) }) { continue }
                return Finding(category: rule.category, phrase: String(cleaned[range]).trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }

    public func fires(_ text: String) -> Bool { evaluate(text) != nil }

    func normalize(_ text: String) -> String {
        var t = text.lowercased()
        for (from, to) in [("’", "'"), ("‘", "'"), ("“", "\""), ("”", "\""), ("…", "."), ("\u{00A0}", " ")] {
            t = t.replacingOccurrences(of: from, with: to)
        }
        // Words apart from punctuation inside a sentence, so phrases match at commas too.
        for mark in [",", ":", "(", ")", "-- "] { t = t.replacingOccurrences(of: mark, with: " \(mark) ") }
        // Common spellings without apostrophes.
        for (from, to) in [("dont ", "don't "), ("cant ", "can't "), ("wont ", "won't "), ("im ", "i'm "), ("ive ", "i've "), ("idk", "i don't know")] {
            t = t.replacingOccurrences(of: " " + from, with: " " + to)
            if t.hasPrefix(from) { t = to + t.dropFirst(from.count) }
        }
        return t
    }

    func sentences(_ text: String) -> [String] {
        var result: [String] = [], current = ""
        for c in text {
            if ".!?\n;".contains(c) {
                if !current.trimmingCharacters(in: .whitespaces).isEmpty { result.append(current.trimmingCharacters(in: .whitespaces)) }
                current = ""
            } else {
                current.append(c)
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { result.append(current.trimmingCharacters(in: .whitespaces)) }
        return result
    }
}

/// The phrase lists and rules for one language.
struct CrisisRules: Sendable {
    struct Pattern: Sendable {
        let category: CrisisScreen.Category
        let regex: String
        /// "not suicidal", "would never hurt myself": a negation just before cancels it.
        let negatable: Bool
        /// Words that show another sense of the phrase ("to charity", "as a kid").
        var unless: [String] = []
    }

    let safeIdioms: [String]
    let patterns: [Pattern]
    let negations: [String]
    /// A next sentence that takes the last one back.
    var retractions: [String] = ["not anymore", "not now", "no longer", "not today", "but not anymore", "not any more"]

    static func forLanguage(_ code: String) -> CrisisRules {
        // Only English so far; other languages fall back to it rather than to nothing.
        english
    }

    /// Reading material or someone else's words, quoted: "> …" or wholly in quotation marks.
    func isQuotation(_ sentence: String) -> Bool {
        sentence.hasPrefix(">") || (sentence.hasPrefix("\"") && sentence.hasSuffix("\"") && sentence.count > 2)
    }

    /// A negation or a past-tense marker in the few words before the match.
    func isNegated(_ before: Substring) -> Bool {
        // Only the same clause counts: "life isn't worth it and I want to die" is not negated.
        var clause = Substring(before + " ")
        for boundary in [" and ", " but ", " , ", " so ", " because "] {
            if let range = clause.range(of: boundary, options: .backwards) { clause = clause[range.upperBound...] }
        }
        let words = clause.split(separator: " ").suffix(5).joined(separator: " ")
        let padded = " " + words + " "
        return negations.contains { padded.contains($0) }
    }

    static let english = CrisisRules(
        safeIdioms: [
            " killed it ", " killing it ", " kill it ", " killer ", " kill time ", " killing time ", " dying to ", " dying for ",
            " to die for ", " die laughing ", " died laughing ", " dead tired ", " dead on my feet ", " saved my life ", " save my life ",
            " saving my life ", " saves lives ", " overdose awareness ", " overdose prevention ", " overdose reversal ", " narcan ",
            " naloxone ", " suicide prevention ", " suicide awareness ", " suicide hotline ", " suicide helpline ", " bored to death ",
            " scared to death ", " sick to death ", " death by chocolate ", " phone died ", " battery died ", " dead battery ",
            " over my dead body ", " i could kill for ", " my feet are killing me ", " my back is killing me ", " this heat is killing me ",
            " kills me ", " cracks me up ", " drop dead ", " dead serious ", " dead end job ", " killing the cravings ", " kill the craving ",
            " killed the craving ", " cut myself some slack ", " cut myself off from ", " cutting myself off from ", " cut myself a break ",
            " hurt myself laughing ", " end of my rope in a good way ", " end it with ", " ending it with ", " ended it with ",
            " end things with ", " ended things with ", " ending things with ", " want to die my hair ", " dye ",
            " pill organizer ", " take my pills as prescribed ", " bottle of water ", " goodbye to alcohol ", " goodbye to drinking ",
            " goodbye to my old life ", " said goodbye to ", " say goodbye to the bottle ", " say goodbye to using ",
            " my life back ", " my life one day ", " die of embarrassment ", " died of embarrassment ", " die of boredom ",
            " kill my old habits ", " kill the noise ",
        ],
        patterns: [
            // Suicidal thoughts, direct
            Pattern(category: .suicidal, regex: #" (kill|killing|off) myself "#, negatable: true),
            Pattern(category: .suicidal, regex: #" suicidal "#, negatable: true, unless: [" asked if ", " asked me if ", " asked whether ", " screening "]),
            Pattern(category: .suicidal, regex: #" (thinking|thought|think|thinks) (a lot )?(about|of) (suicide|killing myself|ending it|dying) "#, negatable: true),
            Pattern(category: .suicidal, regex: #" suicide (is|seems|feels) (like )?(the|my) (only )?(way|option|answer) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (commit|attempt|attempting|committing) suicide "#, negatable: true),
            Pattern(category: .suicidal, regex: #" (i|i'm|i am|i've been|just|really|honestly|sometimes|still) ((?!not |never |no |used |stopped )\w+ ){0,2}(want|wanna|going|ready) (to )?die "#, negatable: true),
            Pattern(category: .suicidal, regex: #" (end|ending|take|taking) (my|my own) life "#, negatable: true),
            Pattern(category: .suicidal, regex: #" (end|ending) it all "#, negatable: true),
            Pattern(category: .suicidal, regex: #" wish (i was|i were|i'd been) (dead|never born|gone) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" wish (i had|i'd) never been born "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (a|my) plan (for how to|for how i'll|to|for when to) (end it|do it|kill myself|die|end my life) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" wish i (could|would) (just )?(die|disappear|not wake up) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (better off|be better) (dead|without me|if i (was|were) gone|if i wasn't here) "#, negatable: true),
            Pattern(category: .suicidal, regex: #" (no|nothing|no reason) (left )?to live for "#, negatable: false),
            Pattern(category: .suicidal, regex: #" no (point|reason) (in )?(living|going on|being alive|to live|to go on) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (don't|do not) want to (be alive|live|exist|be here anymore|wake up|be here) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (won't|will not|wont|not going to) be (around|here) (much longer|for long|anymore|tomorrow) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (can't|cannot|can not) (go on|keep going|do this anymore|take it anymore|take this anymore|live like this)(?! to ) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (tired|sick) of (living|being alive|life|waking up) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (this is|saying|say) (my )?(goodbye|good bye|farewell)(?! to ) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (wrote|written|writing) (a|my) (note|letter) (to|for) (everyone|my family|my kids|my mom|my wife|my husband) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (giving|give|gave) (away )?(all )?my (stuff|things|belongings) away "#, negatable: false,
                    unless: [" charity ", " declutter", " goodwill ", " donat", " moving ", " yard sale "]),
            Pattern(category: .suicidal, regex: #" (giving|gave) away (all )?my (stuff|things|belongings|dog|cat) "#, negatable: false,
                    unless: [" charity ", " declutter", " goodwill ", " donat", " moving ", " yard sale "]),
            Pattern(category: .suicidal, regex: #" (a|such a) burden (to|on) (everyone|my family|them|you all) "#, negatable: true),
            Pattern(category: .suicidal, regex: #" everyone (would be|will be|is|'d be) better off( $| without| if i| when i'm gone| once i'm gone)"#, negatable: true),
            Pattern(category: .suicidal, regex: #" (disappear forever|go to sleep forever|(go to )?sleep and (never|not) wake up) "#, negatable: true),
            Pattern(category: .suicidal, regex: #" (make|making) it (all )?stop (for good|forever) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (jump|jumping) (off (a|the|my) (bridge|building|roof|cliff|balcony|overpass)|in front of (a|the) (train|bus|car|truck)) "#, negatable: true),
            Pattern(category: .suicidal, regex: #" (hang|hanging) myself "#, negatable: true),
            Pattern(category: .suicidal, regex: #" (have|got|bought) a (gun|rope) (for|to use on) myself "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (plan|planned|planning) (how|when) (to|i'll|i will) (do it|end it|go) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (nobody|no one) (would|will) (miss|notice) (me|if i was gone|if i were gone) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (world|everyone|family) (would be|is) better without me "#, negatable: false),
            Pattern(category: .suicidal, regex: #" want (it|everything|the pain)( all)? to (end|stop) (for good|forever|permanently) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (the night|the day|tonight|today|now) i('ll| will|'m going to| am going to)? end it "#, negatable: true),
            Pattern(category: .suicidal, regex: #" i('ll| will|'m going to| am going to|'m gonna) end it (tonight|today|now|all|for good|soon) "#, negatable: true),
            Pattern(category: .suicidal, regex: #" (want|wish|need) (to not|not to) (exist|be alive|be here|live) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (looking up|look up|googling|google|searching) (how many|how much) (pills|tablets|meds|insulin) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" how many (pills|tablets) (it would take|would it take|it takes|to die|to kill) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" us(e|ing) (it|them|the gun|a gun|the knife|the rope) on myself "#, negatable: true),
            Pattern(category: .suicidal, regex: #" (drive|driving|crash|crashing) (my car )?(into|off) (a|the) (wall|tree|bridge|cliff|river|lake|truck) "#, negatable: true),
            Pattern(category: .suicidal, regex: #" (happier|better|easier) (off )?if i (was|were|am|'m|wasn't|weren't) (dead|gone|not here|not around|here) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (don't|do not|can't|cannot) see myself (being alive|alive|living|making it|still here) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" want out (for good|forever|of this life|of life|of everything) "#, negatable: false),
            Pattern(category: .suicidal, regex: #" (ways|how) to (die|kill myself|end it|end my life|disappear forever) "#, negatable: true),
            Pattern(category: .suicidal, regex: #" (rather|sooner) be dead "#, negatable: true),
            Pattern(category: .suicidal, regex: #" hope i (don't|do not|never) wake up( again)?( $| tomorrow $)"#, negatable: false),
            // Self-harm intent
            Pattern(category: .selfHarm, regex: #" (i'm |i am |been |started )(cutting|burning|self[- ]?harming|hurting myself) again "#, negatable: true),
            Pattern(category: .selfHarm, regex: #" (cut|cutting|burn|burned|burnt|burning|hurt|hurting|harm|harming) myself "#, negatable: true),
            Pattern(category: .selfHarm, regex: #" self[- ]?harm(ing)? (again|tonight|today|right now) "#, negatable: true),
            Pattern(category: .selfHarm, regex: #" (urge|urges|want|need) to (cut|self[- ]?harm|hurt myself|bleed ($|again|tonight|out)) "#, negatable: true),
            Pattern(category: .selfHarm, regex: #" (picked up|holding|have) (the|a) (blade|razor) "#, negatable: false),
            // Overdose danger
            Pattern(category: .overdose, regex: #" (saving|saved|stockpiling|hoarding|collecting) (up )?(my |all my |the )?(pills|meds|medication|tablets|oxy|oxys) "#, negatable: false),
            Pattern(category: .overdose, regex: #" (take|taking|swallow|swallowing|took) (all|the whole|every one of) (my |the |of my )?(pills|meds|bottle|tablets|them at once) "#, negatable: true),
            Pattern(category: .overdose, regex: #" (whole|entire) (bottle|pack|packet) (of )?(pills|meds|tablets|tylenol|sleeping pills)? ?(tonight|at once|and) "#, negatable: true),
            Pattern(category: .overdose, regex: #" (on purpose|deliberately) (overdose|od) "#, negatable: true),
            Pattern(category: .overdose, regex: #" (overdose|od) on purpose "#, negatable: true),
            Pattern(category: .overdose, regex: #" (want|wanna|going|plan|planning) to (overdose|od) "#, negatable: true),
            Pattern(category: .overdose, regex: #" (don't|do not) care if i (overdose|od|die|wake up|don't wake up) "#, negatable: false),
            Pattern(category: .overdose, regex: #" enough to (not wake up|never wake up|kill me|stop my heart) "#, negatable: false),
            Pattern(category: .overdose, regex: #" (use|using|drink|drinking) until i (die|stop breathing|can't feel anything ever) "#, negatable: false),
            Pattern(category: .overdose, regex: #" (mix|mixing) (everything|it all|all of it) (tonight|and hope|so i don't) "#, negatable: false),
            Pattern(category: .overdose, regex: #" (took|take|taken|taking|swallowed) (a bunch of|a lot of|too many|loads of|a handful of|way too many) (pills|tablets|meds|sleeping pills|painkillers) "#, negatable: true),
            // Unsafe at home
            Pattern(category: .unsafe, regex: #" (he|she|they|my (husband|wife|partner|boyfriend|girlfriend|dad|father|mom|mother|stepdad|ex)) (hits|hit|beats|beat|chokes|choked|strangled) me "#, negatable: true,
                    unless: [" when i was ", " as a kid ", " as a child ", " growing up ", " years ago ", " used to "]),
            Pattern(category: .unsafe, regex: #" (not|don't feel) safe (at home|in my house|in my home|where i live|with him|with her) "#, negatable: false),
            Pattern(category: .unsafe, regex: #" (scared|afraid|terrified) (to go|of going) home "#, negatable: false),
            Pattern(category: .unsafe, regex: #" (threatened|threatening|going) to (kill|hurt) me "#, negatable: false),
            Pattern(category: .unsafe, regex: #" (locked|locks) me (in|out) "#, negatable: false),
            Pattern(category: .unsafe, regex: #" (scared|afraid|fear) for my (life|safety) "#, negatable: false),
            Pattern(category: .unsafe, regex: #" (he|she|they)('s| is| are|'re) (going to|gonna) (hurt|kill) (me|us|the kids) "#, negatable: false),
        ],
        negations: [" not ", " never ", " no longer ", "n't ", " no more ", " used to ", " stopped ", " years ago ", " anymore "]
    )
}
