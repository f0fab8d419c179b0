import FluentKit
import Foundation
import Hummingbird
import Plot

/// Administrators edit or remove the starter content: the welcome posts, the team's strategies and
/// the sample plan. (Moderators can also remove any of it through moderation, like anything else.)
struct StarterContentRoutes: Sendable {
    let deps: AppDependencies

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.adminStarter.path)) { request, context in
            try context.member.require(.admin)
            return try await page(context, notice: request.notice)
        }
        members.post(RouterPath(SiteURL.adminStarterPlan.path)) { _, context in
            try context.member.require(.admin)
            let form = context.form
            let fields = PlanText.Fields(goals: form["goals"], triggers: form["triggers"], warningSigns: form["warning_signs"],
                                         people: form["people"], reasons: form["reasons"])
            do {
                let plan = try PlanText.validate(try PlanText.parse(fields))
                let json = plan.isEmpty ? "" : String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
                try await SiteText.set(SiteText.samplePlan, json, on: deps.db)
                return redirect(to: SiteURL.adminStarter.with(.settings))
            } catch AppError.invalid(let errors) {
                return try await page(context, plan: fields, errors: errors).response
            }
        }
        members.post(RouterPath(SiteURL.adminCategories.path)) { _, context in
            try context.member.require(.admin)
            do {
                try await categories.add(name: context.form["name"], description: context.form["description"])
                return redirect(to: SiteURL.adminStarter.with(.settings))
            } catch let error as AppError where !error.fields.isEmpty {
                return try await page(context, errors: error.fields, status: error.status).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.adminCategory))) { _, context in
            try context.member.require(.admin)
            do {
                if context.form["remove"] == "yes" {
                    try await categories.remove(try context.id(), team: try await team.id())
                } else {
                    try await categories.edit(try context.id(), name: context.form["name"], description: context.form["description"])
                }
                return redirect(to: SiteURL.adminStarter.with(.settings))
            } catch let error as AppError where !error.fields.isEmpty {
                return try await page(context, errors: error.fields, status: error.status).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.adminStarterStrategy))) { _, context in
            try context.member.require(.admin)
            do {
                try await team.editStrategy(try context.id(), title: context.form["title"], body: context.form["body"],
                                            remove: context.form["remove"] == "yes")
            } catch AppError.invalid(let errors) {
                return try await page(context, errors: errors).response
            }
            return redirect(to: SiteURL.adminStarter.with(.settings))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.adminStarterPost))) { _, context in
            try context.member.require(.admin)
            do {
                try await team.editPost(try context.id(), title: context.form["title"], body: context.form["body"],
                                        remove: context.form["remove"] == "yes")
            } catch AppError.invalid(let errors) {
                return try await page(context, errors: errors).response
            }
            return redirect(to: SiteURL.adminStarter.with(.settings))
        }
    }

    var categories: ForumCategories { ForumCategories(deps: deps) }

    private var team: StarterTeam { StarterTeam(deps: deps) }

    private func page(_ context: MemberContext, plan: PlanText.Fields? = nil, errors: [FieldError] = [], notice: String? = nil,
                      status: HTTPResponse.Status? = nil) async throws -> HTMLPage {
        let (posts, strategies) = try await team.content()
        let sample = try await SiteText.samplePlan(on: deps.db) ?? PlanContent()
        let categoryList = try await ForumService(deps: deps).categories()
        let errors = Forms.errors(errors)
        let csrf = context.csrfToken
        func item(_ action: String, title: String, body: String) -> Node<HTML.BodyContext> {
            .group(
                Forms.form(action, csrf: csrf,
                    Forms.input("title", label: "Title", value: title, errors: [:], required: true),
                    Forms.textarea("body", label: "Text", value: body, errors: [:], maxLength: 20_000),
                    .button(.type(.submit), .text("Save"))),
                Forms.form(action, csrf: csrf, .input(.type(.hidden), .name("remove"), .value("yes")),
                    .button(.type(.submit), .class("secondary"), .text("Remove"))))
        }
        return Layout.render(
            "Starter content", PageContext(context), status: status ?? (errors.isEmpty ? .ok : .unprocessableContent), Banner.notice(notice),
            .if(!errors.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                                      .ul(.forEach(errors.sorted { $0.key < $1.key }) { .li(.text("\($0.value)")) }))),
            .p(.text("What this PeerCircle opened with, written by “\(StarterContent.teamName)”. Change it to fit your community, or remove what you don't want.")),
            .h2("Forum categories"),
            .ul(.class("cards"), .forEach(categoryList) { c in
                .li(.class("card"),
                    Forms.form(SiteURL.adminCategory(c.id!).path, csrf: csrf,
                        Forms.input("name", label: "Name", value: c.name, errors: [:], required: true),
                        Forms.input("description", label: "Description", value: c.categoryDescription, errors: [:]),
                        .button(.type(.submit), .text("Save"))),
                    Forms.form(SiteURL.adminCategory(c.id!).path, csrf: csrf, .input(.type(.hidden), .name("remove"), .value("yes")),
                        .button(.type(.submit), .class("secondary"), .text("Remove (only while no member has posted in it)"))))
            }),
            Forms.form(SiteURL.adminCategories.path, csrf: csrf,
                Forms.input("name", label: "New category", value: "", errors: errors, required: true),
                Forms.input("description", label: "What it's for", value: "", errors: errors),
                .button(.type(.submit), .text("Add category"))),
            .h2("Sample recovery plan"),
            .p(.class("hint"), .text("Members can start their own plan from it. Empty every box to remove it.")),
            Forms.form(SiteURL.adminStarterPlan.path, csrf: csrf,
                .group(PlanWebRoutes.fields(plan ?? PlanText.format(sample), errors: errors)),
                .button(.type(.submit), .text("Save the sample plan"))),
            .h2("Welcome posts"),
            posts.isEmpty ? .p(.text("None left.")) : .ul(.class("cards"), .forEach(posts) { post in
                .li(.class("card"), .p(.a(.href(SiteURL.thread(post.$thread.id).path), .text("Open in the forum"))),
                    item(SiteURL.adminStarterPost(post.id!).path, title: post.thread.title, body: post.body))
            }),
            .h2("Coping strategies"),
            strategies.isEmpty ? .p(.text("None left.")) : .ul(.class("cards"), .forEach(strategies) { s in
                .li(.class("card"), item(SiteURL.adminStarterStrategy(s.id!).path, title: s.title, body: s.body))
            }))
    }
}
