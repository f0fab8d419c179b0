import FluentKit
import Foundation

/// The morning pledge and the evening review: once per local day each, the review changeable that day.
struct PledgeService: Sendable {
    let deps: AppDependencies

    /// One day's pledge and review, as pages show them.
    struct Day: Sendable, Equatable {
        let day: LocalDate
        let pledgedAt: Date?
        let went: DailyPledge.Went?
        let helped: String?
    }

    static let words = "Today I'm staying sober, and I'll reach out if I struggle."

    /// Makes today's pledge; a second press the same day changes nothing.
    func pledge(for member: Member) async throws {
        let day = member.today(now: deps.now())
        if let existing = try await row(member, day) {
            guard existing.pledgedAt == nil else { return }
            existing.pledgedAt = deps.now()
            try await existing.save(on: deps.db)
            return
        }
        let row = DailyPledge()
        row.$owner.id = member.id
        row.localDate = day.description
        row.pledgedAt = deps.now()
        do { try await row.create(on: deps.db) } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two presses at once: the unique index kept one; make sure it is a pledge.
            try await pledge(for: member)
        }
    }

    /// Looks back on today: how it went and, optionally, what helped.
    func review(went: String, helped: String, for member: Member) async throws -> DailyPledge.Went {
        var check = Validation()
        let went = DailyPledge.Went(rawValue: went)
        check.check(went != nil, "went", "Choose how the day went.")
        let helped = helped.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(helped.count <= 280, "helped", "Use at most 280 characters.")
        try check.finish()
        let day = member.today(now: deps.now())
        let row = try await row(member, day) ?? {
            let row = DailyPledge()
            row.$owner.id = member.id
            row.localDate = day.description
            return row
        }()
        row.went = went
        row.helped = helped.isEmpty ? nil : helped
        row.reviewedAt = deps.now()
        do { try await row.save(on: deps.db) } catch let error as any DatabaseError where error.isConstraintFailure {
            return try await review(went: went?.rawValue ?? "", helped: helped, for: member)
        }
        return try went.checked("went")
    }

    /// Days with a pledge or a review in a window, oldest first; and the pledge streaks over all time.
    func history(for member: Member, from: LocalDate, to: LocalDate) async throws -> (days: [Day], streaks: Streaks) {
        let days = try await DailyPledge.query(on: deps.db).filter(\.$owner.$id == member.id).sort(\.$localDate).all().compactMap(Self.day)
        let pledged = days.filter { $0.pledgedAt != nil }.map(\.day)
        return (days.filter { $0.day >= from && $0.day <= to }, Streaks(dates: pledged, today: member.today(now: deps.now())))
    }

    /// Today's pledge and review, and the days of pledges in a row (from one read).
    func today(for member: Member) async throws -> (today: Day?, streak: Int) {
        let day = member.today(now: deps.now())
        let history = try await history(for: member, from: day, to: day)
        return (history.days.first, history.streaks.current)
    }

    private func row(_ member: Member, _ day: LocalDate) async throws -> DailyPledge? {
        try await DailyPledge.query(on: deps.db).filter(\.$owner.$id == member.id).filter(\.$localDate == day.description).first()
    }

    private static func day(_ row: DailyPledge) -> Day? {
        LocalDate(row.localDate).map { Day(day: $0, pledgedAt: row.pledgedAt, went: row.went, helped: row.helped) }
    }
}
