import FluentKit
import Foundation
import Hummingbird
import Plot

/// A text the operator can change, by key (the sample recovery plan).
// See User for why @unchecked.
final class SiteText: Model, @unchecked Sendable {
    static let schema = "site_texts"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "value") var value: String

    init() {}

    static let samplePlan = "sample_plan"

    static func get(_ key: String, on db: any Database) async throws -> String? {
        try await SiteText.query(on: db).filter(\.$key == key).first()?.value
    }

    /// Sets the text; an empty value removes it.
    static func set(_ key: String, _ value: String, on db: any Database) async throws {
        let row = try await SiteText.query(on: db).filter(\.$key == key).first()
        if value.isEmpty { try await row?.delete(on: db); return }
        let text = row ?? SiteText()
        text.key = key
        text.value = value
        try await text.save(on: db)
    }

    /// The sample plan members can start from, if the operator kept one.
    static func samplePlan(on db: any Database) async throws -> PlanContent? {
        guard let json = try await get(samplePlan, on: db),
              let plan = try? JSONDecoder().decode(PlanContent.self, from: Data(json.utf8)), !plan.isEmpty else { return nil }
        return plan
    }
}

struct CreateSiteTexts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SiteText.schema).id()
            .field("key", .string, .required).field("value", .string, .required).unique(on: "key").create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SiteText.schema).delete()
    }
}

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
                return redirect(to: SiteURL.adminStarter.path + "?done=settings")
            } catch AppError.invalid(let errors) {
                return try await page(context, plan: fields, errors: errors).response
            }
        }
        members.post(RouterPath(SiteURL.adminCategories.path)) { _, context in
            try context.member.require(.admin)
            do {
                try await categories.add(name: context.form["name"], description: context.form["description"])
                return redirect(to: SiteURL.adminStarter.path + "?done=settings")
            } catch let error as AppError where !error.fields.isEmpty {
                return try await page(context, errors: error.fields, status: error.status).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.adminCategory))) { _, context in
            try context.member.require(.admin)
            do {
                if context.form["remove"] == "yes" {
                    try await categories.remove(try context.id(), team: try await team())
                } else {
                    try await categories.edit(try context.id(), name: context.form["name"], description: context.form["description"])
                }
                return redirect(to: SiteURL.adminStarter.path + "?done=settings")
            } catch let error as AppError where !error.fields.isEmpty {
                return try await page(context, errors: error.fields, status: error.status).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.adminStarterStrategy))) { _, context in
            try context.member.require(.admin)
            let strategy = try await teamStrategy(try context.id())
            if context.form["remove"] == "yes" {
                strategy.removed = true
                try await strategy.save(on: deps.db)
                try await SearchIndex.remove(try strategy.requireID(), on: deps.database.sql)
            } else {
                let title = context.form["title"].trimmingCharacters(in: .whitespacesAndNewlines)
                let body = context.form["body"].trimmingCharacters(in: .whitespacesAndNewlines)
                var check = Validation()
                check.check((3...120).contains(title.count), "title", "Give it a title of 3 to 120 characters.")
                check.check((10...4000).contains(body.count), "body", "Describe it in 10 to 4000 characters.")
                if !check.errors.isEmpty { return try await page(context, errors: check.errors).response }
                strategy.title = title
                strategy.body = body
                try await strategy.save(on: deps.db)
                try await SearchIndex.put(.strategy, id: try strategy.requireID(), title: title, body: body, on: deps.database.sql)
            }
            return redirect(to: SiteURL.adminStarter.path + "?done=settings")
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.adminStarterPost))) { _, context in
            try context.member.require(.admin)
            let post = try await teamPost(try context.id())
            if context.form["remove"] == "yes" {
                post.thread.pinned = false
                try await post.thread.save(on: deps.db)
                post.state = .removedByModerator
                try await post.save(on: deps.db)
                try await SearchIndex.remove(try post.requireID(), on: deps.database.sql)
            } else {
                let title = context.form["title"].trimmingCharacters(in: .whitespacesAndNewlines)
                let body = context.form["body"].trimmingCharacters(in: .whitespacesAndNewlines)
                var check = Validation()
                check.check((3...120).contains(title.count), "title", "Give it a title of 3 to 120 characters.")
                check.check((1...20_000).contains(body.count), "body", "Write the welcome (up to 20,000 characters).")
                if !check.errors.isEmpty { return try await page(context, errors: check.errors).response }
                post.thread.title = title
                try await post.thread.save(on: deps.db)
                post.body = body
                try await post.save(on: deps.db)
                try await SearchIndex.put(.post, id: try post.requireID(), title: title, body: body, on: deps.database.sql)
            }
            return redirect(to: SiteURL.adminStarter.path + "?done=settings")
        }
    }

    var categories: ForumCategories { ForumCategories(deps: deps) }

    private func team() async throws -> UUID? {
        try await User.query(on: deps.db).filter(\.$pseudonymKey == StarterContent.teamKey).first()?.id
    }

    private func teamStrategy(_ id: UUID) async throws -> Strategy {
        guard let team = try await team(), let s = try await Strategy.find(id, on: deps.db), s.$author.id == team, !s.removed else { throw AppError.notFound }
        return s
    }

    private func teamPost(_ id: UUID) async throws -> Post {
        guard let team = try await team(),
              let post = try await Post.query(on: deps.db).filter(\.$id == id).with(\.$thread).first(),
              post.$author.id == team, post.isOpening, post.state == .visible else { throw AppError.notFound }
        return post
    }

    private func page(_ context: MemberContext, plan: PlanText.Fields? = nil, errors: [FieldError] = [], notice: String? = nil,
                      status: HTTPResponse.Status? = nil) async throws -> HTMLPage {
        let team = try await team()
        let posts = try await team.asyncMap { id in
            try await Post.query(on: deps.db).filter(\.$author.$id == id).filter(\.$isOpening == true).filter(\.$state == .visible).with(\.$thread).all()
        } ?? []
        let strategies = try await team.asyncMap { id in
            try await Strategy.query(on: deps.db).filter(\.$author.$id == id).filter(\.$removed == false).sort(\.$createdAt).all()
        } ?? []
        let sample = try await SiteText.samplePlan(on: deps.db) ?? PlanContent()
        let categoryList = try await ForumCategory.query(on: deps.db).sort(\.$position).all()
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
