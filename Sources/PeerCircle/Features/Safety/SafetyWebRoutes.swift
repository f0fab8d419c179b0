import FluentKit
import Foundation
import Hummingbird
import Plot

/// "I need support now", the alert pages, the circle, the responder dashboard, the operator's
/// response-time figures and the crisis review queue.
struct SafetyWebRoutes: Sendable {
    let deps: AppDependencies
    var safety: SafetyService { SafetyService(deps: deps) }

    func country(_ member: Member) -> String { deps.country(of: member) }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.sos.path)) { request, context in
            let afterCheckIn = request.uri.queryParameters.get("after") == "check-in"
            return try await sosPage(context, need: afterCheckIn ? SupportAlert.Need.unsafe.rawValue : "talk", afterCheckIn: afterCheckIn)
        }
        members.post(RouterPath(SiteURL.sos.path)) { _, context in
            do {
                let alert = try await safety.raise(need: context.form["need"], message: context.form["message"], for: context.member.id)
                return redirect(to: SiteURL.alert(try alert.requireID()).path)
            } catch AppError.invalid(let errors) {
                return try await sosPage(context, need: context.form["need"], message: context.form["message"], errors: errors).response
            }
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.alert))) { _, context in try await alertPage(context, try context.id()) }
        members.post(RouterPath(SiteURL.pattern(SiteURL.alertHere))) { _, context in
            let conversation = try await safety.here(try context.id(), by: context.member)
            return redirect(to: SiteURL.conversation(try conversation.requireID()).path)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.alertClose))) { _, context in
            let id = try context.id()
            do {
                try await safety.close(id, outcome: context.form["outcome"], by: context.member)
                return redirect(to: SiteURL.alert(id).path)
            } catch let error as AppError where !error.fields.isEmpty {
                return try await alertPage(context, id, errors: error.fields, status: error.status).response
            }
        }
        members.get(RouterPath(SiteURL.circle.path)) { request, context in try await circlePage(context, notice: request.notice) }
        members.post(RouterPath(SiteURL.circleInvite.path)) { _, context in
            do {
                try await safety.invite(context.form["pseudonym"], by: context.member)
                return redirect(to: SiteURL.circle.with(.answered))
            } catch let error as AppError where !error.fields.isEmpty {
                return try await circlePage(context, pseudonym: context.form["pseudonym"], errors: error.fields, status: error.status).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.circleAnswer))) { request, context in
            try await safety.answer(try context.id(), accept: request.uri.queryParameters.get("accept") != nil, by: context.member)
            return redirect(to: SiteURL.circle.with(.answered))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.circleRemove))) { _, context in
            try await safety.remove(try context.id(), by: context.member)
            return redirect(to: SiteURL.circle.with(.answered))
        }
        members.post(RouterPath(SiteURL.safetySettings.path)) { _, context in
            try await safety.updateSettings(onBehalfAlerts: context.form["on_behalf_alerts"] == "yes",
                                            checkinReview: context.form["checkin_review"] == "yes", of: context.member.id)
            return redirect(to: SiteURL.circle.with(.visibility))
        }
        members.get(RouterPath(SiteURL.responders.path)) { request, context in
            guard context.member.isStaff else { throw AppError.notFound }
            return try await dashboard(context, notice: request.notice)
        }
        members.post(RouterPath(SiteURL.responderHours.path)) { _, context in
            do {
                try await safety.setHours(timeZone: context.form["time_zone"], availability: context.form.all("availability"), for: context.member)
                return redirect(to: SiteURL.responders.with(.visibility))
            } catch AppError.invalid(let errors) {
                return try await dashboard(context, errors: errors).response
            }
        }
        members.get(RouterPath(SiteURL.adminSafety.path)) { _, context in try await adminPage(context) }
        members.get(RouterPath(SiteURL.crisisReviews.path)) { request, context in try await reviewPage(context, notice: request.notice) }
        members.post(RouterPath(SiteURL.crisisMissed.path)) { _, context in
            do {
                try await CrisisReviewService(deps: deps).missed(context.form["text"], by: context.member)
                return redirect(to: SiteURL.crisisReviews.with(.labelled))
            } catch let error as AppError where !error.fields.isEmpty {
                return try await reviewPage(context, errors: error.fields, missed: context.form["text"], status: error.status).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.crisisReview))) { _, context in
            do {
                try await CrisisReviewService(deps: deps).mark(try context.id(), status: context.form["status"],
                                                               alertCircle: context.form["alert_circle"] == "yes", by: context.member)
                return redirect(to: SiteURL.crisisReviews.with(.moderated))
            } catch let error as AppError where !error.fields.isEmpty {
                return try await reviewPage(context, errors: error.fields, status: error.status).response
            }
        }
    }

    private func sosPage(_ context: MemberContext, need: String = "talk", message: String = "", errors: [FieldError] = [],
                         afterCheckIn: Bool = false) async throws -> HTMLPage {
        let reach = try await safety.reachable(for: context.member.id)
        let errors = Forms.errors(errors)
        return Layout.render(
            "I need support now", PageContext(context), status: errors.isEmpty ? .ok : .unprocessableContent,
            .if(afterCheckIn, .p(.class("notice"), .attribute(named: "role", value: "status"),
                                 .text("Thank you for being honest. You don't have to be alone with this. Your check-in is saved."))),
            // Say exactly who this can reach — never promise what will not happen.
            .p(.class(reach.anyone ? "" : "notice strong"), .text(Self.whoCanBeReached(reach, escalation: deps.configuration.sosEscalationMinutes))),
            // With nobody to reach, the full help (emergency number first) comes before the form.
            .if(!reach.anyone, CrisisRoutes.help(deps, country: country(context.member))),
            // Compact, so the button stays on a phone's first screen.
            Forms.form(SiteURL.sos.path, csrf: context.csrfToken,
                Forms.summary(errors),
                Forms.choices("need", legend: "What do you need?", options: SupportAlert.Need.allCases.map { (value: $0.rawValue, label: $0.title) },
                              selected: [need], errors: errors, multiple: false),
                Forms.input("message", label: "A line to send with it (optional)", value: message, errors: errors,
                            attributes: [.attribute(named: "maxlength", value: "500")]),
                .button(.type(.submit), .class("primary"), .text(reach.anyone ? "Yes, alert them now" : "Send it anyway"))),
            .p(.class("hint"), .text(reach.anyone ? "Nothing is sent until you press the button."
                : "If you send it, nobody on call will get it — the people who run this PeerCircle will see it when they next look, which may not be soon. The lines above answer now.")),
            .if(reach.anyone, .p(.class("notice strong"), .text("In danger right now? Call your local emergency number. "),
               .a(.href(SiteURL.crisis.path), .text("Crisis lines")))))
    }

    private func alertPage(_ context: MemberContext, _ id: UUID, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) async throws -> HTMLPage {
        let view = try await safety.view(id, for: context.member)
        let alert = view.alert, csrf = context.csrfToken
        let errors = Forms.errors(errors)
        let open = alert.status == .open
        let here = view.here
        if view.isMember {
            let delayed = try await EmailOutbox.isDelayed(now: deps.now(), on: deps.db)
            let hasAdministrators = try await safety.hasAdministrators()
            let teamTold = alert.unreachedAt != nil && hasAdministrators
            let conversation = try await here.first.asyncMap { try await MessagingService(deps: deps).open(between: context.member.id, and: $0.$user.id) }
            return Layout.render(
                !open ? "You said you're OK" : view.nobodyTold ? "Nobody could be alerted" : "You asked for support", PageContext(context), status: status,
                // Kept current while open: live.js refreshes this box when someone sees or answers.
                .if(open, .div(.id("alert-status"), .data(named: "alert", value: id.uuidString.lowercased()),
                    .p(.class(view.nobodyTold ? "notice strong" : "notice"), .attribute(named: "role", value: "status"),
                       .text(Self.whoWasTold(view, zone: context.member.timeZone, emailDelayed: delayed, teamTold: teamTold))),
                    .unwrap(conversation) { c in
                        .p(.a(.class("button primary"), .href(SiteURL.conversation(c.id!).path), .text("Open your conversation with \(here.first?.user.pseudonym ?? "them")")))
                    })),
                CrisisRoutes.help(deps, country: country(context.member)),
                .if(open, Forms.form(SiteURL.alertClose(id).path, csrf: csrf,
                    Forms.textarea("outcome", label: "Anything to say (optional)", value: "", errors: errors, maxLength: 500),
                    .button(.type(.submit), .text("I'm OK now")))))
        }
        let mine = view.recipients.first { $0.$user.id == context.member.id }
        return Layout.render(
            "\(view.member.pseudonym) asked for support", PageContext(context), status: status,
            .p(.strong(.text(alert.need.title)), .text(" · \(TimeText.format(alert.createdAt, context.member.timeZone, "EEE HH:mm"))")),
            .if(!alert.message.isEmpty, .blockquote(.text(alert.message))),
            .if(!open, .p(.class("notice"), .text("Closed: \(alert.outcome ?? "")"))),
            .if(open && !here.isEmpty, .p(.class("notice"), .text("Handled — \(here.map { $0.user.pseudonym }.joined(separator: ", ")) \(here.count == 1 ? "is" : "are") with them."))),
            .if(open && view.isRecipient && mine?.hereAt == nil, Forms.postButton(SiteURL.alertHere(id).path, label: "I'm here", csrf: csrf, style: "primary")),
            .if(open && mine?.hereAt != nil, .group(
                .p(.a(.href(SiteURL.messages.path), .text("Your conversation with \(view.member.pseudonym)"))),
                Forms.form(SiteURL.alertClose(id).path, csrf: csrf,
                    Forms.summary(errors),
                    Forms.input("outcome", label: "How did it end? (short, for the record)", value: "", errors: errors, required: true),
                    .button(.type(.submit), .text("Close the alert"))))),
            .p(.class("hint"), .text("You are a peer, not a crisis service. If they are in danger, help them reach emergency services or a crisis line.")))
    }

    static func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    /// "Alex", "Alex and Sam", "Alex, Sam and Kim".
    static func names(_ list: [String]) -> String {
        guard let last = list.last else { return "" }
        return list.count == 1 ? last : list.dropLast().joined(separator: ", ") + " and " + last
    }

    /// Before pressing: exactly who an SOS would reach.
    static func whoCanBeReached(_ reach: SafetyService.Reach, escalation: Int) -> String {
        var first: [String] = []
        if reach.circle > 0 { first.append("the \(reach.circle) \(reach.circle == 1 ? "person" : "people") in your circle") }
        if reach.contacts > 0 { first.append("your \(reach.contacts == 1 ? "trusted contact" : "\(reach.contacts) trusted contacts") by email") }
        let delay = reach.contacts > 0 && reach.emailDelayed
            ? " Email from this PeerCircle is delayed right now, so your trusted contacts may not hear in time." : ""
        if !first.isEmpty {
            return capitalised(names(first)) + " will be alerted at once."
                + (reach.responders > 0 ? " If nobody answers within \(escalation) minutes, PeerCircle's peer responders will be too." : "") + delay
        }
        if reach.responders > 0 { return "You don't have a circle yet, so PeerCircle's peer responders will be alerted." }
        return "Right now nobody on PeerCircle can be alerted: you don't have a circle yet and this PeerCircle has no peer responders. Please use a crisis line below — they answer at any time."
    }

    /// Exactly who was told and when, who has seen it and who has answered — never more than happened.
    static func whoWasTold(_ view: SafetyService.AlertView, zone: TimeZone, emailDelayed: Bool = false, teamTold: Bool = false) -> String {
        let alert = view.alert
        let team = view.recipients.filter { $0.reason == .team }.map { $0.user.pseudonym }
        if view.recipients.allSatisfy({ $0.reason == .team }) && view.contacts.isEmpty {
            let first = "Nobody on call could be alerted: you have no circle yet, and no peer responders are here."
            if !team.isEmpty {
                return first + " \(Self.names(team)) from the PeerCircle team \(team.count == 1 ? "is" : "are") here for you."
            }
            return first + (teamTold ? " The people who run this PeerCircle have been told, but may not see it soon." : "")
                + " Please call or text a line below now."
        }
        func at(_ date: Date) -> String { TimeText.format(date, zone, "HH:mm") }
        let circle = view.recipients.filter { $0.reason == .circle }
        let responders = view.recipients.filter { $0.reason == .responder }
        var parts: [String] = []
        if !circle.isEmpty {
            parts.append("\(Self.names(circle.map { $0.user.pseudonym })) in your circle \(circle.count == 1 ? "was" : "were") alerted at \(at(alert.createdAt))")
        }
        if !view.contacts.isEmpty {
            parts.append("your trusted \(view.contacts.count == 1 ? "contact" : "contacts") \(Self.names(view.contacts.map { $0.contact.name })) \(view.contacts.count == 1 ? "was" : "were") emailed at \(at(alert.createdAt))"
                + (emailDelayed ? ", but email from this PeerCircle is delayed, so they may not have it yet" : ""))
        }
        if !responders.isEmpty {
            parts.append("\(responders.count) peer \(responders.count == 1 ? "responder was" : "responders were") alerted at \(at(alert.escalatedAt ?? alert.createdAt))")
        }
        var text = capitalised(parts.joined(separator: "; ") + ".")
        // Seen but not yet answered, by name for the people the member chose.
        let seen = circle.filter { $0.seenAt != nil && $0.hereAt == nil }.map { "\($0.user.pseudonym) saw it at \(at($0.seenAt ?? alert.createdAt))" }
        let respondersSeen = responders.filter { $0.seenAt != nil && $0.hereAt == nil }.count
        if !seen.isEmpty { text += " " + Self.names(seen) + "." }
        if respondersSeen > 0 { text += " \(respondersSeen) \(respondersSeen == 1 ? "responder has" : "responders have") seen it." }
        let here = view.here.map { $0.reason == .team ? "\($0.user.pseudonym) from the PeerCircle team" : $0.user.pseudonym }
            + view.contacts.filter { $0.hereAt != nil }.map { $0.contact.name }
        text += here.isEmpty
            ? " Nobody has answered yet; the lines below answer at any time."
            : " \(Self.names(here)) \(here.count == 1 ? "is" : "are") here for you."
        return text
    }

    func circlePage(_ context: MemberContext, pseudonym: String = "", contactName: String = "", contactEmail: String = "",
                    errors: [FieldError] = [], notice: String? = nil, status: HTTPResponse.Status = .ok) async throws -> HTMLPage {
        let circle = try await safety.circle(of: context.member.id)
        let contacts = try await TrustedContactService(deps: deps).contacts(of: context.member.id)
        let reach = try await safety.reachable(for: context.member.id)
        let memberships = try await safety.memberships(of: context.member.id)
        let settings = try await safety.settings(of: context.member.id)
        let errors = Forms.errors(errors)
        let csrf = context.csrfToken
        return Layout.render(
            "My circle", PageContext(context), status: status, Banner.notice(notice),
            .p(.text("Up to \(SafetyService.circleLimit) people you trust, alerted first when you ask for support. Only you see your circle; each person agrees to be in it.")),
            circle.isEmpty && contacts.isEmpty
                ? .p(.class("hint"), .text(reach.responders > 0
                    ? "Nobody yet. Until someone accepts, “I need support now” goes to PeerCircle's peer responders."
                    : "Nobody yet. This PeerCircle has no peer responders, so until someone accepts, “I need support now” can reach nobody here."))
                : .ul(.group(circle.map { c in
                    .li(.text(c.member.pseudonym + (c.status == .invited ? " (invited)" : "") + " "),
                        Forms.postButton(SiteURL.circleRemove(c.id!).path, label: "Remove", csrf: csrf, style: "link"))
                }), .group(contacts.map { c in
                    .li(.text("\(c.name) — by email" + (c.status == .invited ? " (waiting for them to confirm)" : "") + " "),
                        Forms.postButton(SiteURL.circleContactRemove(c.id!).path, label: "Remove", csrf: csrf, style: "link"))
                })),
            Forms.form(SiteURL.circleInvite.path, csrf: csrf,
                Forms.summary(errors.filter { !$0.key.hasPrefix("contact_") }),
                Forms.input("pseudonym", label: "Invite someone on PeerCircle (their pseudonym)", value: pseudonym, errors: errors, required: true),
                .button(.type(.submit), .text("Invite"))),
            .h2("Someone outside PeerCircle"),
            .p(.text("A sister, a friend, a sponsor who isn't here: add them by email. They confirm by a link first; when you ask for support, they get a discreet email with a private link to it, where they can say “I'm here”.")),
            Forms.form(SiteURL.circleContact.path, csrf: csrf,
                Forms.summary(errors.filter { $0.key.hasPrefix("contact_") }),
                Forms.input("contact_name", label: "What you call them (only you see it)", value: contactName, errors: errors, required: true),
                Forms.input("contact_email", label: "Their email address", value: contactEmail, errors: errors, type: .email, required: true),
                .button(.type(.submit), .text("Add trusted contact"))),
            .h2("Circles you're in"),
            memberships.isEmpty ? .p(.text("None yet.")) : .ul(.forEach(memberships) { c in
                .li(.text(c.owner.pseudonym + (c.status == .invited ? " asked you to be in their circle. " : " ")),
                    .if(c.status == .invited, .group(
                        Forms.postButton(SiteURL.circleAnswer(c.id!).path + "?accept=1", label: "Yes, I'll be there", csrf: csrf, style: "primary"),
                        Forms.postButton(SiteURL.circleAnswer(c.id!).path, label: "Not now", csrf: csrf))),
                    .if(c.status == .accepted, Forms.postButton(SiteURL.circleRemove(c.id!).path, label: "Leave", csrf: csrf, style: "link")))
            }),
            .h2("Safety choices"),
            Forms.form(SiteURL.safetySettings.path, csrf: csrf,
                Forms.choices("on_behalf_alerts", legend: "If moderators are worried about me", options: [(value: "yes", label: "They may alert my circle for me")],
                              selected: settings.onBehalfAlerts ? ["yes"] : [], errors: [:], multiple: true),
                Forms.choices("checkin_review", legend: "My check-ins", options: [(value: "yes", label: "A hard run of check-ins may ask a moderator to look in on me")],
                              selected: settings.checkinReview ? ["yes"] : [], errors: [:], multiple: true),
                .button(.type(.submit), .text("Save"))))
    }

    private func adminPage(_ context: MemberContext) async throws -> HTMLPage {
        let s = try await safety.stats(for: context.member)
        let unreached = try await safety.unreached(for: context.member)
        let gaps = try await safety.onCallGaps()
        func minutes(_ seconds: Int?) -> String { seconds.map { String(format: "%.1f minutes", Double($0) / 60) } ?? "—" }
        return Layout.render(
            "Safety net", PageContext(context),
            .if(!unreached.isEmpty, .section(.class("urgent"),
                .h2("Reached nobody — needs someone now"),
                .ul(.forEach(unreached) { a in
                    .li(.a(.href(SiteURL.alert(a.id!).path), .text("\(a.member.pseudonym): \(a.need.title)")),
                        .text(" — waiting \(Int(deps.now().timeIntervalSince(a.createdAt) / 60)) min"))
                }),
                .p(.class("hint"), .text("Open it and say “I'm here”: anyone on the team may step in on these.")))),
            .h2("On-call cover"),
            gaps.isEmpty ? .p(.text("A peer responder is on call at every hour of the week.")) : .ul(.class("warnings"), .forEach(gaps) { .li(.text($0)) }),
            .p(.class("hint"), .text("Times are in \(TimeText.zoneName(deps.configuration.defaultTimeZone)) time. Responders set their hours on their dashboard; one with no hours set counts as always on call.")),
            .h2("Response times"),
            .p(.text("The last 30 days, in aggregate only — no names, no messages.")),
            .dl(.dt("Alerts"), .dd(.text("\(s.alerts)")), .dt("Answered"), .dd(.text("\(s.answered)")),
                .dt("Escalated to responders"), .dd(.text("\(s.escalated)")),
                .dt("Unreached (nobody reached or nobody saw it in time)"), .dd(.text("\(s.unreached)")),
                .dt("Time to first response, median"), .dd(.text(minutes(s.medianSeconds))),
                .dt("Time to first response, 90th percentile"), .dd(.text(minutes(s.p90Seconds)))))
    }

    private func dashboard(_ context: MemberContext, errors: [FieldError] = [], notice: String? = nil) async throws -> HTMLPage {
        let mine = try await safety.open(for: context.member)
        let alerts = mine + (try await safety.unreached(for: context.member)).filter { a in !mine.contains { $0.id == a.id } }
        let hours = try await safety.hours(of: context.member)
        let errors = Forms.errors(errors)
        let now = deps.now()
        return Layout.render(
            "Responder dashboard", PageContext(context), status: errors.isEmpty ? .ok : .unprocessableContent, Banner.notice(notice),
            .h2("Open alerts, oldest first"),
            alerts.isEmpty ? .p(.text("No open alerts for you. Thank you for being on call.")) : .ul(.forEach(alerts) { a in
                .li(.a(.href(SiteURL.alert(a.id!).path), .text("\(a.member.pseudonym): \(a.need.title)")),
                    .text(" — waiting \(Int(now.timeIntervalSince(a.createdAt) / 60)) min"),
                    .if(a.firstResponseAt != nil, .span(.class("badge"), .text("Answered"))))
            }),
            .if(context.member.has(.responder), .group(
                .h2("My on-call hours"),
                Forms.form(SiteURL.responderHours.path, csrf: context.csrfToken,
                    Forms.summary(errors),
                    Forms.select("time_zone", label: "Time zone", options: Forms.timeZoneOptions,
                                 selected: hours?.timeZone ?? context.member.timeZone.identifier, errors: errors),
                    MentorViews.availabilityGrid(selected: WeeklySlots(hours?.availability ?? "").keys, legend: "When I'm on call", errors: errors),
                    .button(.type(.submit), .text("Save hours"))))))
    }

    private func reviewPage(_ context: MemberContext, errors: [FieldError] = [], notice: String? = nil, missed: String = "",
                            status: HTTPResponse.Status = .ok) async throws -> HTMLPage {
        let items = try await CrisisReviewService(deps: deps).queue(for: context.member)
        let errors = Forms.errors(errors)
        return Layout.render(
            "Crisis review", PageContext(context), status: status, Banner.notice(notice),
            .if(!errors.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"), .ul(.forEach(errors.map(\.value)) { .li(.text($0)) }))),
            .p(.text("Posts, messages, room chat and opted-in check-ins the screen was worried about. Nothing was blocked. Reach out first; the member comes before the queue.")),
            items.isEmpty ? .p(.text("Nothing waiting.")) : .ul(.class("cards"), .forEach(items) { item in
                .li(.class("card"),
                    .p(.strong(.text(item.user.pseudonym)), .text(" · \(item.source.rawValue) · \(item.category)"),
                       .unwrap(item.link) { .group(.text(" · "), .a(.href($0), .text("context"))) }),
                    .unwrap(item.reason) { .p(.class("hint"), .text("Why the screen worried: " + $0)) },
                    .blockquote(.text(item.excerpt)),
                    Forms.form(SiteURL.crisisReview(item.id!).path, csrf: context.csrfToken,
                        Forms.select("status", label: "Outcome", options: CrisisReview.Status.allCases.filter { $0 != .open }.map { (value: $0.rawValue, label: $0.title) },
                                     selected: "reached_out", errors: [:]),
                        Forms.choices("alert_circle", legend: "Their circle", options: [(value: "yes", label: "Alert their circle for them (only if they opted in)")],
                                      selected: [], errors: [:], multiple: true),
                        .button(.type(.submit), .text("Save"))))
            }),
            .p(.class("hint"), .text("Your outcome on a public post teaches the screen: \"False alarm\" keeps the words as an example of safe talk, the others as danger it caught (private messages, room chat and check-ins are not kept). The operator exports them with `peercircle crisis-screen export-labels` for the next evaluation.")),
            .h2("The screen missed something"),
            Forms.form(SiteURL.crisisMissed.path, csrf: context.csrfToken,
                Forms.textarea("text", label: "Words that described danger and were not caught", value: missed, errors: errors,
                               hint: "Kept as a labelled example with no author. Leave out names and anything that could identify someone. Reach out to the person first.", maxLength: 2_000),
                .button(.type(.submit), .class("secondary"), .text("Keep as a missed example"))))
    }
}
