import FluentKit
import Foundation

/// Taking the validated questionnaires, their history, and how often the member chose to take them.
struct AssessmentService: Sendable {
    let deps: AppDependencies

    /// A completed questionnaire and what follows from it.
    struct Taken: Sendable {
        let id: UUID
        let instrument: Instrument
        let total: Int
        /// PHQ-9 item 9 answered above "not at all": the safety path comes first.
        let selfHarm: Bool
    }

    /// Scores and keeps a questionnaire. `answers` holds one value per item ("q1"…); a missing or
    /// unknown answer names its question and nothing is kept.
    func take(_ kind: Instrument.Kind, answers: [String: String], difficulty: String?, submission: String? = nil,
              by member: Member) async throws -> Taken {
        let instrument = Instrument.of(kind)
        // A form sent twice (a double press, a reload) is answered with the result it already made.
        let submission = submission.flatMap { UUID(uuidString: $0)?.uuidString }
        if let submission, let earlier = try await submitted(submission, by: member) { return earlier }
        let allowed = Set(instrument.options.map(\.value))
        var check = Validation()
        var values: [Int] = []
        for index in instrument.items.indices {
            let field = "q\(index + 1)"
            if let value = answers[field].flatMap({ Int($0) }), allowed.contains(value) {
                values.append(value)
            } else {
                check.add(field, "Choose an answer for question \(index + 1).")
            }
        }
        var difficultyValue: Int?
        if let difficulty, !difficulty.isEmpty, kind == .phq9 {
            if let value = Int(difficulty), Instrument.difficultyOptions.indices.contains(value) {
                difficultyValue = value
            } else {
                check.add("difficulty", "Choose one of the answers, or leave it empty.")
            }
        }
        try check.finish()
        guard let total = instrument.total(values) else { throw AppError.invalid([FieldError(field: "q1", message: "Answer every question.")]) }
        let now = deps.now()
        let assessment = Assessment(owner: member.id, instrument: kind, answers: values, total: total, difficulty: difficultyValue,
                                    day: member.today(now: now), at: now)
        assessment.submission = submission
        do {
            try await assessment.create(on: deps.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            guard let submission, let earlier = try await submitted(submission, by: member) else {
                throw AppError.conflict(code: "already_saved", field: nil, message: "This was saved a moment ago. Reload the page to see it.")
            }
            return earlier
        }
        let selfHarm = Self.selfHarm(kind, values)
        if selfHarm, try await SafetyService(deps: deps).settings(of: member.id).checkinReview {
            try await CrisisReviewService(deps: deps).add(
                user: member.id, source: .assessment, link: nil,
                excerpt: "Answered the PHQ-9's question about thoughts of being better off dead or of self-harm: \(Instrument.phq9.options[values[Instrument.selfHarmItem]].label.lowercased()).",
                category: "self_harm")
        }
        return Taken(id: try assessment.requireID(), instrument: instrument, total: total, selfHarm: selfHarm)
    }

    /// What one form already made, if it was sent before.
    private func submitted(_ submission: String, by member: Member) async throws -> Taken? {
        guard let found = try await Assessment.query(on: deps.db).filter(\.$owner.$id == member.id).filter(\.$submission == submission).first()
        else { return nil }
        return Taken(id: try found.requireID(), instrument: Instrument.of(found.instrument), total: found.total,
                     selfHarm: Self.selfHarm(found.instrument, found.answers))
    }

    /// PHQ-9's ninth question answered above "not at all".
    static func selfHarm(_ kind: Instrument.Kind, _ answers: [Int]) -> Bool {
        kind == .phq9 && answers.indices.contains(Instrument.selfHarmItem) && answers[Instrument.selfHarmItem] > 0
    }

    /// The member's results for one questionnaire, oldest first.
    func history(_ kind: Instrument.Kind, of owner: UUID) async throws -> [ScoreLine] {
        try await Assessment.query(on: deps.db)
            .filter(\.$owner.$id == owner).filter(\.$instrument == kind)
            .sort(\.$takenAt, .ascending).all()
            .compactMap { a in LocalDate(a.localDate).map { ScoreLine(id: a.id, day: $0, total: a.total, answers: a.answers) } }
    }

    /// BARC-10 totals the owner shares with `viewer` (a sharing grant, no block) — nil without one.
    func sharedRecoveryCapital(of owner: UUID, with viewer: UUID) async throws -> [ScoreLine]? {
        guard try await deps.policy.canView(viewer, .recoveryCapital(owner: owner), on: deps.db) else { return nil }
        // Totals only: the answers stay the owner's.
        return try await history(.barc10, of: owner).map { ScoreLine(id: nil, day: $0.day, total: $0.total, answers: []) }
    }

    func owned(_ id: UUID, by member: Member) async throws -> Assessment {
        guard let found = try await Assessment.query(on: deps.db).filter(\.$id == id).filter(\.$owner.$id == member.id).first()
        else { throw AppError.notFound }
        return found
    }

    /// Deletes one result (the member's own); returns which questionnaire it was.
    func delete(_ id: UUID, by member: Member) async throws -> Instrument.Kind {
        let found = try await owned(id, by: member)
        try await found.delete(on: deps.db)
        return found.instrument
    }

    /// Days between reminders each member may choose.
    static let everyChoices = [7, 14, 30, 60, 90]

    /// The member's reminder choices: instrument → days (no entry: no reminder).
    func schedules(of member: Member) async throws -> [Instrument.Kind: Int] {
        let rows = try await AssessmentSchedule.query(on: deps.db).filter(\.$owner.$id == member.id).all()
        return Dictionary(rows.map { ($0.instrument, $0.everyDays) }, uniquingKeysWith: { first, _ in first })
    }

    /// Sets (or with nil, stops) the reminder for one questionnaire.
    func setSchedule(_ kind: Instrument.Kind, everyDays: Int?, for member: Member) async throws {
        if let everyDays, !Self.everyChoices.contains(everyDays) {
            throw AppError.invalid([FieldError(field: "every_days", message: "Choose how often: every 7, 14, 30, 60 or 90 days, or never.")])
        }
        try await deps.writer.replacing { db in
            try await AssessmentSchedule.query(on: db).filter(\.$owner.$id == member.id).filter(\.$instrument == kind).delete()
            guard let everyDays else { return }
            let row = AssessmentSchedule()
            row.$owner.id = member.id
            row.instrument = kind
            row.everyDays = everyDays
            try await row.create(on: db)
        }
    }

    /// Questionnaires whose chosen time has come (never taken, or taken at least that many days ago).
    func due(for member: Member) async throws -> [Instrument] {
        let today = member.today(now: deps.now())
        var due: [Instrument] = []
        for (kind, every) in try await schedules(of: member).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let last = try await Assessment.query(on: deps.db).filter(\.$owner.$id == member.id).filter(\.$instrument == kind)
                .sort(\.$takenAt, .descending).first()
            if Self.isDue(lastTaken: last.flatMap { LocalDate($0.localDate) }, every: every, today: today) { due.append(Instrument.of(kind)) }
        }
        return due
    }

    /// The one rule for "time for this check-up again".
    static func isDue(lastTaken: LocalDate?, every: Int?, today: LocalDate) -> Bool {
        guard let every else { return false }
        return lastTaken.map { $0.days(to: today) >= every } ?? true
    }
}

/// One result as pages show it.
struct ScoreLine: Sendable, Equatable {
    let id: UUID?
    let day: LocalDate
    let total: Int
    let answers: [Int]
}
