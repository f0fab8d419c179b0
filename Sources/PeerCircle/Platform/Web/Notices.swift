/// Messages shown after a form succeeds, chosen by a fixed code in the redirect (`?done=…`), so no
/// member text is ever reflected from a URL.
enum Notices {
    static let text: [String: String] = [
        "settings": "Your settings are saved.",
        "password": "Your password is changed. Other devices have been logged out.",
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
        "attended": "Recorded. Only you can see your attendance.",
        "attendance-deleted": "That record is deleted.",
        "shared": "Shared. You can stop sharing at any time.",
        "deleted": "Your account and everything in it have been erased. Take care of yourself.",
        "revoked": "Sharing stopped. They can no longer see it.",
    ]
}
