import Hummingbird
import Plot

/// The one frame every page is drawn in: skip link, header with the crisis link, main, footer.
enum Layout {
    static func render(
        _ title: String, _ page: PageContext, status: HTTPResponse.Status = .ok,
        _ content: Node<HTML.BodyContext>...
    ) -> HTMLPage {
        let html = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .meta(.name("referrer"), .content("no-referrer")),
                .title("\(title) · PeerCircle"),
                .link(.rel(.stylesheet), .href(SiteURL.stylesheet.path)),
                // Lets the Meeting Guide app and TSML sites discover this instance's meetings.
                .link(.rel(.alternate), .attribute(named: "type", value: "application/json"),
                      .attribute(named: "title", value: "Meetings Feed"), .href(MeetingFeedRoutes.path))
            ),
            .body(
                .a(.class("skip"), .href("#main"), .text("Skip to content")),
                header(page),
                .main(.id("main"),
                      // SOS alerts from the member's circle arrive here live, on any page.
                      .unwrap(page.member) { _ in .div(.id("live-notices"), .attribute(named: "aria-live", value: "assertive")) },
                      .h1(.text(title)), .group(content)),
                footer,
                .unwrap(page.member) { _ in .script(.src(SiteURL.liveScript.path)) }
            )
        )
        return HTMLPage(status: status, html: html.render())
    }

    private static func header(_ page: PageContext) -> Node<HTML.BodyContext> {
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
                        .li(.a(.href(SiteURL.home.path), .text("Today"))),
                        .li(.a(.href(SiteURL.clocks.path), .text("Clocks"))),
                        .li(.a(.href(SiteURL.checkIn.path), .text("Check in"))),
                        .li(.a(.href(SiteURL.checkIns(days: nil).path), .text("History"))),
                        .li(.a(.href(SiteURL.sharing.path), .text("Sharing"))),
                        .li(.a(.href(SiteURL.meetings.path), .text("Meetings"))),
                        .li(.a(.href(SiteURL.groups.path), .text("Groups"))),
                        .li(.a(.href(SiteURL.myMeetings.path), .text("My meetings"))),
                        .li(.a(.href(SiteURL.community.path), .text("Community"))),
                        .li(.a(.href(SiteURL.mentorships.path), .text("Mentorship"))),
                        .li(.a(.href(SiteURL.messages.path), .text("Messages"))),
                        .li(.a(.href(SiteURL.circle.path), .text("My circle"))),
                        .if(member.has(.responder), .li(.a(.href(SiteURL.responders.path), .text("Responders")))),
                        .if(member.has(.moderator) || member.has(.admin), .li(.a(.href(SiteURL.moderation.path), .text("Moderation")))),
                        .li(.a(.href(SiteURL.settings.path), .text("Settings"))),
                        .if(member.has(.admin), .li(.a(.href(SiteURL.adminMeetingImport.path), .text("Import meetings")))),
                        .if(member.has(.admin), .li(.a(.href(SiteURL.adminRoles.path), .text("Roles")))),
                        .li(Forms.postButton(
                            SiteURL.logout.path, label: "Log out", csrf: page.csrfToken, style: "link",
                            ariaLabel: "Log out \(member.pseudonym)"))
                    )
                }, else: .ul(
                    .li(.a(.href(SiteURL.meetings.path), .text("Find a meeting"))),
                    .li(.a(.href(SiteURL.login.path), .text("Log in"))),
                    .li(.a(.href(SiteURL.signup.path), .text("Join")))
                ))
            )
        )
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
