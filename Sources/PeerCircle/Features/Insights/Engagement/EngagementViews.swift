import Foundation
import Hummingbird
import Plot

enum EngagementViews {
    static func mine(_ page: PageContext, counts: EngagementRule.Counts, joinedDaysAgo: Int, consent: OutreachService.Consent, notice: String?,
                     errors: [FieldError] = [], status: HTTPResponse.Status = .ok) -> HTMLPage {
        let level = EngagementRule.level(counts)
        let headline = Self.headline(level, joinedDaysAgo: joinedDaysAgo)
        let raise = EngagementRule.toRaise(counts)
        let errors = Forms.errors(errors)
        return Layout.render(
            "How involved you've been", page, status: status,
            Banner.notice(notice),
            .p(.class("hint"), .text("Only you see this. Other members never do.")),
            .h2(.text(headline.title)),
            .p(.text(headline.words)),
            .div(.class("scroll-x"), .table(
                .caption(.text("The last \(EngagementRule.windowDays) days")),
                .thead(.tr(.th("Area"), .th("You"), .th("Counts as regular from"))),
                .tbody(.forEach(EngagementRule.Area.allCases) { area in
                    .tr(.td(.text(area.title)), .td(.text(String(area.count(in: counts)))), .td(.text(String(area.target))))
                }))),
            .h2("How it's worked out"),
            .p(.text(EngagementRule.explanation)),
            .if(!raise.isEmpty, .group(.h2("What would raise it"), .ul(.forEach(raise) { .li(.text($0)) }))),
            .section(
                .h2("Would you like someone to reach out?"),
                .p(.text("If you say yes, your community's peer staff may see that you've gone quiet, or that you've been taking part much less than two weeks before — only that, never your check-ins, notes or scores — and reach out to you. You can stop this at any time, and then their notes about reaching you are deleted too.")),
                Forms.form(SiteURL.outreachConsent.path, csrf: page.csrfToken,
                    Forms.summary(errors),
                    Forms.choices("opt_in", legend: "Outreach", options: [(value: "yes", label: "Yes, reach out to me if I go quiet")],
                                  selected: consent.optedIn ? ["yes"] : [], errors: errors, multiple: true),
                    Forms.select("quiet_days", label: "After how many quiet days?",
                                 options: OutreachService.quietChoices.map { (value: String($0), label: "\($0) days") },
                                 selected: String(consent.quietDays), errors: errors),
                    .button(.type(.submit), .text("Save")))))
    }

    /// What the page says first: a newcomer is getting started (unless already highly involved); then the level, kindly.
    static func headline(_ level: EngagementRule.Level, joinedDaysAgo: Int) -> (title: String, words: String) {
        if joinedDaysAgo < EngagementRule.windowDays && level != .high {
            let when = joinedDaysAgo == 0 ? "today" : joinedDaysAgo == 1 ? "yesterday" : "\(joinedDaysAgo) days ago"
            return ("Getting started", "You joined \(when), so this looks back over less than the 30 days it counts. Every meeting, check-in or word with a mentor from here on adds up.")
        }
        switch level {
        case .high: return ("High engagement", "You've been taking part in many ways. People who stay this involved do best over time — keep going.")
        case .moderate: return ("Moderate engagement", "You've been taking part. Adding one more area — a meeting, a check-in, a word with your mentor — tends to help.")
        case .low: return ("Low engagement", "It's been quiet lately, and that's all right — coming back in any way counts. One meeting or one check-in is a good start.")
        }
    }

    /// A note sent back with a problem: whose, the text, the reason.
    typealias Typed = (user: UUID, note: String, error: String)

    static func outreach(_ page: PageContext, needed: [OutreachService.Line], recent: [OutreachService.Line], zone: TimeZone,
                         notice: String?, typed: Typed? = nil, status: HTTPResponse.Status = .ok) -> HTMLPage {
        Layout.render(
            "Outreach", page, status: status,
            Banner.notice(notice),
            .p(.text("Members who asked to be reached out to if they go quiet, and whose engagement fell or who have been quiet as long as they said. Nobody else is ever listed. Reach out kindly — a message, a call if they gave you a number — and record it so others don't repeat it.")),
            .h2("To reach out to"),
            .if(needed.isEmpty, .p(.text("Nobody right now."))),
            .ul(.class("outreach"), .forEach(needed) { line(page, $0, zone: zone, form: true, typed: typed?.user == $0.user ? typed : nil) }),
            .if(!recent.isEmpty, .group(
                .h2("Reached out in the last \(OutreachService.recentDays) days"),
                .ul(.class("outreach"), .forEach(recent) { line(page, $0, zone: zone, form: false, typed: nil) }))))
    }

    private static func line(_ page: PageContext, _ l: OutreachService.Line, zone: TimeZone, form: Bool, typed: Typed?) -> Node<HTML.ListContext> {
        let field = "note-\(l.user.uuidString.lowercased())"
        return .li(
            .strong(.text(l.pseudonym)), .text(l.reason.isEmpty ? "" : " — \(l.reason)."),
            .unwrap(l.lastReached) { last in
                .p(.class("hint"), .text("Last reached out \(LocalDate(last.at, in: zone).longText) by \(last.by)" + (last.note.isEmpty ? "." : ": “\(last.note)”")))
            },
            .if(form, .raw(Forms.form(SiteURL.outreachReached(l.user).path, csrf: page.csrfToken,
                Forms.summary(typed.map { [field: $0.error] } ?? [:]),
                Forms.input(field, label: "A note for the team (optional)", value: typed?.note ?? "", errors: typed.map { [field: $0.error] } ?? [:],
                            attributes: [.attribute(named: "maxlength", value: "500")]),
                .button(.type(.submit), .text("We reached out"))).render())))
    }
}
