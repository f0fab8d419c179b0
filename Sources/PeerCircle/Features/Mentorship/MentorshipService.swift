import FluentKit
import Foundation

/// Requests to mentors and the relationship that follows: accept, decline kindly, withdraw, end;
/// the pair's rhythm and accountability check-ins; what the mentee shares with the mentor.
struct MentorshipService: Sendable {
    let deps: AppDependencies

    static let maxMessage = 1000

    func request(profile profileID: UUID, message: String, by member: Member) async throws -> Mentorship {
        let profiles = MentorProfileService(deps: deps)
        let profile = try await profiles.visible(profileID, to: member.id)
        let mentorID = profile.$user.id
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        var check = Validation()
        check.check(mentorID != member.id, "mentor", "That's your own profile. Choose someone else to ask.")
        check.check(text.count <= Self.maxMessage, "message", "Use at most \(Self.maxMessage) characters.")
        try check.finish()
        guard !profile.paused else {
            throw AppError.conflict(code: "mentor_paused", field: "mentor", message: "\(profile.user.pseudonym) isn't taking new requests right now. Try another mentor.")
        }
        guard try await profiles.activeMentees(mentorID) < profile.capacity else {
            throw AppError.conflict(code: "mentor_full", field: "mentor", message: "\(profile.user.pseudonym) has no room for another mentee right now. Try another mentor.")
        }
        let open = try await Mentorship.query(on: deps.db).filter(\.$mentor.$id == mentorID).filter(\.$mentee.$id == member.id)
            .filter(\.$status ~~ [.requested, .active]).count()
        guard open == 0 else {
            throw AppError.conflict(code: "duplicate_request", field: "mentor", message: "You have already asked \(profile.user.pseudonym), or they are already your mentor.")
        }
        let mentorship = Mentorship()
        mentorship.$mentor.id = mentorID
        mentorship.$mentee.id = member.id
        mentorship.status = .requested
        mentorship.message = text
        mentorship.requestedAt = deps.now()
        try await mentorship.create(on: deps.db)
        await NotificationService(deps: deps).tell([mentorID], .init(
            kind: .mentorshipRequest, text: "\(member.pseudonym) asked you to be their mentor", link: .mentorships,
            topic: "mentorship:" + (try mentorship.requireID()).uuidString.lowercased()), actor: member.id)
        return mentorship
    }

    /// The mentorship if `member` is the mentor or the mentee; anyone else gets not found.
    func pair(_ id: UUID, for member: UUID) async throws -> Mentorship {
        guard let m = try await Mentorship.query(on: deps.db).filter(\.$id == id).with(\.$mentor).with(\.$mentee).first(),
              m.includes(member) else { throw AppError.notFound }
        return m
    }

    func mine(_ member: UUID) async throws -> [Mentorship] {
        try await Mentorship.query(on: deps.db)
            .group(.or) { $0.filter(\.$mentor.$id == member).filter(\.$mentee.$id == member) }
            .with(\.$mentor).with(\.$mentee).sort(\.$requestedAt, .descending).all()
    }

    func activeBetween(_ a: UUID, _ b: UUID) async throws -> Bool {
        try await Mentorship.query(on: deps.db).filter(\.$status == .active).group(.or) { or in
            or.group(.and) { $0.filter(\.$mentor.$id == a).filter(\.$mentee.$id == b) }
            or.group(.and) { $0.filter(\.$mentor.$id == b).filter(\.$mentee.$id == a) }
        }.count() > 0
    }

    enum Answer: String { case accept, decline }

    /// The mentor answers a request. A decline tells the member kindly, names nobody else, and
    /// takes this mentor out of their suggestions.
    func answer(_ id: UUID, _ answer: Answer, by member: Member) async throws -> Mentorship {
        let m = try await pair(id, for: member.id)
        guard m.$mentor.id == member.id, m.status == .requested else { throw AppError.notFound }
        if answer == .accept {
            let profile = try await MentorProfileService(deps: deps).own(member)
            guard try await MentorProfileService(deps: deps).activeMentees(member.id) < (profile?.capacity ?? 0) else {
                throw AppError.conflict(code: "mentor_full", field: nil, message: "You are at your capacity. Raise it in your profile, or decline kindly.")
            }
        }
        m.status = answer == .accept ? .active : .declined
        m.respondedAt = deps.now()
        // Any message request between them becomes an open conversation.
        let conversation = answer == .accept ? try await MessagingService(deps: deps).between(m.$mentor.id, m.$mentee.id) : nil
        let save: @Sendable (any Database) async throws -> Void = { db in
            try await m.save(on: db)
            if let conversation, conversation.status != .accepted {
                conversation.status = .accepted
                try await conversation.save(on: db)
            }
        }
        // Accepting takes one of the mentor's free places; a decline changes nothing matching reads.
        if answer == .accept { try await deps.changing(.mentors, body: save) } else { try await deps.transaction(save) }
        // Kindly, and the same few words either way in the line; the page says the rest.
        await NotificationService(deps: deps).tell([m.$mentee.id], .init(
            kind: .mentorshipAnswer, text: answer == .accept ? "\(member.pseudonym) said yes to being your mentor" : "\(member.pseudonym) answered your mentorship request",
            link: answer == .accept ? .mentorship(id) : .mentorships, topic: "mentorship-answer:" + id.uuidString.lowercased()), actor: member.id)
        return m
    }

