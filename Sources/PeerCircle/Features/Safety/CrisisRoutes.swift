import Foundation
import Hummingbird
import Plot

/// The crisis page linked from every page's header, and the same lines as JSON.
struct CrisisRoutes: Sendable {
    let deps: AppDependencies

    static let notice = "PeerCircle is peer support, not a crisis or medical service. If you are in danger, call your local emergency number now."

    func register(_ web: RouterGroup<AppRequestContext>) {
        web.get(RouterPath(SiteURL.crisis.path)) { request, context in
            let chosen = request.uri.queryParameters.get("country")?.uppercased()
            let country = chosen ?? deps.country(of: context.member)
            return page(PageContext(context), country: country)
        }
    }

    private func page(_ page: PageContext, country: String) -> HTMLPage {
        let options = CrisisDirectory.countryNames.sorted { $0.value < $1.value }.map { (value: $0.key, label: $0.value) }
        return Layout.render(
            "Help right now", page,
            Self.help(deps, country: country),
            .form(
                .action(SiteURL.crisis.path), .method(.get),
                .div(.class("field"),
                     .label(.for("country"), .text("Show lines for another country")),
                     Forms.selectElement("country", options: options, selected: country)),
                .button(.type(.submit), .class("secondary"), .text("Show"))
            ),
            .section(
                .h2("When it isn't an emergency"),
                .p(.text("For ongoing help — a therapist, a treatment programme, medication for opioid use disorder, harm reduction, support for families — "),
                   .a(.href(SiteURL.help.path), .text("see professional help your community recommends")), .text(".")))
        )
    }

    /// The notice, the country's lines and the grounding steps — also shown with every SOS.
    static func help(_ deps: AppDependencies, country: String) -> Node<HTML.BodyContext> {
        let lines = deps.crisisLines.lines(for: country)
        let name = CrisisDirectory.countryNames[country] ?? country
        let emergency = CrisisDirectory.emergencyNumber(for: country)
        return .group(
            // In danger now comes first, with a link a phone can dial.
            .unwrap(emergency, { number in
                .p(.class("emergency"), .strong(.text("In danger right now? ")),
                   .a(.class("button primary"), .href("tel:" + number), .text("Call \(number)")))
            }, else: .p(.class("emergency"), .strong(.text("In danger right now? ")),
                        .text("Call your local emergency number (112, 911 or 999)."))),
            .p(.class("notice strong"), .text(Self.notice)),
            .p(.text(deps.crisisLines.hasOwnLines(country)
                ? "Free, confidential lines in \(name):"
                : "We don't list lines for \(name) yet. These find one near you:")),
            .ul(.class("crisis-lines"), .forEach(lines) { line in
                .li(
                    .strong(.text(line.name)), .text(" — "),
                    .unwrap(line.url, { .a(.href($0), .text("\(verb(line.method)) \(line.contact)")) },
                            else: .text("\(verb(line.method)) \(line.contact)")),
                    .unwrap(line.detail) { .p(.class("hint"), .text($0)) })
            }),
            .h2("While you wait"),
            .ol(
                .li(.text("Breathe in for 4, hold for 4, out for 6. Do it five times.")),
                .li(.text("Name 5 things you can see, 4 you can touch, 3 you can hear.")),
                .li(.text("Move away from anything you could use to hurt yourself, or ask someone to hold it.")),
                .li(.text("Reach out to one person — your sponsor, a friend, a line above. You don't have to explain everything."))
            ))
    }

    private static func verb(_ method: CrisisLine.Method) -> String {
        switch method {
        case .call: "Call"
        case .text: "Text"
        case .chat: "Chat at"
        case .web: "Visit"
        }
    }
}
