import Foundation

/// Every web page's address, in one place: routes are registered from `pattern`, links from `path`,
/// so a renamed path cannot leave a dead link.
enum SiteURL: Equatable {
    case home
    case signup, login, logout
    case forgotPassword, passwordReset(token: String), emailChangeUndo(token: String)
    case settings, settingsPassword, settingsDelete
    case crisis
    case clocks, newClock
    case clock(UUID), clockEdit(UUID), clockReset(UUID), clockDelete(UUID), clockShare(UUID)
    case checkIn
    case checkIns(days: Int?)
    case sharing
    case grantRevoke(UUID)
    case sharedClock(UUID)
    case meetings
    case meeting(UUID), meetingSave(UUID), meetingRemove(UUID)
    case myMeetings, myCalendar
    case room(UUID), roomOpen(UUID), roomClose(UUID)
    case roomScript
    case attend(UUID), myAttendance, attendanceSlip(UUID), attendanceDelete(UUID)
    case event(UUID), eventRSVP(UUID), eventCancel(UUID), groupNewEvent(UUID), eventEdit(UUID), eventCallOff(UUID)
    case adminMeetingImport, adminRoles
    case groups, newGroup
    case houses, newHouse, house(UUID), houseEdit(UUID), houseVacancies(UUID), houseResidents(UUID), houseMoveOut(UUID)
    case housePart(UUID, HousePart), houseThing(HouseThing, UUID)
    case group(UUID), groupJoin(UUID), groupLeave(UUID), groupRequests(UUID), groupVisibility(UUID), groupNewMeeting(UUID)
    case mentors, mentor(UUID), mentorRequest(UUID), myMentorProfile, myMentorPause, myStage
    case mentorships, mentorship(UUID), mentorshipAnswer(UUID), mentorshipWithdraw(UUID), mentorshipEnd(UUID)
    case mentorshipRhythm(UUID), mentorshipCheckIn(UUID), mentorshipShare(UUID), mentorshipMessage(UUID), mentorshipPlan(UUID)
    case messages, conversation(UUID), conversationAnswer(UUID), messageEdit(UUID), messageHide(UUID)
    case blocks, unblock(UUID)
    case myPlan, myPlanEdit, myPlanVersions, myPlanShare
    case community, communityCategory(UUID), newThread(UUID), thread(UUID), threadReply(UUID)
    case postEdit(UUID), postDelete(UUID), postReact(UUID), postHelpful(UUID), postFlag(UUID), postHistory(UUID)
    case communitySettings, mute(UUID), unmute(UUID), search, codeOfConduct, celebrate(UUID)
    case strategies, newStrategy, strategy(UUID), strategyHelped(UUID), strategySave(UUID), strategyFeature(UUID)
    case moderation, moderatePost(UUID), moderateMember(UUID), moderateAppeal(UUID), auditLog, myNotices, noticeAppeal(UUID)
    case sos, alert(UUID), alertHere(UUID), alertClose(UUID), circle, circleInvite, circleAnswer(UUID), circleRemove(UUID), safetySettings
    case responders, responderHours, adminSafety, crisisReviews, crisisMissed, crisisReview(UUID), liveScript, zoneScript, nearScript
    case circleContact, circleContactRemove(UUID), trustedConfirm(token: String), trustedAlert(token: String), trustedAlertHere(token: String)
    case checkInReply, hideGuide
    case adminStarter, adminStarterPlan, adminStarterStrategy(UUID), adminStarterPost(UUID), adminCategories, adminCategory(UUID)
    case assessments, assessment(Instrument.Kind), assessmentResults(Instrument.Kind), assessmentReminders, assessmentDelete(UUID), assessmentSafety
    case pledge, pledgeReview
    case help, adminReferrals, adminReferralNew, adminReferral(UUID), adminReferralDelete(UUID), adminReferralImport, adminReferralsCSV
    case engagement, outreachConsent, outreach, outreachReached(UUID), outcomes, outcomesCSV
    case myData, myDataDownload(UUID)
    case loginCode, twoStep, twoStepStart, twoStepConfirm, twoStepDisable, devices, deviceEnd(UUID), devicesEndOthers
    case notifications, notification(UUID), notificationsReadAll, notificationSettings, unsubscribe(token: String, what: String)
    case pushDevices, pushDevice(UUID), pushTest, pushScript, manifest, serviceWorker, appIcon(Int)
    case stylesheet