    func withdraw(_ id: UUID, by member: Member) async throws {
        let m = try await pair(id, for: member.id)
        guard m.$mentee.id == member.id, m.status == .requested else { throw AppError.notFound }
        m.status = .withdrawn
        try await m.save(on: deps.db)
    }

    /// Either side ends it; messages, check-ins and plans stay with each person.
    func end(_ id: UUID, note: String, by member: Member) async throws {
        let m = try await pair(id, for: member.id)
        guard m.status == .active else {
            throw AppError.conflict(code: "not_active", field: nil, message: "This mentorship is not active.")
        }
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= Self.maxMessage else {
            throw AppError.invalid([FieldError(field: "note", message: "Use at most \(Self.maxMessage) characters.")])
        }
        m.status = .ended
        m.endedAt = deps.now()
        m.$endedBy.id = member.id
        m.endNote = text.isEmpty ? nil : text
        try await deps.changing(.mentors) { db in
            try await m.save(on: db)
            // What was shared for the mentorship ends with it (both ways; either can share again).
            try await SharingGrant.revokeAll(between: m.$mentor.id, and: m.$mentee.id, at: deps.now(), on: db)
        }
    }

    /// The mentor role was taken away: their active mentorships end (and what was shared for them), and
    /// requests waiting for them are withdrawn, so no former mentor keeps a mentee's plan or check-ins.
    func endAll(asMentor mentor: UUID) async throws {
        let open = try await Mentorship.query(on: deps.db).filter(\.$mentor.$id == mentor)
            .filter(\.$status ~~ [.active, .requested]).all()
        try await deps.changing(.mentors) { db in
            for m in open {
                let wasActive = m.status == .active
                m.status = wasActive ? .ended : .withdrawn
                if wasActive {
                    m.endedAt = deps.now()
                    m.endNote = "This mentorship ended because the mentor's role changed."
                }
                try await m.save(on: db)
                try await SharingGrant.revokeAll(between: m.$mentor.id, and: m.$mentee.id, at: deps.now(), on: db)
            }
        }
    }

    // MARK: - Accountability

    func setRhythm(_ id: UUID, rhythm: String, dueTime: String, by member: Member) async throws {
        let m = try await activePair(id, for: member.id)
        var check = Validation()
        let parsed = rhythm.isEmpty ? nil : Rhythm(rawValue: rhythm)
        check.check(rhythm.isEmpty || parsed != nil, "rhythm", "Choose how often, or none.")
        check.check(dueTime.isEmpty || MeetingSchedule.clock(dueTime) != nil, "due_time", "Enter a time such as 19:00.")
        try check.finish()
        m.rhythm = parsed
        m.dueTime = dueTime.isEmpty ? nil : dueTime
        try await m.save(on: deps.db)
    }

    func checkIn(_ id: UUID, feeling: String, note: String, by member: Member) async throws -> PairCheckIn {
        let m = try await activePair(id, for: member.id)
        guard m.$mentee.id == member.id else { throw AppError.notFound }
        var check = Validation()
        let value = Int(feeling)
        check.check(value.map { (1...5).contains($0) } ?? false, "feeling", "Choose how you're doing, from 1 to 5.")
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(text.count <= Self.maxMessage, "note", "Use at most \(Self.maxMessage) characters.")
        try check.finish()
        let entry = PairCheckIn()
        entry.$mentorship.id = try m.requireID()
        entry.at = deps.now()
        entry.feeling = try value.checked("feeling")
        entry.note = text
        try await entry.create(on: deps.db)
        return entry
    }

    func checkIns(_ id: UUID, for member: UUID) async throws -> [PairCheckIn] {
        let m = try await pair(id, for: member)
        return try await PairCheckIn.query(on: deps.db).filter(\.$mentorship.$id == m.requireID()).sort(\.$at, .descending).all()
    }

    /// Reminder and missed-check-in state, in the mentee's calendar.
    func accountability(_ m: Mentorship) async throws -> Accountability.Status {
        let last = try await PairCheckIn.query(on: deps.db).filter(\.$mentorship.$id == m.requireID()).max(\.$at)
        var mentee = m.$mentee.value
        if mentee == nil { mentee = try await User.find(m.$mentee.id, on: deps.db) }
        let zone = mentee.flatMap { TimeZone(identifier: $0.timeZone) } ?? deps.defaultTimeZone
        return Accountability.status(rhythm: m.rhythm, dueTime: m.dueTime, last: last, since: m.respondedAt ?? m.requestedAt,
                                     now: deps.now(), zone: zone)
    }

