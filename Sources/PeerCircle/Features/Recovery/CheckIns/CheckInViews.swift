import Foundation
import Hummingbird
import Plot

enum CheckInViews {
    static func form(
        _ page: PageContext, input: CheckInInput, today: LocalDate, editing: Bool, reviewed: Bool,
        errors: [FieldError] = [], notice: String? = nil, status: HTTPResponse.Status = .ok
    ) -> HTMLPage {
        let errors = Forms.errors(errors)
        let moods: [(value: String, label: String)] = (1...5).map { level in
            (value: String(level), label: "\(level) — \(CheckInInput.moodLabels[level] ?? "")")
        }
        let cravings: [(value: String, label: String)] = (0...10).map { level in
            let words: [Int: String] = [0: "0 — none", 10: "10 — strongest"]
            return (value: String(level), label: words[level] ?? String(level))
        }
        let sober: [(value: String, label: String)] = CheckIn.Sober.allCases.map { (value: $0.rawValue, label: $0.title) }
        let safe: [(value: String, label: String)] = CheckIn.Safe.allCases.map { (value: $0.rawValue, label: $0.title) }
            + [(value: "", label: "I'd rather not answer")]
        return Layout.render(
            "Check-in for \(today.longText)", page, status: status,
            Banner.notice(notice),
            .p(.class("hint"), .text(editing
                ? "You checked in today. You can change it until the day ends."
                : "Only you can see your check-ins.")),
            Forms.form(
                SiteURL.checkIn.path, csrf: page.csrfToken,
                Forms.summary(errors),
                Forms.choices("mood", legend: "How is your mood?", options: moods, selected: [input.mood],
                              errors: errors, multiple: false),
                Forms.choices("craving", legend: "How strong are cravings today?", options: cravings,
                              selected: [input.craving], errors: errors, multiple: false),
                Forms.choices("sober", legend: "Did you stay sober today?", options: sober, selected: [input.sober],
                              errors: errors, multiple: false,
                              hint: "However you answer, checking in is what counts."),
                Forms.choices("triggers", legend: "Anything that triggered you? (optional)",
                              options: CheckInInput.triggerChoices, selected: Set(input.triggers), errors: errors,
                              multiple: true),
                Forms.input("tags", label: "Your own tags (optional)", value: input.tags, errors: errors,
                            hint: "Separated by commas, e.g. work, family."),
                Forms.input("gratitude", label: "One thing you're grateful for (optional)", value: input.gratitude,
                            errors: errors, attributes: [.attribute(named: "maxlength", value: "280")]),
                Forms.textarea("note", label: "A private note (optional)", value: input.note, errors: errors,
                               hint: reviewed
                                   ? "Only you — and, because you asked for it on My circle, a moderator if the safety screen is worried by what you write."
                                   : "Only you will ever see this.", maxLength: 2000),
                Forms.choices("safe", legend: "Do you feel safe right now?", options: safe, selected: [input.safe],
                              errors: errors, multiple: false,
                              hint: "If you answer no, we'll show you ways to reach someone straight away."),
                .button(.type(.submit), .text(editing ? "Save changes" : "Check in"))
            )
        )
    }

    /// Three taps from Today — mood, cravings, sober today — with the full form one tap away.
    static func quick(_ page: PageContext) -> Node<HTML.BodyContext> {
        let moods = (1...5).map { (value: String($0), label: CheckInInput.moodLabels[$0] ?? "") }
        let cravings = [("0", "None"), ("3", "Some"), ("6", "Strong"), ("9", "Very strong")].map { (value: $0.0, label: $0.1) }
        let sober = CheckIn.Sober.allCases.map { (value: $0.rawValue, label: $0.title) }
        return .div(.class("quick-check-in"),
            Forms.form(SiteURL.checkIn.path, csrf: page.csrfToken,
                .input(.type(.hidden), .name("quick"), .value("1")),
                Forms.choices("mood", legend: "Mood", options: moods, selected: [], errors: [:], multiple: false),
                Forms.choices("craving", legend: "Cravings", options: cravings, selected: [], errors: [:], multiple: false),
                Forms.choices("sober", legend: "Sober today so far? (optional)", options: sober, selected: [], errors: [:], multiple: false),
                .button(.type(.submit), .class("primary"), .text("Check in"))),
            .p(.a(.href(SiteURL.checkIn.path), .text("The full check-in")), .span(.class("hint"), .text(" — triggers, gratitude, a private note, and how safe you feel."))))
    }

    static func history(_ page: PageContext, history: CheckInHistory, days: Int, notice: String?,
                        pledges: Node<HTML.BodyContext> = .empty) -> HTMLPage {
        let byDay = Dictionary(history.items.map { ($0.localDate, $0) }, uniquingKeysWith: { a, _ in a })
        let window = (0..<days).map { history.from.adding(days: $0) }
        let moods = window.map { byDay[$0.description]?.mood }
        let cravings = window.map { byDay[$0.description]?.craving }
        let count = history.items.count
        func average(_ values: [Int?]) -> String {
            let v = values.compactMap { $0 }
            return v.isEmpty ? "no data" : String(format: "%.1f", Double(v.reduce(0, +)) / Double(v.count))
        }
        let mood = TrendChart(
            id: "mood", title: "Mood over the last \(days) days",
            summary: "Mood from 1 (very low) to 5 (very good) on \(count) of \(days) days; average \(average(moods)).",
            range: 1...5, values: moods, firstDay: history.from)
        let craving = TrendChart(
            id: "craving", title: "Cravings over the last \(days) days",
            summary: "Craving from 0 (none) to 10 (strongest) on \(count) of \(days) days; average \(average(cravings)).",
            range: 0...10, values: cravings, firstDay: history.from)
        return Layout.render(
            "Your check-ins", page,
            Banner.notice(notice),
            .p(.class("streak"), .text(history.streaks.message)),
            .nav(.class("tabs"), .attribute(named: "aria-label", value: "Period"),
                 .a(.href(SiteURL.checkIns(days: 30).path), .text("30 days"), .if(days == 30, .attribute(named: "aria-current", value: "page"))),
                 .text(" "),
                 .a(.href(SiteURL.checkIns(days: 90).path), .text("90 days"), .if(days == 90, .attribute(named: "aria-current", value: "page")))),
            .element(named: "figure", nodes: [.element(named: "figcaption", text: "Mood (1 very low – 5 very good)"), .raw(mood.svg())]),
            .element(named: "figure", nodes: [.element(named: "figcaption", text: "Cravings (0 none – 10 strongest)"), .raw(craving.svg())]),
            .details(
                .summary(.text("The same as a table")),
                .div(.class("scroll-x"), .table(
                    .caption(.text("Check-ins, last \(days) days")),
                    .thead(.tr(.th("Day"), .th("Mood"), .th("Craving"), .th("Sober"), .th("Felt safe"), .th("Triggers and tags"))),
                    .tbody(.forEach(history.items.reversed()) { c in
                        .tr(.td(.text(c.date.longText)), .td(.text(String(c.mood))), .td(.text(String(c.craving))),
                            .td(.text(c.sober.title)), .td(.text(c.safe?.title ?? "—")),
                            .td(.text((c.triggers.map { t in CheckInInput.triggerChoices.first { $0.value == t }?.label ?? t }
                                       + c.tags.map { "#" + $0 }).joined(separator: ", "))))
                    })
                ))
            ),
            pledges,
            .p(.a(.href(SiteURL.checkIn.path), .text("Today's check-in")), .text(" · "),
               .a(.href(SiteURL.assessments.path), .text("Check-ups (BARC-10, PHQ-9, GAD-7)")))
        )
    }
}
