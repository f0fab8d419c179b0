/// How each table is covered when a member deletes their account. Every table in the database must
/// be listed (`ErasureTests` reads the catalogue of both databases and fails on one that is not),
/// so a new feature has to decide what erasure means for it.
enum MemberData {
    enum Coverage: Sendable, Equatable {
        /// Rows go with the account through a foreign key `ON DELETE CASCADE` on these columns.
        case cascade(_ columns: [String])
        /// `AccountErasure` deletes or anonymises the member's part.
        case erased(_ how: String)
        /// Holds nothing about a member.
        case notPersonal(_ why: String)
    }

    static let registry: [String: Coverage] = [
        "users": .erased("the row itself is deleted"),
        "user_roles": .cascade(["user_id"]),
        "sessions": .cascade(["user_id"]),
        "rate_events": .erased("rows keyed by the member's id are deleted; address-keyed rows age out"),
        "login_failures": .erased("rows keyed by the member's pseudonym are deleted; address-keyed rows age out"),
        "password_resets": .cascade(["user_id"]),
        "email_changes": .cascade(["user_id"]),
        "email_outbox": .erased("mail waiting for the member's address or their trusted contacts' is deleted; sent mail is purged after delivery"),
        "sharing_grants": .cascade(["owner_id", "grantee_id"]),
        "clocks": .cascade(["owner_id"]),
        "clock_attempts": .cascade(["clock_id"]),
        "check_ins": .cascade(["owner_id"]),
        "meetings": .notPersonal("a group's or a feed's meetings"),
        "groups": .notPersonal("groups belong to the community"),
        "group_members": .cascade(["user_id"]),
        "group_events": .notPersonal("a group's events"),
        "event_rsvps": .cascade(["user_id"]),
        "saved_meetings": .cascade(["user_id"]),
        "calendar_tokens": .cascade(["user_id"]),
        "rooms": .notPersonal("a meeting's room"),
        "room_participants": .cascade(["user_id"]),
        "room_events": .erased("the member's name and words are removed from their events"),
        "attendances": .cascade(["user_id"]),
        "recovery_stages": .cascade(["user_id"]),
        "mentor_profiles": .cascade(["user_id"]),
        "blocks": .cascade(["blocker_id", "blocked_id"]),
        "mentorships": .cascade(["mentor_id", "mentee_id"]),
        "pair_check_ins": .cascade(["mentorship_id"]),
        "conversations": .cascade(["first_id", "second_id"]),
        "direct_messages": .cascade(["conversation_id"]),
        "recovery_plans": .cascade(["owner_id"]),
        "recovery_plan_versions": .cascade(["plan_id"]),
        "forum_categories": .notPersonal("set by the operator"),
        "forum_threads": .erased("threads the member started are deleted, or kept with the title erased when others replied"),
        "posts": .erased("deleted with the account; an opening post others replied to is kept empty, 'removed by its author'"),
        "post_revisions": .cascade(["post_id"]),
        "reactions": .cascade(["user_id"]),
        "flags": .cascade(["flagger_id"]),
        "community_settings": .cascade(["user_id"]),
        "moderation_actions": .cascade(["subject_id"]),
        "appeals": .cascade(["author_id"]),
        "member_notices": .cascade(["user_id"]),
        "member_standings": .cascade(["user_id"]),
        "thread_reads": .cascade(["user_id"]),
        "strategies": .cascade(["author_id"]),
        "strategy_marks": .cascade(["user_id"]),
        "search_fts": .erased("the member's posts and strategies are removed from the index (SQLite)"),
        "search_docs": .erased("the member's posts and strategies are removed from the index (PostgreSQL)"),
        "circle_members": .cascade(["owner_id", "member_id"]),
        "safety_settings": .cascade(["user_id"]),
        "responder_hours": .cascade(["user_id"]),
        "support_alerts": .cascade(["member_id"]),
        "alert_recipients": .cascade(["alert_id"]),
        "crisis_reviews": .cascade(["user_id"]),
        "trusted_contacts": .cascade(["owner_id"]),
        "site_texts": .notPersonal("texts the operator sets (the sample plan)"),
        "data_versions": .notPersonal("a change counter per kind of shared data (meetings, mentors)"),
        "alert_contacts": .cascade(["alert_id", "contact_id"]),
        "crisis_labels": .cascade(["user_id"]),
        "sober_houses": .erased("a house the member leads loses its lead (ON DELETE SET NULL); the house is the community's"),
        "house_residents": .cascade(["user_id"]),
    ]
}
