import Foundation

/// A group as typed by a facilitator, before validation.
struct GroupInput: Sendable, Equatable {
    var name = ""
    var description = ""
    var pathway = Group.Pathway.twelveStep.rawValue
    var languages = "en"
    var isClosed = false

    /// Languages people can choose, by ISO 639-1 code.
    static let languageNames: [String: String] = [
        "en": "English", "es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese", "it": "Italian",
        "nl": "Dutch", "pl": "Polish", "ru": "Russian", "uk": "Ukrainian", "ar": "Arabic", "fa": "Persian",
        "hi": "Hindi", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "tl": "Tagalog", "vi": "Vietnamese",
        "asl": "American Sign Language",
    ]

    func validate() throws(AppError) -> GroupDraft {
        var check = Validation()
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check((2...80).contains(name.count), "name", "Use between 2 and 80 characters.")
        let description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(description.count <= 2000, "description", "Use at most 2000 characters.")
        let pathway = Group.Pathway(rawValue: pathway)
        check.check(pathway != nil, "pathway", "Choose a pathway from the list.")
        let codes = languages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        check.check(!codes.isEmpty && codes.allSatisfy { Self.languageNames[$0] != nil }, "languages",
                    "Choose one or more languages from the list.")
        try check.finish()
        var seen = Set<String>()
        return GroupDraft(name: name, description: description, pathway: try pathway.checked("pathway"),
                          languages: codes.filter { seen.insert($0).inserted }, isClosed: isClosed)
    }
}

struct GroupDraft: Sendable, Equatable {
    let name: String
    let description: String
    let pathway: Group.Pathway
    let languages: [String]
    let isClosed: Bool
}
