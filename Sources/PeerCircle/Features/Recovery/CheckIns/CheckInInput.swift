import Foundation

/// A check-in as typed by a person, before validation.
struct CheckInInput: Sendable, Equatable {
    var mood = ""
    var craving = ""
    var sober = ""
    var triggers: [String] = []
    var tags = ""
    var gratitude = ""
    var note = ""
    var safe = ""

    static let triggerChoices: [(value: String, label: String)] = [
        ("stress", "Stress"), ("loneliness", "Loneliness"), ("boredom", "Boredom"), ("anger", "Anger"),
        ("tiredness", "Tiredness"), ("hunger", "Hunger"), ("conflict", "Conflict"), ("pain", "Pain"),
        ("social_pressure", "Social pressure"), ("celebration", "Celebration"), ("places_people", "Old places or people"),
        ("money", "Money worries"), ("anxiety", "Anxiety"), ("sadness", "Sadness"),
    ]
    static let moodLabels = [1: "Very low", 2: "Low", 3: "Okay", 4: "Good", 5: "Very good"]

    /// The form's text as the service's command: a number that is not a number is no answer.
    var command: CheckInCommand {
        CheckInCommand(mood: Int(mood.trimmingCharacters(in: .whitespaces)), craving: Int(craving.trimmingCharacters(in: .whitespaces)),
                       sober: sober, triggers: triggers, tags: tags.split(separator: ",").map(String.init),
                       gratitude: gratitude, note: note, safe: safe)
    }
}

/// A check-in as the web form and the API both give it to `CheckInService`; the rules live here once.
struct CheckInCommand: Sendable, Equatable {
    var mood: Int?
    var craving: Int?
    var sober: String
    var triggers: [String] = []
    var tags: [String] = []
    var gratitude = ""
    var note = ""
    var safe = ""

    func validate() throws(AppError) -> CheckInDraft {
        var check = Validation()
        check.check(mood.map { (1...5).contains($0) } ?? false, "mood", "Choose your mood from 1 (very low) to 5 (very good).")
        check.check(craving.map { (0...10).contains($0) } ?? false, "craving", "Choose a craving level from 0 (none) to 10 (strongest).")
        let sober = CheckIn.Sober(rawValue: sober)
        check.check(sober != nil, "sober", "Choose yes, no, or rather not say.")
        let known = Set(CheckInInput.triggerChoices.map(\.value))
        check.check(triggers.allSatisfy(known.contains), "triggers", "Choose triggers from the list; add your own as tags.")
        let tags = tags.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        check.check(tags.count <= 10, "tags", "Use at most 10 tags.")
        check.check(tags.allSatisfy { $0.count <= 30 }, "tags", "Keep each tag under 30 characters.")
        check.check(tags.allSatisfy { !$0.contains(where: { $0 == "," || $0.isNewline }) }, "tags", "A tag can't hold a comma or a line break.")
        let gratitude = gratitude.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(gratitude.count <= 280, "gratitude", "Use at most 280 characters.")
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(note.count <= 2000, "note", "Use at most 2000 characters.")
        let safe = safe.trimmingCharacters(in: .whitespaces)
        check.check(safe.isEmpty || CheckIn.Safe(rawValue: safe) != nil, "safe", "Choose yes, not sure or no — or leave it unanswered.")
        try check.finish()
        var seen = Set<String>()
        return CheckInDraft(
            mood: try mood.checked("mood"), craving: try craving.checked("craving"), sober: try sober.checked("sober"),
            triggers: triggers.filter { seen.insert($0).inserted },
            tags: tags.map { $0.lowercased() }.filter { seen.insert("#" + $0).inserted },
            gratitude: gratitude.isEmpty ? nil : gratitude, note: note.isEmpty ? nil : note, safe: CheckIn.Safe(rawValue: safe))
    }
}

struct CheckInDraft: Sendable, Equatable {
    let mood: Int
    let craving: Int
    let sober: CheckIn.Sober
    let triggers: [String]
    let tags: [String]
    let gratitude: String?
    let note: String?
    let safe: CheckIn.Safe?
}

extension CheckInInput {
    init(_ checkIn: CheckIn) {
        self.init(mood: String(checkIn.mood), craving: String(checkIn.craving), sober: checkIn.sober.rawValue,
                  triggers: checkIn.triggers, tags: checkIn.tags.joined(separator: ", "),
                  gratitude: checkIn.gratitude ?? "", note: checkIn.note ?? "", safe: checkIn.safe?.rawValue ?? "")
    }

    init(form: FormData) {
        self.init(mood: form["mood"], craving: form["craving"], sober: form["sober"], triggers: form.all("triggers"),
                  tags: form["tags"], gratitude: form["gratitude"], note: form["note"], safe: form["safe"])
    }
}
