import FluentKit
import Foundation
import SQLKit

/// The safety net: a member's circle, "I need support now", escalation to on-call responders,
/// "I'm here", closing, and the response-time figures operators see.
struct SafetyService: Sendable {
    let deps: AppDependencies

    static let circleLimit = 10

    // MARK: - Circle

    static let reinviteAfterDecline: TimeInterval = 30 * 86400

    func invite(_ pseudonym: String, by owner: Member) async throws {
        let user = try await AccountService(deps: deps).otherMember(named: pseudonym, field: "pseudonym", than: owner.id)
        let userID = try user.requireID()
        guard try await !Blocks(db: deps.db).between(owner.id, userID) else {
            // The same words as for a name nobody has: being blocked is not told.
            throw AppError.invalid([FieldError(field: "pseudonym", message: "No member has that pseudonym. Check the spelling.")])
        }
        let existing = try await CircleMember.query(on: deps.db).filter(\.$owner.$id == owner.id).all()
        if let same = existing.first(where: { $0.$member.id == userID }) {
            guard same.status == .declined else {
                throw AppError.conflict(code: "already_invited", field: "pseudonym", message: "\(user.pseudonym) is already in your circle or invited.")
            }
            // "Not now" is respected: asking again waits a month from the answer.
            let again = same.createdAt.addingTimeInterval(Self.reinviteAfterDecline)
            if again > deps.now() {
                throw AppError.tooManyRequests(
                    retryAfter: Int(again.timeIntervalSince(deps.now()).rounded(.up)),
                    message: "\(user.pseudonym) said not now. You can ask again after \(Self.reinviteAfterDecline / 86400) days.")
            }
            try await same.delete(on: deps.db)
        }
        guard existing.filter({ $0.status != .declined }).count < Self.circleLimit else {
            throw AppError.conflict(code: "circle_full", field: "pseudonym", message: "A circle holds up to \(Self.circleLimit) people. Remove someone first.")
        }
        try await RateLimit.circleInvitationsPerMember.take(owner, now: deps.now(), on: deps.db)
        let invitation = CircleMember()
        invitation.$owner.id = owner.id
        invitation.$member.id = userID
        invitation.status = .invited
        invitation.createdAt = deps.now()
        try await invitation.create(on: deps.db)
        await NotificationService(deps: deps).tell([userID], .init(
            kind: .circleInvitation, text: "\(owner.pseudonym) asked you into their circle", link: .circle,
            topic: "circle-invitation:" + owner.id.uuidString.lowercased()), actor: owner.id)
    }

    /// The invited member answers.
    func answer(_ id: UUID, accept: Bool, by member: Member) async throws {
        guard let invitation = try await CircleMember.find(id, on: deps.db), invitation.$member.id == member.id, invitation.status == .invited else {
            throw AppError.notFound
        }
        invitation.status = accept ? .accepted : .declined
        // For a declined invitation the time is that of the answer: a new invitation waits a month from it.
        if !accept { invitation.createdAt = deps.now() }
        try await invitation.save(on: deps.db)
    }

    /// The owner removes someone, or a member leaves someone's circle.
    func remove(_ id: UUID, by member: Member) async throws {
        guard let row = try await CircleMember.find(id, on: deps.db), row.$owner.id == member.id || row.$member.id == member.id else {
            throw AppError.notFound
        }
        try await row.delete(on: deps.db)
    }

    func circle(of owner: UUID) async throws -> [CircleMember] {
        try await CircleMember.query(on: deps.db).filter(\.$owner.$id == owner).filter(\.$status != .declined).with(\.$member).sort(\.$createdAt).all()
    }

    /// Circles this member was invited into or belongs to.
    func memberships(of member: UUID) async throws -> [CircleMember] {
        try await CircleMember.query(on: deps.db).filter(\.$member.$id == member).filter(\.$status != .declined).with(\.$owner).sort(\.$createdAt).all()
    }

    func settings(of user: UUID) async throws -> SafetySettings {
        if let settings = try await SafetySettings.query(on: deps.db).filter(\.$user.$id == user).first() { return settings }
        let settings = SafetySettings()
        settings.$user.id = user
        settings.onBehalfAlerts = false
        settings.checkinReview = false
        return settings
    }

    /// Changes the member's safety choices; what is left out (nil) stays as it was.
    func updateSettings(onBehalfAlerts: Bool?, checkinReview: Bool?, of member: UUID) async throws {
        let settings = try await settings(of: member)
        if let onBehalfAlerts { settings.onBehalfAlerts = onBehalfAlerts }
        if let checkinReview { settings.checkinReview = checkinReview }
        try await settings.save(on: deps.db)
    }

