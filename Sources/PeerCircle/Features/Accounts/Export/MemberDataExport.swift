/// What "Download my data" holds, table by table: the file a table's rows go to and how they are
/// found, or why a table that names a member is left out. `ExportRegistryTests` fails when a table
/// that erasure covers (anything personal in `MemberData.registry`) is neither here nor declared
/// left out, so a new feature has to decide what a copy of one's data means for it.
extension MemberData {
    enum Export: Sendable, Equatable {
        /// Rows found by `filter` go into `file` (a JSON object keyed by table).
        case file(_ file: String, _ filter: Filter)
        /// Named, with the reason a copy leaves it out.
        case notExported(_ why: String)
    }

    /// How the member's rows are found. `me` is the member's id.
    enum Filter: Sendable, Equatable {
        /// `column = me`
        case column(String)
        /// `a = me OR b = me`
        case either(String, String)
        /// `column IN (SELECT parentKey FROM parent WHERE parentColumns… = me)` (any of them)
        case via(column: String, parent: String, parentKey: String = "id", parentColumns: [String])
    }

    /// Columns never written out, whatever the table: secrets and what stands in for them, and which
    /// member of staff acted (a moderator's, reviewer's or peer worker's id: their decision is the
    /// member's data, who made it is theirs).
    static let secretColumns: Set<String> = ["password_hash", "token_hash", "secret", "code_hash", "unsubscribe_token", "unsubscribe_key",
                                             "pseudonym_key", "zip", "moderator_id", "reviewed_by", "staff_id",
                                             // A push subscription's address and keys: whoever holds them can push to the device.
                                             "endpoint", "p256dh", "auth"]

    static let exports: [String: Export] = [
        "users": .file("account.json", .column("id")),
        "user_roles": .file("account.json", .column("user_id")),
        "sessions": .file("account.json", .column("user_id")),
        "community_settings": .file("account.json", .column("user_id")),
        "safety_settings": .file("account.json", .column("user_id")),
        "notification_preferences": .file("account.json", .column("user_id")),
        "notification_settings": .file("account.json", .column("user_id")),
        "push_subscriptions": .file("account.json", .column("user_id")),
        "push_outbox": .notExported("pushes waiting to be sent, deleted within seconds"),
        "outreach_consents": .file("account.json", .column("user_id")),
        "outreach_contacts": .file("account.json", .column("user_id")),
        "recovery_stages": .file("account.json", .column("user_id")),
        "blocks": .file("account.json", .column("blocker_id")),
        "calendar_tokens": .notExported("a private calendar address: the secret itself is not copied out (it can be made anew in My meetings)"),
        "two_step_secrets": .notExported("the authenticator secret stays on the server; whether two-step sign-in is on is in account.json"),
        "two_step_recovery_codes": .notExported("only hashes of one-time codes"),
        "login_challenges": .notExported("a sign-in in progress, gone within five minutes"),
        "rate_events": .notExported("counters of recent attempts, kept minutes"),
        "login_failures": .notExported("counters of failed sign-ins, kept minutes"),
        "password_resets": .notExported("one-time links, kept an hour"),
        "email_changes": .notExported("undo links for an email change"),
        "email_outbox": .notExported("mail waiting to be sent, deleted once delivered"),
        "data_exports": .notExported("the copies themselves"),
        "clocks": .file("clocks.json", .column("owner_id")),
        "clock_attempts": .file("clocks.json", .via(column: "clock_id", parent: "clocks", parentColumns: ["owner_id"])),
        "check_ins": .file("check-ins.json", .column("owner_id")),
        "daily_pledges": .file("check-ins.json", .column("owner_id")),
        "assessments": .file("assessments.json", .column("owner_id")),
        "assessment_schedules": .file("assessments.json", .column("owner_id")),
        "recovery_plans": .file("plan.json", .column("owner_id")),
        "recovery_plan_versions": .file("plan.json", .via(column: "plan_id", parent: "recovery_plans", parentColumns: ["owner_id"])),
        "conversations": .file("messages.json", .either("first_id", "second_id")),
        "direct_messages": .file("messages.json", .via(column: "conversation_id", parent: "conversations", parentColumns: ["first_id", "second_id"])),
        "forum_threads": .file("posts.json", .via(column: "id", parent: "posts", parentKey: "thread_id", parentColumns: ["author_id"])),
        "posts": .file("posts.json", .column("author_id")),
        "post_revisions": .file("posts.json", .via(column: "post_id", parent: "posts", parentColumns: ["author_id"])),
        "reactions": .file("posts.json", .column("user_id")),
        "flags": .file("posts.json", .column("flagger_id")),
        "thread_reads": .notExported("where one stopped reading each thread"),
        "search_fts": .notExported("a search index of the posts and strategies already in posts.json and strategies.json"),
        "search_docs": .notExported("a search index of the posts and strategies already in posts.json and strategies.json"),
        "strategies": .file("strategies.json", .column("author_id")),
        "strategy_marks": .file("strategies.json", .column("user_id")),
        "mentor_profiles": .file("mentorships.json", .column("user_id")),
        "mentorships": .file("mentorships.json", .either("mentor_id", "mentee_id")),
        "pair_check_ins": .file("mentorships.json", .via(column: "mentorship_id", parent: "mentorships", parentColumns: ["mentor_id", "mentee_id"])),
        "circle_members": .file("circle.json", .either("owner_id", "member_id")),
        "trusted_contacts": .file("circle.json", .column("owner_id")),
        "support_alerts": .file("circle.json", .column("member_id")),
        "alert_recipients": .file("circle.json", .column("user_id")),
        "alert_contacts": .file("circle.json", .via(column: "alert_id", parent: "support_alerts", parentColumns: ["member_id"])),
        "responder_hours": .file("circle.json", .column("user_id")),
        "crisis_reviews": .file("circle.json", .column("user_id")),
        "crisis_labels": .file("circle.json", .column("user_id")),
        "group_members": .file("attendance.json", .column("user_id")),
        "event_rsvps": .file("attendance.json", .column("user_id")),
        "saved_meetings": .file("attendance.json", .column("user_id")),
        "attendances": .file("attendance.json", .column("user_id")),
        "room_participants": .file("attendance.json", .column("user_id")),
        "room_events": .notExported("a live room's words, deleted after the meeting"),
        "sharing_grants": .file("sharing.json", .either("owner_id", "grantee_id")),
        "notifications": .file("notifications.json", .column("user_id")),
        "moderation_actions": .file("moderation.json", .column("subject_id")),
        "appeals": .file("moderation.json", .column("author_id")),
        "member_notices": .file("moderation.json", .column("user_id")),
        "member_standings": .file("moderation.json", .column("user_id")),
        "sober_houses": .file("houses.json", .column("lead_id")),
        "house_residents": .file("houses.json", .column("user_id")),
        "house_agreement_acks": .file("houses.json", .column("user_id")),
        "house_applications": .file("houses.json", .column("user_id")),
        "house_application_votes": .file("houses.json", .column("user_id")),
        "house_officers": .file("houses.json", .column("user_id")),
        "house_chore_turns": .file("houses.json", .column("user_id")),
        "house_chore_swaps": .file("houses.json", .either("asked_by", "asked_of")),
        "house_bill_shares": .file("houses.json", .column("user_id")),
        "house_payments": .file("houses.json", .column("user_id")),
        "house_motions": .file("houses.json", .column("moved_by")),
        "house_motion_votes": .file("houses.json", .column("user_id")),
        "house_meeting_attendance": .file("houses.json", .column("user_id")),
        "house_support_requests": .file("houses.json", .column("user_id")),
        "house_milestones": .file("houses.json", .column("user_id")),
        "house_agenda_items": .file("houses.json", .column("about_id")),
    ]

