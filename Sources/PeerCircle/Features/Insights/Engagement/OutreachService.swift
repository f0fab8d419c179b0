import FluentKit
import Foundation

/// Outreach: members who asked peer staff to reach out if they go quiet, and the staff's record of
/// doing so. Members who did not ask never appear; peer staff and responders only.
struct OutreachService: Sendable {
    let deps: AppDependencies

    static let quietChoices = [3, 7, 14, 21, 30]
    /// Someone reached out within this many days is listed apart, not again as needing it.
    static let recentDays = 7

    struct Consent: Sendable, Equatable {
        let optedIn: Bool
        let quietDays: Int
    }

    /// A member on the outreach list.
    struct Line: Sendable {
        let user: UUID
        let pseudonym: String
        let reason: String
        let lastReached: (at: Date, by: String, note: String)?
    }

    func consent(of member: UUID) async throws -> Consent {
        let row = try await OutreachConsent.query(on: deps.db).filter(\.$user.$id == member).first()
        return Consent(optedIn: row != nil, quietDays: row?.quietDays ?? 7)
    }

    /// Opts in (with how many quiet days before someone reaches out) or out; opting out also deletes
    /// the staff's records about the member.
    func setConsent(_ optIn: Bool, quietDays: Int, for member: Member) async throws {
        guard !optIn || Self.quietChoices.contains(quietDays) else {
            throw AppError.invalid([FieldError(field: "quiet_days", message: "Choose 3, 7, 14, 21 or 30 days.")])
        }
        let now = deps.now()
        try await deps.writer.replacing { db in
            try await OutreachConsent.query(on: db).filter(\.$user.$id == member.id).delete()
            guard optIn else {
                try await OutreachContact.query(on: db).filter(\.$user.$id == member.id).delete()
                return
            }
            let row = OutreachConsent()
            row.$user.id = member.id
            row.quietDays = quietDays
            row.createdAt = now
            try await row.create(on: db)
        }
    }

    static func mayReachOut(_ staff: Member) -> Bool { staff.has(.peerStaff) || staff.has(.responder) }

    /// Opted-in members whose engagement fell to low in two weeks or who have been quiet for the
    /// days they chose; and apart, those someone reached out to this week.
    func list(for staff: Member) async throws -> (needed: [Line], recent: [Line]) {
        guard Self.mayReachOut(staff) else { throw AppError.notFound }
        // Someone who blocked this staff member (or whom they blocked) is never listed to them.
        let blocked = try await Blocks(db: deps.db).all(of: staff.id)
        let consents = try await OutreachConsent.query(on: deps.db).all().filter { !blocked.contains($0.$user.id) && $0.$user.id != staff.id }
        guard !consents.isEmpty else { return ([], []) }
        let users = Set(consents.map { $0.$user.id })
        let now = deps.now()
        let engagement = EngagementService(deps: deps)
        let current = try await engagement.counts(for: users, endingAt: now)
        let before = try await engagement.counts(for: users, endingAt: now.addingTimeInterval(-14 * 86_400))
        let names = try await AccountService(deps: deps).names(Array(users))
        let contacts = try await OutreachContact.query(on: deps.db).filter(\.$user.$id ~~ Array(users)).sort(\.$createdAt, .descending).all()
        let staffNames = try await AccountService(deps: deps).names(contacts.compactMap { $0.$staff.id })
        var needed: [Line] = [], recent: [Line] = []
        for consent in consents {
            let user = consent.$user.id
            let now30 = current[user] ?? .init(), then = before[user] ?? .init()
            let level = EngagementRule.level(now30), was = EngagementRule.level(then)
            var reasons: [String] = []
            if level == .low && was > .low { reasons.append("Engagement fell from \(was.title.lowercased()) to low in the last two weeks") }
            // Quiet counts from the last thing they did, or from the day they asked (asking is taking part).
            let since = max(now30.lastActive ?? consent.createdAt, consent.createdAt)
            let days = Int(now.timeIntervalSince(since) / 86_400)
            if days >= consent.quietDays {
                reasons.append(now30.lastActive == nil && days >= EngagementRule.windowDays
                    ? "Nothing in the last \(EngagementRule.windowDays) days (they asked after \(consent.quietDays))"
                    : "Nothing for \(days) days (they asked after \(consent.quietDays))")
            }
            let contact = contacts.first { $0.$user.id == user }
            let line = Line(user: user, pseudonym: names[user] ?? "A member", reason: reasons.joined(separator: "; "),
                            lastReached: contact.map { ($0.createdAt, $0.$staff.id.flatMap { staffNames[$0] } ?? "A former staff member", $0.note) })
            if let contact, now.timeIntervalSince(contact.createdAt) < Double(Self.recentDays) * 86_400 {
                recent.append(line)
            } else if !reasons.isEmpty {
                needed.append(line)
            }
        }
        return (needed.sorted { $0.pseudonym < $1.pseudonym }, recent.sorted { $0.pseudonym < $1.pseudonym })
    }

    /// Records "we reached out" for an opted-in member; anyone else is not found.
    func reachedOut(_ user: UUID, note: String, by staff: Member) async throws {
        guard Self.mayReachOut(staff), user != staff.id, try await consent(of: user).optedIn,
              try await !Blocks(db: deps.db).between(staff.id, user) else { throw AppError.notFound }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 500 else { throw AppError.invalid([FieldError(field: "note", message: "Use at most 500 characters.")]) }
        let now = deps.now()
        let staffID = staff.id
        // Pressed twice (or by two tabs), the same record is kept once.
        try await deps.writer.transaction { db in
            let same = try await OutreachContact.query(on: db).filter(\.$user.$id == user).filter(\.$staff.$id == staffID)
                .filter(\.$note == note).filter(\.$createdAt >= now.addingTimeInterval(-600)).count()
            guard same == 0 else { return }
            let row = OutreachContact()
            row.$user.id = user
            row.$staff.id = staffID
            row.note = note
            row.createdAt = now
            try await row.create(on: db)
        }
    }
}
