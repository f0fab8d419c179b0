import FluentKit
import Foundation
import SQLKit

/// The programme's outcomes for its operator: aggregates only, every figure from at least
/// `minimum` members (`PEERCIRCLE_OUTCOMES_MINIMUM_CELL`, never below 10).
struct OutcomeService: Sendable {
    let deps: AppDependencies

    /// The figures the articles give for sustained recovery by engagement.
    static let published: [EngagementRule.Level: Double] = [.high: 0.75, .moderate: 0.60, .low: 0.45]
    static let retentionDays = [30, 90, 180]
    static let soberBuckets: [(label: String, range: ClosedRange<Int>)] = [
        ("Under 30 days", 0...29), ("30–89 days", 30...89), ("90–179 days", 90...179), ("180–364 days", 180...364),
        ("1–2 years", 365...729), ("2 years or more", 730...Int.max),
    ]

    struct Report: Sendable {
        let minimum: Int
        let today: LocalDate
        let members: Int
        let active: Int
        /// Days → (members joined at least that long ago, of them still active after that day).
        let retention: [(days: Int, proportion: OutcomeStats.Proportion)]
        let sober: [(label: String, count: Int, hidden: Bool)]
        let barc: (members: Int, firstMean: Double, latestMean: Double, improved: Int)?
        let meetings: (attendances: Int, members: Int)
        let sos: (alerts: Int, members: Int, answered: Int, medianMinutes: Double?, p90Minutes: Double?)
        let sustained: [(level: EngagementRule.Level, proportion: OutcomeStats.Proportion)]
    }

    func report(by member: Member) async throws -> Report {
        try member.require(.admin)
        return try await report()
    }

