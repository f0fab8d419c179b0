import FluentKit
import Foundation

/// Counts what members did in a 30-day window, for the engagement rule — one member or everyone at
/// once (a handful of queries, whatever the number of members).
struct EngagementService: Sendable {
    let deps: AppDependencies

    /// Whole days since the member joined (a newcomer's 30 days are not all theirs yet).
    func daysSinceJoining(_ member: Member) async throws -> Int {
        guard let joined = try await AccountService(deps: deps).user(id: member.id)?.createdAt else { return EngagementRule.windowDays }
        return max(0, Int(deps.now().timeIntervalSince(joined) / 86_400))
    }

    /// The member's level now, with the counts it came from.
    func mine(_ member: Member) async throws -> EngagementRule.Counts {
        try await counts(for: [member.id], endingAt: deps.now(), zone: member.timeZone)[member.id] ?? EngagementRule.Counts()
    }

    /// Counts for `users` (nil: everyone with any activity) over the 30 days ending at `end`.
    /// Calendar days are read in `zone` (the instance's, for many members at once).
    func counts(for users: Set<UUID>?, endingAt end: Date, zone: TimeZone? = nil) async throws -> [UUID: EngagementRule.Counts] {
        let db = try deps.db
        let start = end.addingTimeInterval(-Double(EngagementRule.windowDays) * 86_400)
        let zone = zone ?? deps.defaultTimeZone
        let lastDay = LocalDate(end, in: zone), firstDay = lastDay.adding(days: -(EngagementRule.windowDays - 1))
        var result: [UUID: EngagementRule.Counts] = [:]
        func include(_ user: UUID) -> Bool { users?.contains(user) ?? true }
        // A few members (one page, the outreach list): asked of the database for them alone. Very many,
        // or everyone: read once and sorted here (bind lists have limits).
        let asked = users.flatMap { $0.count <= 500 ? Array($0) : nil }
        func only<M: Model>(_ query: QueryBuilder<M>, _ key: KeyPath<M, FieldProperty<M, UUID>>) -> QueryBuilder<M> {
            asked.map { query.filter(key ~~ $0) } ?? query
        }
        func touch(_ user: UUID, _ at: Date?) {
            guard let at else { return }
            if (result[user]?.lastActive ?? .distantPast) < at { result[user, default: .init()].lastActive = at }
        }
        /// Midday of a calendar day: when a check-in or a meeting counts as having happened.
        func dayStart(_ text: String) -> Date? {
            LocalDate(text).flatMap { day in
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = zone
                return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))
            }
        }

        // Meetings: days with recorded attendance or a live room joined.
        var meetingDays: [UUID: Set<String>] = [:]
        for a in try await only(AttendanceRecord.query(on: db), \.$user.$id).filter(\.$localDate >= firstDay.description).filter(\.$localDate <= lastDay.description)
            .field(\.$user.$id).field(\.$localDate).all() where include(a.$user.id) {
            meetingDays[a.$user.id, default: []].insert(a.localDate)
            touch(a.$user.id, dayStart(a.localDate))
        }
        for p in try await only(RoomParticipant.query(on: db), \.$user.$id).filter(\.$createdAt >= start).filter(\.$createdAt <= end)
            .field(\.$user.$id).field(\.$createdAt).all() where include(p.$user.id) {
            guard let at = p.createdAt else { continue }
            meetingDays[p.$user.id, default: []].insert(LocalDate(at, in: zone).description)
            touch(p.$user.id, at)
        }
        for (user, days) in meetingDays { result[user, default: .init()].meetingDays = days.count }

        // Check-ins: days with a check-in, a pledge or an evening review.
        var checkInDays: [UUID: Set<String>] = [:]
        for c in try await only(CheckIn.query(on: db), \.$owner.$id).filter(\.$localDate >= firstDay.description).filter(\.$localDate <= lastDay.description)
            .field(\.$owner.$id).field(\.$localDate).all() where include(c.$owner.id) {
            checkInDays[c.$owner.id, default: []].insert(c.localDate)
            touch(c.$owner.id, dayStart(c.localDate))
        }
        for p in try await only(DailyPledge.query(on: db), \.$owner.$id).filter(\.$localDate >= firstDay.description).filter(\.$localDate <= lastDay.description)
            .all() where include(p.$owner.id) {
            checkInDays[p.$owner.id, default: []].insert(p.localDate)
            touch(p.$owner.id, p.reviewedAt ?? p.pledgedAt)
        }
        for (user, days) in checkInDays { result[user, default: .init()].checkInDays = days.count }

        // Mentor contact: pair check-ins (for both of the pair) and messages sent to one's mentor or mentee.
        var pairQuery = Mentorship.query(on: db).filter(\.$status ~~ [.active, .ended])
        if let asked { pairQuery = pairQuery.group(.or) { $0.filter(\.$mentor.$id ~~ asked).filter(\.$mentee.$id ~~ asked) } }
        let pairs = try await pairQuery.all()
        let pairOf = Dictionary(pairs.compactMap { m in m.id.map { ($0, (m.$mentor.id, m.$mentee.id)) } }, uniquingKeysWith: { a, _ in a })
        let paired = Set(pairs.flatMap { ["\($0.$mentor.id)|\($0.$mentee.id)", "\($0.$mentee.id)|\($0.$mentor.id)"] })
        var pairCheckIns = PairCheckIn.query(on: db).filter(\.$at >= start).filter(\.$at <= end)
        if asked != nil { pairCheckIns = pairCheckIns.filter(\.$mentorship.$id ~~ Array(pairOf.keys)) }
        for c in try await pairCheckIns.all() {
            guard let (mentor, mentee) = pairOf[c.$mentorship.id] else { continue }
            for user in [mentor, mentee] where include(user) {
                result[user, default: .init()].mentorContacts += 1
                touch(user, c.at)
            }
        }
        let messages = try await only(DirectMessage.query(on: db), \.$sender.$id).filter(\.$sentAt >= start).filter(\.$sentAt <= end)
            .with(\.$conversation).all()
        for m in messages where include(m.$sender.id) {
            let other = m.conversation.$first.id == m.$sender.id ? m.conversation.$second.id : m.conversation.$first.id
            touch(m.$sender.id, m.sentAt)
            if paired.contains("\(m.$sender.id)|\(other)") { result[m.$sender.id, default: .init()].mentorContacts += 1 }
        }

        // Community: posts and replies, and coping strategies shared.
        for p in try await only(Post.query(on: db), \.$author.$id).filter(\.$createdAt >= start).filter(\.$createdAt <= end)
            .field(\.$author.$id).field(\.$createdAt).all() where include(p.$author.id) {
            result[p.$author.id, default: .init()].communityActions += 1
            touch(p.$author.id, p.createdAt)
        }
        for s in try await only(Strategy.query(on: db), \.$author.$id).filter(\.$createdAt >= start).filter(\.$createdAt <= end)
            .field(\.$author.$id).field(\.$createdAt).all() where include(s.$author.id) {
            result[s.$author.id, default: .init()].communityActions += 1
            touch(s.$author.id, s.createdAt)
        }
        return result
    }
}