    // MARK: - Alerts

    /// Raises an alert: the member's accepting circle hears at once; with nobody in it, on-call responders do.
    func raise(need: String, message: String, for member: UUID, raisedBy: UUID? = nil) async throws -> SupportAlert {
        var check = Validation()
        let need = SupportAlert.Need(rawValue: need)
        check.check(need != nil, "need", "Choose what you need right now.")
        let message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(message.count <= 500, "message", "Keep it to 500 characters.")
        try check.finish()
        // One open alert at a time: a second tap (or a double submit) returns the one already open.
        if let open = try await SupportAlert.query(on: deps.db)
            .filter(\.$member.$id == member).filter(\.$status == .open).sort(\.$createdAt, .descending).first() {
            return open
        }
        let alert = SupportAlert()
        alert.$member.id = member
        alert.need = try need.checked("need")
        alert.message = message
        alert.status = .open
        alert.createdAt = deps.now()
        alert.$raisedBy.id = raisedBy
        try await alert.create(on: deps.db)
        let blocked = try await Blocks(db: deps.db).all(of: member)
        let circle = try await circle(of: member).filter { $0.status == .accepted && !blocked.contains($0.$member.id) }.map { $0.$member.id }
        if !circle.isEmpty { try await notify(alert, circle, reason: .circle) }
        var contacts = 0
        if let user = try await User.find(member, on: deps.db) { contacts = try await TrustedContactService(deps: deps).tell(alert, member: user) }
        // Contacts reached by email only count while email is going out.
        let emailDelayed = try await EmailOutbox.isDelayed(now: deps.now(), on: deps.db)
        if circle.isEmpty && (contacts == 0 || emailDelayed) {
            try await escalate(alert)
            // Nobody at all: the administrators hear at once, and the member is told plainly.
            if try await AlertRecipient.query(on: deps.db).filter(\.$alert.$id == alert.requireID()).count() == 0 && (contacts == 0 || emailDelayed) {
                try await markUnreached(alert)
            }
        }
        return alert
    }

    /// Escalates open alerts nobody in the circle answered in time. Runs every few seconds, and
    /// whenever alerts are read; one sweep at a time in this process, so a reader never sees an
    /// alert marked escalated before its responders are recorded.
    func sweep() async throws {
        try await deps.sweeps.run {
            let cutoff = deps.now().addingTimeInterval(-Double(deps.configuration.sosEscalationMinutes) * 60)
            let due = try await SupportAlert.query(on: deps.db).filter(\.$status == .open).filter(\.$escalatedAt == nil)
                .filter(\.$firstResponseAt == nil).filter(\.$createdAt <= cutoff).all()
            for alert in due { try await escalate(alert) }
            try await findUnreached(before: cutoff)
        }
    }

    /// Marks the alert escalated and records its responders in one transaction; the mark is a
    /// conditional claim, so two servers sharing a database never both escalate it.
    func escalate(_ alert: SupportAlert) async throws {
        let alertID = try alert.requireID()
        let now = deps.now()
        let told = try await deps.transaction { db -> [User] in
            let claimed = try await (try db.sql).update(SupportAlert.schema).set("escalated_at", to: now)
                .where("id", .equal, alertID).where("escalated_at", .is, SQLLiteral.null).returning("id").all()
            guard !claimed.isEmpty else { return [] }
            alert.escalatedAt = now
            let responders = try await TwoStepService.responders(on: db)
            let hours = Dictionary(uniqueKeysWithValues: try await ResponderHours.query(on: db).all().map { ($0.$user.id, $0) })
            let blocked = try await Blocks(db: db).all(of: alert.$member.id)
            let eligible = responders.filter { $0 != alert.$member.id && !blocked.contains($0) }
            // On call now, if anyone is; otherwise every responder, so the alert is never unseen.
            let onCall = eligible.filter { hours[$0]?.isOnCall(at: now) == true }
            return try await record(alert, onCall.isEmpty ? eligible : onCall, reason: .responder, on: db)
        }
        await announce(alert, to: told, reason: .responder)
        if !told.isEmpty { await update(alert) }
    }

    private func notify(_ alert: SupportAlert, _ users: [UUID], reason: AlertRecipient.Reason) async throws {
        let told = try await deps.transaction { db in try await record(alert, users, reason: reason, on: db) }
        await announce(alert, to: told, reason: reason)
    }