    /// Start-page prompts: requests to answer, check-ins due, quiet mentees.
    func nudges(for member: Member) async throws -> [Nudge] {
        var nudges: [Nudge] = []
        // A new mentor is invited to write the profile members find them by.
        if member.has(.mentor), try await MentorProfile.query(on: deps.db).filter(\.$user.$id == member.id).count() == 0 {
            nudges.append(Nudge(text: "You're a mentor now — write your mentor profile so members looking for support can find you.",
                                path: SiteURL.myMentorProfile.path))
        }
        for m in try await mine(member.id) {
            let path = SiteURL.mentorship(try m.requireID()).path
            if m.status == .requested && m.$mentor.id == member.id {
                nudges.append(Nudge(text: "\(m.mentee.pseudonym) asked you to be their mentor.", path: SiteURL.mentorships.path))
            }
            guard m.status == .active else { continue }
            let status = try await accountability(m)
            if m.$mentee.id == member.id && status.due {
                nudges.append(Nudge(text: "Time for your check-in with \(m.mentor.pseudonym) — just a line is enough.", path: path))
            }
            if m.$mentor.id == member.id, let days = status.quietDays {
                nudges.append(Nudge(text: Accountability.quietText(days, name: m.mentee.pseudonym), path: path))
            }
        }
        return nudges
    }

    private func activePair(_ id: UUID, for member: UUID) async throws -> Mentorship {
        let m = try await pair(id, for: member)
        guard m.status == .active else {
            throw AppError.conflict(code: "not_active", field: nil, message: "This mentorship is not active.")
        }
        return m
    }

    // MARK: - Shared with the mentor

    struct Shared: Sendable {
        var clocks: [ClockSummary] = []
        var checkIns: [SharedCheckIn]?
        var recoveryCapital: [ScoreLine]?
    }

    /// What the mentee shares with the mentor through grants — nothing without one.
    func shared(in m: Mentorship) async throws -> Shared {
        let mentor = m.$mentor.id, mentee = m.$mentee.id
        var shared = Shared()
        guard m.status == .active else { return shared }
        for item in try await SharingService(deps: deps).shared(with: mentor, from: mentee) {
            if case .clock(let summary, _) = item { shared.clocks.append(summary) }
        }
        if try await deps.policy.canView(mentor, .checkIns(owner: mentee), on: deps.db) {
            shared.checkIns = try await SharedCheckIn.recent(of: mentee, on: deps.db)
        }
        shared.recoveryCapital = try await AssessmentService(deps: deps).sharedRecoveryCapital(of: mentee, with: mentor)
        return shared
    }
}

extension MentorshipService {
    /// The member's mentorships and requests as the list page shows them.
    func summaries(of member: UUID) async throws -> [PairSummary] {
        try await mine(member).map { try PairSummary($0, viewer: member) }
    }

    /// A pair's private space for one of the two: opened once a request is accepted.
    func space(_ id: UUID, for member: Member) async throws -> PairViews.Pair {
        let m = try await pair(id, for: member.id)
        // A request is answered from the list; the private space opens once it is accepted.
        guard m.status == .active || m.status == .ended else { throw AppError.notFound }
        let messaging = MessagingService(deps: deps)
        let messages = try await messaging.between(m.$mentor.id, m.$mentee.id)
            .asyncMap { try await messaging.messages(in: $0.requireID(), for: member.id) } ?? []
        return PairViews.Pair(
            mentorship: try PairSummary(m, viewer: member.id),
            messages: try messages.map {
                PairMessage(id: try $0.requireID(), mine: $0.$sender.id == member.id, sentAt: $0.sentAt, edited: $0.editedAt != nil, body: $0.body)
            },
            checkIns: try await checkIns(id, for: member.id).map { PairCheckInLine(at: $0.at, feeling: $0.feeling, note: $0.note) },
            status: try await accountability(m), shared: try await shared(in: m), zone: member.timeZone)
    }
}

extension PairSummary {
    /// Made where the pair's people were loaded with the mentorship (`pair`, `mine`).
    init(_ m: Mentorship, viewer: UUID) throws {
        let isMentor = m.$mentor.id == viewer
        self.init(id: try m.requireID(), status: m.status, viewerIsMentor: isMentor, other: isMentor ? m.mentee.pseudonym : m.mentor.pseudonym,
                  message: m.message, rhythm: m.rhythm, dueTime: m.dueTime, endNote: m.endNote)
    }
}