    var path: String {
        switch self {
        case .home: "/"
        case .signup: "/join"
        case .login: "/login"
        case .logout: "/logout"
        case .forgotPassword: "/forgot-password"
        case .passwordReset(let token): "/reset-password/\(token)"
        case .emailChangeUndo(let token): "/email-change/undo/\(token)"
        case .settings: "/settings"
        case .settingsPassword: "/settings/password"
        case .settingsDelete: "/settings/delete"
        case .crisis: "/crisis"
        case .clocks: "/clocks"
        case .newClock: "/clocks/new"
        case .clock(let id): "/clocks/\(id.uuidString.lowercased())"
        case .clockEdit(let id): "/clocks/\(id.uuidString.lowercased())/edit"
        case .clockReset(let id): "/clocks/\(id.uuidString.lowercased())/reset"
        case .clockDelete(let id): "/clocks/\(id.uuidString.lowercased())/delete"
        case .clockShare(let id): "/clocks/\(id.uuidString.lowercased())/share"
        case .checkIn: "/check-in"
        case .checkIns(let days): days.map { "/check-ins?days=\($0)" } ?? "/check-ins"
        case .sharing: "/sharing"
        case .grantRevoke(let id): "/sharing/\(id.uuidString.lowercased())/revoke"
        case .sharedClock(let id): "/shared/clocks/\(id.uuidString.lowercased())"
        case .meetings: "/meetings"
        case .meeting(let id): "/meetings/\(id.uuidString.lowercased())"
        case .meetingSave(let id): "/meetings/\(id.uuidString.lowercased())/save"
        case .meetingRemove(let id): "/meetings/\(id.uuidString.lowercased())/remove"
        case .myMeetings: "/my/meetings"
        case .room(let id): "/meetings/\(id.uuidString.lowercased())/room"
        case .roomOpen(let id): "/meetings/\(id.uuidString.lowercased())/room/open"
        case .roomClose(let id): "/meetings/\(id.uuidString.lowercased())/room/close"
        case .roomScript: "/assets/room.js"
        case .attend(let id): "/meetings/\(id.uuidString.lowercased())/attend"
        case .myAttendance: "/my/attendance"
        case .event(let id): "/events/\(id.uuidString.lowercased())"
        case .eventRSVP(let id): "/events/\(id.uuidString.lowercased())/rsvp"
        case .eventCancel(let id): "/events/\(id.uuidString.lowercased())/cancel"
        case .eventEdit(let id): "/events/\(id.uuidString.lowercased())/edit"
        case .eventCallOff(let id): "/events/\(id.uuidString.lowercased())/call-off"
        case .groupNewEvent(let id): "/groups/\(id.uuidString.lowercased())/events"
        case .attendanceSlip(let id): "/my/attendance/\(id.uuidString.lowercased())/slip"
        case .attendanceDelete(let id): "/my/attendance/\(id.uuidString.lowercased())/delete"
        case .adminMeetingImport: "/admin/meetings/import"
        case .adminRoles: "/admin/roles"
        case .groups: "/groups"
        case .houses: "/houses"
        case .newHouse: "/houses/new"
        case .house(let id): "/houses/\(id.uuidString.lowercased())"
        case .houseEdit(let id): "/houses/\(id.uuidString.lowercased())/edit"
        case .houseVacancies(let id): "/houses/\(id.uuidString.lowercased())/vacancies"
        case .houseResidents(let id): "/houses/\(id.uuidString.lowercased())/residents"
        case .houseMoveOut(let id): "/houses/\(id.uuidString.lowercased())/residents/move-out"
        case .housePart(let id, let part): "/houses/\(id.uuidString.lowercased())/\(part.rawValue)"
        case .houseThing(let thing, let id): thing.rawValue.replacingOccurrences(of: "{id}", with: id.uuidString.lowercased())
        case .newGroup: "/groups/new"
        case .group(let id): "/groups/\(id.uuidString.lowercased())"
        case .groupJoin(let id): "/groups/\(id.uuidString.lowercased())/join"
        case .groupLeave(let id): "/groups/\(id.uuidString.lowercased())/leave"
        case .groupRequests(let id): "/groups/\(id.uuidString.lowercased())/requests"
        case .groupVisibility(let id): "/groups/\(id.uuidString.lowercased())/visibility"
        case .groupNewMeeting(let id): "/groups/\(id.uuidString.lowercased())/meetings"
        case .myCalendar: "/my/meetings/calendar"
        case .stylesheet: "/assets/site.css"
        case .sos: "/sos"
        case .alert(let id): "/alerts/\(id.uuidString.lowercased())"
        case .alertHere(let id): "/alerts/\(id.uuidString.lowercased())/here"
        case .alertClose(let id): "/alerts/\(id.uuidString.lowercased())/close"
        case .circle: "/circle"
        case .circleContact: "/circle/contacts"
        case .circleContactRemove(let id): "/circle/contacts/\(id.uuidString.lowercased())/remove"
        case .trustedConfirm(let token): "/trusted/\(token)"
        case .trustedAlert(let token): "/trusted/alert/\(token)"
        case .trustedAlertHere(let token): "/trusted/alert/\(token)/here"
        case .checkInReply: "/check-in/reply"
        case .hideGuide: "/first-steps/hide"
        case .adminStarter: "/admin/starter"
        case .adminCategories: "/admin/starter/categories"
        case .adminCategory(let id): "/admin/starter/categories/\(id.uuidString.lowercased())"
        case .adminStarterPlan: "/admin/starter/plan"
        case .adminStarterStrategy(let id): "/admin/starter/strategies/\(id.uuidString.lowercased())"
        case .adminStarterPost(let id): "/admin/starter/posts/\(id.uuidString.lowercased())"
        case .circleInvite: "/circle/invite"
        case .circleAnswer(let id): "/circle/\(id.uuidString.lowercased())/answer"
        case .circleRemove(let id): "/circle/\(id.uuidString.lowercased())/remove"
        case .safetySettings: "/circle/settings"
        case .responders: "/responders"
        case .responderHours: "/responders/hours"
        case .adminSafety: "/admin/safety"
        case .crisisReviews: "/moderation/crisis"
        case .crisisMissed: "/moderation/crisis/missed"
        case .crisisReview(let id): "/moderation/crisis/\(id.uuidString.lowercased())"
        case .liveScript: "/assets/live.js"
        case .zoneScript: "/assets/zone.js"
        case .nearScript: "/assets/near.js"
        case .community: "/community"
        case .communityCategory(let id): "/community/categories/\(id.uuidString.lowercased())"
        case .newThread(let id): "/community/categories/\(id.uuidString.lowercased())/new"
        case .thread(let id): "/community/threads/\(id.uuidString.lowercased())"
        case .threadReply(let id): "/community/threads/\(id.uuidString.lowercased())/replies"
        case .postEdit(let id): "/community/posts/\(id.uuidString.lowercased())/edit"
        case .postDelete(let id): "/community/posts/\(id.uuidString.lowercased())/delete"
        case .postReact(let id): "/community/posts/\(id.uuidString.lowercased())/react"
        case .postHelpful(let id): "/community/posts/\(id.uuidString.lowercased())/helpful"
        case .postFlag(let id): "/community/posts/\(id.uuidString.lowercased())/flag"
        case .postHistory(let id): "/community/posts/\(id.uuidString.lowercased())/history"
        case .communitySettings: "/community/settings"
        case .mute(let id): "/community/mute/\(id.uuidString.lowercased())"
        case .unmute(let id): "/community/unmute/\(id.uuidString.lowercased())"
        case .search: "/search"
        case .codeOfConduct: "/code-of-conduct"
        case .celebrate(let id): "/clocks/\(id.uuidString.lowercased())/celebrate"
        case .strategies: "/strategies"
        case .newStrategy: "/strategies/new"
        case .strategy(let id): "/strategies/\(id.uuidString.lowercased())"
        case .strategyHelped(let id): "/strategies/\(id.uuidString.lowercased())/helped"
        case .strategySave(let id): "/strategies/\(id.uuidString.lowercased())/save"
        case .strategyFeature(let id): "/strategies/\(id.uuidString.lowercased())/feature"
        case .moderation: "/moderation"
        case .moderatePost(let id): "/moderation/posts/\(id.uuidString.lowercased())"
        case .moderateMember(let id): "/moderation/members/\(id.uuidString.lowercased())"
        case .moderateAppeal(let id): "/moderation/appeals/\(id.uuidString.lowercased())"
        case .auditLog: "/admin/audit-log"
        case .myNotices: "/my/notices"
        case .noticeAppeal(let id): "/my/notices/\(id.uuidString.lowercased())/appeal"
        case .mentors: "/mentors"
        case .mentor(let id): "/mentors/\(id.uuidString.lowercased())"
        case .mentorRequest(let id): "/mentors/\(id.uuidString.lowercased())/request"
        case .myMentorProfile: "/my/mentor-profile"
        case .myMentorPause: "/my/mentor-profile/pause"
        case .myStage: "/my/stage"
        case .mentorships: "/mentorships"
        case .mentorship(let id): "/mentorships/\(id.uuidString.lowercased())"
        case .mentorshipAnswer(let id): "/mentorships/\(id.uuidString.lowercased())/answer"
        case .mentorshipWithdraw(let id): "/mentorships/\(id.uuidString.lowercased())/withdraw"
        case .mentorshipEnd(let id): "/mentorships/\(id.uuidString.lowercased())/end"
        case .mentorshipRhythm(let id): "/mentorships/\(id.uuidString.lowercased())/rhythm"
        case .mentorshipCheckIn(let id): "/mentorships/\(id.uuidString.lowercased())/check-in"
        case .mentorshipShare(let id): "/mentorships/\(id.uuidString.lowercased())/share"
        case .mentorshipMessage(let id): "/mentorships/\(id.uuidString.lowercased())/messages"
        case .mentorshipPlan(let id): "/mentorships/\(id.uuidString.lowercased())/plan"
        case .messages: "/messages"
        case .conversation(let id): "/messages/\(id.uuidString.lowercased())"
        case .conversationAnswer(let id): "/messages/\(id.uuidString.lowercased())/answer"
        case .messageEdit(let id): "/message/\(id.uuidString.lowercased())/edit"
        case .messageHide(let id): "/message/\(id.uuidString.lowercased())/delete"
        case .blocks: "/blocks"
        case .unblock(let id): "/blocks/\(id.uuidString.lowercased())/remove"
        case .myPlan: "/my/plan"
        case .myPlanEdit: "/my/plan/edit"
        case .myPlanVersions: "/my/plan/versions"
        case .myPlanShare: "/my/plan/share"
        case .assessments: "/check-ups"
        case .assessment(let kind): "/check-ups/\(kind.rawValue)"
        case .assessmentResults(let kind): "/check-ups/\(kind.rawValue)/results"
        case .assessmentReminders: "/check-ups/reminders"
        case .assessmentDelete(let id): "/check-up-results/\(id.uuidString.lowercased())/delete"
        case .assessmentSafety: "/check-ups/safety"
        case .pledge: "/today/pledge"
        case .pledgeReview: "/today/review"
        case .help: "/help"
        case .adminReferrals: "/admin/referrals"
        case .adminReferralNew: "/admin/referrals/new"
        case .adminReferral(let id): "/admin/referrals/\(id.uuidString.lowercased())"
        case .adminReferralDelete(let id): "/admin/referrals/\(id.uuidString.lowercased())/delete"
        case .adminReferralImport: "/admin/referrals/import"
        case .adminReferralsCSV: "/admin/referrals.csv"
        case .myData: "/my/data"
        case .myDataDownload(let id): "/my/data/\(id.uuidString.lowercased())/download"
        case .loginCode: "/login/code"
        case .twoStep: "/settings/two-step"
        case .twoStepStart: "/settings/two-step/start"
        case .twoStepConfirm: "/settings/two-step/confirm"
        case .twoStepDisable: "/settings/two-step/disable"
        case .devices: "/settings/devices"
        case .deviceEnd(let id): "/settings/devices/\(id.uuidString.lowercased())/sign-out"
        case .devicesEndOthers: "/settings/devices/sign-out-others"
        case .notifications: "/notifications"
        case .notification(let id): "/notifications/\(id.uuidString.lowercased())"
        case .notificationsReadAll: "/notifications/read-all"
        case .notificationSettings: "/settings/notifications"
        case .unsubscribe(let token, let what): "/unsubscribe/\(token)/\(what)"
        case .pushDevices: "/settings/push"
        case .pushDevice(let id): "/settings/push/\(id.uuidString.lowercased())/remove"
        case .pushTest: "/settings/push/test"
        case .pushScript: "/assets/push.js"
        // At the root, so the service worker may control every page (its scope is its own folder).
        case .serviceWorker: "/sw.js"
        case .manifest: "/manifest.webmanifest"
        case .appIcon(let size): "/assets/icon-\(size).png"
        case .engagement: "/my/engagement"
        case .outreachConsent: "/my/engagement/outreach"
        case .outreach: "/team/outreach"
        case .outreachReached(let id): "/team/outreach/\(id.uuidString.lowercased())/reached-out"
        case .outcomes: "/admin/outcomes"
        case .outcomesCSV: "/admin/outcomes.csv"
        }
    }

