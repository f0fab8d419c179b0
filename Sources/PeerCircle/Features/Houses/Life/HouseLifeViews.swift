import Foundation
import Hummingbird
import Plot

/// The house's own pages: the links between them, and its agreement, policies and officers.
enum HouseLifeViews {
    /// The house's pages, for its residents and lead (a former resident sees only their money).
    static func nav(_ s: HouseStanding) -> Node<HTML.BodyContext> { s.isInside ? menu(s.houseID) : .empty }

    /// The menu of a house's own pages; callers show it only to the house's people.
    static func menu(_ id: UUID) -> Node<HTML.BodyContext> {
        let links: [(String, String)] = [
            (SiteURL.house(id).path, "The house"), (SiteURL.houseResidents(id).path, "Residents"),
            (SiteURL.housePart(id, .chores).path, "Chores"), (SiteURL.housePart(id, .money).path, "Money"),
            (SiteURL.housePart(id, .meetings).path, "Meetings"), (SiteURL.housePart(id, .applications).path, "Applications"),
            (SiteURL.housePart(id, .agreement).path, "Our house"),
        ]
        return .nav(.class("subnav"), .attribute(named: "aria-label", value: "This house"),
                    .ul(.forEach(links) { link in .li(.a(.href(link.0), .text(link.1))) }))
    }

    static let admissionOptions = [(value: Admission.lead.rawValue, label: "The house lead decides"),
                                   (value: Admission.vote.rawValue, label: "The residents vote")]
    static let weekdayOptions = HouseSettingsService.weekdays.enumerated().map { (value: String($0.offset), label: $0.element) }
    static let officeOptions = HouseOfficer.Office.allCases.map { (value: $0.rawValue, label: $0.title) }

    static func agreement(_ p: PageContext, _ o: HouseSettingsService.Overview, input: HouseSettingsService.Settings? = nil,
                          errors: [FieldError] = [], typed: FormData = FormData(), notice: String?) -> HTMLPage {
        let errors = Forms.errors(errors)
        let s = o.standing
        let input = input ?? o.settings
        return Layout.render(
            "Our house: \(s.houseName)", p, status: errors.isEmpty ? .ok : .unprocessableContent, Banner.notice(notice),
            nav(s),
            .section(.h2("Milestones"),
                o.milestones.isEmpty ? .p(.text("No milestones shared yet.")) : .ul(.forEach(o.milestones) { m in
                    .li(.strong(.text(m.pseudonym)), .text(": " + m.text))
                }),
                .if(s.isResident, Forms.form(SiteURL.housePart(s.houseID, .milestones).path, csrf: p.csrfToken,
                    Forms.input("milestone", label: "Share a milestone with the house", value: typed["milestone"], errors: errors,
                                hint: "For example: 90 days today, or a first month paid in full."),
                    .button(.type(.submit), .class("secondary"), .text("Share"))))),
            .section(.h2("The house agreement"),
                .unwrap(o.agreement, { a in .group(
                    .p(.class("hint"), .text("Version \(a.version)")),
                    .p(.class("note"), .text(a.text)),
                    .if(s.isResident, o.acceptedVersion == a.version
                        ? .p(.text("You have accepted this version."))
                        : .group(.p(.strong(.text(o.acceptedVersion == nil ? "Please read and accept the agreement."
                                                                            : "The agreement has changed since you accepted version \(o.acceptedVersion ?? 0). Please read and accept this version."))),
                                 Forms.form(SiteURL.housePart(s.houseID, .agreement).path, csrf: p.csrfToken,
                                            .input(.type(.hidden), .name("version"), .value(String(a.version))),
                                            .button(.type(.submit), .class("primary"), .text("I accept version \(a.version)"))))))
                }, else: .p(.text("The house has not written an agreement yet.")))),
            .section(.h2("If someone relapses"),
                .p(.class("note"), .text(o.settings.relapsePolicy.isEmpty ? "The house has not written its relapse policy yet. Ask at the next meeting." : o.settings.relapsePolicy)),
                .if(s.isResident, Forms.form(SiteURL.housePart(s.houseID, .support).path, csrf: p.csrfToken,
                    Forms.textarea("support_note", label: "Ask the house for support, privately", value: typed["support_note"], errors: errors,
                                   hint: "Only the house lead and the president see this. A few words are enough, or none.", maxLength: 1000),
                    .button(.type(.submit), .class("primary"), .text("Ask for support")))),
                .if(!o.requests.isEmpty, .section(.class("card"), .h3("Support asked for"),
                    .p(.class("hint"), .text("Only you and the house lead or president see these.")),
                    .ul(.forEach(o.requests) { r in
                        .li(.strong(.text(r.pseudonym)), .text(r.note.isEmpty ? " asked for support." : ": " + r.note),
                            r.answered ? .text(" — reached out") : Forms.postButton(SiteURL.houseThing(.supportAnswered, r.id).path, label: "We reached out",
                                                                                 csrf: p.csrfToken, ariaLabel: "We reached out to \(r.pseudonym)"))
                    })))),
            .section(.h2("Officers"),
                o.officers.isEmpty ? .p(.text("No officers recorded yet.")) : .ul(.forEach(o.officers) { officer in
                    .li(.text("\(officer.office.title): \(officer.pseudonym) — " + (officer.current ? "term ends " : "term ended ")
                              + (LocalDate(officer.termEndsOn)?.longText ?? officer.termEndsOn)))
                }),
                .if(s.manages, Forms.form(SiteURL.housePart(s.houseID, .officers).path, csrf: p.csrfToken,
                    Forms.select("office", label: "Office", options: officeOptions, selected: typed["office"], errors: errors),
                    Forms.input("pseudonym", label: "Elected resident (pseudonym)", value: typed["pseudonym"], errors: errors),
                    Forms.input("elected_on", label: "Elected at the meeting on", value: typed["elected_on"], errors: errors, type: .date, hint: "Empty for today."),
                    Forms.input("term_ends_on", label: "Term ends", value: typed["term_ends_on"], errors: errors, type: .date, hint: "Empty for six months."),
                    .button(.type(.submit), .class("secondary"), .text("Record the election"))))),
            .if(s.may(.president), .section(.class("card"), .h2("How the house runs"),
                Forms.form(SiteURL.housePart(s.houseID, .settings).path, csrf: p.csrfToken, Forms.summary(errors),
                    Forms.choices("admission", legend: "New residents", options: admissionOptions, selected: [input.admission], errors: errors, multiple: false),
                    Forms.input("threshold", label: "Votes needed to accept, per cent of votes cast", value: input.threshold, errors: errors, type: .number),
                    Forms.input("quorum", label: "Quorum, per cent of residents", value: input.quorum, errors: errors, type: .number),
                    Forms.input("vote_days", label: "Days a vote stays open", value: input.voteDays, errors: errors, type: .number),
                    Forms.input("arrears_limit", label: "Money owed that goes on the next agenda (0 for never)", value: input.arrearsLimit, errors: errors),
                    Forms.select("meeting_weekday", label: "House meeting day", options: weekdayOptions, selected: input.meetingWeekday, errors: errors),
                    Forms.textarea("relapse_policy", label: "Relapse policy", value: input.relapsePolicy, errors: errors,
                                   hint: "Support, not punishment: what the house does to help.", maxLength: 3000),
                    Forms.textarea("agreement", label: "House agreement", value: input.agreement, errors: errors,
                                   hint: "A changed text becomes a new version; residents are asked to accept it.", maxLength: 20000),
                    .button(.type(.submit), .class("primary"), .text("Save"))))))
    }
}
