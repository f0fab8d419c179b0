/// Meeting Guide type codes and what they mean, from the published list
/// (`shared/reference/meeting-guide-types.txt`), shown to people next to every code.
enum MeetingTypes {
    static let meanings: [String: String] = [
        "11": "11th Step Meditation",
        "12x12": "12 Steps & 12 Traditions",
        "A": "Secular",
        "ABSI": "As Bill Sees It",
        "AF": "Afrikaans",
        "AL": "Concurrent with Alateen",
        "AL-AN": "Concurrent with Al-Anon",
        "AM": "Amharic",
        "AR": "Arabic",
        "ASL": "American Sign Language",
        "B": "Big Book",
        "BA": "Babysitting Available",
        "BE": "Newcomer",
        "BG": "Bulgarian",
        "BI": "Bisexual",
        "BRK": "Breakfast",
        "C": "Closed",
        "CAN": "Candlelight",
        "CF": "Child-Friendly",
        "D": "Discussion",
        "DA": "Danish",
        "DB": "Digital Basket",
        "DD": "Dual Diagnosis",
        "DE": "German",
        "DR": "Daily Reflections",
        "EL": "Greek",
        "EN": "English",
        "FA": "Persian",
        "FI": "Finnish",
        "FF": "Fragrance Free",
        "FR": "French",
        "G": "Gay",
        "GR": "Grapevine",
        "H": "Birthday",
        "HE": "Hebrew",
        "HI": "Hindi",
        "HR": "Croatian",
        "HU": "Hungarian",
        "IS": "Icelandic",
        "ITA": "Italian",
        "JA": "Japanese",
        "KA": "Georgian",
        "KOR": "Korean",
        "L": "Lesbian",
        "LGBTQ": "LGBTQ",
        "LIT": "Literature",
        "LS": "Living Sober",
        "LT": "Lithuanian",
        "M": "Men",
        "MED": "Meditation",
        "ML": "Malayalam",
        "MT": "Maltese",
        "N": "Native American",
        "NB": "Non-Binary",
        "NDG": "Indigenous",
        "NE": "Nepali",
        "NL": "Dutch",
        "NO": "Norwegian",
        "O": "Open",
        "OUT": "Outdoor",
        "P": "Professionals",
        "POA": "Proof of Attendance",
        "POC": "People of Color",
        "POL": "Polish",
        "POR": "Portuguese",
        "PUN": "Punjabi",
        "RUS": "Russian",
        "S": "Spanish",
        "SEN": "Seniors",
        "SK": "Slovak",
        "SL": "Slovenian",
        "SM": "Smoking Permitted",
        "SP": "Speaker",
        "ST": "Step Study",
        "SV": "Swedish",
        "T": "Transgender",
        "TC": "Location Temporarily Closed",
        "TH": "Thai",
        "TL": "Tagalog",
        "TR": "Tradition Study",
        "TUR": "Turkish",
        "UK": "Ukrainian",
        "W": "Women",
        "X": "Wheelchair Access",
        "XB": "Wheelchair-Accessible Bathroom",
        "XT": "Cross Talk Permitted",
        "Y": "Young People",
    ]

    /// Codes feeds still use that the list has retired; they become attendance, not types.
    static let legacyOnline: Set<String> = ["ONL"]

    static func meaning(_ code: String) -> String { meanings[code] ?? code }
}

extension MeetingTypes {
    /// How types are grouped for people: what happens, who it's for, the language, access.
    enum Kind: String, CaseIterable, Sendable {
        case format, audience, language, access, other

        var title: String {
            switch self {
            case .format: "Format"
            case .audience: "Who it's for"
            case .language: "Language"
            case .access: "Accessibility and practical"
            case .other: "Other"
            }
        }
    }

    static let audience: Set<String> = ["BE", "BI", "G", "L", "LGBTQ", "M", "N", "NB", "NDG", "P", "POC", "SEN", "T", "W", "Y", "AL", "AL-AN"]
    static let access: Set<String> = ["ASL", "BA", "CF", "FF", "X", "XB", "SM", "POA", "OUT", "TC"]
    static let format: Set<String> = ["11", "12x12", "A", "ABSI", "B", "BRK", "CAN", "D", "DB", "DD", "DR", "GR", "H", "LIT", "LS", "MED", "SP", "ST", "TR", "XT"]
    /// Open and Closed are explained in a sentence of their own, not listed as types.
    static let openness: Set<String> = ["O", "C"]
    /// Codes about a room and a building: they mean nothing for a meeting that is only online.
    static let inPersonOnly: Set<String> = ["TC", "X", "XB", "BA", "OUT", "SM", "BRK", "CAN"]

    static func kind(_ code: String) -> Kind {
        if format.contains(code) { return .format }
        if audience.contains(code) { return .audience }
        if access.contains(code) { return .access }
        if MeetingFilter.languageTypes.values.contains(code) || ["AF", "AM", "BG", "DA", "EL", "FI", "HE", "HR", "HU", "IS", "KA", "LT", "ML", "MT", "NE", "NO", "PUN", "SK", "SL", "SV", "TH", "TUR"].contains(code) {
            return .language
        }
        return .other
    }

    /// The codes worth showing for this meeting: no in-person-only codes on an online meeting, no Open/Closed (said in words).
    static func shown(_ m: MeetingDraft) -> [String] {
        m.types.filter { !openness.contains($0) && !(m.attendance == .online && inPersonOnly.contains($0)) }
    }

    /// One sentence on who may come, on every meeting.
    static func openness(_ m: MeetingDraft) -> String {
        if m.types.contains("C") {
            return "Closed meeting: for people who want to stop drinking or using, or think they might have a problem. If that's you, you're welcome."
        }
        if m.types.contains("O") {
            return "Open meeting: anyone may come — people in recovery, people curious about it, family and friends."
        }
        return "This meeting doesn't say whether it's open or closed. If you want to stop drinking or using, you're welcome at either kind."
    }

    /// Types for a filter list, in groups, as (group title, [(code, meaning)]).
    static let grouped: [(title: String, options: [(value: String, label: String)])] = {
        Kind.allCases.compactMap { kind in
            // "Temporarily closed" is nothing anyone looks for.
            let options = meanings.filter { !openness.contains($0.key) && $0.key != "TC" && Self.kind($0.key) == kind }
                .sorted { $0.value < $1.value }.map { (value: $0.key, label: $0.value) }
            return options.isEmpty ? nil : (title: kind.title, options: options)
        } + [(title: "Open or closed", options: [(value: "O", label: "Open (anyone may come)"), (value: "C", label: "Closed (for people who want to stop)")])]
    }()
}
