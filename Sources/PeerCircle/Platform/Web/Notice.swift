/// Messages shown after a form succeeds, chosen by a fixed code in the redirect (`?done=…`), so no
/// member text is ever reflected from a URL. Routes name a case (`SiteURL.….with(.planSaved)`);
/// only the codes below are ever read back.
enum Notice: Sendable, Equatable {
    case done(Done)
    /// A role given or taken, saying which role (the role's fixed title, never member text).
    case roleGranted(Role), roleRevoked(Role)

    enum Done: String, Sendable, CaseIterable {
        case settings
        case password
        case passwordReset = "password-reset"
        case clockCreated = "clock-created"
        case clockUpdated = "clock-updated"
        case clockReset = "clock-reset"
        case clockDeleted = "clock-deleted"
        case checkedIn = "checked-in"
        case checkedInHardDay = "checked-in-hard-day"
        case joined
        case requested
        case left
        case groupCreated = "group-created"
        case meetingAdded = "meeting-added"
        case visibility
        case answered
        case contactAdded = "contact-added"
        case attended
        case attendanceDeleted = "attendance-deleted"
        case shared
        case deleted
        case revoked
        case profileSaved = "profile-saved"
        case paused
        case resumed
        case stageSaved = "stage-saved"
        case requestSent = "request-sent"
        case accepted
        case declined
        case withdrawn
        case ended
        case rhythmSaved = "rhythm-saved"
        case pairCheckedIn = "pair-checked-in"
        case sent
        case blocked
        case unblocked
        case planSaved = "plan-saved"
        case planShared = "plan-shared"
        case planUnshared = "plan-unshared"
        case posted
        case postEdited = "post-edited"
        case postRemoved = "post-removed"
        case flagged
        case communitySettings = "community-settings"
        case muted
        case unmuted
        case strategyShared = "strategy-shared"
        case savedToPlan = "saved-to-plan"
        case labelled
        case moderated
        case appealed
        case celebrated
        case houseSaved = "house-saved"
        case vacanciesSaved = "vacancies-saved"
        case movedIn = "moved-in"
        case movedOut = "moved-out"
        case applied, voted, decided
        case applicationWithdrawn = "application-withdrawn"
        case moveInConfirmed = "move-in-confirmed"
        case agreementAccepted = "agreement-accepted"
        case houseRulesSaved = "house-rules-saved"
        case officerSaved = "officer-saved"
        case choreAdded = "chore-added"
        case choreRetired = "chore-retired"
        case choreDone = "chore-done"
        case swapAsked = "swap-asked"
        case swapAnswered = "swap-answered"
        case billAdded = "bill-added"
        case paymentAdded = "payment-added"
        case agendaAdded = "agenda-added"
        case minutesSaved = "minutes-saved"
        case attendanceSaved = "attendance-saved"
        case motionMoved = "motion-moved"
        case motionVoted = "motion-voted"
        case motionClosed = "motion-closed"
        case supportAsked = "support-asked"
        case supportAnswered = "support-answered"
        case milestoneShared = "milestone-shared"
        case assessmentTaken = "assessment-taken"
        case remindersSaved = "reminders-saved"
        case assessmentDeleted = "assessment-deleted"
        case pledged = "pledged"
        case reviewed = "reviewed"
        case referralSaved = "referral-saved"
        case referralDeleted = "referral-deleted"
        case outreachSaved = "outreach-saved"
        case notificationsSaved = "notifications-saved"
        case twoStepOff = "two-step-off"
        case exportRequested = "export-requested"
        case deviceSignedOut = "device-signed-out"
        case othersSignedOut = "others-signed-out"
        case allRead = "all-read"
        case pushOn = "push-on"
        case eventChanged = "event-changed"
        case eventCalledOff = "event-called-off"
        case pushOff = "push-off"
        case pushTested = "push-tested"
        case reachedOut = "reached-out"
    }

