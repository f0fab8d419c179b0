import FluentKit
import Foundation
import Hummingbird
import Plot

/// The forum on the web: reading is for members (the community is not public), writing needs
/// good standing; every refusal re-renders the form with the member's text and the reason.
struct CommunityWebRoutes: Sendable {
    let deps: AppDependencies
    var forum: ForumService { ForumService(deps: deps) }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.community.path)) { _, context in
            let forum = try await ForumService.reading(deps)
            let categories = try await forum.cards()
            let cards = try await forum.drawn(.init(part: .categories, zone: "")) { SlottedText(CommunityViews.cards(categories)) }
            return CommunityViews.front(PageContext(context), categories: cards.fill(csrf: context.csrfToken),
                                        recent: try await threadList(forum, in: nil, context, limit: 15))
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.communityCategory))) { _, context in
            let forum = try await ForumService.reading(deps)
            let category = try await forum.card(try context.id())
            return CommunityViews.category(PageContext(context), category, threads: try await threadList(forum, in: category.id, context, limit: 50))
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.newThread))) { _, context in
            CommunityViews.threadForm(PageContext(context), category: try await forum.card(try context.id()), draft: .init())
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.newThread))) { _, context in
            let category = try await forum.card(try context.id())
            let draft = Self.draft(context.form)
            if let ask = SafetyPrompt.ask(draft.title + ". " + draft.body, form: context.form, country: deps.country(of: context.member)) {
                return CommunityViews.threadForm(PageContext(context), category: category, draft: draft, prompt: ask).response
            }
            do {
                let thread = try await forum.createThread(in: category.id, draft, by: context.member)
                return redirect(to: SiteURL.thread(try thread.requireID()).with(.posted))
            } catch let error as AppError where Self.isInputProblem(error) {
                return CommunityViews.threadForm(PageContext(context), category: category, draft: draft, errors: Self.fields(error),
                                                 status: error.status).response
            }
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.thread))) { request, context in
            try await threadPage(context, try context.id(), notice: request.notice)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.threadReply))) { _, context in
            let id = try context.id()
            let draft = Self.draft(context.form)
            if let ask = SafetyPrompt.ask(draft.body, form: context.form, country: deps.country(of: context.member)) {
                return try await threadPage(context, id, draft: draft, prompt: ask).response
            }
            do {
                let post = try await forum.reply(to: id, draft, by: context.member)
                return redirect(to: SiteURL.thread(id).with(.posted, fragment: "post-" + (try post.requireID()).apiID))
            } catch let error as AppError where Self.isInputProblem(error) {
                return try await threadPage(context, id, draft: draft, errors: Self.fields(error), status: error.status).response
            }
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.postEdit))) { _, context in
            let post = try PostFacts(try await ownPost(context))
            return CommunityViews.editForm(PageContext(context), post: post, draft: .init(body: post.body, warnings: post.warnings.map(\.rawValue)))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.postEdit))) { _, context in
            let post = try PostFacts(try await ownPost(context))
            let draft = Self.draft(context.form)
            do {
                _ = try await forum.edit(post.id, draft, by: context.member)
                return redirect(to: SiteURL.thread(post.threadID).with(.postEdited))
            } catch let error as AppError where Self.isInputProblem(error) {
                return CommunityViews.editForm(PageContext(context), post: post, draft: draft, errors: Self.fields(error), status: error.status).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.postDelete))) { _, context in
            let post = try await forum.delete(try context.id(), by: context.member)
            return redirect(to: SiteURL.thread(post.$thread.id).with(.postRemoved))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.postReact))) { request, context in
            guard let kind = request.uri.queryParameters.get("kind").flatMap(ReactionKind.init(rawValue:)) else { throw AppError.notFound }
            let id = try context.id()
            let post = try await forum.react(id, kind, by: context.member)
            return redirect(to: SiteURL.thread(post.$thread.id).path + "#post-\(id.uuidString.lowercased())")
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.postHelpful))) { _, context in
            let post = try await forum.markHelpful(try context.id(), by: context.member)
            return redirect(to: SiteURL.thread(post.$thread.id).path)
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.postHistory))) { _, context in
            let (post, revisions) = try await forum.revisions(try context.id(), viewer: try await forum.viewer(context.member))
            return CommunityViews.history(PageContext(context), post: try PostFacts(post), revisions: revisions.map { ($0.replacedAt, $0.body) },
                                          zone: context.member.timeZone)
        }
        members.get(RouterPath(SiteURL.search.path)) { request, context in
            let query = request.formQuery["q"] ?? ""
            let hits = query.isEmpty ? [] : try await SearchService(deps: deps).search(query, viewer: try await forum.viewer(context.member))
            return Layout.render(
                "Search", PageContext(context),
                CommunityViews.searchForm(query),
                .if(!query.isEmpty && hits.isEmpty, .p(.text("Nothing found. Try fewer or different words."))),
                .ol(.class("results"), .forEach(hits) { hit in
                    .li(.a(.href(hit.path), .text(hit.title)),
                        .if(!hit.warnings.isEmpty, .span(.class("badge"), .text("CW: " + hit.warnings.map(\.title).joined(separator: ", ")))),
                        .if(!hit.snippet.isEmpty, .p(.class("hint"), .text(hit.snippet))))
                }))
        }
        members.get(RouterPath(SiteURL.communitySettings.path)) { request, context in
            try await settingsPage(context, notice: request.notice)
        }
        members.post(RouterPath(SiteURL.communitySettings.path)) { _, context in
            try await CommunitySettingsService(deps: deps).hide(context.form.all("hidden").compactMap(ContentWarning.init(rawValue:)), for: context.member.id)
            return redirect(to: SiteURL.communitySettings.with(.communitySettings))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.mute))) { _, context in
            try await CommunitySettingsService(deps: deps).mute(try context.id(), by: context.member.id, on: true)
            return redirect(to: SiteURL.communitySettings.with(.muted))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.unmute))) { _, context in
            try await CommunitySettingsService(deps: deps).mute(try context.id(), by: context.member.id, on: false)
            return redirect(to: SiteURL.communitySettings.with(.unmuted))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.celebrate))) { request, context in
            let thread = try await forum.celebrate(clock: try context.id(), by: context.member,
                                                   anonymous: request.uri.queryParameters.get("anonymous") != nil)
            return redirect(to: SiteURL.thread(try thread.requireID()).with(.celebrated))
        }
    }

    /// Threads as a list, drawn once per forum version and time zone for everyone it looks the same to.
    private func threadList(_ forum: ForumService, in category: UUID?, _ context: MemberContext, limit: Int) async throws -> String {
        let zone = context.member.timeZone
        return try await forum.drawnThreadList(in: category, viewer: try await forum.viewer(context.member), limit: limit, zone: zone) {
            SlottedText(ForumHTML.threadList($0, zone: zone))
        }.fill(csrf: context.csrfToken)
    }

    private func threadPage(_ context: MemberContext, _ id: UUID, draft: ForumService.Draft = .init(), errors: [FieldError] = [],
                            notice: String? = nil, status: HTTPResponse.Status = .ok, prompt: SafetyPrompt.Ask? = nil) async throws -> HTMLPage {
        let forum = try await ForumService.reading(deps), page = PageContext(context), zone = context.member.timeZone
        let shown = try await forum.drawnPosts(id, viewer: try await forum.viewer(context.member), zone: zone) { posts, question in
            CommunityViews.posts(posts, question: question, page, zone: zone)
        }
        return CommunityViews.thread(page, shown.heading, id: id, posts: shown.posts.fill(csrf: context.csrfToken), draft: draft, errors: errors,
                                     notice: notice, status: status, prompt: prompt)
    }

    private func settingsPage(_ context: MemberContext, notice: String?) async throws -> HTMLPage {
        let settings = try await CommunitySettingsService(deps: deps).current(of: context.member.id)
        let muted = settings.muted
        return Layout.render(
            "What I see", PageContext(context), Banner.notice(notice),
            Forms.form(SiteURL.communitySettings.path, csrf: context.csrfToken,
                Forms.choices("hidden", legend: "Hide posts with these content warnings, everywhere", options: CommunityViews.warningOptions,
                              selected: Set(settings.hidden.map(\.rawValue)), errors: [:], multiple: true),
                .button(.type(.submit), .class("primary"), .text("Save"))),
            .h2("Muted members"),
            muted.isEmpty ? .p(.text("Nobody. Mute someone from their post to stop seeing what they write; to stop contact too, block them.")) :
                .ul(.forEach(muted.sorted { $0.value < $1.value }) { id, name in
                    .li(.text(name + " "), Forms.postButton(SiteURL.unmute(id).path, label: "Unmute", csrf: context.csrfToken, style: "link"))
                }),
            .p(.a(.href(SiteURL.blocks.path), .text("Blocked members"))))
    }

    private func ownPost(_ context: MemberContext) async throws -> Post {
        try await forum.ownPost(try context.id(), by: context.member)
    }

    static func draft(_ f: FormData) -> ForumService.Draft {
        .init(title: f["title"], body: f.all("body").first ?? "", kind: f["kind"].ifEmpty("discussion"), warnings: f.all("warnings"),
              anonymous: f["anonymous"] == "yes")
    }

    /// Problems a person can fix in the form: invalid fields, limits, standing.
    static func isInputProblem(_ error: AppError) -> Bool {
        !error.fields.isEmpty || error.status == .tooManyRequests
    }

    static func fields(_ error: AppError) -> [FieldError] {
        error.fields.isEmpty ? [FieldError(field: "body", message: error.message)] : error.fields
    }
}
