import FluentKit
import Foundation
import SQLKit

/// Who is looking, as the forum's visibility rules need it.
struct Viewer: Sendable {
    let id: UUID?
    let isModerator: Bool
    let hiddenWarnings: Set<ContentWarning>
    /// Blocked either way, or muted: their posts are not shown to this viewer anywhere.
    let hiddenAuthors: Set<UUID>
}

/// How one post appears to one viewer.
/// A post's own values, as pages and the API show them: nothing to load, nothing to parse again.
struct PostFacts: Sendable {
    let id: UUID
    let threadID: UUID
    let authorID: UUID
    let isOpening: Bool
    let anonymous: Bool
    let body: String
    let warnings: [ContentWarning]
    let state: Post.State
    let helpfulAnswer: Bool
    let createdAt: Date
    let editedAt: Date?

    init(_ post: Post) throws {
        (id, threadID, authorID) = (try post.requireID(), post.$thread.id, post.$author.id)
        (isOpening, anonymous, body, warnings, state) = (post.isOpening, post.anonymous, post.body, post.warnings, post.state)
        (helpfulAnswer, createdAt, editedAt) = (post.helpfulAnswer, post.createdAt, post.editedAt)
    }
}

/// A post as one viewer sees it.
struct PostView: Sendable {
    enum Display: Sendable {
        case shown
        /// Carries a content warning the viewer hides in their settings.
        case hiddenTheme([ContentWarning])
        case removedByAuthor
        case removedByModerator
    }

    let post: PostFacts
    let author: String
    let display: Display
    /// Only the author and moderators see a post hidden pending review; they are told.
    let pendingReview: Bool
    let reactions: [ReactionKind: Int]
    let mine: Set<ReactionKind>
    let isOwn: Bool
    /// The body as HTML when already made (thread pages keep it per forum version).
    var bodyHTML: String? = nil
}

/// The forum: categories, threads (discussions, questions, milestones), replies, edits with history,
/// soft deletion, reactions, helpful answers — all through one set of visibility rules.
struct ForumService: Sendable {
    let deps: AppDependencies
    /// The forum as one request reads it (see `ForumCache`); each read asks for it when not given.
    var snapshot: ForumCache.Snapshot? = nil

    /// A reader for one request: the forum's version is read once, pages come from memory when they can.
    static func reading(_ deps: AppDependencies) async throws -> ForumService {
        ForumService(deps: deps, snapshot: try await deps.caches.forum.snapshot(on: try deps.db))
    }

    private func current() async throws -> ForumCache.Snapshot {
        if let snapshot { return snapshot }
        return try await deps.caches.forum.snapshot(on: try deps.db)
    }

    static let maxBody = 10_000

    struct Draft: Sendable, Equatable {
        var title = ""
        var body = ""
        var kind = ForumThread.Kind.discussion.rawValue
        var warnings: [String] = []
        var anonymous = false
    }

    func viewer(_ member: Member?) async throws -> Viewer {
        guard let member else { return Viewer(id: nil, isModerator: false, hiddenWarnings: [], hiddenAuthors: []) }
        let snapshot = try await current()
        let parts: ForumCache.Snapshot.ViewerParts
        if let known = snapshot.viewer(member.id) {
            parts = known
        } else {
            let settings = try await ForumReads(db: try deps.db).settings(of: member.id)
            let hidden = try await Blocks(db: deps.db).all(of: member.id).union(settings?.muted ?? [])
            parts = .init(hiddenWarnings: settings?.hidden ?? [], hiddenAuthors: hidden)
            snapshot.keep(parts, for: member.id)
        }
        return Viewer(id: member.id, isModerator: member.has(.moderator) || member.has(.admin),
                      hiddenWarnings: parts.hiddenWarnings, hiddenAuthors: parts.hiddenAuthors)
    }

    func categories() async throws -> [ForumCategory] {
        let snapshot = try await current()
        if let known = snapshot.categories { return known }
        let categories = try await ForumCategory.query(on: deps.db).sort(\.$position).all()
        snapshot.categories = categories
        return categories
    }