    func report() async throws -> Report {
        let db = try deps.db, sql = try deps.db.sql
        let now = deps.now(), zone = deps.defaultTimeZone, today = LocalDate(now, in: zone)
        let minimum = max(10, deps.configuration.outcomesMinimumCell)

        struct Joined: Decodable { let id: UUID; let created_at: Date? }
        // Members only: the team account that signs the starter content is nobody's recovery.
        let users = try await sql.raw("SELECT id, created_at FROM users WHERE pseudonym_key <> \(bind: StarterContent.teamKey)")
            .all(decoding: Joined.self)
        let lastActive = try await lastActiveDays(sql, zone: zone)
        let engagement = try await EngagementService(deps: deps).counts(for: nil, endingAt: now)
        let active = users.filter { user in engagement[user.id]?.lastActive != nil }.count

        var retention: [(Int, OutcomeStats.Proportion)] = []
        for days in Self.retentionDays {
            var cohort = 0, retained = 0
            for user in users {
                guard let joined = user.created_at.map({ LocalDate($0, in: zone) }), joined.days(to: today) >= days else { continue }
                cohort += 1
                if let last = lastActive[user.id], joined.days(to: last) >= days { retained += 1 }
            }
            retention.append((days, OutcomeStats.Proportion(count: retained, total: cohort)))
        }

        // Clocks: each member's longest current run, and resets in the last 90 days.
        let clocks = try await Clock.query(on: db).with(\.$attempts).all()
        var longest: [UUID: Int] = [:], firstStart: [UUID: LocalDate] = [:], resetLately = Set<UUID>()
        for clock in clocks {
            guard let start = LocalDate(clock.startedOn) else { continue }
            let owner = clock.$owner.id
            longest[owner] = max(longest[owner] ?? 0, max(0, start.days(to: today)))
            let starts = [start] + clock.attempts.compactMap { LocalDate($0.startedOn) }
            if let first = starts.min() { firstStart[owner] = min(firstStart[owner] ?? first, first) }
            if clock.attempts.contains(where: { LocalDate($0.endedOn).map { $0.days(to: today) < 90 } ?? false }) { resetLately.insert(owner) }
        }
        let soberCounts = Self.soberBuckets.map { bucket in longest.values.filter { bucket.range.contains($0) }.count }
        let hidden = OutcomeStats.suppress(soberCounts, minimum: minimum)
        let sober = Self.soberBuckets.indices.map { (Self.soberBuckets[$0].label, soberCounts[$0], hidden[$0]) }

        var sustained: [EngagementRule.Level: (Int, Int)] = [:]
        for (owner, first) in firstStart where first.days(to: today) >= 90 {
            let level = EngagementRule.level(engagement[owner] ?? .init())
            let (kept, total) = sustained[level] ?? (0, 0)
            sustained[level] = (kept + (resetLately.contains(owner) ? 0 : 1), total + 1)
        }

        // BARC-10: first and latest of everyone who took it twice or more.
        let barcs = try await Assessment.query(on: db).filter(\.$instrument == .barc10).sort(\.$takenAt).all()
        let byOwner = Dictionary(grouping: barcs, by: { $0.$owner.id }).values.filter { $0.count >= 2 }
        let barc: (Int, Double, Double, Int)? = byOwner.isEmpty ? nil : (
            byOwner.count,
            Double(byOwner.compactMap { $0.first?.total }.reduce(0, +)) / Double(byOwner.count),
            Double(byOwner.compactMap { $0.last?.total }.reduce(0, +)) / Double(byOwner.count),
            byOwner.filter { ($0.last?.total ?? 0) > ($0.first?.total ?? 0) }.count)

        let from = today.adding(days: -(EngagementRule.windowDays - 1)).description
        let attendances = try await AttendanceRecord.query(on: db).filter(\.$localDate >= from).field(\.$user.$id).all()

        let since = now.addingTimeInterval(-90 * 86_400)
        let alerts = try await SupportAlert.query(on: db).filter(\.$createdAt >= since).all()
        let waits = alerts.compactMap { a in a.firstResponseAt.map { $0.timeIntervalSince(a.createdAt) / 60 } }

        return Report(
            minimum: minimum, today: today, members: users.count, active: active, retention: retention, sober: sober,
            barc: barc.map { (members: $0.0, firstMean: $0.1, latestMean: $0.2, improved: $0.3) },
            meetings: (attendances.count, Set(attendances.map { $0.$user.id }).count),
            sos: (alerts.count, Set(alerts.map { $0.$member.id }).count, waits.count, OutcomeStats.median(waits), OutcomeStats.quantile(waits, 0.9)),
            sustained: EngagementRule.Level.allCases.reversed().map { level in
                let (kept, total) = sustained[level] ?? (0, 0)
                return (level, OutcomeStats.Proportion(count: kept, total: total))
            })
    }

    /// Each member's last day of any activity the programme counts, over all time.
    private func lastActiveDays(_ sql: any SQLDatabase, zone: TimeZone) async throws -> [UUID: LocalDate] {
        struct DayRow: Decodable { let who: UUID; let last: String? }
        struct TimeRow: Decodable { let who: UUID; let last: Date? }
        var result: [UUID: LocalDate] = [:]
        func keep(_ who: UUID, _ day: LocalDate?) {
            guard let day else { return }
            if result[who].map({ $0 < day }) ?? true { result[who] = day }
        }
        for (table, column) in [("check_ins", "owner_id"), ("daily_pledges", "owner_id"), ("attendances", "user_id")] {
            for row in try await sql.raw("SELECT \(ident: column) AS who, MAX(local_date) AS last FROM \(ident: table) GROUP BY \(ident: column)")
                .all(decoding: DayRow.self) { keep(row.who, row.last.flatMap(LocalDate.init)) }
        }
        for (table, column, time) in [("posts", "author_id", "created_at"), ("direct_messages", "sender_id", "sent_at"),
                                      ("assessments", "owner_id", "taken_at"), ("room_participants", "user_id", "created_at"),
                                      ("strategies", "author_id", "created_at")] {
            for row in try await sql.raw("SELECT \(ident: column) AS who, MAX(\(ident: time)) AS last FROM \(ident: table) GROUP BY \(ident: column)")
                .all(decoding: TimeRow.self) { keep(row.who, row.last.map { LocalDate($0, in: zone) }) }
        }
        return result
    }
}
