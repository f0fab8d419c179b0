import Foundation
import Hummingbird
import Plot

/// The chores board, the house's money and its meetings.
enum HouseRunViews {
    static let everyOptions = [(value: "1", label: "Every week"), (value: "2", label: "Every two weeks"), (value: "4", label: "Every four weeks")]

    /// `typed`: what the person sent, drawn again beside the reasons when it was refused.
    static func chores(_ p: PageContext, _ b: ChoreService.Board, errors: [FieldError] = [], typed: FormData = FormData(), notice: String?) -> HTMLPage {
        let errors = Forms.errors(errors)
        let s = b.standing
        let others = (b.turns + b.nextWeek).filter { !$0.mine && !$0.done }
        let mine = (b.turns + b.nextWeek).filter { $0.mine && !$0.done }
        return Layout.render(
            "Chores at \(s.houseName)", p, status: errors.isEmpty ? .ok : .unprocessableContent, Banner.notice(notice),
            HouseLifeViews.nav(s),
            .section(.h2(.text("This week (from \(b.week.longText))")),
                b.turns.isEmpty ? .p(.text("No chores this week yet.")) : .table(
                    .thead(.tr(.th("Chore"), .th("Whose turn"), .th("Done?"), .th(.span(.class("visually-hidden"), .text("Actions"))))),
                    .tbody(.forEach(b.turns) { t in
                        .tr(.td(.text(t.chore)), .td(.text(t.mine ? "You" : t.pseudonym)),
                            .td(.text(t.done ? "Done" : "Not yet")),
                            .td(.if(t.mine || s.may(.chores), Forms.postButton(SiteURL.houseThing(.turnDone, t.id).path + (t.done ? "?undo=1" : ""),
                                                                               label: t.done ? "Not done after all" : "Mark done", csrf: p.csrfToken,
                                                                               ariaLabel: "\(t.done ? "Not done after all" : "Mark done"): \(t.chore)"))))
                    }))),
            .section(.h2("Next week"),
                b.nextWeek.isEmpty ? .p(.text("Nothing planned yet.")) : .ul(.forEach(b.nextWeek) { t in .li(.text("\(t.chore): \(t.mine ? "you" : t.pseudonym)")) })),
            .if(!b.swapsForMe.isEmpty, .section(.class("card"), .h2("Swaps asked of you"), .ul(.forEach(b.swapsForMe) { sw in
                .li(.text("\(sw.askedBy) asks to do your \(sw.yourChore) (week of \(when(sw.week))) if you do their \(sw.theirChore). "),
                    Forms.postButton(SiteURL.houseThing(.swapAnswer, sw.id).path + "?agree=1", label: "Agree", csrf: p.csrfToken, style: "primary"),
                    Forms.postButton(SiteURL.houseThing(.swapAnswer, sw.id).path, label: "No, thanks", csrf: p.csrfToken))
            }))),
            .if(!others.isEmpty && !mine.isEmpty, .section(.h2("Ask for a swap"),
                Forms.form(SiteURL.housePart(s.houseID, .swap).path, csrf: p.csrfToken,
                    Forms.select("my_turn", label: "My chore", options: mine.map { (value: $0.id.uuidString.lowercased(), label: "\($0.chore), week of \($0.week.shortText)") },
                                 selected: typed["my_turn"], errors: errors),
                    Forms.select("other_turn", label: "Swap it for", options: others.map { (value: $0.id.uuidString.lowercased(), label: "\($0.chore) (\($0.pseudonym), week of \($0.week.shortText))") },
                                 selected: typed["other_turn"], errors: errors),
                    .button(.type(.submit), .class("secondary"), .text("Ask them"))))),
            .section(.h2("The house's chores"),
                .ul(.forEach(b.chores) { c in
                    .li(.text("\(c.name) — \(everyOptions.first { $0.value == String(c.everyWeeks) }?.label.lowercased() ?? "")"),
                        .if(s.may(.chores), Forms.postButton(SiteURL.houseThing(.choreRetire, c.id).path, label: "Take off the rotation", csrf: p.csrfToken,
                                                             ariaLabel: "Take \(c.name) off the rotation")))
                }),
                .if(s.may(.chores), Forms.form(SiteURL.housePart(s.houseID, .chores).path, csrf: p.csrfToken, Forms.summary(errors),
                    Forms.input("name", label: "A new chore", value: typed["name"], errors: errors, required: true),
                    Forms.select("every_weeks", label: "How often", options: everyOptions, selected: typed["every_weeks"].isEmpty ? "1" : typed["every_weeks"], errors: errors),
                    .button(.type(.submit), .class("secondary"), .text("Add to the rotation"))))),
            .p(.class("hint"), .text("Turns are shared so that over the weeks everyone does the same share; someone new joins from their first full week.")))
    }

