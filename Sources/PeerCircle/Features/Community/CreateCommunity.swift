import FluentKit
import Foundation
import SQLKit

struct CreateCommunity: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ForumCategory.schema)
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("position", .int, .required)
            .unique(on: "slug")
            .create()
        try await database.schema(ForumThread.schema)
            .id()
            .field("category_id", .uuid, .required, .references(ForumCategory.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_activity_at", .datetime, .required)
            .create()
        try await database.schema(Post.schema)
            .id()
            .field("thread_id", .uuid, .required, .references(ForumThread.schema, .id, onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("is_opening", .bool, .required)
            .field("anonymous", .bool, .required)
            .field("body", .string, .required)
            .field("warnings", .string, .required)
            .field("state", .string, .required)
            .field("helpful_answer", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("edited_at", .datetime)
            .create()
        try await database.schema(PostRevision.schema)
            .id()
            .field("post_id", .uuid, .required, .references(Post.schema, .id, onDelete: .cascade))
            .field("body", .string, .required)
            .field("replaced_at", .datetime, .required)
            .create()
        try await database.schema(Reaction.schema)
            .id()
            .field("post_id", .uuid, .required, .references(Post.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .unique(on: "post_id", "user_id", "kind")
            .create()
        try await database.schema(CommunitySettings.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("hidden_warnings", .string, .required)
            .field("muted", .string, .required)
            .unique(on: "user_id")
            .create()
        try await database.schema(Flag.schema)
            .id()
            .field("post_id", .uuid, .required, .references(Post.schema, .id, onDelete: .cascade))
            .field("flagger_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("reason", .string, .required)
            .field("note", .string, .required)
            .field("weight", .double, .required)
            .field("created_at", .datetime, .required)
            .field("resolved", .bool, .required)
            .unique(on: "post_id", "flagger_id")
            .create()
        try await database.schema(ModerationAction.schema)
            .id()
            .field("moderator_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("subject_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("post_id", .uuid, .references(Post.schema, .id, onDelete: .setNull))
            .field("kind", .string, .required)
            .field("reason", .string, .required)
            .field("until", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(Appeal.schema)
            .id()
            .field("action_id", .uuid, .required, .references(ModerationAction.schema, .id, onDelete: .cascade))
            .field("author_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("text", .string, .required)
            .field("state", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "action_id")
            .create()
        try await database.schema(MemberNotice.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("action_id", .uuid, .references(ModerationAction.schema, .id, onDelete: .setNull))
            .field("text", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
        try await database.schema(MemberStanding.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("trust_override", .int)
            .field("silenced_until", .datetime)
            .field("suspended_until", .datetime)
            .unique(on: "user_id")
            .create()
        try await database.schema(ThreadRead.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("thread_id", .uuid, .required, .references(ForumThread.schema, .id, onDelete: .cascade))
            .unique(on: "user_id", "thread_id")
            .create()
        try await database.schema(Strategy.schema)
            .id()
            .field("author_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("situations", .string, .required)
            .field("featured", .bool, .required)
            .field("removed", .bool, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(StrategyMark.schema)
            .id()
            .field("strategy_id", .uuid, .required, .references(Strategy.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("at", .datetime, .required)
            .unique(on: "strategy_id", "user_id")
            .create()
        for (index, category) in ForumCategory.defaults.enumerated() {
            try await ForumCategory(slug: category.0, name: category.1, description: category.2, position: index).create(on: database)
        }
        let sql = try database.sql
        try await sql.raw("CREATE INDEX posts_thread ON posts (thread_id, created_at)").run()
        try await sql.raw("CREATE INDEX threads_category ON forum_threads (category_id, last_activity_at)").run()
        try await SearchIndex.create(on: sql)
    }

    func revert(on database: any Database) async throws {
        try await SearchIndex.drop(on: try database.sql)
        for schema in [StrategyMark.schema, Strategy.schema, ThreadRead.schema, MemberStanding.schema, MemberNotice.schema, Appeal.schema,
                       ModerationAction.schema, Flag.schema, CommunitySettings.schema, Reaction.schema, PostRevision.schema, Post.schema,
                       ForumThread.schema, ForumCategory.schema] {
            try await database.schema(schema).delete()
        }
    }
}

/// Thread lists are read pinned first, then by last activity: indexes in that order, so a page of
/// threads is read from the index rather than by sorting every thread of a million-post forum.
struct AddThreadListIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("CREATE INDEX threads_listing ON forum_threads (pinned, last_activity_at)").run()
        try await sql.raw("CREATE INDEX threads_category_listing ON forum_threads (category_id, pinned, last_activity_at)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("DROP INDEX threads_category_listing").run()
        try await sql.raw("DROP INDEX threads_listing").run()
    }
}

/// Thread lists count each thread's visible replies: from this index alone, without reading a post.
struct AddReplyCountIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (try database.sql).raw("CREATE INDEX posts_thread_replies ON posts (thread_id, is_opening, state)").run()
    }

    func revert(on database: any Database) async throws {
        try await (try database.sql).raw("DROP INDEX posts_thread_replies").run()
    }
}
