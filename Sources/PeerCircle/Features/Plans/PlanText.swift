import Foundation

/// The plan as plain text in five boxes, so it can be written on a phone without a form per item.
/// Goals: a goal per paragraph, steps on lines starting with "-", an optional "by YYYY-MM-DD".
/// Triggers: "trigger: what helps; what else helps". People: "name: how to reach them".
/// Warning signs and reasons: one per line.
enum PlanText {
    struct Fields: Sendable, Equatable {
        var goals = ""
        var triggers = ""
        var warningSigns = ""
        var people = ""
        var reasons = ""
    }

    static let maxItems = 50
    static let maxLine = 300

    static func format(_ plan: PlanContent) -> Fields {
        Fields(
            goals: plan.goals.map { goal in
                ([goal.title + (goal.by.map { " by \($0)" } ?? "")] + goal.steps.map { "- \($0)" }).joined(separator: "\n")
            }.joined(separator: "\n\n"),
            triggers: plan.triggers.map { t in t.coping.isEmpty ? t.trigger : "\(t.trigger): \(t.coping.joined(separator: "; "))" }
                .joined(separator: "\n"),
            warningSigns: plan.warningSigns.joined(separator: "\n"),
            people: plan.people.map { $0.contact.isEmpty ? $0.name : "\($0.name): \($0.contact)" }.joined(separator: "\n"),
            reasons: plan.reasons.joined(separator: "\n"))
    }

    static func parse(_ fields: Fields) throws(AppError) -> PlanContent {
        var check = Validation()
        var plan = PlanContent()
        for block in paragraphs(fields.goals) {
            guard var title = block.first else { continue }
            let lines = block.dropFirst()
            var by: String?
            if let range = title.range(of: #"\s+by\s+\d{4}-\d{1,2}-\d{1,2}$"#, options: .regularExpression) {
                let date = String(title[range].split(separator: " ").last ?? "")
                if LocalDate(date) != nil { by = date } else { check.add("goals", "Write dates as YYYY-MM-DD, e.g. “by 2027-01-31”.") }
                title = String(title[..<range.lowerBound])
            }
            let steps = lines.map { $0.hasPrefix("-") ? String($0.dropFirst()).trimmingCharacters(in: .whitespaces) : $0 }
            plan.goals.append(.init(title: title, steps: steps.filter { !$0.isEmpty }, by: by))
        }
        plan.triggers = lines(fields.triggers).compactMap { line in
            let (trigger, rest) = splitOnce(line)
            let coping = rest.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if trigger.isEmpty && !coping.isEmpty { check.add("triggers", "Name the trigger before the colon, e.g. “payday: call Sam”.") }
            return trigger.isEmpty ? nil : .init(trigger: trigger, coping: coping)
        }
        plan.warningSigns = lines(fields.warningSigns)
        plan.people = lines(fields.people).compactMap { line in
            let (name, contact) = splitOnce(line)
            if name.isEmpty && !contact.isEmpty { check.add("people", "Write the name before the colon, e.g. “Sam: 555 0100”.") }
            return name.isEmpty ? nil : .init(name: name, contact: contact)
        }
        plan.reasons = lines(fields.reasons)
        for (field, text) in [("goals", fields.goals), ("triggers", fields.triggers), ("warning_signs", fields.warningSigns),
                              ("people", fields.people), ("reasons", fields.reasons)] {
            let all = lines(text)
            check.check(all.count <= maxItems, field, "Keep it to \(maxItems) lines.")
            check.check(all.allSatisfy { $0.count <= maxLine }, field, "Keep each line under \(maxLine) characters.")
        }
        try check.finish()
        return plan
    }

    /// Checks a plan that arrived as JSON with the same limits as the text form.
    static func validate(_ plan: PlanContent) throws(AppError) -> PlanContent {
        _ = try parse(format(plan))
        var check = Validation()
        for goal in plan.goals {
            if let by = goal.by { check.check(LocalDate(by) != nil, "goals", "Write dates as YYYY-MM-DD.") }
        }
        check.check(plan.triggers.allSatisfy { !$0.trigger.trimmingCharacters(in: .whitespaces).isEmpty }, "triggers", "Every trigger needs a name.")
        check.check(plan.people.allSatisfy { !$0.name.trimmingCharacters(in: .whitespaces).isEmpty }, "people", "Every person needs a name.")
        check.check(plan.goals.allSatisfy { !$0.title.isEmpty }, "goals", "Every goal needs a title.")
        try check.finish()
        return plan
    }

    /// "before: after", both trimmed; the whole line before when there is no colon.
    private static func splitOnce(_ line: String) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { return (line.trimmingCharacters(in: .whitespaces), "") }
        return (line[..<colon].trimmingCharacters(in: .whitespaces), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    private static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func paragraphs(_ text: String) -> [[String]] {
        var result: [[String]] = [], current: [String] = []
        for raw in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                if !current.isEmpty { result.append(current); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// What changed between two versions, section by section, as lines added and removed.
    static func changes(from old: PlanContent, to new: PlanContent) -> [(section: String, added: [String], removed: [String])] {
        let a = format(old), b = format(new)
        return [("Goals", a.goals, b.goals), ("Triggers", a.triggers, b.triggers), ("Warning signs", a.warningSigns, b.warningSigns),
                ("People to call", a.people, b.people), ("Reasons", a.reasons, b.reasons)].compactMap { section, before, after in
            let old = lines(before), new = lines(after)
            let added = new.filter { !old.contains($0) }, removed = old.filter { !new.contains($0) }
            return added.isEmpty && removed.isEmpty ? nil : (section, added, removed)
        }
    }
}
