import FluentKit
import Foundation
import Hummingbird
import Plot

/// The coping-strategy library on the web.
struct StrategyWebRoutes: Sendable {
    let deps: AppDependencies
    var strategies: StrategyService { StrategyService(deps: deps) }
    static let situationOptions = Situation.allCases.map { (value: $0.rawValue, label: $0.title) }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.strategies.path)) { request, context in
            let situation = request.uri.queryParameters.get("situation").flatMap(Situation.init(rawValue:))
            if situation == .craving { try await FirstSteps(deps: deps).mark(FirstSteps.cravings, for: context.member.id) }
            let list = try await strategies.list(situation: situation, viewer: try await ForumService(deps: deps).viewer(context.member))
            return Layout.render(
                "Coping strategies", PageContext(context), Banner.notice(request.notice),
                .p(.text("What members do when things get hard. Mark what helped you; save it to your plan. Counts are of the last \(StrategyService.recentDays) days, and never show who.")),
                .p(.a(.class("button primary"), .href(SiteURL.newStrategy.path), .text("Share a strategy"))),
                .nav(.attribute(named: "aria-label", value: "Situations"), .ul(.class("chips"),
                    .li(.a(.href(SiteURL.strategies.path), .if(situation == nil, .attribute(named: "aria-current", value: "page")), .text("All"))),
                    .forEach(Situation.allCases) { s in
                        .li(.a(.href(SiteURL.strategies.path + "?situation=\(s.rawValue)"),
                               .if(situation == s, .attribute(named: "aria-current", value: "page")), .text(s.title)))
                    })),
                list.isEmpty ? .p(.text("None yet for this. What helps you?")) : .ul(.class("cards"), .forEach(list) { item in
                    .li(.class("card"),
                        .h2(.a(.href(SiteURL.strategy(item.strategy.id!).path), .text(item.strategy.title)),
                            .if(item.strategy.featured, .span(.class("badge"), .text("Featured")))),
                        // The gist on the list itself: someone mid-craving shouldn't have to open each one.
                        .p(.text(String(item.strategy.body.prefix(200)) + (item.strategy.body.count > 200 ? "…" : ""))),
                        .p(.class("hint"), .text("For: " + item.strategy.situations.map(\.title).joined(separator: ", ")
                                                 + (item.helpedRecently > 0 ? " · helped \(item.helpedRecently) recently" : ""))))
                }))
        }
        members.get(RouterPath(SiteURL.newStrategy.path)) { _, context in
            form(context)
        }
        members.post(RouterPath(SiteURL.newStrategy.path)) { _, context in
            let f = context.form
            do {
                let s = try await strategies.create(title: f["title"], body: f.all("body").first ?? "", situations: f.all("situations"), by: context.member)
                return redirect(to: SiteURL.strategy(try s.requireID()).with(.strategyShared))
            } catch let error as AppError where CommunityWebRoutes.isInputProblem(error) {
                return form(context, title: f["title"], body: f.all("body").first ?? "", situations: f.all("situations"),
                            errors: CommunityWebRoutes.fields(error), status: error.status).response
            }
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.strategy))) { request, context in
            let viewer = try await ForumService(deps: deps).viewer(context.member)
            let s = try await strategies.strategy(try context.id(), viewer: viewer)
            let listed = try await strategies.list(situation: nil, viewer: viewer).first { $0.strategy.id == s.id }
            let id = s.id!
            return Layout.render(
                s.title, PageContext(context), Banner.notice(request.notice),
                .p(.class("hint"), .text("Shared by \(s.author.pseudonym) · for " + s.situations.map(\.title).joined(separator: ", "))),
                .div(.class("post-body"), .raw(Markdown.html(s.body))),
                Forms.postButton(SiteURL.strategyHelped(id).path, label: listed?.helpedMe == true ? "This helped me ✓" : "This helped me",
                                 csrf: context.csrfToken, style: listed?.helpedMe == true ? "reacted" : "secondary"),
                Forms.postButton(SiteURL.strategySave(id).path + "?situation=\(s.situations.first?.rawValue ?? "")", label: "Save to my recovery plan",
                                 csrf: context.csrfToken),
                .if(viewer.isModerator, Forms.postButton(SiteURL.strategyFeature(id).path + (s.featured ? "" : "?on=1"),
                                                         label: s.featured ? "Stop featuring" : "Feature", csrf: context.csrfToken, style: "link")),
                .p(.a(.href(SiteURL.strategies.path), .text("All strategies"))))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.strategyHelped))) { _, context in
            let id = try context.id()
            try await strategies.toggleHelped(id, by: context.member)
            return redirect(to: SiteURL.strategy(id).path)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.strategySave))) { request, context in
            let id = try context.id()
            try await strategies.saveToPlan(id, situation: request.uri.queryParameters.get("situation") ?? "", by: context.member)
            return redirect(to: SiteURL.strategy(id).with(.savedToPlan))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.strategyFeature))) { request, context in
            let id = try context.id()
            try await strategies.setFeatured(id, request.uri.queryParameters.get("on") != nil, by: context.member)
            return redirect(to: SiteURL.strategy(id).path)
        }
    }

    private func form(_ context: MemberContext, title: String = "", body: String = "", situations: [String] = [], errors: [FieldError] = [],
                      status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Share a coping strategy", PageContext(context), status: status,
            Forms.form(SiteURL.newStrategy.path, csrf: context.csrfToken,
                Forms.summary(errors),
                Forms.input("title", label: "Name it", value: title, errors: errors, required: true, attributes: [.placeholder("e.g. Urge surfing for ten minutes")]),
                Forms.textarea("body", label: "What to do", value: body, errors: errors, maxLength: 4000),
                Forms.choices("situations", legend: "When it helps", options: Self.situationOptions, selected: Set(situations), errors: errors, multiple: true),
                .button(.type(.submit), .class("primary"), .text("Share"))))
    }
}