    static func money(_ p: PageContext, _ l: LedgerService.Ledger, residents: [(id: UUID, name: String)], errors: [FieldError] = [],
                      typed: FormData = FormData(), notice: String?, today: LocalDate) -> HTMLPage {
        // Two forms on one page: the one sent is drawn again with its reasons, the other as new.
        let bill = typed.values["what"] != nil, payment = typed.values["resident"] != nil
        let errors = Forms.errors(errors)
        let s = l.standing
        let amount = { (minor: Int) in Money.format(cents: minor, currency: s.currency) }
        return Layout.render(
            "Money at \(s.houseName)", p, status: errors.isEmpty ? .ok : .unprocessableContent, Banner.notice(notice),
            HouseLifeViews.nav(s),
            .if(s.isResident || s.wasResident, .group(
            .p(.strong(.text(l.myBalance > 0 ? "Your share still to pay: \(amount(l.myBalance))"
                                             : l.myBalance < 0 ? "You have paid \(amount(-l.myBalance)) ahead." : "You're all square."))),
            .section(.h2("Your shares and payments"),
                l.mine.isEmpty ? .p(.text("Nothing yet.")) : .table(
                    .thead(.tr(.th("When"), .th("What"), .th("Amount"))),
                    .tbody(.forEach(l.mine) { line in
                        .tr(.td(.text(when(line.date))), .td(.text(line.what + (line.days.map { " (\(days($0)))" } ?? ""))),
                            .td(.text(line.amount < 0 ? "paid \(amount(-line.amount))" : amount(line.amount))))
                    }))))),
            .unwrap(l.everyone) { everyone in .section(.h2("Everyone's balance"),
                .p(.class("hint"), .text("Only the treasurer and the house lead see this.")),
                .ul(.forEach(everyone) { b in
                    .li(.text("\(b.pseudonym)\(b.living || b.userID == nil ? "" : " (moved out)"): " + (b.owed > 0 ? "\(amount(b.owed)) to pay" : b.owed < 0 ? "\(amount(-b.owed)) ahead" : "square")
                              + (l.arrearsLimit > 0 && b.owed > l.arrearsLimit && b.living ? " — on the next meeting's agenda" : "")))
                }),
                .p(.a(.href(SiteURL.housePart(s.houseID, .moneyCSV).path), .text("Download as CSV"))))
            },
            .if(s.may(.treasurer), .group(
                .section(.class("card"), .h2("Record a bill"),
                    Forms.form(SiteURL.housePart(s.houseID, .bills).path, csrf: p.csrfToken, Forms.summary(bill ? errors : [:]),
                        Forms.input("month", label: "Month (YYYY-MM)", value: bill ? typed["month"] : HouseRules.month(of: today), errors: bill ? errors : [:]),
                        Forms.input("what", label: "What for", value: typed["what"], errors: bill ? errors : [:], required: true),
                        Forms.input("amount", label: "Amount", value: bill ? typed["amount"] : "", errors: bill ? errors : [:], required: true,
                                    attributes: [.attribute(named: "inputmode", value: "decimal")]),
                        .button(.type(.submit), .class("primary"), .text("Record and share")))),
                .section(.class("card"), .h2("Record a payment"),
                    Forms.form(SiteURL.housePart(s.houseID, .payments).path, csrf: p.csrfToken, Forms.summary(payment ? errors : [:]),
                        Forms.select("resident", label: "Who paid", options: [(value: "", label: "Choose…")] + residents.map { (value: $0.id.uuidString.lowercased(), label: $0.name) },
                                     selected: typed["resident"], errors: payment ? errors : [:]),
                        Forms.input("paid", label: "Amount paid", value: typed["paid"], errors: payment ? errors : [:], required: true,
                                    attributes: [.attribute(named: "inputmode", value: "decimal")]),
                        Forms.input("paid_on", label: "Paid on", value: payment ? typed["paid_on"] : today.description, errors: payment ? errors : [:], type: .date),
                        Forms.input("note", label: "Note (optional)", value: typed["note"], errors: payment ? errors : [:]),
                        .button(.type(.submit), .class("secondary"), .text("Record the payment")))))),
            .unwrap(l.bills) { bills in .section(.h2("Bills"), .ul(.forEach(bills) { bill in
                .li(.text("\(when(bill.month)) — \(bill.what): \(amount(bill.amount)). Shares: "
                          + bill.shares.map { "\($0.pseudonym) \(amount($0.amount)) (\(days($0.days)))" }.joined(separator: ", ")))
            })) },
            .p(.class("hint"), .text("Bills are shared equally among the people who lived here that month, by the days each lived here. No money moves through PeerCircle — this is the house's record.")))
    }

