import Foundation
import Hummingbird
import Plot

/// A mentorship as its viewer sees it, in plain values (made by `MentorshipService`).
struct PairSummary: Sendable {
    let id: UUID
    let status: Mentorship.Status
    let viewerIsMentor: Bool
    /// The other person's pseudonym.
    let other: String
    let message: String
    let rhythm: Rhythm?
    let dueTime: String?
    let endNote: String?
}

/// One message in a pair's space.
struct PairMessage: Sendable {
    let id: UUID
    let mine: Bool
    let sentAt: Date
    let edited: Bool
    let body: String
}

/// One of the mentee's check-ins with their mentor.
struct PairCheckInLine: Sendable {
    let at: Date
    let feeling: Int
    let note: String
}

/// The list of one's mentorships and requests, and a pair's private space.
enum PairViews {
    static func list(_ p: PageContext, _ all: [PairSummary], notice: String?) -> HTMLPage {
        let incoming = all.filter { $0.viewerIsMentor && $0.status == .requested }
        let active = all.filter { $0.status == .active }
        let mine = all.filter { !$0.viewerIsMentor && $0.status != .active }
        let past = all.filter { $0.status == .ended }
        return Layout.render(
            "Mentorship", p, Banner.notice(notice),
            .p(.a(.class("button primary"), .href(SiteURL.mentors.path), .text("Find a mentor")),
               .text(" "), .a(.href(SiteURL.myPlan.path), .text("My recovery plan")),
               .text(" · "), .a(.href(SiteURL.myStage.path), .text("Where I am")),
               .if(p.member?.has(.mentor) == true, .group(.text(" · "), .a(.href(SiteURL.myMentorProfile.path), .text("My mentor profile"))))),
            .if(!incoming.isEmpty, .section(.h2("Requests to you"), .ul(.class("cards"), .forEach(incoming) { m in
                .li(.class("card"),
                    .p(.strong(.text(m.other)), .text(" asked you to be their mentor.")),
                    .if(!m.message.isEmpty, .blockquote(.text(m.message))),
                    Forms.postButton(SiteURL.mentorshipAnswer(m.id).path + "?answer=accept", label: "Say yes", csrf: p.csrfToken, style: "primary"),
                    Forms.postButton(SiteURL.mentorshipAnswer(m.id).path + "?answer=decline", label: "Not right now", csrf: p.csrfToken))
            }))),
            .section(.h2("Active"), active.isEmpty ? .p(.text("No active mentorships yet.")) : .ul(.forEach(active) { m in
                .li(.a(.href(SiteURL.mentorship(m.id).path), .text(m.viewerIsMentor ? "Mentoring \(m.other)" : "\(m.other), your mentor")))
            })),
            .if(!mine.filter({ $0.status != .ended }).isEmpty, .section(.h2("Your requests"), .ul(.forEach(mine.filter { $0.status != .ended }) { m in
                .li(.text("\(m.other): "), .text(statusText(m.status)),
                    .if(m.status == .requested, Forms.postButton(SiteURL.mentorshipWithdraw(m.id).path, label: "Withdraw", csrf: p.csrfToken, style: "link")),
                    .if(m.status == .declined, .a(.href(SiteURL.mentors.path), .text(" See other suggestions"))))
            }))),
            .if(!past.isEmpty, .section(.h2("Ended"), .ul(.forEach(past) { m in
                .li(.a(.href(SiteURL.mentorship(m.id).path), .text(m.other)))
            })))
        )
    }

    static func statusText(_ status: Mentorship.Status) -> String {
        switch status {
        case .requested: "waiting for an answer."
        case .declined: "they can't take this on right now. It isn't about you — mentors have limits too."
        case .withdrawn: "you withdrew this request."
        case .active: "active."
        case .ended: "ended."
        }
    }

    struct Pair {
        let mentorship: PairSummary
        let messages: [PairMessage]
        let checkIns: [PairCheckInLine]
        let status: Accountability.Status
        let shared: MentorshipService.Shared
        let zone: TimeZone
    }