    func category(_ id: UUID) async throws -> ForumCategory {
        guard let category = try await categories().first(where: { $0.id == id }) else { throw AppError.notFound }
        return category
    }

    /// May the viewer see this post at all (as text or as a placeholder)? Blocks and mutes hide
    /// what a member wrote under their name only: hiding an anonymous post would tell the viewer
    /// who wrote it, so anonymous posts look the same to everyone (moderators still see the author).
    static func listable(_ post: Post, _ viewer: Viewer) -> Bool {
        listable(author: post.$author.id, anonymous: post.anonymous, state: post.state, viewer)
    }

    static func listable(author: UUID, anonymous: Bool, state: Post.State, _ viewer: Viewer) -> Bool {
        if !anonymous && viewer.hiddenAuthors.contains(author) { return false }
        if state == .hidden { return viewer.isModerator || viewer.id == author }
        return true
    }

    /// How a post shows to this viewer: removed, hidden for a theme they chose not to see, or shown.
    static func display(state: Post.State, warnings: [ContentWarning], isOwn: Bool, _ viewer: Viewer) -> PostView.Display {
        switch state {
        case .removedByAuthor: return .removedByAuthor
        case .removedByModerator: return isOwn || viewer.isModerator ? .shown : .removedByModerator
        case .visible, .hidden:
            let themes = warnings.filter(viewer.hiddenWarnings.contains)
            return themes.isEmpty || isOwn ? .shown : .hiddenTheme(themes)
        }
    }

    /// The name on a post for this viewer: anonymous posts say "a member" except to moderators and the author.
    static func authorName(_ name: String?, anonymous: Bool, isOwn: Bool, _ viewer: Viewer) -> String {
        let name = name ?? "a former member"
        return anonymous
            ? (viewer.isModerator ? "a member (\(name), shown only to moderators)" : isOwn ? "you, posting as “a member”" : "a member")
            : (isOwn ? "\(name) (you)" : name)
    }

    func view(_ post: Post, _ viewer: Viewer, names: [UUID: String], reactions: [Reaction]) throws -> PostView {
        let isOwn = viewer.id == post.$author.id
        let display = Self.display(state: post.state, warnings: post.warnings, isOwn: isOwn, viewer)
        let author = Self.authorName(names[post.$author.id], anonymous: post.anonymous, isOwn: isOwn, viewer)
        let mine = reactions.filter { $0.$post.id == post.id }
        return PostView(post: try PostFacts(post), author: author, display: display, pendingReview: post.state == .hidden,
                        reactions: Dictionary(grouping: mine, by: \.kind).mapValues(\.count),
                        mine: Set(mine.filter { $0.$user.id == viewer.id }.map(\.kind)), isOwn: isOwn)
    }

    /// A thread as a list shows it to one viewer.
    struct ThreadSummary: Sendable {
        let id: UUID
        let categoryID: UUID
        let kind: ForumThread.Kind
        let title: String
        let lastActivityAt: Date
        let author: String
        let warnings: [ContentWarning]
        let replies: Int
    }

    /// The threads a viewer sees in a category (or everywhere), newest activity first.
    func threads(in categoryID: UUID?, viewer: Viewer, limit: Int = 50) async throws -> [ThreadSummary] {
        summaries(try await listed(in: categoryID, viewer: viewer, limit: limit).listed, viewer: viewer, limit: limit)
    }

    /// A list of threads drawn by `draw`: once per forum version and zone for all the viewers it looks
    /// the same to, and then served without working out each row again.
    func drawnThreadList(in categoryID: UUID?, viewer: Viewer, limit: Int, zone: TimeZone,
                         _ draw: ([ThreadSummary]) -> SlottedText) async throws -> SlottedText {
        let (listed, sameForAll) = try await listed(in: categoryID, viewer: viewer, limit: limit)
        let key = sameForAll ? ForumCache.Snapshot.DrawnKey(part: .threadList(.init(category: categoryID, limit: limit)), zone: zone.identifier) : nil
        return try await drawn(key) { draw(summaries(listed, viewer: viewer, limit: limit)) }
    }