    init?(code: String) {
        if let done = Done(rawValue: code) { self = .done(done); return }
        for (prefix, granted) in [("role-granted-", true), ("role-revoked-", false)] where code.hasPrefix(prefix) {
            guard let role = Role(rawValue: String(code.dropFirst(prefix.count))) else { return nil }
            self = granted ? .roleGranted(role) : .roleRevoked(role)
            return
        }
        return nil
    }

    var code: String {
        switch self {
        case .done(let done): done.rawValue
        case .roleGranted(let role): "role-granted-" + role.rawValue
        case .roleRevoked(let role): "role-revoked-" + role.rawValue
        }
    }

    var text: String {
        switch self {
        case .done(let done): done.text
        case .roleGranted(let role): "Saved: they now have the role “\(role.title)”. It applies from their next page."
        case .roleRevoked(let role): "Saved: they no longer have the role “\(role.title)”. It applies from their next page."
        }
    }
}

extension Notice.Done {
    var text: String {
        switch self {
        case .settings: "Your settings are saved."
        case .password: "Your password is changed. Other devices have been logged out."
        case .passwordReset: "Your new password is set, and every device was logged out. Log in with it now."
        case .clockCreated: "Your clock is started. One day at a time."
        case .clockUpdated: "Your clock is updated."
        case .clockReset: "Your clock has started again, and everything you learned comes with you. Recovery isn't a straight line — reaching out and starting again is part of it."
        case .clockDeleted: "The clock is deleted."
        case .checkedIn: "Thank you for checking in. Showing up for yourself counts."
        case .checkedInHardDay: "Thank you for telling the truth — that is what recovery is made of. Tomorrow is a new day. When you're ready, you can start a clock again from Clocks; your history stays. If you need someone now, the help link at the top is always there."
        case .joined: "Welcome to the group."
        case .requested: "Your request is with the group's facilitators. You'll see the group's members once they say yes."
        case .left: "You have left the group."
        case .groupCreated: "Your group is ready. Add its meetings below."
        case .meetingAdded: "The meeting is added and listed in the directory."
        case .visibility: "Saved. Your choice applies at once."
        case .answered: "Done."
        case .contactAdded: "Added. We've emailed them a link to confirm; until they do, they won't be told anything."
        case .attended: "Recorded. Only you can see your attendance."
        case .attendanceDeleted: "That record is deleted."
        case .shared: "Shared. You can stop sharing at any time."
        case .deleted: "Your account and everything in it have been erased. Take care of yourself."
        case .revoked: "Sharing stopped. They can no longer see it."
        case .profileSaved: "Your mentor profile is saved."
        case .paused: "You're paused: nobody can send you new requests until you resume."
        case .resumed: "Welcome back: members can send you requests again."
        case .stageSaved: "Saved. Only you can see this."
        case .requestSent: "Your request is sent. You'll see their answer here."
        case .accepted: "You've said yes. Your shared space is ready."
        case .declined: "You've let them know kindly. They'll see other suggestions."
        case .withdrawn: "Your request is withdrawn."
        case .ended: "The mentorship has ended. Everything each of you wrote stays yours."
        case .rhythmSaved: "Your check-in rhythm is saved."
        case .pairCheckedIn: "Checked in. Your mentor can see it."
        case .sent: "Sent."
        case .blocked: "Blocked. They can't message you, request you or see your profile."
        case .unblocked: "Unblocked."
        case .planSaved: "Your plan is saved as a new version."
        case .planShared: "Your mentor can now see and help with your plan."
        case .planUnshared: "Your plan is private again."
        case .posted: "Posted. Thank you for sharing."
        case .postEdited: "Your post is updated. The earlier version is kept in its history."
        case .postRemoved: "Your post is removed. It now says “removed by author”."
        case .flagged: "Thank you. A moderator will look at it; the author isn't told who flagged."
        case .communitySettings: "Saved. Your choices apply everywhere in the community."
        case .muted: "Muted. You won't see their posts. They aren't told."
        case .unmuted: "Unmuted."
        case .strategyShared: "Thank you for sharing what helps."
        case .savedToPlan: "Added to your recovery plan, under its situation."
        case .labelled: "Kept as a missed example. Thank you — it will be in the next evaluation of the screen."
        case .moderated: "Done. The member has been told, with your reason."
        case .appealed: "Your appeal is with the moderators. You'll hear back here."
        case .celebrated: "Shared in Milestones. Congratulations."
        case .houseSaved: "Saved. This is the listing people see."
        case .vacanciesSaved: "Saved, with today's date beside it."
        case .movedIn: "Added. They can now see the house's address and residents."
        case .movedOut: "Recorded. The reason stays with you."
        case .applied: "Sent. Only the house's residents and its lead read it."
        case .voted: "Your vote is counted. Nobody sees how you voted."
        case .decided: "Decided. The applicant sees the outcome, never the votes."
        case .applicationWithdrawn: "Withdrawn. You can apply again whenever you like."
        case .moveInConfirmed: "Welcome home. Your move-in date is set and the house knows you're coming."
        case .agreementAccepted: "Thank you. The date and the version you accepted are recorded."
        case .houseRulesSaved: "Saved. Residents see the new rules now."
        case .officerSaved: "Saved. The term end is shown beside their name."
        case .choreAdded: "Added. It joins the rotation from this week."
        case .choreRetired: "Taken off the rotation."
        case .choreDone: "Marked done. Thank you."
        case .swapAsked: "Asked. Your turns change only if they agree."
        case .swapAnswered: "Answered."
        case .billAdded: "Recorded and shared among the residents by days lived."
        case .paymentAdded: "Payment recorded."
        case .agendaAdded: "Added to the next meeting's agenda."
        case .minutesSaved: "Minutes saved."
        case .attendanceSaved: "Attendance saved."
        case .motionMoved: "Your motion is on the next meeting's agenda."
        case .motionVoted: "Your vote is counted."
        case .motionClosed: "The vote is closed and the decision is in the log."
        case .supportAsked: "Your request is with the house lead and president, and only them. Someone will reach out."
        case .supportAnswered: "Marked as reached out."
        case .milestoneShared: "Shared with your house. Well done."
        case .assessmentTaken: "Saved. Only you can see your results."
        case .remindersSaved: "Saved. The reminder appears on Today when it's time."
        case .assessmentDeleted: "That result is deleted."
        case .pledged: "Pledge made. One day at a time."
        case .reviewed: "Thank you for looking back on your day."
        case .referralSaved: "Saved. Members see it in Professional help."
        case .referralDeleted: "Taken out of the directory."
        case .outreachSaved: "Saved."
        case .notificationsSaved: "Saved. Your choices apply from now on."
        case .twoStepOff: "Two-step sign-in is off. Your password alone signs you in now."
        case .exportRequested: "We're preparing your copy. You'll get a notification when it's ready — usually within a minute."
        case .deviceSignedOut: "That device is signed out."
        case .othersSignedOut: "Every other device is signed out."
        case .allRead: "All marked as read."
        case .eventChanged: "Saved. Everyone going or waiting has been told."
        case .eventCalledOff: "The event is called off, and everyone who had answered has been told."
        case .pushOn: "Pushes are on for this device. Choose below which kinds of notification come as a push."
        case .pushOff: "That device gets no more pushes."
        case .pushTested: "A test push is on its way to your devices. If none arrives within a minute, turn pushes off and on again on that device."
        case .reachedOut: "Recorded. Thank you for reaching out."
        }
    }
}

extension SiteURL {
    /// This page's address with a notice to show once it opens.
    func with(_ notice: Notice.Done, fragment: String? = nil) -> String { with(.done(notice), fragment: fragment) }

    func with(_ notice: Notice, fragment: String? = nil) -> String {
        path + "?done=" + notice.code + (fragment.map { "#" + $0 } ?? "")
    }
}