    static func pair(_ p: PageContext, _ pair: Pair, errors: [FieldError] = [], draft: String = "", notice: String?,
                     status: HTTPResponse.Status = .ok, prompt: SafetyPrompt.Ask? = nil) -> HTMLPage {
        let m = pair.mentorship, id = m.id
        let isMentor = m.viewerIsMentor
        let other = m.other
        let errors = Forms.errors(errors)
        let active = m.status == .active
        return Layout.render(
            isMentor ? "Mentoring \(other)" : "With \(other), your mentor", p, status: status,
            Banner.notice(notice),
            .if(!active, .p(.class("notice"), .text("This mentorship has ended\(m.endNote.map { ": “\($0)”" } ?? "."). What you both wrote stays here for each of you."))),
            .if(active && !isMentor && pair.status.due, .p(.class("notice"), .text("Time for your check-in with \(other) — just a line is enough."))),
            .if(active && isMentor, .unwrap(pair.status.quietDays) { .p(.class("notice"), .text(Accountability.quietText($0, name: other))) }),
            .section(.h2("Messages"),
                .ol(.class("messages"), .forEach(pair.messages) { message in
                    .li(.class(message.mine ? "mine" : "theirs"),
                        .p(.class("meta"), .text("\(message.mine ? "You" : other) · \(TimeText.format(message.sentAt, pair.zone, "d MMM HH:mm"))\(message.edited ? " · edited" : "")")),
                        .p(.text(message.body)),
                        Forms.postButton(SiteURL.messageHide(message.id).path + "?back=" + SiteURL.mentorship(id).path, label: "Delete for me", csrf: p.csrfToken, style: "link"))
                }),
                .if(active, Forms.form(SiteURL.mentorshipMessage(id).path, csrf: p.csrfToken,
                    SafetyPrompt.node(prompt),
                    Forms.textarea("body", label: "Message", value: draft, errors: errors, maxLength: MessagingService.maxLength),
                    .button(.type(.submit), .class("primary"), .text("Send"))))),
            .section(.h2("Check-ins"),
                .p(.text(m.rhythm.map { "Agreed rhythm: \($0.title.lowercased())\(m.dueTime.map { ", around \($0)" } ?? "")." } ?? "No rhythm agreed yet.")),
                .if(active && !isMentor, Forms.form(SiteURL.mentorshipCheckIn(id).path, csrf: p.csrfToken,
                    Forms.select("feeling", label: "How are you doing?", options: [("", "Choose…"), ("1", "1 — struggling"), ("2", "2"), ("3", "3 — okay"), ("4", "4"), ("5", "5 — doing well")].map { (value: $0.0, label: $0.1) },
                                 selected: "", errors: errors),
                    Forms.textarea("note", label: "Anything to add (optional)", value: "", errors: errors, maxLength: MentorshipService.maxMessage),
                    .button(.type(.submit), .text("Check in")))),
                .ul(.forEach(pair.checkIns) { c in
                    .li(.text("\(TimeText.format(c.at, pair.zone, "EEE d MMM")): \(c.feeling)/5\(c.note.isEmpty ? "" : " — \(c.note)")"))
                }),
                .if(active, .div(.class("more"), .h3("Change the rhythm"), Forms.form(SiteURL.mentorshipRhythm(id).path, csrf: p.csrfToken,
                    Forms.select("rhythm", label: "How often", options: [(value: "", label: "No set rhythm")] + Rhythm.allCases.map { (value: $0.rawValue, label: $0.title) },
                                 selected: m.rhythm?.rawValue ?? "", errors: errors),
                    Forms.input("due_time", label: "Around what time (the mentee's time)", value: m.dueTime ?? "", errors: errors, type: .time),
                    .button(.type(.submit), .text("Save rhythm")))))),
            sharedSection(p, pair, isMentor: isMentor, other: other),
            .if(active, .div(.class("more"), .h3("End this mentorship"), Forms.form(SiteURL.mentorshipEnd(id).path, csrf: p.csrfToken,
                .p(.class("hint"), .text("Ending keeps everything each of you wrote. You can add a note for \(other).")),
                Forms.textarea("note", label: "A note (optional)", value: "", errors: errors, maxLength: MentorshipService.maxMessage),
                .button(.type(.submit), .text("End the mentorship")))))
        )
    }

    private static func sharedSection(_ p: PageContext, _ pair: Pair, isMentor: Bool, other: String) -> Node<HTML.BodyContext> {
        let id = pair.mentorship.id
        if isMentor {
            return .section(.h2("What \(other) shares with you"),
                .if(pair.shared.clocks.isEmpty && pair.shared.checkIns == nil && pair.shared.recoveryCapital == nil, .p(.text("Nothing yet. Sharing is always \(other)'s choice."))),
                .ul(.forEach(pair.shared.clocks) { c in .li(.a(.href(SiteURL.sharedClock(c.id).path), .text("\(c.label): \(c.days) days"))) }),
                .unwrap(pair.shared.checkIns) { list in
                    .group(.h3("Recent daily check-ins"), .ul(.forEach(list) { c in
                        .li(.text("\(c.localDate): mood \(c.mood)/5, craving \(c.craving)/10, \(c.sober == .yes ? "sober" : "a hard day")"))
                    }))
                },
                .unwrap(pair.shared.recoveryCapital) { lines in
                    .group(.h3("Recovery capital (BARC-10)"),
                           lines.isEmpty ? .p(.text("\(other) hasn't taken the BARC-10 yet.")) : AssessmentViews.chart(Instrument.barc10, lines, id: "shared-barc"))
                },
                .if(pair.mentorship.status == .active, .p(.a(.href(SiteURL.mentorshipPlan(id).path), .text("\(other)'s recovery plan (if shared)")))))
        }
        return .section(.h2("Sharing with \(other)"),
            .p(.class("hint"), .text("\(other) sees only what you choose. You can stop sharing any time from Sharing.")),
            .if(pair.mentorship.status == .active, .group(
                Forms.postButton(SiteURL.mentorshipShare(id).path + "?scope=clocks", label: "Share my clocks", csrf: p.csrfToken),
                Forms.postButton(SiteURL.mentorshipShare(id).path + "?scope=check_ins", label: "Share my daily check-ins", csrf: p.csrfToken),
                Forms.postButton(SiteURL.mentorshipShare(id).path + "?scope=recovery_capital", label: "Share my BARC-10 scores", csrf: p.csrfToken),
                .p(.a(.href(SiteURL.myPlan.path), .text("Share my recovery plan"))))),
            .p(.text("Shared now: \([pair.shared.clocks.isEmpty ? nil : "clocks", pair.shared.checkIns == nil ? nil : "check-ins", pair.shared.recoveryCapital == nil ? nil : "BARC-10 scores"].compactMap { $0 }.joined(separator: ", ").ifEmpty("nothing")).")))
    }
}
