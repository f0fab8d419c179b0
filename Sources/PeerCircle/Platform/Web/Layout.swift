import Hummingbird
import Plot

/// The one frame every page is drawn in: skip link, header with the crisis link, main, footer.
enum Layout {
    static func render(
        _ title: String, _ page: PageContext, status: HTTPResponse.Status = .ok,
        _ content: Node<HTML.BodyContext>...
    ) -> HTMLPage {
        HTMLPage(status: status, html: Frame.of(page).fill(title: title, page: page, content: .group(content)))
    }

    /// The page as Plot draws it, every part filled in. `render` gives the same text faster: it draws
    /// this once per kind of frame with markers where the parts go (`Frame`).
    static func document(_ title: String, _ page: PageContext, _ content: Node<HTML.BodyContext>,
                         urgent: Node<HTML.BodyContext>? = nil, badge: Node<HTML.AnchorContext>? = nil) -> String {
        HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .meta(.name("referrer"), .content("no-referrer")),
                .title("\(title) · PeerCircle"),
                .link(.rel(.stylesheet), .href(SiteURL.stylesheet.path)),
                .link(.rel(.manifest), .href(SiteURL.manifest.path)),
                .link(.rel(.icon), .attribute(named: "type", value: "image/png"), .href(SiteURL.appIcon(192).path)),
                .meta(.name("theme-color"), .content("#2f6f5e")),
                // Lets the Meeting Guide app and TSML sites discover this instance's meetings.
                .link(.rel(.alternate), .attribute(named: "type", value: "application/json"),
                      .attribute(named: "title", value: "Meetings Feed"), .href(MeetingFeedRoutes.path))
            ),
            .body(
                .unwrap(page.member == nil ? page.zone : nil) { .data(named: "zone", value: $0.identifier) },
                .a(.class("skip"), .href("#main"), .text("Skip to content")),
                header(page, badge: badge ?? unreadBadge(page)),
                .main(.id("main"),
                      // SOS alerts from the member's circle arrive here live, on any page.
                      .unwrap(page.member) { _ in .div(.id("live-notices"), .attribute(named: "aria-live", value: "assertive")) },
                      urgent ?? urgentAlerts(page),
                      .h1(.text(title)), content),
                footer,
                .unwrap(page.member, { _ in .script(.src(SiteURL.liveScript.path)) }, else: .script(.src(SiteURL.zoneScript.path)))
            )
        ).render()
    }

    static func urgentAlerts(_ page: PageContext) -> Node<HTML.BodyContext> {
        .unwrap(page.member) { member in
            .group(
            .if(member.staffLocked, .p(.class("live-alert"), .attribute(named: "role", value: "status"),
                .text("Your team pages open once two-step sign-in is on. "), .a(.href(SiteURL.twoStep.path), .text("Set up two-step sign-in")))),
            .if(member.urgentAlerts > 0, .p(.class("live-alert"), .attribute(named: "role", value: "alert"),
                .strong(.text("Urgent: ")),
                .text(member.urgentAlerts == 1 ? "a call for support has reached nobody. " : "\(member.urgentAlerts) calls for support have reached nobody. "),
                .a(.href(member.has(.admin) ? SiteURL.adminSafety.path : SiteURL.responders.path), .text("See who needs someone")))))
        }
    }

    /// The unread count beside "Notifications", when there is one.
    static func unreadBadge(_ page: PageContext) -> Node<HTML.AnchorContext> {
        let count = page.member?.unreadNotifications ?? 0
        return .if(count > 0, .span(.class("count"), .text(count > 99 ? "99+" : String(count)), .span(.class("visually-hidden"), .text(" unread"))))
    }

    private static func header(_ page: PageContext, badge: Node<HTML.AnchorContext>) -> Node<HTML.BodyContext> {
        .header(
            .class("site"),
            .div(
                .class("bar"),
                .a(.class("brand"), .href(SiteURL.home.path), .text("PeerCircle")),
                .a(.class("help-now"), .href(page.member == nil ? SiteURL.crisis.path : SiteURL.sos.path),
                   .text(page.member == nil ? "Need help now?" : "I need support now"))
            ),
            .nav(
                .attribute(named: "aria-label", value: "Main"),
                .unwrap(page.member, { member in
                    .ul(
                        link(.home, "Today"), link(.meetings, "Meetings"), link(.groups, "Groups"), link(.houses, "Sober living"), link(.community, "Community"),
                        link(.mentorships, "Mentorship"), link(.messages, "Messages"), link(.circle, "My circle"),
                        // A bell on a phone (the word stays for screen readers), so the support button keeps its line.
                        .li(.a(.class("bell"), .href(SiteURL.notifications.path),
                               .raw("<svg aria-hidden=\"true\" viewBox=\"0 0 24 24\" width=\"20\" height=\"20\"><path fill=\"currentColor\" d=\"M12 2a6 6 0 0 0-6 6v4.5L4 16v1h16v-1l-2-3.5V8a6 6 0 0 0-6-6zm-2.5 16.5a2.5 2.5 0 0 0 5 0z\"/></svg>"),
                               .span(.class("bell-label"), .text("Notifications")), badge)),
                        menu("Me",
                             link(.clocks, "Clocks"), link(.checkIn, "Check in"), link(.checkIns(days: nil), "Check-in history"), link(.assessments, "Check-ups"), link(.engagement, "My engagement"),
                             link(.myPlan, "Recovery plan"), link(.strategies, "Coping strategies"), link(.myMeetings, "My meetings"),
                             link(.myAttendance, "Attendance"), link(.help, "Professional help"), link(.sharing, "Sharing"), link(.settings, "Settings"),
                             .li(Forms.postButton(
                                 SiteURL.logout.path, label: "Log out", csrf: page.csrfToken, style: "link",
                                 ariaLabel: "Log out \(member.pseudonym)"))),
                        .if(member.isStaff || member.has(.peerStaff), menu("Team",
                            .if(member.isStaff, link(.responders, "Responders")),
                            .if(OutreachService.mayReachOut(member), link(.outreach, "Outreach")),
                            .if(member.has(.moderator) || member.has(.admin), .group(link(.moderation, "Moderation"), link(.crisisReviews, "Crisis review"))),
                            .if(member.has(.admin), .group(
                                link(.adminMeetingImport, "Import meetings"), link(.adminRoles, "Roles"),
                                link(.adminSafety, "Safety net"), link(.adminReferrals, "Help directory"), link(.outcomes, "Outcomes"),
                                link(.adminStarter, "Starter content"), link(.auditLog, "Audit log")))))
                    )
                }, else: .ul(
                    .li(.a(.href(SiteURL.meetings.path), .text("Find a meeting"))),
                    .li(.a(.href(SiteURL.houses.path), .text("Sober living"))),
                    .li(.a(.href(SiteURL.login.path), .text("Log in"))),
                    .li(.a(.href(SiteURL.signup.path), .text("Join")))
                ))
            )
        )
    }

    private static func link(_ url: SiteURL, _ label: String) -> Node<HTML.ListContext> {
        .li(.a(.href(url.path), .text(label)))
    }

    /// A short list under a heading that opens on click — no script needed.
    private static func menu(_ title: String, _ items: Node<HTML.ListContext>...) -> Node<HTML.ListContext> {
        .li(.class("menu"), .details(.summary(.text(title)), .ul(.group(items))))
    }

    private static var footer: Node<HTML.BodyContext> {
        .footer(
            .class("site"),
            .p(
                .text("PeerCircle is peer support from people with lived experience. It is not a crisis or medical service; it complements professional care. In an emergency, call your local emergency number. "),
                .a(.href(SiteURL.crisis.path), .text("Crisis lines"))
            )
        )
    }
}