    /// Records who is alerted (and queues their email); returns the people newly told.
    private func record(_ alert: SupportAlert, _ users: [UUID], reason: AlertRecipient.Reason, on db: any Database) async throws -> [User] {
        let alertID = try alert.requireID()
        let already = Set(try await AlertRecipient.query(on: db).filter(\.$alert.$id == alertID).all().map { $0.$user.id })
        let people = try await users.isEmpty ? [] : User.query(on: db).filter(\.$id ~~ users).all().filter { !already.contains($0.id!) }
        for user in people {
            let recipient = AlertRecipient()
            recipient.$alert.id = alertID
            recipient.$user.id = user.id!
            recipient.reason = reason
            try await recipient.create(on: db)
        }
        return people
    }

    static func alertTopic(_ alert: UUID) -> String { "alert:" + alert.uuidString.lowercased() }

    /// Live notices on whatever page each person has open; and, once who was told is committed, their
    /// notifications and email as each chose — discreetly: the email names nobody and carries no
    /// words from the alert. A notification that fails never undoes who was told.
    private func announce(_ alert: SupportAlert, to people: [User], reason: AlertRecipient.Reason) async {
        guard let alertID = alert.id else { return }
        await NotificationService(deps: deps).tell(people.compactMap(\.id), .init(
            kind: .sosAlert, text: reason == .circle ? "Someone in your circle asked for support" : "A member asked for support and needs a responder",
            link: .alert(alertID), topic: Self.alertTopic(alertID)))
        for user in people {
            guard let userID = user.id else { continue }
            await deps.broadcaster.publish(LiveMessage(room: userID, seq: 0, payload: RoomProtocol.text(RoomProtocol.LiveNotice(
                type: .sos, alert: alertID.apiID, path: SiteURL.alert(alertID).path,
                text: reason == .circle ? "Someone in your circle asked for support." : "A member asked for support and needs a responder."))))
        }
    }

    struct AlertView: Sendable {
        let alert: SupportAlert
        let member: User
        let recipients: [AlertRecipient]
        /// Trusted contacts outside PeerCircle who were emailed (shown to the member only).
        let contacts: [AlertContact]
        let isMember: Bool
        /// Alerted, or a responder who may step in: the viewer can say "I'm here".
        let isRecipient: Bool
        var here: [AlertRecipient] { recipients.filter { $0.hereAt != nil } }
        var nobodyTold: Bool { recipients.isEmpty && contacts.isEmpty }
    }

    /// The alert, for the member, the people alerted, responders once it has escalated, and
    /// moderators; everyone else gets not found.
    func view(_ id: UUID, for viewer: Member, sweeping: Bool = true) async throws -> AlertView {
        if sweeping { try await sweep() }
        guard let alert = try await SupportAlert.query(on: deps.db).filter(\.$id == id).with(\.$member).first() else { throw AppError.notFound }
        let recipients = try await AlertRecipient.query(on: deps.db).filter(\.$alert.$id == id).with(\.$user).all()
        let isMember = alert.$member.id == viewer.id
        // Someone the member blocked (or who blocked them) since being alerted no longer sees it.
        if !isMember, try await Blocks(db: deps.db).between(viewer.id, alert.$member.id) { throw AppError.notFound }
        let isRecipient = recipients.contains { $0.$user.id == viewer.id }
        let standingBy = isMember || isRecipient ? false : try await mayStepIn(viewer, alert)
        guard isMember || isRecipient || standingBy || viewer.has(.moderator) else { throw AppError.notFound }
        if let mine = recipients.first(where: { $0.$user.id == viewer.id }), mine.seenAt == nil {
            // Seen: the member's page says so at once.
            mine.seenAt = deps.now()
            try await mine.save(on: deps.db)
            await update(alert)
        }
        let contacts = isMember ? try await AlertContact.query(on: deps.db).filter(\.$alert.$id == id).with(\.$contact).all() : []
        return AlertView(alert: alert, member: alert.member, recipients: recipients, contacts: contacts, isMember: isMember,
                         isRecipient: isRecipient || standingBy)
    }

