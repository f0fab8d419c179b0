import Foundation
import Hummingbird
import Plot

enum ClockViews {
    static func list(_ page: PageContext, clocks: [ClockSummary], notice: String?) -> HTMLPage {
        Layout.render(
            "Your clocks", page,
            Banner.notice(notice),
            .p(.text("Only you can see your clocks, unless you choose to share one.")),
            .if(clocks.isEmpty, .p(.text("You have no clocks yet. A clock counts the days since you started, and marks the milestones along the way."))),
            .div(.class("cards"), .forEach(clocks) { card($0) }),
            .p(.a(.class("button"), .href(SiteURL.newClock.path), .text("Start a clock")))
        )
    }

    static func card(_ clock: ClockSummary, link: String? = nil) -> Node<HTML.BodyContext> {
        .article(
            .class("card clock"),
            .h2(.a(.href(link ?? SiteURL.clock(clock.id).path), .text(clock.label))),
            .p(.class("big"), .strong(.text("\(clock.days)")), .text(clock.days == 1 ? " day" : " days")),
            .p(.text("Since \(clock.startedOn.longText)")),
            .unwrap(clock.moneySavedCents) { .p(.text("\(Money.format(cents: $0, currency: clock.currency)) not spent")) },
            .p(.text("Next: \(clock.next.title) in \(clock.daysToNext) \(clock.daysToNext == 1 ? "day" : "days")"))
        )
    }

    static func detail(_ page: PageContext, clock: ClockSummary, notice: String?) -> HTMLPage {
        Layout.render(
            clock.label, page,
            Banner.notice(notice),
            body(clock),
            .unwrap(clock.reached.last) { milestone in
                .section(
                    .class("card"),
                    .p(.text("You reached \(milestone.title.lowercased()). Want to celebrate it with the community? Only if you choose — nothing is posted for you.")),
                    Forms.postButton(SiteURL.celebrate(clock.id).path, label: "Celebrate \(milestone.title) in Milestones", csrf: page.csrfToken),
                    Forms.postButton(SiteURL.celebrate(clock.id).path + "?anonymous=1", label: "Celebrate anonymously", csrf: page.csrfToken, style: "link"))
            },
            .section(
                .h2("Your choices"),
                .ul(
                    .class("actions"),
                    .li(.a(.href(SiteURL.clockReset(clock.id).path), .text("Start again from a new date"))),
                    .li(.a(.href(SiteURL.clockShare(clock.id).path), .text("Share this clock with someone"))),
                    .li(.a(.href(SiteURL.clockEdit(clock.id).path), .text("Edit or correct"))),
                    .li(.a(.href(SiteURL.clockDelete(clock.id).path), .text("Delete this clock")))
                )
            )
        )
    }

    /// A clock someone shared with the viewer: the same numbers, none of the owner's notes, no controls.
    static func shared(_ page: PageContext, clock: ClockSummary, owner: String) -> HTMLPage {
        Layout.render(
            "\(owner)'s clock: \(clock.label)", page,
            .p(.class("hint"), .text("\(owner) shared this clock with you. They can stop sharing at any time.")),
            body(clock)
        )
    }

    private static func body(_ clock: ClockSummary) -> Node<HTML.BodyContext> {
        .group(
            .section(
                .class("card clock"),
                .p(.class("big"), .strong(.text("\(clock.days)")), .text(clock.days == 1 ? " day" : " days")),
                .p(.text("Since \(clock.startedOn.longText)")),
                .unwrap(clock.moneySavedCents) {
                    .p(.text("\(Money.format(cents: $0, currency: clock.currency)) not spent, at \(Money.format(cents: clock.dailyCostCents ?? 0, currency: clock.currency)) a day"))
                },
                .p(.text("Next milestone: \(clock.next.title), on \(clock.next.date.longText) (\(clock.daysToNext) \(clock.daysToNext == 1 ? "day" : "days") to go)"))
            ),
            .if(clock.days > 0 || !clock.attempts.isEmpty, chart(clock)),
            .section(
                .h2("Milestones reached"),
                .if(clock.reached.isEmpty, .p(.text("Your first milestone, 24 hours, is tomorrow. Today counts."))),
                .ul(.class("milestones"), .forEach(clock.reached.reversed()) { m in
                    .li(.strong(.text(m.title)), .text(" — \(m.date.longText)"))
                })
            ),
            .if(!clock.attempts.isEmpty, .section(
                .h2("Earlier attempts"),
                .p(.class("hint"), .text("Every day of these counted. They are part of your recovery, not a failure of it.")),
                .ul(.forEach(clock.attempts) { a in
                    .li(
                        .text("\(a.startedOn.longText) to \(a.endedOn.longText): \(a.days) \(a.days == 1 ? "day" : "days")"),
                        .unwrap(a.note) { .p(.class("note"), .text($0)) })
                })
            ))
        )
    }

