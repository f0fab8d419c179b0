import FluentKit
import Foundation

/// Why someone flagged a post.
enum FlagReason: String, Codable, Sendable, CaseIterable {
    case harassment, unsafe, spam, triggering, offTopic = "off_topic", illegal

    var title: String {
        switch self {
        case .harassment: "Harassment or bullying"
        case .unsafe: "Someone may be unsafe or in crisis"
        case .spam: "Spam or selling"
        case .triggering: "Triggering without a content warning"
        case .offTopic: "Off-topic"
        case .illegal: "Illegal"
        }
    }
}

// See User for why @unchecked.
final class Flag: Model, @unchecked Sendable {
    static let schema = "flags"

    @ID(key: .id) var id: UUID?
    @Parent(key: "post_id") var post: Post
    @Parent(key: "flagger_id") var flagger: User
    @Field(key: "reason") var reason: FlagReason
    @Field(key: "note") var note: String
    /// The flagger's weight when they flagged (by trust level).
    @Field(key: "weight") var weight: Double
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "resolved") var resolved: Bool

    init() {}
}

/// A moderator's decision. Every one is kept: this table is the audit log.
// See User for why @unchecked.
final class ModerationAction: Model, @unchecked Sendable {
    static let schema = "moderation_actions"

    enum Kind: String, Codable, Sendable, CaseIterable {
        case approve, hide, delete, warn, silence, suspend, restore, grantTrust = "grant_trust", revokeTrust = "revoke_trust"
        case appealUpheld = "appeal_upheld", appealDenied = "appeal_denied"
        case feature, unfeature

        var title: String {
            switch self {
            case .approve: "Approved"
            case .hide: "Hidden"
            case .delete: "Removed"
            case .warn: "Warning"
            case .silence: "Silenced for a time"
            case .suspend: "Suspended"
            case .restore: "Restored"
            case .grantTrust: "Trust level set"
            case .revokeTrust: "Trust level lowered"
            case .appealUpheld: "Appeal upheld"
            case .appealDenied: "Appeal not upheld"
            case .feature: "Strategy featured"
            case .unfeature: "Strategy no longer featured"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @OptionalParent(key: "moderator_id") var moderator: User?
    @Parent(key: "subject_id") var subject: User
    @OptionalParent(key: "post_id") var post: Post?
    @Field(key: "kind") var kind: Kind
    @Field(key: "reason") var reason: String
    @OptionalField(key: "until") var until: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// An author's one appeal against an action.
// See User for why @unchecked.
final class Appeal: Model, @unchecked Sendable {
    static let schema = "appeals"

    enum State: String, Codable, Sendable { case open, upheld, denied }

    @ID(key: .id) var id: UUID?
    @Parent(key: "action_id") var action: ModerationAction
    @Parent(key: "author_id") var author: User
    @Field(key: "text") var text: String
    @Field(key: "state") var state: State
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A message from the moderators to one member (the reason for an action, an appeal's outcome).
// See User for why @unchecked.
final class MemberNotice: Model, @unchecked Sendable {
    static let schema = "member_notices"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @OptionalParent(key: "action_id") var action: ModerationAction?
    @Field(key: "text") var text: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}
}

/// Where a member stands in the community: a trust level set by a moderator (else earned), and
/// any silence or suspension in force.
// See User for why @unchecked.
final class MemberStanding: Model, @unchecked Sendable {
    static let schema = "member_standings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @OptionalField(key: "trust_override") var trustOverride: Int?
    @OptionalField(key: "silenced_until") var silencedUntil: Date?
    @OptionalField(key: "suspended_until") var suspendedUntil: Date?

    init() {}
}

/// Which threads a member has opened: "has read for a while" in the trust rules.
// See User for why @unchecked.
final class ThreadRead: Model, @unchecked Sendable {
    static let schema = "thread_reads"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "thread_id") var thread: ForumThread

    init() {}
}
