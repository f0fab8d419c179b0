import Foundation

/// What a clock page shows, computed for one day in the viewer's calendar.
struct ClockSummary: Sendable, Equatable {
    struct Attempt: Sendable, Equatable {
        let startedOn: LocalDate
        let endedOn: LocalDate
        let days: Int
        /// Only the owner sees their notes.
        let note: String?
    }

    let id: UUID
    let label: String
    let kind: Clock.Kind
    let startedOn: LocalDate
    let today: LocalDate
    let days: Int
    let dailyCostCents: Int?
    let currency: String
    let next: Milestone
    let reached: [Milestone]
    let attempts: [Attempt]

    var moneySavedCents: Int? { dailyCostCents.map { $0 * days } }
    var daysToNext: Int { today.days(to: next.date) }

    init(_ clock: Clock, attempts: [ClockAttempt], today: LocalDate, includeNotes: Bool) {
        id = clock.id!
        label = clock.label
        kind = clock.kind
        startedOn = clock.startDate
        self.today = today
        days = max(0, clock.startDate.days(to: today))
        dailyCostCents = clock.dailyCostCents
        currency = clock.currency
        next = Milestones.next(from: clock.startDate, today: today)
        reached = Milestones.reached(from: clock.startDate, today: today)
        self.attempts = attempts
            .sorted { $0.startedOn > $1.startedOn }
            .map { a in
                let start = LocalDate(a.startedOn)!, end = LocalDate(a.endedOn)!
                return Attempt(startedOn: start, endedOn: end, days: max(0, start.days(to: end)),
                               note: includeNotes ? a.note : nil)
            }
    }
}

enum Money {
    /// Minor units as a form shows them: 12050 → "120.50" (no floating point on the way).
    static func plain(minor: Int) -> String {
        "\(minor / 100)." + String(String(abs(minor % 100) + 100).dropFirst())
    }

    static func format(cents: Int, currency: String) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .currency
        formatter.currencyCode = currency
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: NSNumber(value: Double(cents) / 100)) ?? "\(currency) \(cents / 100)"
    }
}