    static func meetings(_ p: PageContext, _ o: HouseMeetingService.Overview, errors: [FieldError] = [], typed: FormData = FormData(),
                         notice: String?, today: LocalDate) -> HTMLPage {
        let errors = Forms.errors(errors)
        let s = o.standing
        return Layout.render(
            "Meetings at \(s.houseName)", p, status: errors.isEmpty ? .ok : .unprocessableContent, Banner.notice(notice),
            HouseLifeViews.nav(s),
            .section(.h2(.text("Next meeting: \(LocalDate(o.next.heldOn)?.longText ?? o.next.heldOn)")),
                o.next.agenda.isEmpty ? .p(.text("Nothing on the agenda yet.")) : .ol(.forEach(o.next.agenda) { item in
                    .li(.text(item.text), .span(.class("hint"), .text(item.automatic ? " (added by the house's money rule)" : item.addedBy.map { " — \($0)" } ?? "")))
                }),
                Forms.form(SiteURL.housePart(s.houseID, .agenda).path, csrf: p.csrfToken, Forms.summary(errors),
                    Forms.input("text", label: "Add to the agenda", value: typed["text"], errors: errors, required: true),
                    .button(.type(.submit), .class("secondary"), .text("Add"))),
                .unwrap(errors["choice"]) { .p(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) },
                motions(p, o.open, errors: errors),
                Forms.form(SiteURL.housePart(s.houseID, .motions).path, csrf: p.csrfToken,
                    Forms.input("motion", label: "Move a motion", value: typed["motion"], errors: errors, hint: "What the house would decide, in one sentence."),
                    Forms.select("majority", label: "It needs", options: HouseMotion.Majority.allCases.map { (value: $0.rawValue, label: $0.title) },
                                 selected: typed["majority"], errors: errors),
                    Forms.choices("secret", legend: "Ballot", options: [(value: "yes", label: "Secret ballot: nobody sees who voted how")],
                                  selected: typed["secret"] == "yes" ? ["yes"] : [], errors: errors, multiple: true),
                    .button(.type(.submit), .class("secondary"), .text("Put it to the meeting"))),
                .unwrap(s.may(.secretary) ? o.held : nil) { held in
                    .group(minutesForm(p, held, errors: errors, typed: typed), attendanceForm(p, held, residents: o.residents, errors: errors))
                }),
            .section(.h2("Decisions"),
                o.decisions.isEmpty ? .p(.text(o.query.isEmpty ? "No decisions yet." : "No decision matches.")) : .ul(.forEach(o.decisions) { m in
                    .li(.text("\(when(m.heldOn)): \(m.text) — \(result(m))"),
                        .if(!m.openVotes.isEmpty, .p(.class("hint"), .text(m.openVotes.map { "\($0.name): \($0.choice)" }.joined(separator: ", ")))))
                })),
            .section(.h2("Past meetings"),
                .form(.action(SiteURL.housePart(s.houseID, .meetings).path), .method(.get),
                    Forms.input("q", label: "Search the minutes and agendas", value: o.query, errors: [:], type: .search),
                    .button(.type(.submit), .text("Search"))),
                o.past.isEmpty ? .p(.text(o.query.isEmpty ? "No past meetings yet." : "No meeting matches.")) : .ul(.forEach(o.past) { m in
                    .li(.h3(.text(LocalDate(m.heldOn)?.longText ?? m.heldOn)),
                        .if(!m.agenda.isEmpty, .ul(.forEach(m.agenda) { .li(.text($0.text)) })),
                        .if(!m.attended.isEmpty, .p(.text("Came: " + m.attended.map(\.name).joined(separator: ", ")))),
                        .p(.class("note"), .text(m.minutes.isEmpty ? "No minutes written." : m.minutes)))
                })))
    }

