import Foundation
import Plot

/// What follows a check-in that says the day is hard, or that the member isn't sure they're safe:
/// care and something to do, not only "thank you".
struct CheckInReply: Sendable {
    let deps: AppDependencies

    enum Kind: Equatable { case unsure, hard, fine }

    /// The answers the reply follows, as plain values.
    struct Answers: Sendable {
        let mood: Int
        let craving: Int
        let safe: CheckIn.Safe?
        let triggers: [String]

        init(_ c: CheckIn) { (mood, craving, safe, triggers) = (c.mood, c.craving, c.safe, c.triggers) }
    }

    static func kind(of checkIn: Answers) -> Kind {
        if checkIn.safe == .unsure { return .unsure }
        return checkIn.mood <= 2 || checkIn.craving >= 7 ? .hard : .fine
    }

    /// The situations a hard check-in points at: cravings first when they are strong, then what the triggers name.
    static func situations(for checkIn: Answers) -> [Situation] {
        let byTrigger: [String: Situation] = [
            "stress": .stress, "loneliness": .loneliness, "boredom": .boredom, "anger": .anger, "tiredness": .sleep,
            "conflict": .anger, "social_pressure": .socialPressure, "anxiety": .anxiety, "sadness": .grief, "places_people": .craving,
        ]
        var list: [Situation] = checkIn.craving >= 7 ? [.craving] : []
        for trigger in checkIn.triggers { if let s = byTrigger[trigger], !list.contains(s) { list.append(s) } }
        if list.isEmpty { list = checkIn.mood <= 2 ? [.loneliness, .stress] : [.craving] }
        return list
    }

    /// Up to three strategies for those situations, most helpful first.
    func strategies(for checkIn: Answers, member: Member) async throws -> [StrategyService.Listed] {
        let viewer = try await ForumService(deps: deps).viewer(member)
        var chosen: [StrategyService.Listed] = []
        for situation in Self.situations(for: checkIn) {
            for item in try await StrategyService(deps: deps).list(situation: situation, viewer: viewer)
            where chosen.count < 3 && !chosen.contains(where: { $0.strategy.id == item.strategy.id }) {
                chosen.append(item)
            }
        }
        return chosen
    }

    func page(_ context: MemberContext, checkIn: Answers) async throws -> HTMLPage {
        let strategies = try await strategies(for: checkIn, member: context.member)
        switch Self.kind(of: checkIn) {
        case .unsure:
            return try await safetyPath(
                context, title: "Thank you for being honest",
                saved: "Not being sure you're safe is worth taking seriously, and you don't have to work it out alone. Your check-in is saved.",
                circleMessage: "I checked in and I'm not sure I'm safe. Could you check on me?",
                after: strategyList(strategies))
        case .hard, .fine:
            let reach = try await SafetyService(deps: deps).reachable(for: context.member.id)
            return Layout.render(
                "That sounds like a hard day", PageContext(context),
                .p(.class("notice"), .attribute(named: "role", value: "status"),
                   .text("Thank you for checking in — telling the truth about a hard day is what recovery is made of. Your check-in is saved.")),
                strategyList(strategies),
                .section(
                    .h2("You don't have to do it alone"),
                    reach.anyone
                        ? .p(.a(.class("button primary"), .href(SiteURL.sos.path), .text("Talk to someone now")), .text(" "),
                             .a(.class("button"), .href(SiteURL.meetings.path), .text("Find a meeting today")))
                        : .p(.a(.class("button primary"), .href(SiteURL.crisis.path), .text("Call or text a crisis line")), .text(" "),
                             .a(.class("button"), .href(SiteURL.meetings.path), .text("Find a meeting today"))),
                    .p(.class("hint"), .text(reach.anyone
                        ? SafetyWebRoutes.whoCanBeReached(reach, escalation: deps.configuration.sosEscalationMinutes) + " Nothing is sent until you confirm."
                        : "Nobody on PeerCircle can be alerted for you yet; the crisis lines answer at any hour. Setting up your circle gives you people here too."))),
                .p(.a(.href(SiteURL.checkIns(days: nil).path), .text("See your check-ins"))))
        }
    }

    /// The safety path after an answer that says someone may not be safe (a check-in's "not sure",
    /// PHQ-9's ninth question): asking the circle to check on them — one press, saying exactly who it
    /// reaches — and the crisis lines; with nobody to ask, the lines come first.
    func safetyPath(
        _ context: MemberContext, title: String, saved: String, circleMessage: String, after: Node<HTML.BodyContext>
    ) async throws -> HTMLPage {
        let reach = try await SafetyService(deps: deps).reachable(for: context.member.id)
        let country = deps.country(of: context.member)
        let askCircle: Node<HTML.BodyContext> = reach.anyone
            ? .section(
                .h2("Would you like your circle to check on you?"),
                .p(.text(SafetyWebRoutes.whoCanBeReached(reach, escalation: deps.configuration.sosEscalationMinutes))),
                Forms.form(SiteURL.sos.path, csrf: context.csrfToken,
                    .input(.type(.hidden), .name("need"), .value(SupportAlert.Need.talk.rawValue)),
                    .input(.type(.hidden), .name("message"), .value(circleMessage)),
                    .button(.type(.submit), .class("primary"), .text("Yes, ask them to check on me"))))
            : .p(.strong(.text("The lines above answer now, at any hour — please reach one. ")),
                 .text("There's nobody to ask on PeerCircle for you yet; when you feel ready, "),
                 .a(.href(SiteURL.circle.path), .text("choose people for your circle")), .text(" so someone here can be there too."))
        return Layout.render(
            title, PageContext(context),
            .p(.class("notice"), .attribute(named: "role", value: "status"), .text(saved)),
            // With someone to ask, that comes first; with nobody, the lines do.
            .if(reach.anyone, askCircle),
            CrisisRoutes.help(deps, country: country),
            .p(.a(.href(SiteURL.crisis.path), .text("Lines for another country"))),
            .if(!reach.anyone, askCircle),
            after)
    }
}

extension CheckInReply {
    private func strategyList(_ items: [StrategyService.Listed]) -> Node<HTML.BodyContext> {
        .if(!items.isEmpty, .section(
            .h2("What has helped others in a moment like this"),
            .ul(.class("suggestions"), .forEach(items) { item in
                .li(.a(.href(SiteURL.strategy(item.strategy.id!).path), .text(item.strategy.title)), .br(),
                    .span(.class("hint"), .text(String(item.strategy.body.prefix(160)) + (item.strategy.body.count > 160 ? "…" : ""))))
            }),
            .p(.a(.href(SiteURL.strategies.path), .text("All coping strategies")))))
    }
}