    /// The private calendar address for a subscription secret.
    static func calendarFeed(token: String) -> String { "/calendar/\(token)/my-meetings.ics" }
    static let calendarFeedPattern = "/calendar/:token/my-meetings.ics"
    /// A group's meetings, under the same private secret (calendar apps need no login).
    static func groupCalendarFeed(token: String, group: UUID) -> String { "/calendar/\(token)/groups/\(group.uuidString.lowercased()).ics" }
    static let unsubscribePattern = "/unsubscribe/:token/:what"
    static let groupCalendarFeedPattern = "/calendar/:token/groups/:group"

    /// The router pattern for pages addressed by an identifier: `SiteURL.pattern(SiteURL.clock)` is `/clocks/:id`.
    static func pattern(_ make: (UUID) -> SiteURL) -> String {
        let sentinel = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!
        return make(sentinel).path.replacingOccurrences(of: sentinel.uuidString.lowercased(), with: ":id")
    }

    /// The router pattern for pages addressed by a secret token: `SiteURL.pattern(SiteURL.passwordReset)` is `/reset-password/:token`.
    static func pattern(_ make: (String) -> SiteURL) -> String {
        make(":token").path
    }
}

/// The pages of a house's own life, under the house's address.
enum HousePart: String, Sendable, CaseIterable {
    case apply, application, applicationConfirm = "application/confirm", applicationWithdraw = "application/withdraw"
    case applications, agreement, settings, officers, chores, swap = "chores/swap", money, bills, payments, moneyCSV = "money.csv", meetings, agenda
    case motions, support, milestones
}

/// Things inside a house addressed by their own id.
enum HouseThing: String, Sendable, CaseIterable {
    case application = "/house-applications/{id}", vote = "/house-applications/{id}/vote"
    case decide = "/house-applications/{id}/decide", reopen = "/house-applications/{id}/reopen"
    case turnDone = "/house-turns/{id}/done"
    case swapAnswer = "/house-swaps/{id}/answer", minutes = "/house-meetings/{id}/minutes", choreRetire = "/house-chores/{id}/retire"
    case attendance = "/house-meetings/{id}/attendance", motionVote = "/house-motions/{id}/vote", motionClose = "/house-motions/{id}/close"
    case supportAnswered = "/house-support/{id}/answered"
}
