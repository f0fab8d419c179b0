import Foundation
import Hummingbird
import Plot

enum AssessmentViews {
    /// One questionnaire on the overview: its last result and the reminder the member chose.
    struct Row: Sendable {
        let instrument: Instrument
        let last: ScoreLine?
        let everyDays: Int?
        let due: Bool
    }

    static func index(_ page: PageContext, rows: [Row], notice: String?, errors: [FieldError] = [],
                      status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        let every: [(value: String, label: String)] = [("", "No reminder")]
            + AssessmentService.everyChoices.map { (String($0), "Every \($0) days") }
        return Layout.render(
            "Check-ups", page, status: status,
            Banner.notice(notice),
            .p(.text("Short, well-tested questionnaires that show how things are going over time. Only you see your answers and scores; they are never a diagnosis. You choose which to take and how often.")),
            .div(.class("cards"), .forEach(rows) { row in
                .article(.class("card"),
                    .h2(.text(row.instrument.shortName)),
                    .p(.text(row.instrument.about)),
                    .unwrap(row.last) { last in
                        .p(.text("Last: \(last.total) on \(last.day.longText)"),
                           .unwrap(row.instrument.band(for: last.total)) { .text(" — \($0.name.lowercased())") }, .text("."))
                    },
                    .if(row.due, .p(.class("notice"), .text("It's time for this one, as you asked."))),
                    .p(.a(.class("button primary"), .href(SiteURL.assessment(row.instrument.kind).path), .text("Take the \(row.instrument.shortName)")),
                       .text(" "),
                       .if(row.last != nil, .a(.href(SiteURL.assessmentResults(row.instrument.kind).path), .text("Your results over time")))),
                    Forms.form(SiteURL.assessmentReminders.path, csrf: page.csrfToken,
                        .input(.type(.hidden), .name("instrument"), .value(row.instrument.kind.rawValue)),
                        Forms.select("every_days-\(row.instrument.kind.rawValue)", label: "Remind me on Today",
                                     options: every, selected: row.everyDays.map(String.init) ?? "", errors: errors,
                                     hint: "Suggested: every \(row.instrument.suggestedEveryDays) days."),
                        .button(.type(.submit), .class("secondary"), .text("Save reminder"),
                                .span(.class("visually-hidden"), .text(" for the \(row.instrument.shortName)")))))
            }),
            .p(.class("hint"), .text("Looking for a therapist, a treatment programme or other professional help? "),
               .a(.href(SiteURL.help.path), .text("See professional help")), .text("."))
        )
    }

