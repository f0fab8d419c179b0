import FluentKit
import Foundation
import SQLKit

/// An example population for the outcomes page (`peercircle demo outcomes`): 240 members nobody can
/// sign in as, named "Example member NNN", one joining each day over eight months, a third each
/// taking part a lot, some or hardly at all, with clocks (some reset, more often the less they take
/// part), check-ins, meetings, shared strategies, BARC-10 results and answered SOS alerts — enough
/// that the report's groups pass small-cell suppression. Made once: running it again adds nothing.
enum InsightDemo {
    static let size = 240

    static func name(_ i: Int) -> String { String(format: "Example member %03d", i + 1) }

    /// Adds the population unless it is there; returns a line saying what happened. Rows go in
    /// batches (a few dozen statements, not thousands), so it is quick on PostgreSQL too.
    static func seed(_ writer: Writer, now: Date, zone: TimeZone, unusableHash: String) async throws -> String {
        try await writer.transaction { db in
            if try await User.query(on: db).filter(\.$pseudonymKey == User.key(for: name(0))).first() != nil {
                return "The example population is already there."
            }
            let today = LocalDate(now, in: zone)
            func at(_ day: LocalDate, hour: Int = 12) -> Date {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = zone
                return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour)) ?? now
            }
            var users: [[any SQLExpression]] = []
            var clocks: [Clock] = [], attempts: [ClockAttempt] = [], checkIns: [CheckIn] = [], attendances: [AttendanceRecord] = []
            var strategies: [Strategy] = [], assessments: [Assessment] = [], alerts: [SupportAlert] = []
            for i in 0..<size {
                let id = UUID()
                let joined = today.adding(days: -(10 + i))
                users.append([SQLBind(id), SQLBind(name(i)), SQLBind(User.key(for: name(i))), SQLLiteral.null, SQLBind(unusableHash),
                              SQLBind(zone.identifier), SQLLiteral.null, SQLBind(""), SQLBind(at(joined, hour: 9)), SQLBind(at(joined, hour: 9))])
                let group = i % 3 // 0 high, 1 moderate, 2 low engagement
                // About a quarter, two fifths and a half and more start again, as the published figures go.
                let reset = [i % 12 == 0, (i / 3) % 5 < 2, (i / 3) % 20 < 11][group]

                let clock = Clock()
                clock.id = UUID()
                clock.$owner.id = id
                (clock.label, clock.kind, clock.currency) = ("Sober", .alcohol, "USD")
                clock.startedOn = (reset ? today.adding(days: -30) : joined).description
                clocks.append(clock)
                if reset {
                    attempts.append(ClockAttempt(clockID: try clock.requireID(), startedOn: joined, endedOn: today.adding(days: -30), note: nil))
                }
                let days = group == 2 ? [60] : Array(0..<12)
                for d in days where today.adding(days: -d) >= joined {
                    checkIns.append(CheckIn(ownerID: id, date: today.adding(days: -d),
                                            draft: CheckInDraft(mood: 3 + group % 2, craving: 2 + group, sober: .yes, triggers: [], tags: [],
                                                                gratitude: nil, note: nil, safe: nil)))
                }
                if group == 0 {
                    for d in [1, 3, 5, 8, 10] where today.adding(days: -d) >= joined {
                        let a = AttendanceRecord()
                        a.$user.id = id
                        (a.meetingName, a.localDate, a.localTime, a.timeZone, a.mode) = ("Example meeting", today.adding(days: -d).description, "19:00",
                                                                                          zone.identifier, .inPerson)
                        attendances.append(a)
                    }
                    for d in [2, 6] {
                        let s = Strategy()
                        s.$author.id = id
                        (s.title, s.body, s.situationsText, s.featured, s.removed) = ("What helps me (example)", "A walk and a call.", "craving", false, false)
                        s.createdAt = at(today.adding(days: -d))
                        strategies.append(s)
                    }
                    let first = 30 + i % 10
                    let latest = (i / 3) % 4 == 0 ? first - 2 : first + 5
                    for (day, total) in [(joined, first), (today.adding(days: -5), latest)] {
                        assessments.append(Assessment(owner: id, instrument: .barc10, answers: InsightDemo.answers(total: total), total: total,
                                                      difficulty: nil, day: day, at: at(day)))
                    }
                }
                if i < 12 {
                    let alert = SupportAlert()
                    alert.$member.id = id
                    (alert.need, alert.message, alert.status) = (.talk, "", .closed)
                    alert.createdAt = at(today.adding(days: -(i + 1)))
                    alert.firstResponseAt = alert.createdAt.addingTimeInterval(Double(i + 1) * 60)
                    alerts.append(alert)
                }
            }
            // Members with the day they joined (Fluent would stamp them all "now").
            var insert = try db.sql.insert(into: User.schema)
                .columns("id", "pseudonym", "pseudonym_key", "email", "password_hash", "time_zone", "country", "first_steps", "created_at", "updated_at")
            for row in users { insert = insert.values(row) }
            try await insert.run()
            for chunk in stride(from: 0, to: clocks.count, by: 400) { try await clocks[chunk..<min(chunk + 400, clocks.count)].create(on: db) }
            try await attempts.create(on: db)
            for chunk in stride(from: 0, to: checkIns.count, by: 400) { try await checkIns[chunk..<min(chunk + 400, checkIns.count)].create(on: db) }
            try await attendances.create(on: db)
            try await strategies.create(on: db)
            try await assessments.create(on: db)
            try await alerts.create(on: db)
            return "Added \(size) example members (\"\(name(0))\" to \"\(name(size - 1))\"): see /admin/outcomes."
        }
    }

    /// BARC-10 answers (1–6 each) adding up to `total`.
    static func answers(total: Int) -> [Int] {
        var left = total - 10
        return (0..<10).map { _ in
            let add = min(5, left)
            left -= add
            return 1 + add
        }
    }
}