    /// What each file holds, for the README inside the ZIP.
    static let fileNotes: [String: String] = [
        "account.json": "Your account: pseudonym, email, time zone and country; your roles; your signed-in devices and those with pushes on; your community, safety and notification settings; whom you blocked; your recovery stage; outreach you asked for and notes of it.",
        "clocks.json": "Your clocks and every earlier run of each.",
        "check-ins.json": "Your daily check-ins, pledges and evening reviews.",
        "assessments.json": "Check-ups you took (BARC-10, PHQ-9, GAD-7), with answers and totals, and your reminders.",
        "plan.json": "Your recovery plan and each earlier version of it.",
        "messages.json": "Your conversations and every message in them, sent and received.",
        "posts.json": "Threads you posted in, your posts and their earlier versions, your reactions and the flags you raised.",
        "strategies.json": "Coping strategies you shared, and the ones you marked as helped or saved.",
        "mentorships.json": "Your mentor profile, your mentorships (as mentor or mentee) and the pair's check-ins.",
        "circle.json": "Your circle, trusted contacts, calls for support you made or were told of, responder hours, and safety reviews about you.",
        "attendance.json": "Groups you belong to, events you signed up for, saved meetings, meetings you attended and live rooms you joined.",
        "sharing.json": "What you share with whom, and what others share with you.",
        "notifications.json": "Your notifications.",
        "moderation.json": "Moderators' actions and notices about you, your appeals and your standing.",
        "houses.json": "Your sober house life: residence, applications, votes, chores, bills and payments, meetings, motions, support requests and milestones.",
        "clocks.csv": "Your clocks as a spreadsheet: one row per clock.",
        "check-ins.csv": "Your check-ins as a spreadsheet: one row per day.",
    ]
}
