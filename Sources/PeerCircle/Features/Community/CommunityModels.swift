import FluentKit
import Foundation

/// A forum category. Administrators add, rename and remove them (`ForumCategories`); the defaults are what peer communities use.
// See User for why @unchecked.
final class ForumCategory: Model, @unchecked Sendable {
    static let schema = "forum_categories"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String
    @Field(key: "description") var categoryDescription: String
    @Field(key: "position") var position: Int

    init() {}

    init(slug: String, name: String, description: String, position: Int) {
        self.slug = slug
        self.name = name
        self.categoryDescription = description
        self.position = position
    }

    static let defaults: [(String, String, String)] = [
        ("introductions", "Introductions", "Say hello. Share as much or as little as you like."),
        ("daily-wins", "Daily Wins", "Small victories count. Celebrate them here."),
        ("cravings-triggers", "Cravings & Triggers", "What's pulling at you, and what helps."),
        ("family-relationships", "Family & Relationships", "Partners, parents, children, friends."),
        ("mental-health", "Mental Health", "Anxiety, depression, trauma and the rest of it."),
        ("milestones", "Milestones", "Days, months and years — shared when you choose."),
    ]
}

/// A discussion, a question for the circle, or a milestone celebration. Its opening post holds the text.
// See User for why @unchecked.
final class ForumThread: Model, @unchecked Sendable {
    static let schema = "forum_threads"

    enum Kind: String, Codable, Sendable, CaseIterable { case discussion, question, milestone }

    @ID(key: .id) var id: UUID?
    @Parent(key: "category_id") var category: ForumCategory
    @Field(key: "kind") var kind: Kind
    @Field(key: "title") var title: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_activity_at") var lastActivityAt: Date
    /// Listed first in its category (the starter welcomes).
    @Field(key: "pinned") var pinned: Bool

    init() {}
}

/// Themes an author can warn about; readers can hide any of them everywhere.
enum ContentWarning: String, Codable, Sendable, CaseIterable {
    case relapse, selfHarm = "self_harm", trauma, substanceUse = "substance_use"

    var title: String {
        switch self {
        case .relapse: "Relapse detail"
        case .selfHarm: "Self-harm"
        case .trauma: "Trauma"
        case .substanceUse: "Substance use detail"
        }
    }

    static func parse(_ text: String) -> [ContentWarning] {
        text.split(separator: ",").compactMap { ContentWarning(rawValue: String($0)) }
    }
}

/// One post: a thread's opening post or a reply.
// See User for why @unchecked.
final class Post: Model, @unchecked Sendable {
    static let schema = "posts"

    enum State: String, Codable, Sendable {
        case visible
        /// Hidden pending review (flags reached the threshold) or by a moderator; the author still sees it.
        case hidden
        case removedByAuthor = "removed_by_author"
        case removedByModerator = "removed_by_moderator"
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "thread_id") var thread: ForumThread
    @Parent(key: "author_id") var author: User
    @Field(key: "is_opening") var isOpening: Bool
    @Field(key: "anonymous") var anonymous: Bool
    @Field(key: "body") var body: String
    /// Comma-separated `ContentWarning` raw values.
    @Field(key: "warnings") var warningsText: String
    @Field(key: "state") var state: State
    @Field(key: "helpful_answer") var helpfulAnswer: Bool
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "edited_at") var editedAt: Date?

    init() {}

    var warnings: [ContentWarning] { ContentWarning.parse(warningsText) }
}

/// The text a post had before an edit.
// See User for why @unchecked.
final class PostRevision: Model, @unchecked Sendable {
    static let schema = "post_revisions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "post_id") var post: Post
    @Field(key: "body") var body: String
    @Field(key: "replaced_at") var replacedAt: Date

    init() {}
}

/// Reactions that fit the place. No downvotes, no scores.
enum ReactionKind: String, Codable, Sendable, CaseIterable {
    case meToo = "me_too", strength, helped

    var title: String {
        switch self {
        case .meToo: "Me too"
        case .strength: "Sending strength"
        case .helped: "This helped me"
        }
    }
}

// See User for why @unchecked.
final class Reaction: Model, @unchecked Sendable {
    static let schema = "reactions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "post_id") var post: Post
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: ReactionKind

    init() {}
}

/// A member's community preferences: themes to hide, people muted.
// See User for why @unchecked.
final class CommunitySettings: Model, @unchecked Sendable {
    static let schema = "community_settings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "hidden_warnings") var hiddenWarningsText: String
    /// Comma-separated ids of muted members: their posts are hidden from this member.
    @Field(key: "muted") var mutedText: String

    init() {}

    var hiddenWarnings: Set<ContentWarning> { Set(ContentWarning.parse(hiddenWarningsText)) }
    var muted: Set<UUID> { Self.muted(mutedText) }

    /// The stored comma-separated ids, as a set.
    static func muted(_ text: String) -> Set<UUID> { Set(text.split(separator: ",").compactMap { UUID(uuidString: String($0)) }) }
}
