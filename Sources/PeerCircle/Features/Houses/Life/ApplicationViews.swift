import Foundation
import Hummingbird
import Plot

/// Applying to a house, the applicant's answer, and the applications as the house sees them.
enum ApplicationViews {
    static let matOptions = [(value: "not_said", label: "I'd rather say later"), (value: "yes", label: "Yes, I take MAT/MOUD"),
                             (value: "no", label: "No")]

    static func form(_ p: PageContext, houseID: UUID, houseName: String, input: ApplicationService.Input, errors: [FieldError] = []) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Apply to \(houseName)", p, status: errors.isEmpty ? .ok : .unprocessableContent,
            .p(.class("hint"), .text("Only the house's residents and its lead read this. Write in your own words — there are no wrong answers.")),
            Forms.form(
                SiteURL.housePart(houseID, .apply).path, csrf: p.csrfToken, Forms.summary(errors),
                Forms.input("move_in_wanted", label: "When would you like to move in?", value: input.moveInWanted, errors: errors, type: .date, required: true),
                Forms.textarea("needs", label: "About you and what you need", value: input.needs, errors: errors,
                               hint: "Where you are in recovery, what you hope for from the house, anything they should know.", maxLength: 2000),
                Forms.input("sober_since", label: "Sober since (optional)", value: input.soberSince, errors: errors, type: .date),
                Forms.choices("on_mat", legend: "Do you take medication for opioid use disorder (MAT/MOUD)?", options: matOptions,
                              selected: [input.onMAT], errors: errors, multiple: false),
                .button(.type(.submit), .class("primary"), .text("Send my application"))),
            .p(.a(.href(SiteURL.house(houseID).path), .text("Back to the house"))))
    }

    static func mine(_ p: PageContext, houseID: UUID, houseName: String, _ app: ApplicationService.Mine?, today: LocalDate,
                     notice: String?, errors: [FieldError] = [], typed: FormData = FormData()) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Your application to \(houseName)", p, status: errors.isEmpty ? .ok : .unprocessableContent, Banner.notice(notice),
            .unwrap(app, { app in status(p, app, today: today, errors: errors, typed: typed) },
                    else: .group(.p(.text("You haven't applied to this house.")),
                                 .p(.a(.class("button"), .href(SiteURL.housePart(houseID, .apply).path), .text("Apply"))))),
            .p(.a(.href(SiteURL.house(houseID).path), .text("Back to the house"))))
    }

    private static func status(_ p: PageContext, _ app: ApplicationService.Mine, today: LocalDate, errors: Forms.Errors,
                               typed: FormData) -> Node<HTML.BodyContext> {
        switch app.status {
        case .open, .voting, .noQuorum:
            return .group(
                .p(.text("Your application is with the house. They'll answer here — you don't need to do anything else.")),
                Forms.postButton(SiteURL.housePart(app.houseID, .applicationWithdraw).path, label: "Withdraw my application", csrf: p.csrfToken))
        case .accepted:
            return .group(
                .p(.strong(.text("Good news: \(app.houseName) has offered you a place."))),
                .p(.text("The street address is now on the house's page. Confirm your move-in date to join the house.")),
                .unwrap(app.agreement) { a in
                    .section(.class("card"), .h2(.text("The house agreement (version \(a.version))")), .p(.class("note"), .text(a.text)))
                },
                Forms.form(
                    SiteURL.housePart(app.houseID, .applicationConfirm).path, csrf: p.csrfToken, Forms.summary(errors),
                    Forms.input("move_in_on", label: "My move-in date", value: typed.values["move_in_on"] == nil ? max(app.moveInWanted, today.description) : typed["move_in_on"], errors: errors, type: .date, required: true),
                    .unwrap(app.agreement) { a in
                        Forms.choices("accept", legend: "The agreement", options: [(value: String(a.version), label: "I have read the house agreement and I accept it")],
                                      selected: [typed["accept"]], errors: errors, multiple: true)
                    },
                    .button(.type(.submit), .class("primary"), .text("Confirm my move-in"))),
                Forms.postButton(SiteURL.housePart(app.houseID, .applicationWithdraw).path, label: "I no longer need the place", csrf: p.csrfToken))
        case .declined:
            return .group(
                .p(.text("Thank you for applying to \(app.houseName). This time the house cannot offer you a place.")),
                .p(.text(app.declineReason?.text ?? "")),
                .unwrap(app.declineNote) { .p(.class("note"), .text($0)) },
                .p(.text("This is not a judgment of you. Other houses may have a bed now: ")),
                .p(.a(.href(SiteURL.houses.path + "?vacancy=yes"), .text("Houses with a bed free"))))
        case .lapsed:
            return .group(.p(.text("The house offered you a place, and the offer lapsed after 30 days without a move-in date. You're welcome to apply again.")),
                          .p(.a(.class("button"), .href(SiteURL.housePart(app.houseID, .apply).path), .text("Apply again"))))
        case .withdrawn:
            return .group(.p(.text("You withdrew your application.")),
                          .p(.a(.class("button"), .href(SiteURL.housePart(app.houseID, .apply).path), .text("Apply again"))))
        case .confirmed:
            return .p(.text("You're moving in on \(app.moveInOn.flatMap(LocalDate.init)?.longText ?? app.moveInOn ?? ""). Welcome home."))
        }
    }

    static func statusText(_ e: ApplicationService.Entry) -> String {
        switch e.status {
        case .open: "Waiting for the lead's decision"
        case .voting: "Residents are voting: \(e.votesCast) of \(e.electorate) have voted"
        case .noQuorum: "The vote closed without enough votes (\(e.votesCast) of \(e.electorate)); the lead decides or holds it again"
        case .accepted: "Offered a place" + tally(e)
        case .declined: "Not offered a place" + tally(e)
        case .withdrawn: "Withdrawn by the applicant"
        case .lapsed: "Offered a place; the offer lapsed unconfirmed"
        case .confirmed: "Moving in"
        }
    }

    private static func tally(_ e: ApplicationService.Entry) -> String {
        guard let yes = e.yesVotes, let no = e.noVotes else { return "" }
        return " — \(yes) yes, \(no) no of \(e.electorate) residents"
    }

    static func list(_ p: PageContext, standing: HouseStanding, entries: [ApplicationService.Entry]) -> HTMLPage {
        Layout.render(
            "Applications to \(standing.houseName)", p,
            HouseLifeViews.nav(standing),
            .p(.class("hint"), .text("Applicants' words are for the house only. Applicants see the outcome, never the votes.")),
            entries.isEmpty ? .p(.text("No applications yet.")) : .ul(.class("cards"), .forEach(entries) { e in
                .li(.class("card"), .h2(.a(.href(SiteURL.houseThing(.application, e.id).path), .text(e.pseudonym))),
                    .p(.text("Would like to move in on \(e.moveInWanted)")), .p(.strong(.text(statusText(e)))),
                    .if(e.youMayVote, .p(.text("Your vote is waiting."))))
            }))
    }

    static let reasonOptions = ApplicationService.DeclineReason.allCases.filter { $0 != .vote }.map { (value: $0.rawValue, label: $0.text) }

    static func entry(_ p: PageContext, standing: HouseStanding, _ e: ApplicationService.Entry, zone: TimeZone, errors: [FieldError] = [],
                      typed: FormData = FormData(), notice: String? = nil) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Application from \(e.pseudonym)", p, status: errors.isEmpty ? .ok : .unprocessableContent, Banner.notice(notice),
            HouseLifeViews.nav(standing),
            .p(.strong(.text(statusText(e)))),
            .dl(.dt("Would like to move in"), .dd(.text(e.moveInWanted)),
                .dt("Sober since"), .dd(.text(e.soberSince ?? "Not said")),
                .dt("MAT/MOUD"), .dd(.text(["yes": "Takes MAT/MOUD", "no": "No"][e.onMAT] ?? "Not said yet")),
                .unwrap(e.voteClosesAt) { .group(.dt("Vote closes"), .dd(.text(TimeText.format($0, zone, "EEEE d MMMM, HH:mm")))) }),
            .section(.h2("In their words"), .p(.class("note"), .text(e.needs))),
            .if(e.youMayVote, .section(.class("card"), .h2("Your vote"),
                .p(.class("hint"), .text("One vote each. Nobody sees how you voted; the applicant sees only the outcome.")),
                Forms.form(SiteURL.houseThing(.vote, e.id).path, csrf: p.csrfToken, Forms.summary(errors),
                    Forms.choices("vote", legend: "Offer them a place?", options: [(value: "yes", label: "Yes"), (value: "no", label: "No")],
                                  selected: [], errors: errors, multiple: false),
                    .button(.type(.submit), .class("primary"), .text("Vote"))))),
            .if(!e.youMayVote, .unwrap(errors["vote"]) { .p(.class("error"), .attribute(named: "role", value: "alert"), .text($0)) }),
            .if(e.youVoted, .p(.text("You have voted."))),
            .if(standing.manages && e.status == .voting, .p(.class("hint"), .text("The residents are deciding by vote; the outcome is shown here when it closes."))),
            .if(e.status == .open, .p(.class("hint"), .text("The house lead decides (where the house has no lead, an administrator does)."))),
            .if(e.youDecide, .section(.class("card"), .h2(.text(e.status == .accepted ? "Withdraw the offer" : "Decide")),
                .if(e.status == .accepted, .p(.class("hint"), .text("They have not confirmed yet. If the house cannot keep the place for them, say why kindly."))),
                Forms.form(SiteURL.houseThing(.decide, e.id).path, csrf: p.csrfToken, Forms.summary(errors),
                    Forms.choices("accept", legend: "Offer a place?", options: [(value: "yes", label: "Yes, offer a place"), (value: "no", label: "Not this time")],
                                  selected: [typed["accept"]], errors: errors, multiple: false),
                    Forms.select("reason", label: "If not, the reason they will read", options: [(value: "", label: "Choose…")] + reasonOptions,
                                 selected: typed["reason"], errors: errors),
                    Forms.textarea("note", label: "A kind word or your own reason (optional)", value: typed["note"], errors: errors, maxLength: 500),
                    .button(.type(.submit), .class("primary"), .text("Send the answer"))),
                .if(e.status == .noQuorum, Forms.postButton(SiteURL.houseThing(.reopen, e.id).path, label: "Hold the vote again", csrf: p.csrfToken)))),
            .p(.a(.href(SiteURL.housePart(standing.houseID, .applications).path), .text("All applications"))))
    }
}