    /// The newest threads read for a list, and whether the list looks the same to every viewer who
    /// hides nobody and started none of them.
    private func listed(in categoryID: UUID?, viewer: Viewer, limit: Int) async throws -> (listed: [ForumReads.ListedThread], sameForAll: Bool) {
        // Twice the limit is read: some openings may be hidden from this viewer. Reply counts depend on
        // whom the viewer hides, so only the list for those who hide nobody is shared.
        let reads = ForumReads(db: try deps.db), key = ForumCache.Snapshot.ListKey(category: categoryID, limit: limit * 2)
        let snapshot = try await current()
        let listed: [ForumReads.ListedThread]
        if !viewer.hiddenAuthors.isEmpty {
            listed = try await reads.threads(in: categoryID, hiddenAuthors: viewer.hiddenAuthors, limit: key.limit)
        } else if let known = snapshot.list(key) {
            listed = known
        } else {
            listed = try await reads.threads(in: categoryID, hiddenAuthors: [], limit: key.limit)
            snapshot.keep(listed, as: key)
        }
        return (listed, Self.seesNothingOfTheirOwn(viewer) && !listed.contains { $0.authorID == viewer.id })
    }

    private func summaries(_ listed: [ForumReads.ListedThread], viewer: Viewer, limit: Int) -> [ThreadSummary] {
        listed.lazy.compactMap { item -> ThreadSummary? in
            guard Self.listable(author: item.authorID, anonymous: item.anonymous, state: item.state, viewer) else { return nil }
            let isOwn = viewer.id == item.authorID
            if case .hiddenTheme = Self.display(state: item.state, warnings: item.warnings, isOwn: isOwn, viewer) { return nil }
            return ThreadSummary(id: item.id, categoryID: item.categoryID, kind: item.kind, title: item.title, lastActivityAt: item.lastActivityAt,
                                 author: Self.authorName(item.author, anonymous: item.anonymous, isOwn: isOwn, viewer),
                                 warnings: item.warnings, replies: item.replies)
        }.prefix(limit).map { $0 }
    }

    /// A viewer for whom the forum's rules change nothing: no moderator, hiding no theme and nobody.
    /// What such a viewer sees of threads they took no part in is the same for all of them.
    static func seesNothingOfTheirOwn(_ viewer: Viewer) -> Bool {
        !viewer.isModerator && viewer.hiddenWarnings.isEmpty && viewer.hiddenAuthors.isEmpty
    }

    /// A part of a page drawn once per forum version for everyone it looks the same to (`key` given),
    /// else drawn for this request alone.
    func drawn(_ key: ForumCache.Snapshot.DrawnKey?, _ draw: () throws -> SlottedText) async throws -> SlottedText {
        guard let key else { return try draw() }
        let snapshot = try await current()
        if let known = snapshot.drawn(key) { return known }
        let text = try draw()
        snapshot.keep(text, for: key)
        return text
    }

    /// A thread with the posts the viewer may see; a hidden opening post hides the whole thread.
    func thread(_ id: UUID, viewer: Viewer) async throws -> (ForumThread, [PostView]) {
        let page = try await readable(id, viewer: viewer).page
        return (page.thread, try views(of: page, viewer))
    }

    /// A thread page's posts drawn by `draw` (given the posts and whether the thread is a question):
    /// drawn once per forum version and zone for all the viewers they look the same to, and then
    /// served without working out each post's view again.
    func drawnPosts(_ id: UUID, viewer: Viewer, zone: TimeZone, _ draw: ([PostView], Bool) -> SlottedText) async throws
        -> (heading: ThreadHeading, posts: SlottedText) {
        let (page, sameForAll) = try await readable(id, viewer: viewer)
        let key = sameForAll ? ForumCache.Snapshot.DrawnKey(part: .posts(thread: id), zone: zone.identifier) : nil
        let posts = try await drawn(key) { () throws -> SlottedText in
            draw(try views(of: page, viewer), page.thread.kind == .question)
        }
        return (try await heading(page.thread), posts)
    }

