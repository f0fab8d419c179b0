import FluentKit
import Foundation

/// Reminders that fall due with time rather than with someone's act: a check-up the member scheduled,
/// and a mentee's check-in in the rhythm the pair agreed. Each is told once per time it falls due.
struct NotificationReminders: Sendable {
    let deps: AppDependencies
    var notifications: NotificationService { NotificationService(deps: deps) }

    func run() async throws {
        try await checkUps()
        try await rhythms()
    }

    private func checkUps() async throws {
        let schedules = try await AssessmentSchedule.query(on: deps.db).with(\.$owner).all()
        for schedule in schedules {
            let owner = schedule.$owner.id
            let zone = TimeZone(identifier: schedule.owner.timeZone) ?? deps.defaultTimeZone
            let last = try await Assessment.query(on: deps.db).filter(\.$owner.$id == owner).filter(\.$instrument == schedule.instrument)
                .sort(\.$takenAt, .descending).first()
            let lastDay = last.flatMap { LocalDate($0.localDate) }
            guard AssessmentService.isDue(lastTaken: lastDay, every: schedule.everyDays, today: LocalDate(deps.now(), in: zone)) else { continue }
            let instrument = Instrument.of(schedule.instrument)
            try await notifications.notifyOnce(owner, .init(
                kind: .assessmentDue, text: "Time for your \(instrument.shortName) check-up, as you asked.",
                link: .assessment(schedule.instrument),
                topic: "assessment_due:\(schedule.instrument.rawValue):\(lastDay?.description ?? "never")"))
        }
    }

    private func rhythms() async throws {
        let service = MentorshipService(deps: deps)
        let pairs = try await Mentorship.query(on: deps.db).filter(\.$status == .active).filter(\.$rhythm != nil)
            .with(\.$mentor).with(\.$mentee).all()
        for pair in pairs {
            guard try await service.accountability(pair).due else { continue }
            let zone = TimeZone(identifier: pair.mentee.timeZone) ?? deps.defaultTimeZone
            let id = try pair.requireID()
            try await notifications.notifyOnce(pair.$mentee.id, .init(
                kind: .rhythmDue, text: "Time for your check-in with \(pair.mentor.pseudonym) — just a line is enough.",
                link: .mentorship(id), topic: "rhythm_due:\(id.uuidString.lowercased()):\(LocalDate(deps.now(), in: zone))"))
        }
    }
}

extension NotificationService {
    /// Tells one person once about `event.topic`: never again once there was a line for it, read or not.
    func notifyOnce(_ user: UUID, _ event: Event) async throws {
        try await deps.writer.replacing { db in
            guard try await MemberNotification.query(on: db).filter(\.$user.$id == user).filter(\.$topic == event.topic).count() == 0 else { return }
            try await notify([user], event, on: db)
        }
    }
}