    static func form(
        _ page: PageContext, _ instrument: Instrument, answers: [String: String], difficulty: String, submission: String,
        errors: [FieldError] = [], before: Node<HTML.BodyContext> = .empty, status: HTTPResponse.Status = .ok
    ) -> HTMLPage {
        let unanswered = errors.filter { $0.field.hasPrefix("q") }.count
        let errors = Forms.errors(errors)
        let options = instrument.options.map { (value: String($0.value), label: $0.label) }
        return Layout.render(
            instrument.name, page, status: status,
            before,
            .p(.text(instrument.about)),
            Forms.form(
                SiteURL.assessment(instrument.kind).path, csrf: page.csrfToken,
                .input(.type(.hidden), .name("submission"), .value(submission)),
                .if(!errors.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                    .p(.text(unanswered == errors.count
                        ? "Please answer \(unanswered == 1 ? "the question" : "the \(unanswered) questions") marked below — there's no wrong answer."
                        : "Please look at the answers marked below.")))),
                .p(.strong(.text(instrument.stem))),
                .forEach(Array(instrument.items.enumerated())) { index, item in
                    Forms.choices("q\(index + 1)", legend: "\(index + 1). \(item)", options: options,
                                  selected: answers["q\(index + 1)"].map { [$0] } ?? [], errors: errors, multiple: false)
                },
                .if(instrument.kind == .phq9, Forms.choices(
                    "difficulty", legend: Instrument.difficultyQuestion + " (optional)",
                    options: Instrument.difficultyOptions.enumerated().map { (value: String($0.offset), label: $0.element) },
                    selected: difficulty.isEmpty ? [] : [difficulty], errors: errors, multiple: false)),
                .button(.type(.submit), .class("primary"), .text("See my score"))),
            citation(instrument))
    }

    static func results(
        _ page: PageContext, _ instrument: Instrument, lines: [ScoreLine], referrals: [ReferralLine], notice: String?
    ) -> HTMLPage {
        let latest = lines.last
        let band = latest.flatMap { instrument.band(for: $0.total) }
        let previous = lines.dropLast().last
        let selfHarm = latest.map { AssessmentService.selfHarm(instrument.kind, $0.answers) } == true
        return Layout.render(
            "Your \(instrument.shortName) results", page,
            Banner.notice(notice),
            .if(selfHarm, .p(.class("notice strong"),
                .text("Last time you said you've had thoughts of being better off dead or of hurting yourself. If they're with you now, "),
                .a(.href(SiteURL.crisis.path), .text("the crisis lines answer at any hour")), .text(", and "),
                .a(.href(SiteURL.sos.path), .text("your circle can be asked to check on you")), .text("."))),
            .if(lines.isEmpty, .p(.text("No results yet. It takes about five minutes, and only you will see it."))),
            .unwrap(latest) { latest in
                .section(
                    .h2(.text("Latest: \(latest.total) of \(instrument.range.upperBound)"), .unwrap(band) { .text(" — \($0.name)") }),
                    .unwrap(band) { .p(.text($0.words)) },
                    .unwrap(previous) { previous in
                        .p(.class("hint"), .text(change(instrument, from: previous.total, to: latest.total)))
                    },
                    .p(.class("hint"), .text("A questionnaire is a snapshot, not a diagnosis — only a professional who talks with you can give one.")))
            },
            .if(band?.suggestProfessional == true, .section(.class("notice"),
                .h2("Talking to a professional could help"),
                .p(.text("Scores like this are common, and what they describe is very treatable. A doctor, counsellor or therapist can help alongside the support you have here.")),
                ReferralViews.short(referrals),
                .p(.a(.href(SiteURL.help.path), .text("All professional help")), .text(" · "),
                   .a(.href(SiteURL.crisis.path), .text("Crisis lines, if you need someone now"))))),
            .if(!lines.isEmpty, chart(instrument, lines, id: "scores")),
            .if(!lines.isEmpty, .details(
                .summary(.text("The same as a table")),
                .div(.class("scroll-x"), .table(
                    .caption(.text("\(instrument.shortName) results")),
                    .thead(.tr(.th("Day"), .th("Score"), .th("Band"), .th(.span(.class("visually-hidden"), .text("Delete"))))),
                    .tbody(.forEach(lines.reversed()) { line in
                        .tr(.td(.text(line.day.longText)), .td(.text(String(line.total))),
                            .td(.text(instrument.band(for: line.total)?.name ?? "")),
                            .td(.unwrap(line.id) { id in
                                Forms.postButton(SiteURL.assessmentDelete(id).path, label: "Delete", csrf: page.csrfToken, style: "link",
                                                 ariaLabel: "Delete the result of \(line.day.longText)")
                            }))
                    }))))),
            .p(.a(.class("button"), .href(SiteURL.assessment(instrument.kind).path), .text("Take it again")), .text(" "),
               .a(.href(SiteURL.assessments.path), .text("All check-ups"))),
            citation(instrument))
    }

    /// Totals over time with the instrument's bands.
    static func chart(_ instrument: Instrument, _ lines: [ScoreLine], id: String) -> Node<HTML.BodyContext> {
        let chart = ScoreChart(id: id, title: "\(instrument.shortName) over time", range: instrument.range,
                               bands: instrument.bands.map { ($0.range, $0.name) },
                               points: lines.map { ScoreChart.Point(day: $0.day, total: $0.total) })
        return .element(named: "figure", nodes: [
            .element(named: "figcaption", text: "\(instrument.shortName) (\(instrument.range.lowerBound)–\(instrument.range.upperBound); \(instrument.higherIsBetter ? "higher is stronger" : "lower is better"))"),
            .raw(chart.svg()),
        ])
    }

    /// The change since the last time, in words that never scold.
    static func change(_ instrument: Instrument, from old: Int, to new: Int) -> String {
        if old == new { return "The same as last time." }
        let better = instrument.higherIsBetter ? new > old : new < old
        let points = abs(new - old)
        return better
            ? "\(points) point\(points == 1 ? "" : "s") \(instrument.higherIsBetter ? "higher" : "lower") than last time — that's movement in a good direction."
            : "\(points) point\(points == 1 ? "" : "s") \(instrument.higherIsBetter ? "lower" : "higher") than last time. Ups and downs are part of it; it may help to talk it over with someone."
    }

    static func citation(_ instrument: Instrument) -> Node<HTML.BodyContext> {
        .p(.class("hint citation"), .text(instrument.citation + " " + instrument.licence))
    }
}