    /// A responder on call now may step in on an escalated alert that is still open — one who came
    /// on call after it escalated too — unless a block stands between them and the member.
    private func mayStepIn(_ viewer: Member, _ alert: SupportAlert) async throws -> Bool {
        guard alert.status == .open else { return false }
        // One that reached nobody: any of the team (administrators are told) may step in, on call or not.
        let unreached = alert.unreachedAt != nil && alert.firstResponseAt == nil && (viewer.has(.responder) || viewer.has(.moderator) || viewer.has(.admin))
        let onCall = try await isOnCall(viewer)
        guard unreached || (alert.escalatedAt != nil && onCall) else { return false }
        return try await !Blocks(db: deps.db).between(viewer.id, alert.$member.id)
    }

    /// A responder with no hours set is always on call; one who set hours is left alone outside them.
    private func isOnCall(_ member: Member) async throws -> Bool {
        guard member.has(.responder) else { return false }
        let hours = try await ResponderHours.query(on: deps.db).filter(\.$user.$id == member.id).first()
        return hours?.isOnCall(at: deps.now()) ?? true
    }

    /// "I'm here": the member sees who is coming, the others that it is handled, and a private
    /// conversation opens between the two.
    func here(_ id: UUID, by helper: Member) async throws -> Conversation {
        let view = try await view(id, for: helper)
        guard view.isRecipient, view.alert.status == .open else { throw AppError.notFound }
        let recipient = view.recipients.first { $0.$user.id == helper.id } ?? AlertRecipient()
        if recipient.id == nil {
            // A responder stepping in joins those alerted; on an alert that reached nobody, anyone on the team may.
            recipient.$alert.id = id
            recipient.$user.id = helper.id
            recipient.reason = view.alert.unreachedAt != nil && !helper.has(.responder) ? .team : .responder
        }
        if recipient.hereAt == nil {
            recipient.hereAt = deps.now()
            try await recipient.save(on: deps.db)
        }
        try await answered(view.alert)
        let conversation = try await MessagingService(deps: deps).open(between: helper.id, and: view.alert.$member.id)
        let payload = RoomProtocol.text(RoomProtocol.LiveNotice(type: .sosHere, alert: id.apiID, path: SiteURL.alert(id).path,
                                                                text: "\(helper.pseudonym) is here for you."))
        await deps.broadcaster.publish(LiveMessage(room: view.alert.$member.id, seq: 0, payload: payload))
        // Handled: the others' lines about it are read, so no held email goes out about it later.
        for other in view.recipients where other.$user.id != helper.id {
            try await NotificationService(deps: deps).seen(Self.alertTopic(id), by: other.$user.id)
        }
        await NotificationService(deps: deps).tell([view.alert.$member.id], .init(
            kind: .someoneHere, text: "\(helper.pseudonym) is here for you", link: .conversation(try conversation.requireID()),
            topic: "alert-here:" + id.uuidString.lowercased()))
        for other in view.recipients where other.$user.id != helper.id {
            await deps.broadcaster.publish(LiveMessage(room: other.$user.id, seq: 0, payload: RoomProtocol.text(RoomProtocol.LiveNotice(
                type: .sosHandled, alert: id.apiID, path: SiteURL.alert(id).path, text: "Someone is with them now."))))
        }
        return conversation
    }

    /// The member says they are OK, or someone who answered closes it with a short outcome.
    func close(_ id: UUID, outcome: String, by viewer: Member) async throws {
        let view = try await view(id, for: viewer)
        guard view.alert.status == .open else { return }
        let text = outcome.trimmingCharacters(in: .whitespacesAndNewlines)
        if !view.isMember {
            guard view.here.contains(where: { $0.$user.id == viewer.id }) else {
                throw AppError.conflict(code: "not_responding", field: "outcome", message: "Say “I'm here” first; then you can close it with what happened.")
            }
            guard (3...500).contains(text.count) else {
                throw AppError.invalid([FieldError(field: "outcome", message: "Say briefly how it ended (3 to 500 characters).")])
            }
        }
        view.alert.status = .closed
        view.alert.closedAt = deps.now()
        view.alert.outcome = view.isMember ? (text.isEmpty ? "The member said they are OK." : text) : text
        try await view.alert.save(on: deps.db)
        // Closed: nobody is emailed about it after this (a line held over quiet hours is read now).
        for recipient in view.recipients { try await NotificationService(deps: deps).seen(Self.alertTopic(id), by: recipient.$user.id) }
    }