    /// The thread from this reading (read once per forum version), if the viewer may open it, and
    /// whether its posts look the same to every viewer who hides nothing, moderates nothing, and neither
    /// wrote nor reacted to any post in it; noting the first read for trust.
    private func readable(_ id: UUID, viewer: Viewer) async throws -> (page: ForumCache.Snapshot.ThreadPage, sameForAll: Bool) {
        let reads = ForumReads(db: try deps.db), snapshot = try await current()
        let page: ForumCache.Snapshot.ThreadPage
        if let known = snapshot.thread(id) {
            page = known
        } else {
            guard let thread = try await reads.thread(id) else { throw AppError.notFound }
            let (posts, names) = try await reads.posts(of: id)
            let bodies = Dictionary(posts.compactMap { post in post.id.map { ($0, Markdown.html(post.body)) } }, uniquingKeysWith: { first, _ in first })
            page = .init(thread: thread, posts: posts, names: names, reactions: try await reads.reactions(in: id), bodies: bodies)
            snapshot.keep(page, for: id)
        }
        guard let opening = page.posts.first(where: \.isOpening), Self.listable(opening, viewer) else { throw AppError.notFound }
        // Trust counts threads read; failing to note it (the thread deleted meanwhile) must not fail the page.
        if let reader = viewer.id, snapshot.firstRead(.init(member: reader, thread: id)) { try? await reads.markRead(id, by: reader) }
        let sameForAll = Self.seesNothingOfTheirOwn(viewer) && !page.posts.contains { $0.$author.id == viewer.id }
            && !page.reactions.contains { $0.$user.id == viewer.id }
        return (page, sameForAll)
    }

    /// The posts the viewer may see, as they see them; in a question the answers the asker marked
    /// helpful come first after the question.
    private func views(of page: ForumCache.Snapshot.ThreadPage, _ viewer: Viewer) throws -> [PostView] {
        var views = try page.posts.filter { Self.listable($0, viewer) }.map { post in
            var view = try view(post, viewer, names: page.names, reactions: page.reactions)
            view.bodyHTML = post.id.flatMap { page.bodies[$0] }
            return view
        }
        if page.thread.kind == .question {
            let helpful = views.filter { $0.post.helpfulAnswer && !$0.post.isOpening }
            views = views.filter(\.post.isOpening) + helpful + views.filter { !$0.post.isOpening && !$0.post.helpfulAnswer }
        }
        return views
    }

    // MARK: - Writing

    func createThread(in categoryID: UUID, _ draft: Draft, by member: Member) async throws -> ForumThread {
        let category = try await category(categoryID)
        let standing = try await StandingService(deps: deps).requireMayPost(member)
        var check = Validation()
        let title = draft.title.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check((3...150).contains(title.count), "title", "Use between 3 and 150 characters.")
        check.check(!title.contains(where: \.isNewline), "title", "Keep the title on one line.")
        let kind = ForumThread.Kind(rawValue: draft.kind)
        check.check(kind != nil && kind != .milestone, "kind", "Choose a discussion or a question.")
        let body = try validBody(draft, standing: standing, check: &check)
        try check.finish()
        let since = deps.now().addingTimeInterval(-86_400)
        let today = try await Post.query(on: deps.db).filter(\.$author.$id == member.id).filter(\.$isOpening == true)
            .filter(\.$createdAt > since).count()
        guard today < Trust.threadsPerDay(standing.level) else {
            throw AppError.conflict(code: "thread_limit", field: "title",
                                    message: "New members can start \(Trust.threadsPerDay(standing.level)) threads a day. Reply to others meanwhile — it helps you and them.")
        }
        try await requireRate(member, standing)
        return try await create(category: try category.requireID(), kind: try kind.checked("kind"), title: title, body: body, draft: draft, by: member)
    }

