import FluentKit
import Foundation
import Hummingbird
import Plot

/// Something waiting for the member, shown at the top of the start page.
struct Nudge: Sendable {
    let text: String
    let path: String
}

/// The start page: a welcome for visitors, "today" for members.
struct HomeRoutes: Sendable {
    let deps: AppDependencies

    /// Alerts to answer first, then everything else waiting.
    func nudges(for member: Member) async throws -> [Nudge] {
        var nudges = try await SafetyService(deps: deps).nudges(for: member)
        nudges += try await MentorshipService(deps: deps).nudges(for: member)
        let unread = try await MessagingService(deps: deps).unreadCount(for: member.id)
        if unread > 0 { nudges.append(Nudge(text: "\(unread) unread message\(unread == 1 ? "" : "s")", path: SiteURL.messages.path)) }
        let notices = try await ModerationService(deps: deps).unreadNotices(for: member.id)
        if notices > 0 { nudges.append(Nudge(text: "A notice from the moderators", path: SiteURL.myNotices.path)) }
        for instrument in try await AssessmentService(deps: deps).due(for: member) {
            nudges.append(Nudge(text: "Your \(instrument.shortName) check-up, when you have five minutes", path: SiteURL.assessment(instrument.kind).path))
        }
        return nudges
    }

    /// Today for a member; with `pledgeErrors`, the evening review came back with a problem.
    func today(_ member: Member, _ page: PageContext, notice: String?, pledgeErrors: [FieldError] = [], helped: String = "") async throws -> HTMLPage {
        let clocks = try await ClockService(deps: deps).list(for: member)
        let today = try await CheckInService(deps: deps).today(for: member)
        let shared = try await SharingService(deps: deps).sharedWithMe(member)
        let nudges = try await nudges(for: member)
        let suggestions = try await SuggestionService(deps: deps).suggestions(for: member)
        let steps = try await FirstSteps(deps: deps).remaining(for: member)
        let pledged = try await PledgeService(deps: deps).today(for: member)
        let pledge = PledgeViews.today(page, pledged.today, streak: pledged.streak, zone: member.timeZone, errors: pledgeErrors, helped: helped)
        return HomeViews.today(page, clocks: clocks, checkedIn: today != nil, shared: shared, nudges: nudges,
                               suggestions: suggestions, steps: steps, pledge: pledge, notice: notice,
                               status: pledgeErrors.isEmpty ? .ok : .unprocessableContent)
    }

    func register(_ web: RouterGroup<AppRequestContext>) {
        web.get(RouterPath(SiteURL.home.path)) { request, context in
            guard let member = context.member else { return HomeViews.welcome(PageContext(context), notice: request.notice) }
            return try await today(member, PageContext(context), notice: request.notice)
        }
        web.post(RouterPath(SiteURL.hideGuide.path)) { _, context in
            guard let member = context.member else { throw AppError.unauthenticated }
            try await FirstSteps(deps: deps).mark(FirstSteps.hidden, for: member.id)
            return redirect(to: SiteURL.home.path)
        }
    }
}

enum HomeViews {
    static func welcome(_ page: PageContext, notice: String?) -> HTMLPage {
        Layout.render(
            "Welcome to PeerCircle", page,
            Banner.notice(notice),
            .p(.text("A private place to keep your recovery going, with people who have been there.")),
            .p(.a(.class("button"), .href(SiteURL.meetings.path), .text("Find a meeting")), .text(" "),
               .span(.class("hint"), .text("in person or online, tonight or this week — no account needed."))),
            .ul(
                .li(.text("Join live online meetings, with a share queue and a facilitator, under any name you choose.")),
                .li(.text("Find a mentor or sponsor who has walked a similar road, matched to what you're facing.")),
                .li(.text("Talk it through in a kind, moderated community, and borrow what helps others cope.")),
                .li(.text("Count your days with sobriety clocks, and check in each day: mood, cravings, what helped.")),
                .li(.text("Choose a circle of people you trust; “I need support now” reaches them in seconds.")),
                .li(.text("Everything is private until you choose to share it, item by item."))
            ),
            .p(.text("A pseudonym is all you need to join. No real name, no phone number.")),
            .p(.a(.class("button"), .href(SiteURL.signup.path), .text("Join")), .text(" "),
               .a(.href(SiteURL.login.path), .text("Log in"))),
            .p(.class("hint"), .text("PeerCircle is peer support, not a crisis service. If you are in danger now, "),
               .a(.href(SiteURL.crisis.path), .text("see the crisis lines")), .text("."))
        )
    }

    static func today(
        _ page: PageContext, clocks: [ClockSummary], checkedIn: Bool, shared: [SharedItem], nudges: [Nudge],
        suggestions: (stage: RecoveryStage?, items: [Suggestion]), steps: [FirstSteps.Step] = [],
        pledge: Node<HTML.BodyContext> = .empty, notice: String?, status: HTTPResponse.Status = .ok
    ) -> HTMLPage {
        Layout.render(
            "Today", page, status: status,
            Banner.notice(notice),
            .if(!nudges.isEmpty, .ul(.class("nudges"), .forEach(nudges) { .li(.a(.href($0.path), .text($0.text))) })),
            .if(!steps.isEmpty, .section(.class("first-steps"),
                .h2("Your first steps"),
                .p(.class("hint"), .text("\(FirstSteps.total - steps.count) of \(FirstSteps.total) done. Each step goes away once it's done.")),
                .ol(.forEach(steps) { step in
                    .li(.a(.href(step.path), .text(step.title)), .text(" — "), .span(.class("hint"), .text(step.why)))
                }),
                Forms.postButton(SiteURL.hideGuide.path, label: "Hide this guide", csrf: page.csrfToken, style: "link"))),
            .section(
                .h2("Check-in"),
                checkedIn
                    ? .p(.text("You checked in today. "), .a(.href(SiteURL.checkIn.path), .text("Change it")))
                    : CheckInViews.quick(page)
            ),
            pledge,
            .section(
                .h2("Your clocks"),
                .if(clocks.isEmpty, .p(.a(.href(SiteURL.newClock.path), .text("Start your first clock")))),
                .div(.class("cards"), .forEach(clocks) { ClockViews.card($0) })
            ),
            .if(!suggestions.items.isEmpty, .section(
                .h2("Suggested for you"),
                .ul(.class("suggestions"), .forEach(suggestions.items) { s in
                    .li(.a(.href(s.path), .text(s.title)), .br(), .span(.class("hint"), .text(s.why)))
                }),
                .unwrap(suggestions.stage) { stage in
                    .p(.class("hint"), .text("Chosen for “\(stage.title.lowercased())”, which only you can see. "),
                       .a(.href(SiteURL.myStage.path), .text("Change it")))
                })),
            .if(!shared.isEmpty, .section(
                .h2("Shared with you"),
                .div(.class("cards"), .forEach(shared) { item in
                    switch item {
                    case .clock(let summary, let owner):
                        .group(.p(.class("hint"), .text("From \(owner)")), ClockViews.card(summary, link: SiteURL.sharedClock(summary.id).path))
                    }
                })
            ))
        )
    }
}