    static func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }

    /// "October 2026" for a month, "Sunday 1 November 2026" for a day.
    static func when(_ text: String) -> String {
        if let day = LocalDate(text) { return day.longText }
        guard let start = HouseRules.monthStart(text) else { return text }
        return HouseSettingsService.months[start.month - 1] + " \(start.year)"
    }

    static func result(_ m: HouseMotionService.Motion) -> String {
        let counts = "\(m.yes) yes, \(m.no) no, \(m.abstentions) abstaining"
        switch m.result {
        case .carried?: return "carried (\(counts); \(m.majority.title.lowercased()) needed)"
        case .failed?: return "not carried (\(counts); \(m.majority.title.lowercased()) needed)"
        case .noQuorum?: return "no decision: too few voted (\(m.yes + m.no + m.abstentions) of \(m.electorate ?? 0) residents)"
        case nil: return "Voting: \(m.votesCast) voted so far"
        }
    }

    private static func motions(_ p: PageContext, _ motions: [HouseMotionService.Motion], errors: Forms.Errors) -> Node<HTML.BodyContext> {
        .if(!motions.isEmpty, .ul(.class("cards"), .forEach(motions) { m in
            .li(.class("card"),
                .p(.strong(.text(m.text))),
                .p(.class("hint"), .text("\(m.majority.title) needed · \(m.secret ? "secret ballot" : "open vote")" + (m.movedBy.map { " · moved by \($0)" } ?? ""))),
                .p(.text(result(m))),
                .if(!m.openVotes.isEmpty, .p(.text(m.openVotes.map { "\($0.name): \($0.choice)" }.joined(separator: ", ")))),
                .if(m.youMayVote, .group(
                    Forms.postButton(SiteURL.houseThing(.motionVote, m.id).path + "?choice=yes", label: "Yes", csrf: p.csrfToken,
                                     ariaLabel: "Vote yes: \(m.text)"),
                    Forms.postButton(SiteURL.houseThing(.motionVote, m.id).path + "?choice=no", label: "No", csrf: p.csrfToken, ariaLabel: "Vote no: \(m.text)"),
                    Forms.postButton(SiteURL.houseThing(.motionVote, m.id).path + "?choice=abstain", label: "Abstain", csrf: p.csrfToken,
                                     ariaLabel: "Abstain: \(m.text)"))),
                .if(m.youVoted && m.result == nil, .p(.text("You have voted."))),
                .if(m.youMayClose, Forms.postButton(SiteURL.houseThing(.motionClose, m.id).path, label: "Close the vote", csrf: p.csrfToken,
                                                    ariaLabel: "Close the vote on: \(m.text)")))
        }))
    }

    private static func attendanceForm(_ p: PageContext, _ m: HouseMeetingService.Gathering, residents: [(id: UUID, name: String)],
                                       errors: Forms.Errors) -> Node<HTML.BodyContext> {
        Forms.form(SiteURL.houseThing(.attendance, m.id).path, csrf: p.csrfToken,
                   Forms.choices("present", legend: "Who came", options: residents.map { (value: $0.id.uuidString.lowercased(), label: $0.name) },
                                 selected: Set(m.attended.map { $0.id.uuidString.lowercased() }), errors: errors, multiple: true),
                   .button(.type(.submit), .class("secondary"), .text("Save attendance")))
    }

    private static func minutesForm(_ p: PageContext, _ m: HouseMeetingService.Gathering, errors: Forms.Errors, typed: FormData) -> Node<HTML.BodyContext> {
        Forms.form(SiteURL.houseThing(.minutes, m.id).path, csrf: p.csrfToken,
                   Forms.textarea("minutes", label: "Minutes of \(LocalDate(m.heldOn)?.longText ?? m.heldOn)",
                                  value: typed.values["minutes"] == nil ? m.minutes : typed["minutes"], errors: errors, hint: "Who came, what was decided.", maxLength: 20000),
                   .button(.type(.submit), .class("secondary"), .text("Save the minutes")))
    }
}