    /// A milestone the member chose to celebrate: one click from their clock, never automatic.
    func celebrate(clock clockID: UUID, by member: Member, anonymous: Bool) async throws -> ForumThread {
        // Only the owner celebrates: a clock shared with someone is theirs to see, not to post.
        _ = try await ClockService(deps: deps).owned(clockID, by: member)
        let summary = try await ClockService(deps: deps).summary(clockID, viewer: member).summary
        let standing = try await StandingService(deps: deps).requireMayPost(member)
        guard let reached = summary.reached.last else {
            throw AppError.conflict(code: "no_milestone", field: nil, message: "This clock has no milestone to celebrate yet — soon.")
        }
        // Once per milestone of this run of days (a clock started again can reach it again).
        let since = deps.now().addingTimeInterval(-Double(summary.days + 1) * 86_400)
        let mine = try await Post.query(on: deps.db).filter(\.$author.$id == member.id).filter(\.$isOpening == true)
            .filter(\.$createdAt > since).with(\.$thread).all()
        guard !mine.contains(where: { $0.thread.kind == .milestone && ($0.thread.title == reached.title || $0.thread.title.hasPrefix(reached.title + " — ")) }) else {
            throw AppError.conflict(code: "already_celebrated", field: nil, message: "You've shared this milestone already. Congratulations again.")
        }
        try await requireRate(member, standing)
        var category = try await ForumCategory.query(on: deps.db).filter(\.$slug == "milestones").first()
        if category == nil { category = try await ForumCategory.query(on: deps.db).sort(\.$position).first() }
        guard let category else { throw AppError.notFound }
        // Shared without a name, it says nothing a friend who sees the clock could match: no label, no day count.
        let title = anonymous ? reached.title : "\(reached.title) — \(summary.label)"
        let body = anonymous ? "Today I'm celebrating \(reached.title.lowercased()). One day at a time."
            : "Today I'm celebrating \(reached.title.lowercased()) (\(summary.days) days). One day at a time."
        return try await create(category: try category.requireID(), kind: .milestone, title: title, body: body,
                                draft: Draft(anonymous: anonymous), by: member)
    }

    private func create(category: UUID, kind: ForumThread.Kind, title: String, body: String, draft: Draft, by member: Member) async throws -> ForumThread {
        let thread = ForumThread()
        thread.$category.id = category
        thread.kind = kind
        thread.title = title
        thread.createdAt = deps.now()
        thread.pinned = false
        thread.lastActivityAt = deps.now()
        let post = newPost(body: body, draft: draft, by: member, opening: true)
        try await deps.transaction { db in
            try await thread.create(on: db)
            post.$thread.id = try thread.requireID()
            try await post.create(on: db)
        }
        try await SearchIndex.put(.post, id: try post.requireID(), title: title, body: body, on: deps.database.sql)
        try await CrisisReviewService(deps: deps).screen(title + ". " + body, by: member.id, source: .post, link: SiteURL.thread(try thread.requireID()).path)
        return thread
    }

    func reply(to threadID: UUID, _ draft: Draft, by member: Member) async throws -> Post {
        let viewer = try await viewer(member)
        let (thread, _) = try await thread(threadID, viewer: viewer)
        let standing = try await StandingService(deps: deps).requireMayPost(member)
        var check = Validation()
        let body = try validBody(draft, standing: standing, check: &check)
        try check.finish()
        try await requireRate(member, standing)
        let post = newPost(body: body, draft: draft, by: member, opening: false)
        post.$thread.id = try thread.requireID()
        let threadID = try thread.requireID(), now = deps.now()
        try await deps.transaction { db in
            try await post.create(on: db)
            try await ForumThread.query(on: db).filter(\.$id == threadID).set(\.$lastActivityAt, to: now).update()
        }
        try await SearchIndex.put(.post, id: try post.requireID(), title: thread.title, body: body, on: deps.database.sql)
        try await CrisisReviewService(deps: deps).screen(body, by: member.id, source: .post,
                                                         link: SiteURL.thread(try thread.requireID()).path + "#post-\(try post.requireID().uuidString.lowercased())")
        // The thread's starter hears of replies — named by the thread, never by who wrote. A named
        // reply from someone a block stands between, or whom the starter muted, is not told; an
        // anonymous one always is, or its absence would say who wrote it.
        if let opening = try await Post.query(on: deps.db).filter(\.$thread.$id == threadID).filter(\.$isOpening == true).first(),
           case let starter = opening.$author.id, starter != member.id,
           post.anonymous ? true : try await CommunitySettingsService(deps: deps).current(of: starter).muted[member.id] == nil {
            await NotificationService(deps: deps).tell([starter], .init(
                kind: .postReply, text: "New reply in “\(thread.title)”", link: .thread(threadID),
                topic: "thread:" + threadID.uuidString.lowercased()), actor: post.anonymous ? nil : member.id)
        }
        return post
    }

