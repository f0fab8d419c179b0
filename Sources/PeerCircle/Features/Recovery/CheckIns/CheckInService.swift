import FluentKit
import Foundation

/// Daily check-ins: one per local day, editable that day only.
struct CheckInService: Sendable {
    let deps: AppDependencies

    func today(for member: Member) async throws -> CheckIn? {
        try await CheckIn.query(on: deps.db)
            .filter(\.$owner.$id == member.id)
            .filter(\.$localDate == member.today(now: deps.now()).description)
            .first()
    }

    /// Records today's check-in; a second one for the same day is a conflict (edit the first instead).
    func create(_ input: CheckInCommand, for member: Member) async throws -> CheckIn {
        let draft = try input.validate()
        if let existing = try await today(for: member) { throw Self.alreadyCheckedIn(existing) }
        let checkIn = CheckIn(ownerID: member.id, date: member.today(now: deps.now()), draft: draft)
        do {
            try await checkIn.create(on: deps.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two requests raced; the unique index kept one.
            throw Self.alreadyCheckedIn(nil)
        }
        try await CrisisReviewService(deps: deps).checkIn(checkIn, member: member)
        return checkIn
    }

    /// Creates or changes today's check-in (the web form does both).
    func saveToday(_ input: CheckInCommand, for member: Member) async throws -> CheckIn {
        guard let existing = try await today(for: member) else { return try await create(input, for: member) }
        existing.apply(try input.validate())
        try await existing.save(on: deps.db)
        try await CrisisReviewService(deps: deps).checkIn(existing, member: member)
        return existing
    }

    /// Changes a check-in by id: only its owner, only on its own day.
    func update(_ id: UUID, _ input: CheckInCommand, for member: Member) async throws -> CheckIn {
        let checkIn = try await owned(id, by: member)
        let draft = try input.validate()
        guard checkIn.localDate == member.today(now: deps.now()).description else {
            throw AppError.conflict(code: "check_in_closed", field: nil,
                                    message: "A check-in can only be changed on its own day.")
        }
        checkIn.apply(draft)
        try await checkIn.save(on: deps.db)
        try await CrisisReviewService(deps: deps).checkIn(checkIn, member: member)
        return checkIn
    }

    func owned(_ id: UUID, by member: Member) async throws -> CheckIn {
        guard let checkIn = try await CheckIn.query(on: deps.db)
            .filter(\.$id == id).filter(\.$owner.$id == member.id).first()
        else { throw AppError.notFound }
        return checkIn
    }

    /// How far back a history may look, in days.
    static let historyDays = 1...366

    /// Check-ins of the last `days` days (today included), oldest first.
    func history(for member: Member, days: Int) async throws -> CheckInHistory {
        guard Self.historyDays.contains(days) else {
            throw AppError.invalid([FieldError(field: "days", message: "Use a number of days from 1 to 366.")])
        }
        let today = member.today(now: deps.now())
        let from = today.adding(days: -(days - 1))
        let items = try await CheckIn.query(on: deps.db)
            .filter(\.$owner.$id == member.id)
            .filter(\.$localDate >= from.description)
            .filter(\.$localDate <= today.description)
            .sort(\.$localDate, .ascending)
            .all()
        // Streaks look at every day, not only the window shown.
        let allDates = try await CheckIn.query(on: deps.db)
            .filter(\.$owner.$id == member.id)
            .field(\.$localDate)
            .all()
            .compactMap { LocalDate($0.localDate) }
        return CheckInHistory(items: items, from: from, today: today, streaks: Streaks(dates: allDates, today: today))
    }

    private static func alreadyCheckedIn(_ existing: CheckIn?) -> AppError {
        .conflict(code: "already_checked_in", field: "local_date",
                  message: "You already checked in today. You can change today's check-in instead.")
    }
}

struct CheckInHistory: Sendable {
    let items: [CheckIn]
    let from: LocalDate
    let today: LocalDate
    let streaks: Streaks
}

/// Check-in streaks, told kindly: a missed day ends a run, it doesn't erase it.
struct Streaks: Sendable, Equatable {
    /// Days in a row up to today (or up to yesterday, when today is not done yet).
    let current: Int
    let longest: Int
    let total: Int

    init(dates: [LocalDate], today: LocalDate) {
        let days = Set(dates.filter { $0 <= today })
        total = days.count
        var longest = 0, run = 0
        var previous: LocalDate?
        for day in days.sorted() {
            run = (previous.map { $0.days(to: day) == 1 } ?? false) ? run + 1 : 1
            longest = max(longest, run)
            previous = day
        }
        self.longest = longest
        var cursor = days.contains(today) ? today : today.adding(days: -1)
        var current = 0
        while days.contains(cursor) {
            current += 1
            cursor = cursor.adding(days: -1)
        }
        self.current = current
    }

    /// A sentence that encourages whatever the numbers are.
    var message: String {
        switch (current, total) {
        case (_, 0): "Your first check-in starts your record. There's no wrong way to do it."
        case (0, _): "Welcome back. Every check-in counts, whenever it happens — you've checked in \(total) \(total == 1 ? "time" : "times") so far."
        case (1, _): "You checked in today. You've checked in \(total) \(total == 1 ? "time" : "times") in all."
        default: "\(current) days in a row. You've checked in \(total) times in all."
        }
    }
}