    /// Open alerts this member was alerted about (or raised) and, for responders on call, every
    /// escalated one they may step in on, oldest first.
    func open(for member: Member, sweeping: Bool = true) async throws -> [SupportAlert] {
        if sweeping { try await sweep() }
        let mine = try await AlertRecipient.query(on: deps.db).filter(\.$user.$id == member.id).all().map { $0.$alert.id }
        let responder = try await isOnCall(member)
        let alerts = try await SupportAlert.query(on: deps.db).filter(\.$status == .open)
            .group(.or) { either in
                either.filter(\.$id ~~ mine).filter(\.$member.$id == member.id)
                if responder { either.filter(\.$escalatedAt != nil) }
            }
            .with(\.$member).sort(\.$createdAt).all()
        guard responder else { return alerts }
        let blocked = try await Blocks(db: deps.db).all(of: member.id)
        return alerts.filter { !blocked.contains($0.$member.id) || mine.contains($0.id!) }
    }

    /// Open alerts this member was asked to answer and nobody has yet, and circle invitations —
    /// for the start page, so someone who missed the live notice still sees them.
    func nudges(for member: Member) async throws -> [Nudge] {
        var nudges: [Nudge] = []
        // Every start page shows these: no sweep here (the background one runs every few seconds),
        // so page loads never queue behind each other at the sweep's gate.
        for alert in try await open(for: member, sweeping: false) {
            if alert.$member.id == member.id {
                let id = try alert.requireID()
                let here = try await AlertRecipient.query(on: deps.db).filter(\.$alert.$id == id).filter(\.$hereAt != nil).with(\.$user).all()
                    .map(\.user.pseudonym)
                nudges.append(Nudge(text: here.isEmpty ? "Your call for support is still open. Tell us when you're OK."
                                        : "\(SafetyWebRoutes.names(here)) \(here.count == 1 ? "is" : "are") here for you. Tell us when you're OK.",
                                    path: SiteURL.alert(id).path))
                continue
            }
            guard alert.firstResponseAt == nil else { continue }
            nudges.append(Nudge(text: "\(alert.member.pseudonym) asked for support: \(alert.need.title.lowercased()).", path: SiteURL.alert(try alert.requireID()).path))
        }
        for invitation in try await memberships(of: member.id) where invitation.status == .invited {
            nudges.append(Nudge(text: "\(invitation.owner.pseudonym) asked you to be in their circle.", path: SiteURL.circle.path))
        }
        return nudges
    }

    /// Whether anyone can be told when nobody answers (the instance has an administrator).
    func hasAdministrators() async throws -> Bool {
        try await UserRole.query(on: deps.db).filter(\.$role == .admin).count() > 0
    }

    func hours(of member: Member) async throws -> ResponderHours? {
        try await ResponderHours.query(on: deps.db).filter(\.$user.$id == member.id).first()
    }

    /// A responder's on-call hours.
    func setHours(timeZone: String, availability: [String], for member: Member) async throws {
        guard member.has(.responder) else { throw AppError.notFound }
        var check = Validation()
        check.check(TimeZone(identifier: timeZone) != nil, "time_zone", "Choose a time zone from the list.")
        let slots = WeeklySlots(keys: availability)
        check.check(slots.keys.count == Set(availability).count, "availability", "Choose times from the grid.")
        try check.finish()
        let hours = try await ResponderHours.query(on: deps.db).filter(\.$user.$id == member.id).first() ?? ResponderHours()
        hours.$user.id = member.id
        hours.timeZone = timeZone
        hours.availability = slots.text
        try await hours.save(on: deps.db)
    }

    struct Stats: Sendable {
        let alerts: Int
        let answered: Int
        let escalated: Int
        /// Reached nobody, or nobody had seen them within the escalation time.
        let unreached: Int
        let medianSeconds: Int?
        let p90Seconds: Int?
    }

    /// Time to first response over the last 30 days, in aggregate only; for administrators.
    func stats(for viewer: Member) async throws -> Stats {
        try viewer.require(.admin)
        let since = deps.now().addingTimeInterval(-30 * 86_400)
        let alerts = try await SupportAlert.query(on: deps.db).filter(\.$createdAt >= since).all()
        let times = alerts.compactMap { a in a.firstResponseAt.map { Int($0.timeIntervalSince(a.createdAt)) } }.sorted()
        func at(_ p: Double) -> Int? { times.isEmpty ? nil : times[min(times.count - 1, Int(Double(times.count) * p))] }
        return Stats(alerts: alerts.count, answered: times.count, escalated: alerts.filter { $0.escalatedAt != nil }.count,
                     unreached: alerts.filter { $0.unreachedAt != nil }.count, medianSeconds: at(0.5), p90Seconds: at(0.9))
    }
}