    /// The author edits; the earlier text is kept as a revision.
    func edit(_ postID: UUID, _ draft: Draft, by member: Member) async throws -> Post {
        let post = try await own(postID, by: member)
        let standing = try await StandingService(deps: deps).requireMayPost(member)
        var check = Validation()
        let body = try validBody(draft, standing: standing, check: &check)
        try check.finish()
        let revision = PostRevision()
        revision.$post.id = try post.requireID()
        revision.body = post.body
        revision.replacedAt = deps.now()
        post.body = body
        post.warningsText = draft.warnings.filter { ContentWarning(rawValue: $0) != nil }.joined(separator: ",")
        post.editedAt = deps.now()
        try await deps.transaction { db in
            try await revision.create(on: db)
            try await post.save(on: db)
        }
        if post.state == .visible {
            let thread = try await ForumThread.find(post.$thread.id, on: deps.db)
            try await SearchIndex.put(.post, id: postID, title: thread?.title ?? "", body: body, on: deps.database.sql)
        }
        return post
    }

    /// A post of the member's own they may still change (shown, or hidden pending review).
    func ownPost(_ postID: UUID, by member: Member) async throws -> Post {
        guard let post = try await Post.find(postID, on: deps.db), post.$author.id == member.id,
              post.state == .visible || post.state == .hidden else { throw AppError.notFound }
        return post
    }

    func revisions(_ postID: UUID, viewer: Viewer) async throws -> (Post, [PostRevision]) {
        // Earlier wording is the author's to revisit, and a moderator's to judge; nobody else's.
        guard let post = try await Post.find(postID, on: deps.db), Self.listable(post, viewer),
              viewer.isModerator || viewer.id == post.$author.id else { throw AppError.notFound }
        _ = try await thread(post.$thread.id, viewer: viewer)
        let revisions = try await PostRevision.query(on: deps.db).filter(\.$post.$id == postID).sort(\.$replacedAt, .descending).all()
        return (post, revisions)
    }

    /// Soft delete: the place stays, saying "removed by author".
    func delete(_ postID: UUID, by member: Member) async throws -> Post {
        let post = try await own(postID, by: member)
        post.state = .removedByAuthor
        try await post.save(on: deps.db)
        try await SearchIndex.remove(postID, on: deps.database.sql)
        return post
    }

    /// Adds the reaction, or takes it back when given again.
    func react(_ postID: UUID, _ kind: ReactionKind, by member: Member) async throws -> Post {
        let post = try await visiblePost(postID, for: member)
        try await RateLimit.reactionsPerMember.take(member.id.uuidString, now: deps.now(), on: deps.db)
        if let existing = try await Reaction.query(on: deps.db).filter(\.$post.$id == postID).filter(\.$user.$id == member.id)
            .filter(\.$kind == kind).first() {
            try await existing.delete(on: deps.db)
        } else {
            let reaction = Reaction()
            reaction.$post.id = postID
            reaction.$user.id = member.id
            reaction.kind = kind
            try await reaction.create(on: deps.db)
        }
        return post
    }

