import FluentKit
import Foundation
import SQLKit

/// The forum's busiest reads — who is reading, the thread lists, a thread page — as plain SQL rows
/// made into models by hand. Fluent fills a model by reflection on every row, which held these pages
/// to about 150 requests/s with a million posts stored; rows decoded as structs cost a fraction.
/// Models made here are marked as stored, so saving one updates it.
struct ForumReads: Sendable {
    let db: any Database

    private var sql: any SQLDatabase {
        get throws { try db.sql }
    }

    // MARK: - The viewer

    /// Themes the member hides and the members they muted, or nil when they never chose any.
    func settings(of member: UUID) async throws -> (hidden: Set<ContentWarning>, muted: Set<UUID>)? {
        guard let row = try await sql.raw("""
            SELECT hidden_warnings, muted FROM community_settings WHERE user_id = \(bind: member)
            """).first() else { return nil }
        return (Set(ContentWarning.parse(try row.decode(column: "hidden_warnings", as: String.self))),
                CommunitySettings.muted(try row.decode(column: "muted", as: String.self)))
    }

    // MARK: - Lists

    /// A thread and its opening post as lists need them, as plain values (lists are read by every
    /// viewer from the shared snapshot: no model's property wrappers on the way).
    struct ListedThread: Sendable {
        let id: UUID, categoryID: UUID, kind: ForumThread.Kind, title: String, lastActivityAt: Date
        let authorID: UUID, anonymous: Bool, state: Post.State, warnings: [ContentWarning]
        /// The opening post's author's pseudonym; nil once they are gone.
        let author: String?
        let replies: Int
    }

    /// Threads newest activity first (pinned ones before), each with its opening post, its author's
    /// pseudonym and the visible replies `hiddenAuthors` leaves (anonymous replies always count: see
    /// `ForumService.listable`) — one query.
    func threads(in category: UUID?, hiddenAuthors: Set<UUID>, limit: Int) async throws -> [ListedThread] {
        var replies: SQLQueryString = """
            SELECT COUNT(*) FROM posts r WHERE r.thread_id = t.id AND r.is_opening = \(false) AND r.state = \(bind: Post.State.visible.rawValue)
            """
        if !hiddenAuthors.isEmpty {
            replies += " AND (r.anonymous = \(true) OR r.author_id NOT IN (\(binds: Array(hiddenAuthors))))"
        }
        var filter: SQLQueryString = ""
        if let category { filter = "WHERE t.category_id = \(bind: category)" }
        let rows = try await sql.raw("""
            SELECT t.id AS thread_id, t.category_id, t.kind, t.title, t.last_activity_at,
                   p.author_id, p.anonymous, p.state, p.warnings, u.pseudonym, (\(replies)) AS replies
            FROM forum_threads t
            JOIN posts p ON p.thread_id = t.id AND p.is_opening = \(true)
            LEFT JOIN users u ON u.id = p.author_id
            \(filter)
            ORDER BY t.pinned DESC, t.last_activity_at DESC
            LIMIT \(literal: limit)
            """).all()
        var seen = Set<UUID>()
        return try rows.compactMap { row in
            let id = try row.decode(column: "thread_id", as: UUID.self)
            guard seen.insert(id).inserted else { return nil }
            return ListedThread(
                id: id, categoryID: try row.decode(column: "category_id", as: UUID.self), kind: try row.decode(column: "kind", as: ForumThread.Kind.self),
                title: try row.decode(column: "title", as: String.self), lastActivityAt: try row.decode(column: "last_activity_at", as: Date.self),
                authorID: try row.decode(column: "author_id", as: UUID.self), anonymous: try row.decode(column: "anonymous", as: Bool.self),
                state: try row.decode(column: "state", as: Post.State.self),
                warnings: ContentWarning.parse(try row.decode(column: "warnings", as: String.self)),
                author: try row.decode(column: "pseudonym", as: String?.self), replies: try row.decode(column: "replies", as: Int.self))
        }
    }

    // MARK: - A thread

    /// The thread with its category, or nil.
    func thread(_ id: UUID) async throws -> ForumThread? {
        guard let row = try await sql.raw("""
            SELECT \(unsafeRaw: Self.threadColumns), c.slug, c.name, c.description, c.position
            FROM forum_threads t JOIN forum_categories c ON c.id = t.category_id
            WHERE t.id = \(bind: id)
            """).first() else { return nil }
        let thread = try Self.thread(row)
        let category = ForumCategory(slug: try row.decode(column: "slug", as: String.self), name: try row.decode(column: "name", as: String.self),
                                     description: try row.decode(column: "description", as: String.self),
                                     position: try row.decode(column: "position", as: Int.self))
        category.id = thread.$category.id
        category.$id.exists = true
        thread.$category.value = category
        return thread
    }

    /// Every post of the thread, oldest first, with the pseudonyms of their authors.
    func posts(of thread: UUID) async throws -> (posts: [Post], names: [UUID: String]) {
        let rows = try await sql.raw("""
            SELECT \(unsafeRaw: Self.postColumns), u.pseudonym FROM posts p LEFT JOIN users u ON u.id = p.author_id
            WHERE p.thread_id = \(bind: thread) ORDER BY p.created_at, p.is_opening DESC
            """).all().map(PostRow.init)
        var names: [UUID: String] = [:]
        for row in rows { names[row.model.$author.id] = row.pseudonym }
        return (rows.map(\.model), names)
    }

