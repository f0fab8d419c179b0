import FluentKit
import Foundation
import SQLKit

/// What a member can be told about. Each kind has a title for the settings page, a channel it starts
/// on, and a discreet email subject (see `NotificationWording`).
enum NotificationKind: String, Codable, Sendable, CaseIterable {
    case message, messageRequest = "message_request"
    case mentorshipRequest = "mentorship_request", mentorshipAnswer = "mentorship_answer", rhythmDue = "rhythm_due"
    case postReply = "post_reply", helpfulAnswer = "helpful_answer"
    case groupAnswer = "group_answer", waitlistPlace = "waitlist_place", eventChange = "event_change"
    case sosAlert = "sos_alert", someoneHere = "someone_here", circleInvitation = "circle_invitation"
    case moderationNotice = "moderation_notice", assessmentDue = "assessment_due", house, exportReady = "export_ready"

    var title: String {
        switch self {
        case .message: "New messages"
        case .messageRequest: "Someone asks to message you"
        case .mentorshipRequest: "Mentorship requests"
        case .mentorshipAnswer: "Answers to my mentorship requests"
        case .rhythmDue: "A check-in with my mentor or mentee is due"
        case .postReply: "Replies to my posts"
        case .helpfulAnswer: "My answer was marked helpful"
        case .groupAnswer: "Answers to my requests to join a group"
        case .waitlistPlace: "A place opened for me on a waiting list"
        case .eventChange: "An event I'm going to (or waiting for) changed or was called off"
        case .sosAlert: "Someone asks for support (my circle, or on call)"
        case .someoneHere: "Someone is here for me after I asked for support"
        case .circleInvitation: "Invitations to someone's circle"
        case .moderationNotice: "Notices from the moderators"
        case .assessmentDue: "A check-up I scheduled is due"
        case .house: "My sober house (applications, chores, meetings)"
        case .exportReady: "A copy of my data is ready to download"
        }
    }

    /// Where it goes until the member chooses: email and push for what someone is waiting on (a push
    /// reaches only devices the member turned push on for), the centre for the rest.
    var defaultChannel: NotificationChannel {
        switch self {
        case .sosAlert, .someoneHere, .messageRequest, .mentorshipRequest, .circleInvitation, .moderationNotice, .message, .eventChange:
            .emailAndPush
        default: .inApp
        }
    }

    /// Asking for support: may come through quiet hours when the person chose so.
    var isUrgent: Bool { self == .sosAlert || self == .someoneHere }
}

/// Where a kind of notification goes. Email and push also list it in the centre; off lists it nowhere.
enum NotificationChannel: String, Codable, Sendable, CaseIterable {
    case off, inApp = "in_app", email, push, emailAndPush = "email_push"

    var title: String {
        switch self {
        case .off: "Off"
        case .inApp: "Only in PeerCircle"
        case .email: "In PeerCircle + email"
        case .push: "In PeerCircle + push"
        case .emailAndPush: "In PeerCircle + email + push"
        }
    }

    var emails: Bool { self == .email || self == .emailAndPush }
    var pushes: Bool { self == .push || self == .emailAndPush }

    /// The same without email (an unsubscribe link stops only that).
    var withoutEmail: NotificationChannel {
        switch self {
        case .email: .inApp
        case .emailAndPush: .push
        default: self
        }
    }
}

/// One thing a member is told about, shown in their notification centre. Several of the same thing
/// (messages in one conversation) are one unread line with a count: `topic` names the thing.
// See User for why @unchecked.
final class MemberNotification: Model, @unchecked Sendable {
    static let schema = "notifications"

    enum EmailState: String, Codable { case none, sent, held, digest }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: NotificationKind
    /// What the centre says ("Sam sent you a message"), only ever shown to the member.
    @Field(key: "text") var text: String
    /// A path on this site (never an outside address).
    @Field(key: "link") var link: String
    @Field(key: "topic") var topic: String
    @Field(key: "count") var count: Int
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?
    @Field(key: "email_state") var emailState: EmailState
    /// For an email held over quiet hours: when it may go.
    @OptionalField(key: "deliver_after") var deliverAfter: Date?

    init() {}
}

/// A member's choice of channel for one kind (no row: the kind's default).
// See User for why @unchecked.
final class NotificationPreference: Model, @unchecked Sendable {
    static let schema = "notification_preferences"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: NotificationKind
    @Field(key: "channel") var channel: NotificationChannel

    init() {}
}

/// Quiet hours, the daily digest, and the secret in each email's unsubscribe link; one row per member.
// See User for why @unchecked.
final class NotificationSettings: Model, @unchecked Sendable {
    static let schema = "notification_settings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    /// Minutes after local midnight; both nil: no quiet hours.
    @OptionalField(key: "quiet_start") var quietStart: Int?
    @OptionalField(key: "quiet_end") var quietEnd: Int?
    /// One email a day, at `digestHour` local time, instead of one per notification.
    @Field(key: "daily_digest") var dailyDigest: Bool
    @Field(key: "digest_hour") var digestHour: Int
    @OptionalField(key: "last_digest_at") var lastDigestAt: Date?
    /// Calls for support reach this person by email even in quiet hours or with the digest on.
    @Field(key: "urgent_through_quiet") var urgentThroughQuiet: Bool
    /// Finds the member from an unsubscribe link (a one-click unsubscribe needs no sign-in).
    @Field(key: "unsubscribe_token") var unsubscribeToken: String
    /// Signs what each link may stop, so a link for one kind cannot be edited to stop another.
    @Field(key: "unsubscribe_key") var unsubscribeKey: String
    /// Pushes say what they are about ("Sam sent you a message") instead of only "open PeerCircle".
    @Field(key: "push_previews") var pushPreviews: Bool

    init() {}
}

struct CreateNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MemberNotification.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("link", .string, .required)
            .field("topic", .string, .required)
            .field("count", .int, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .field("email_state", .string, .required)
            .field("deliver_after", .datetime)
            .create()
        let sql = try database.sql
        try await sql.create(index: "notifications_by_user").on(MemberNotification.schema).column("user_id").column("created_at").run()
        // One unread line per thing: two events at once on the same thing cannot make two lines (the
        // second insert fails and is taken again as an update; see `NotificationService.notify`).
        try await sql.raw("CREATE UNIQUE INDEX notifications_one_unread ON notifications (user_id, topic) WHERE read_at IS NULL").run()
        try await sql.raw("CREATE INDEX notifications_waiting ON notifications (email_state, deliver_after)").run()
        try await database.schema(NotificationPreference.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("channel", .string, .required)
            .unique(on: "user_id", "kind")
            .create()
        try await database.schema(NotificationSettings.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("quiet_start", .int)
            .field("quiet_end", .int)
            .field("daily_digest", .bool, .required)
            .field("digest_hour", .int, .required)
            .field("last_digest_at", .datetime)
            .field("urgent_through_quiet", .bool, .required)
            .field("unsubscribe_token", .string, .required)
            .field("unsubscribe_key", .string, .required)
            .unique(on: "user_id")
            .unique(on: "unsubscribe_token")
            .create()
        try await database.schema(EmailOutbox.schema).field("unsubscribe_url", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EmailOutbox.schema).deleteField("unsubscribe_url").update()
        for schema in [NotificationSettings.schema, NotificationPreference.schema, MemberNotification.schema] {
            try await database.schema(schema).delete()
        }
    }
}