    /// Days counted over time: each attempt rises from its first day, and a new start is marked
    /// "started again" — a line that goes on, not a score.
    static func chart(_ clock: ClockSummary) -> Node<HTML.BodyContext> {
        let runs = clock.attempts.reversed().map { ($0.startedOn, $0.endedOn) } + [(clock.startedOn, clock.today)]
        let points = runs.flatMap { run in
            [ScoreChart.Point(day: run.0, total: 0), ScoreChart.Point(day: run.1, total: max(0, run.0.days(to: run.1)))]
        }
        let high = max(1, points.map(\.total).max() ?? 1)
        let chart = ScoreChart(id: "clock-days", title: "Days on this clock over time", range: 0...high, bands: [], points: points,
                               marks: clock.attempts.map { ($0.endedOn, "Started again on \($0.endedOn.longText)") },
                               said: "\(clock.days) days now, since \(clock.startedOn.longText)"
                                   + (clock.attempts.isEmpty ? "." : "; \(clock.attempts.count) earlier \(clock.attempts.count == 1 ? "run" : "runs"), the longest \(clock.attempts.map(\.days).max() ?? 0) days."), joined: false)
        return .element(named: "figure", nodes: [
            .element(named: "figcaption", text: clock.attempts.isEmpty
                ? "Days over time"
                : "Days over time — each dashed line is a day you started again; every day before it still counted"),
            .raw(chart.svg()),
        ])
    }

    static func form(
        _ page: PageContext, input: ClockInput, editing id: UUID?, errors: [FieldError] = [],
        status: HTTPResponse.Status = .ok
    ) -> HTMLPage {
        let errors = Forms.errors(errors)
        let kinds = Clock.Kind.allCases.map { (value: $0.rawValue, label: $0.title) }
        let currencies = ClockInput.currencies.map { (value: $0, label: $0) }
        return Layout.render(
            id == nil ? "Start a clock" : "Edit clock", page, status: status,
            Forms.form(
                id.map { SiteURL.clockEdit($0).path } ?? SiteURL.clocks.path, csrf: page.csrfToken,
                Forms.summary(errors),
                Forms.select("kind", label: "What are you counting days away from?", options: kinds,
                             selected: input.kind, errors: errors),
                Forms.input("label", label: "Name (optional)", value: input.label, errors: errors,
                            hint: "Your own words, e.g. \"Sober\" or \"Off the slots\".",
                            attributes: [.attribute(named: "maxlength", value: String(ClockInput.maxLabel))]),
                Forms.input("started_on", label: "First day", value: input.startedOn, errors: errors, type: .date,
                            hint: "The first day of this attempt, in your time zone.", required: true),
                Forms.input("daily_cost", label: "Money it used to cost per day (optional)", value: input.dailyCost,
                            errors: errors, hint: "We'll show what you haven't spent.",
                            attributes: [.attribute(named: "inputmode", value: "decimal")]),
                Forms.select("currency", label: "Currency", options: currencies, selected: input.currency, errors: errors),
                .button(.type(.submit), .text(id == nil ? "Start the clock" : "Save changes"))
            ),
            .unwrap(id) { .p(.a(.href(SiteURL.clock($0).path), .text("Back to the clock"))) }
        )
    }

    static func reset(
        _ page: PageContext, clock: ClockSummary, startedOn: String, note: String, errors: [FieldError] = [],
        status: HTTPResponse.Status = .ok
    ) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Start again", page, status: status,
            .p(.text("Thank you for being honest with yourself — that takes courage. Your \(clock.days) days still count, and they stay in your history. Many people in long recovery started again more than once.")),
            Forms.form(
                SiteURL.clockReset(clock.id).path, csrf: page.csrfToken,
                Forms.summary(errors),
                Forms.input("started_on", label: "New first day", value: startedOn, errors: errors, type: .date,
                            required: true),
                Forms.textarea("note", label: "A note for yourself (optional)", value: note, errors: errors,
                               hint: "What happened, what you learned, what might help next time. Only you will see it.",
                               maxLength: 500),
                .button(.type(.submit), .text("Start again"))
            ),
            .p(.text("If you're struggling right now, "), .a(.href(SiteURL.crisis.path), .text("help is here")), .text(".")),
            .p(.a(.href(SiteURL.clock(clock.id).path), .text("Back to the clock")))
        )
    }

    static func confirmDelete(_ page: PageContext, clock: ClockSummary) -> HTMLPage {
        Layout.render(
            "Delete \(clock.label)?", page,
            .p(.text("This deletes the clock, its \(clock.attempts.count) earlier \(clock.attempts.count == 1 ? "attempt" : "attempts") and any sharing of it. It cannot be undone.")),
            .p(.text("If you want to start counting again instead, you can start again from a new date and keep your history.")),
            Forms.postButton(SiteURL.clockDelete(clock.id).path, label: "Delete it", csrf: page.csrfToken, style: "danger"),
            .p(.a(.href(SiteURL.clock(clock.id).path), .text("Keep it")))
        )
    }
}
