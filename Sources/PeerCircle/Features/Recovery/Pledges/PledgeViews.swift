import Foundation
import Plot

enum PledgeViews {
    /// The pledge and the evening review on Today.
    static func today(_ page: PageContext, _ today: PledgeService.Day?, streak: Int, zone: TimeZone,
                      errors: [FieldError] = [], helped: String = "") -> Node<HTML.BodyContext> {
        let errors = Forms.errors(errors)
        let went = DailyPledge.Went.allCases.map { (value: $0.rawValue, label: $0.title) }
        let review = Forms.form(SiteURL.pledgeReview.path, csrf: page.csrfToken,
            Forms.summary(errors),
            Forms.choices("went", legend: "Looking back on today", options: went, selected: errors.isEmpty ? (today?.went.map { [$0.rawValue] } ?? []) : [],
                          errors: errors, multiple: false),
            Forms.input("helped", label: "What helped? (optional)", value: today?.helped ?? helped, errors: errors,
                        attributes: [.attribute(named: "maxlength", value: "280")]),
            .button(.type(.submit), .class("secondary"), .text(today?.went == nil ? "Save" : "Change")))
        return .section(.class("pledge"),
            .h2("Today's pledge"),
            .unwrap(today?.pledgedAt, { at in
                .p(.text("You pledged at \(TimeText.clock(at, zone)): “\(PledgeService.words)”"))
            }, else: .group(
                .p(.text("“\(PledgeService.words)”")),
                Forms.form(SiteURL.pledge.path, csrf: page.csrfToken,
                    .button(.type(.submit), .class("primary"), .text("Make today's pledge"))),
                .p(.class("hint"), .text("Optional, and only you see it. One day at a time.")))),
            .if(streak >= 2, .p(.class("streak"), .text("\(streak) days of pledges in a row."))),
            .unwrap(today?.went) { went in
                .group(
                    .p(.text("You looked back on today: \(went.title.lowercased())."), .unwrap(today?.helped) { .text(" What helped: \($0)") }),
                    .if(went == .hard, .p(.text("Thank you for being honest about it. Tomorrow is a new day — and tonight, "),
                                         .a(.href(SiteURL.strategies.path), .text("strategies that help")), .text(" or "),
                                         .a(.href(SiteURL.sos.path), .text("someone to talk to")), .text(" are here."))))
            },
            // Opened by itself when the review came back with a problem.
            errors.isEmpty
                ? .raw("<details><summary>" + HTMLEscape.text(today?.went == nil ? "Look back on your day (evening review)" : "Change today's review")
                       + "</summary>" + review.render() + "</details>")
                : review)
    }

    /// The pledge days in the check-in history's window, newest first.
    static func history(_ days: [PledgeService.Day], streaks: Streaks) -> Node<HTML.BodyContext> {
        .if(!days.isEmpty, .section(
            .h2("Pledges and evening reviews"),
            .p(.class("hint"), .text(streaks.longest > 1
                ? "Your longest run of pledges: \(streaks.longest) days. \(streaks.total) in all."
                : "\(streaks.total) pledge\(streaks.total == 1 ? "" : "s") so far.")),
            .div(.class("scroll-x"), .table(
                .thead(.tr(.th("Day"), .th("Pledge"), .th("How it went"), .th("What helped"))),
                .tbody(.forEach(days.reversed()) { d in
                    .tr(.td(.text(d.day.longText)), .td(.text(d.pledgedAt == nil ? "—" : "Pledged")), .td(.text(d.went?.title ?? "—")),
                        .td(.text(d.helped ?? "")))
                })))))
    }
}