    /// The asker marks (or unmarks) a reply to their question as a helpful answer.
    func markHelpful(_ postID: UUID, by member: Member) async throws -> Post {
        let post = try await visiblePost(postID, for: member)
        guard let thread = try await ForumThread.find(post.$thread.id, on: deps.db), thread.kind == .question, !post.isOpening,
              let opening = try await Post.query(on: deps.db).filter(\.$thread.$id == thread.requireID()).filter(\.$isOpening == true).first(),
              opening.$author.id == member.id else { throw AppError.notFound }
        post.helpfulAnswer.toggle()
        try await post.save(on: deps.db)
        if post.helpfulAnswer, let id = post.id {
            await NotificationService(deps: deps).tell([post.$author.id], .init(
                kind: .helpfulAnswer, text: "Your answer in “\(thread.title)” was marked helpful", link: .thread(try thread.requireID()),
                topic: "helpful:" + id.uuidString.lowercased()), actor: opening.anonymous ? nil : member.id)
        }
        return post
    }

    // MARK: - Helpers

    func visiblePost(_ postID: UUID, for member: Member) async throws -> Post {
        guard let post = try await Post.find(postID, on: deps.db), post.state == .visible else { throw AppError.notFound }
        let viewer = try await viewer(member)
        guard Self.listable(post, viewer) else { throw AppError.notFound }
        _ = try await thread(post.$thread.id, viewer: viewer)
        return post
    }

    private func own(_ postID: UUID, by member: Member) async throws -> Post {
        guard let post = try await Post.find(postID, on: deps.db), post.$author.id == member.id,
              post.state == .visible || post.state == .hidden else { throw AppError.notFound }
        return post
    }

    private func validBody(_ draft: Draft, standing: Standing, check: inout Validation) throws -> String {
        let body = draft.body.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(!body.isEmpty, "body", "Write something first.")
        check.check(body.count <= Self.maxBody, "body", "Posts can be up to \(Self.maxBody) characters. This one has \(body.count).")
        check.check(draft.warnings.allSatisfy { ContentWarning(rawValue: $0) != nil }, "warnings", "Choose warnings from the list.")
        check.check(Trust.canPostLinks(standing.level) || !Markdown.hasLink(body), "body",
                    "New members can't post links yet. Once you've read and taken part for a little while, you can.")
        return body
    }

    private func requireRate(_ member: Member, _ standing: Standing) async throws {
        let since = deps.now().addingTimeInterval(-3600)
        let recent = try await Post.query(on: deps.db).filter(\.$author.$id == member.id).filter(\.$createdAt > since).count()
        guard recent < Trust.postsPerHour(standing.level) else {
            throw AppError.tooManyRequests(retryAfter: 600, message: "You've posted a lot in the last hour. Take a breath and come back in a few minutes.")
        }
    }

    private func newPost(body: String, draft: Draft, by member: Member, opening: Bool) -> Post {
        let post = Post()
        post.$author.id = member.id
        post.isOpening = opening
        post.anonymous = draft.anonymous
        post.body = body
        post.warningsText = draft.warnings.joined(separator: ",")
        post.state = .visible
        post.helpfulAnswer = false
        post.createdAt = deps.now()
        return post
    }

    func names(_ ids: [UUID]) async throws -> [UUID: String] { try await AccountService(deps: deps).names(ids) }
}

extension ForumService {
    /// The categories as their cards show them, in order.
    func cards() async throws -> [CategoryCard] {
        try await categories().map(CategoryCard.init)
    }

    /// One category as its page shows it, or not found.
    func card(_ id: UUID) async throws -> CategoryCard {
        try CategoryCard(try await category(id))
    }

    /// A thread's heading, its category named from the categories this reading already holds.
    func heading(_ thread: ForumThread) async throws -> ThreadHeading {
        let name = try await categories().first { $0.id == thread.$category.id }?.name ?? "Category"
        return ThreadHeading(title: thread.title, categoryID: thread.$category.id, categoryName: name, question: thread.kind == .question)
    }
}

extension CategoryCard {
    init(_ c: ForumCategory) throws {
        self.init(id: try c.requireID(), name: c.name, description: c.categoryDescription)
    }
}