    /// What search shows of a found post and needs to decide whether the viewer may see it: the post,
    /// its thread's title and its thread's opening post — one query, plain values.
    struct FoundPost: Sendable {
        let threadID: UUID, title: String, body: String, warnings: [ContentWarning]
        let state: Post.State, author: UUID, anonymous: Bool
        let openingState: Post.State, openingAuthor: UUID, openingAnonymous: Bool
    }

    func found(_ ids: [UUID]) async throws -> [UUID: FoundPost] {
        guard !ids.isEmpty else { return [:] }
        var found: [UUID: FoundPost] = [:]
        for row in try await sql.raw("""
            SELECT p.id, p.thread_id, t.title, p.body, p.warnings, p.state, p.author_id, p.anonymous,
                   o.state AS opening_state, o.author_id AS opening_author, o.anonymous AS opening_anonymous
            FROM posts p JOIN forum_threads t ON t.id = p.thread_id
            JOIN posts o ON o.thread_id = p.thread_id AND o.is_opening = \(true)
            WHERE p.id IN (\(binds: ids))
            """).all() {
            found[try row.decode(column: "id", as: UUID.self)] = FoundPost(
                threadID: try row.decode(column: "thread_id", as: UUID.self), title: try row.decode(column: "title", as: String.self),
                body: try row.decode(column: "body", as: String.self),
                warnings: ContentWarning.parse(try row.decode(column: "warnings", as: String.self)),
                state: try row.decode(column: "state", as: Post.State.self), author: try row.decode(column: "author_id", as: UUID.self),
                anonymous: try row.decode(column: "anonymous", as: Bool.self),
                openingState: try row.decode(column: "opening_state", as: Post.State.self),
                openingAuthor: try row.decode(column: "opening_author", as: UUID.self),
                openingAnonymous: try row.decode(column: "opening_anonymous", as: Bool.self))
        }
        return found
    }

    /// The reactions on the thread's posts.
    func reactions(in thread: UUID) async throws -> [Reaction] {
        try await sql.raw("""
            SELECT r.post_id, r.user_id, r.kind FROM reactions r JOIN posts p ON p.id = r.post_id WHERE p.thread_id = \(bind: thread)
            """).all().map { row in
            let reaction = Reaction()
            reaction.$post.id = try row.decode(column: "post_id", as: UUID.self)
            reaction.$user.id = try row.decode(column: "user_id", as: UUID.self)
            reaction.kind = try row.decode(column: "kind", as: ReactionKind.self)
            return reaction
        }
    }

    /// Notes that the member has opened the thread (trust counts threads read), once.
    func markRead(_ thread: UUID, by member: UUID) async throws {
        let sql = try self.sql
        guard try await sql.raw("""
            SELECT 1 AS seen FROM thread_reads WHERE user_id = \(bind: member) AND thread_id = \(bind: thread)
            """).first() == nil else { return }
        // Two tabs at once may both try; the unique index keeps one and the other changes nothing.
        try await sql.raw("""
            INSERT INTO thread_reads (id, user_id, thread_id) VALUES (\(bind: UUID()), \(bind: member), \(bind: thread))
            ON CONFLICT (user_id, thread_id) DO NOTHING
            """).run()
    }

    // MARK: - Rows

    private static let postColumns = """
        p.id AS post_id, p.thread_id AS post_thread_id, p.author_id, p.is_opening, p.anonymous, p.body, p.warnings, p.state,
        p.helpful_answer, p.created_at AS post_created_at, p.edited_at
        """

    /// A post and its author's pseudonym, read column by column (a `Decodable` row with snake-case
    /// keys spent most of a list page converting the same key names on every row).
    private struct PostRow {
        let model: Post
        let pseudonym: String?

        init(_ row: any SQLRow) throws {
            let post = Post()
            post.id = try row.decode(column: "post_id", as: UUID.self)
            post.$id.exists = true
            post.$thread.id = try row.decode(column: "post_thread_id", as: UUID.self)
            post.$author.id = try row.decode(column: "author_id", as: UUID.self)
            post.isOpening = try row.decode(column: "is_opening", as: Bool.self)
            post.anonymous = try row.decode(column: "anonymous", as: Bool.self)
            post.body = try row.decode(column: "body", as: String.self)
            post.warningsText = try row.decode(column: "warnings", as: String.self)
            post.state = try row.decode(column: "state", as: Post.State.self)
            post.helpfulAnswer = try row.decode(column: "helpful_answer", as: Bool.self)
            post.createdAt = try row.decode(column: "post_created_at", as: Date.self)
            post.editedAt = try row.decode(column: "edited_at", as: Date?.self)
            model = post
            pseudonym = try row.decode(column: "pseudonym", as: String?.self)
        }
    }

    private static let threadColumns = """
        t.id AS thread_id, t.category_id, t.kind, t.title, t.created_at AS thread_created_at, t.last_activity_at, t.pinned
        """

    private static func thread(_ row: any SQLRow) throws -> ForumThread {
        let thread = ForumThread()
        thread.id = try row.decode(column: "thread_id", as: UUID.self)
        thread.$id.exists = true
        thread.$category.id = try row.decode(column: "category_id", as: UUID.self)
        thread.kind = try row.decode(column: "kind", as: ForumThread.Kind.self)
        thread.title = try row.decode(column: "title", as: String.self)
        thread.createdAt = try row.decode(column: "thread_created_at", as: Date.self)
        thread.lastActivityAt = try row.decode(column: "last_activity_at", as: Date.self)
        thread.pinned = try row.decode(column: "pinned", as: Bool.self)
        return thread
    }
}
