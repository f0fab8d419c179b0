import FluentKit
import Foundation

/// Sobriety clocks: create, read (through the policy), edit, reset with history, delete.
struct ClockService: Sendable {
    let deps: AppDependencies

    /// The member's clocks as stored, oldest first (for choosing one, say).
    func clocks(of member: Member) async throws -> [Clock] {
        try await Clock.query(on: deps.db).filter(\.$owner.$id == member.id).sort(\.$createdAt).all()
    }

    func list(for member: Member) async throws -> [ClockSummary] {
        let clocks = try await Clock.query(on: deps.db)
            .filter(\.$owner.$id == member.id)
            .with(\.$attempts)
            .sort(\.$createdAt, .ascending)
            .all()
        let today = member.today(now: deps.now())
        return clocks.map { ClockSummary($0, attempts: $0.attempts, today: today, includeNotes: true) }
    }

    /// A clock as `viewer` may see it; 404 when missing or not shared with them.
    func summary(_ id: UUID, viewer: Member) async throws -> (summary: ClockSummary, owner: User) {
        guard let clock = try await Clock.query(on: deps.db).filter(\.$id == id).with(\.$attempts).with(\.$owner).first() else {
            throw AppError.notFound
        }
        try await deps.policy.requireView(viewer.id, .clock(id: id, owner: clock.$owner.id), on: deps.db)
        let isOwner = clock.$owner.id == viewer.id
        // A shared clock counts days in its owner's calendar: it is their day that matters.
        let zone = isOwner ? viewer.timeZone : (TimeZone(identifier: clock.owner.timeZone) ?? deps.defaultTimeZone)
        let today = LocalDate(deps.now(), in: zone)
        return (ClockSummary(clock, attempts: clock.attempts, today: today, includeNotes: isOwner), clock.owner)
    }

    /// The clock if `member` owns it; anything else is a 404.
    func owned(_ id: UUID, by member: Member) async throws -> Clock {
        guard let clock = try await Clock.query(on: deps.db)
            .filter(\.$id == id).filter(\.$owner.$id == member.id).first()
        else { throw AppError.notFound }
        return clock
    }

    func create(_ input: ClockInput, for member: Member) async throws -> Clock {
        let draft = try input.validate(today: member.today(now: deps.now()))
        let clock = Clock(ownerID: member.id, draft: draft)
        try await clock.create(on: deps.db)
        return clock
    }

    /// Corrects a clock (a typo in the date, a new name). Not a reset: no history is written.
    func update(_ id: UUID, _ input: ClockInput, for member: Member) async throws -> Clock {
        let clock = try await owned(id, by: member)
        let draft = try input.validate(today: member.today(now: deps.now()))
        clock.apply(draft)
        try await clock.save(on: deps.db)
        return clock
    }

    /// Starts the clock again from `newStart`, keeping the attempt that ended in the history.
    func reset(_ id: UUID, newStart: String, note: String, for member: Member) async throws -> Clock {
        let clock = try await owned(id, by: member)
        let today = member.today(now: deps.now())
        var check = Validation()
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        let start = LocalDate(newStart.trimmingCharacters(in: .whitespaces))
        if let start {
            check.check(start <= today, "started_on", "The new start can't be in the future. Today is \(today).")
            check.check(start >= clock.startDate, "started_on",
                        "The new start can't be before the current one (\(clock.startDate)). To correct the date, edit the clock instead.")
        } else {
            check.add("started_on", "Enter the date as YYYY-MM-DD.")
        }
        check.check(note.count <= 500, "note", "Use at most 500 characters.")
        try check.finish()

        let newStart = try start.checked("started_on")
        let attempt = ClockAttempt(clockID: try clock.requireID(), startedOn: clock.startDate, endedOn: newStart,
                                   note: note.isEmpty ? nil : note)
        clock.startedOn = newStart.description
        try await deps.transaction { db in
            try await attempt.create(on: db)
            try await clock.save(on: db)
        }
        return clock
    }

    func delete(_ id: UUID, for member: Member) async throws {
        let clock = try await owned(id, by: member)
        try await deps.transaction { db in
            // A grant for a deleted clock would point at nothing; remove it with the clock.
            try await SharingGrant.query(on: db)
                .filter(\.$owner.$id == member.id).filter(\.$itemID == id).delete()
            try await clock.delete(on: db)
        }
    }
}
