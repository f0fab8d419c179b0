/// Messages shown after a form succeeds, chosen by a fixed code in the redirect (`?done=…`), so no
/// member text is ever reflected from a URL.
enum Notices {
    /// The sentence for a code; role changes say which role (the role's fixed title, never member text).
    static func text(for code: String) -> String? {
        for (prefix, verb) in [("role-granted-", "now have"), ("role-revoked-", "no longer have")] where code.hasPrefix(prefix) {
            guard let role = Role(rawValue: String(code.dropFirst(prefix.count))) else { return nil }
            return "Saved: they \(verb) the role “\(role.title)”. It applies from their next page."
        }
        return text[code]
    }

    static let text: [String: String] = [
        "settings": "Your settings are saved.",
        "password": "Your password is changed. Other devices have been logged out.",
        "password-reset": "Your new password is set, and every device was logged out. Log in with it now.",
        "clock-created": "Your clock is started. One day at a time.",
        "clock-updated": "Your clock is updated.",
        "clock-reset": "Your clock starts again today, and everything you learned comes with you. Recovery isn't a straight line — reaching out and starting again is part of it.",
        "clock-deleted": "The clock is deleted.",
        "checked-in": "Thank you for checking in. Showing up for yourself counts.",
        "checked-in-hard-day": "Thank you for telling the truth — that is what recovery is made of. Tomorrow is a new day. When you're ready, you can start a clock again from Clocks; your history stays. If you need someone now, the help link at the top is always there.",
        "joined": "Welcome to the group.",
        "requested": "Your request is with the group's facilitators. You'll see the group's members once they say yes.",
        "left": "You have left the group.",
        "group-created": "Your group is ready. Add its meetings below.",
        "meeting-added": "The meeting is added and listed in the directory.",
        "visibility": "Saved. Your choice applies at once.",
        "answered": "Done.",
        "contact-added": "Added. We've emailed them a link to confirm; until they do, they won't be told anything.",
        "attended": "Recorded. Only you can see your attendance.",
        "attendance-deleted": "That record is deleted.",
        "shared": "Shared. You can stop sharing at any time.",
        "deleted": "Your account and everything in it have been erased. Take care of yourself.",
        "revoked": "Sharing stopped. They can no longer see it.",
        "profile-saved": "Your mentor profile is saved.",
        "paused": "You're paused: nobody can send you new requests until you resume.",
        "resumed": "Welcome back: members can send you requests again.",
        "stage-saved": "Saved. Only you can see this.",
        "request-sent": "Your request is sent. You'll see their answer here.",
        "accepted": "You've said yes. Your shared space is ready.",
        "declined": "You've let them know kindly. They'll see other suggestions.",
        "withdrawn": "Your request is withdrawn.",
        "ended": "The mentorship has ended. Everything each of you wrote stays yours.",
        "rhythm-saved": "Your check-in rhythm is saved.",
        "pair-checked-in": "Checked in. Your mentor can see it.",
        "sent": "Sent.",
        "blocked": "Blocked. They can't message you, request you or see your profile.",
        "unblocked": "Unblocked.",
        "plan-saved": "Your plan is saved as a new version.",
        "plan-shared": "Your mentor can now see and help with your plan.",
        "plan-unshared": "Your plan is private again.",
        "posted": "Posted. Thank you for sharing.",
        "post-edited": "Your post is updated. The earlier version is kept in its history.",
        "post-removed": "Your post is removed. It now says “removed by author”.",
        "flagged": "Thank you. A moderator will look at it; the author isn't told who flagged.",
        "community-settings": "Saved. Your choices apply everywhere in the community.",
        "muted": "Muted. You won't see their posts. They aren't told.",
        "unmuted": "Unmuted.",
        "strategy-shared": "Thank you for sharing what helps.",
        "saved-to-plan": "Added to your recovery plan, under its situation.",
        "labelled": "Kept as a missed example. Thank you — it will be in the next evaluation of the screen.",
        "moderated": "Done. The member has been told, with your reason.",
        "appealed": "Your appeal is with the moderators. You'll hear back here.",
        "celebrated": "Shared in Milestones. Congratulations.",
    ]
}
