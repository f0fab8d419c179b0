import Foundation
import Hummingbird

/// The check-ups (validated questionnaires) on the web: the member's own, nobody else's.
struct AssessmentRoutes: Sendable {
    let deps: AppDependencies
    var assessments: AssessmentService { AssessmentService(deps: deps) }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.assessments.path)) { request, context in
            AssessmentViews.index(PageContext(context), rows: try await rows(context.member), notice: request.notice)
        }
        members.post(RouterPath(SiteURL.assessmentReminders.path)) { _, context in
            guard let kind = Instrument.Kind(rawValue: context.form["instrument"]) else { throw AppError.notFound }
            let field = "every_days-" + kind.rawValue, every = context.form[field]
            do {
                try await assessments.setSchedule(kind, everyDays: every.isEmpty ? nil : (Int(every) ?? -1), for: context.member)
            } catch AppError.invalid(let errors) {
                // The page again, with the reason beside that questionnaire's choice.
                return AssessmentViews.index(PageContext(context), rows: try await rows(context.member), notice: nil,
                                             errors: errors.map { FieldError(field: field, message: $0.message) },
                                             status: .unprocessableContent).response
            }
            return redirect(to: SiteURL.assessments.with(.remindersSaved))
        }
        for kind in Instrument.Kind.allCases {
            let instrument = Instrument.of(kind)
            members.get(RouterPath(SiteURL.assessment(kind).path)) { _, context in
                AssessmentViews.form(PageContext(context), instrument, answers: [:], difficulty: "", submission: UUID().uuidString)
            }
            members.post(RouterPath(SiteURL.assessment(kind).path)) { _, context in
                var answers: [String: String] = [:]
                for index in instrument.items.indices { answers["q\(index + 1)"] = context.form["q\(index + 1)"] }
                let difficulty = context.form["difficulty"], submission = context.form["submission"]
                do {
                    let taken = try await assessments.take(kind, answers: answers, difficulty: difficulty, submission: submission, by: context.member)
                    // Thoughts of being better off dead or of self-harm: the safety path before any score.
                    if taken.selfHarm { return redirect(to: SiteURL.assessmentSafety.path) }
                    return redirect(to: SiteURL.assessmentResults(kind).with(.assessmentTaken))
                } catch AppError.invalid(let errors) {
                    // Thoughts of self-harm said on a form that is not complete yet: help first, above the questions.
                    let selfHarm = kind == .phq9 && (Int(answers["q\(Instrument.selfHarmItem + 1)"] ?? "") ?? 0) > 0
                    return AssessmentViews.form(
                        PageContext(context), instrument, answers: answers, difficulty: difficulty, submission: submission, errors: errors,
                        before: selfHarm ? CrisisRoutes.help(deps, country: deps.country(of: context.member)) : .empty,
                        status: .unprocessableContent).response
                }
            }
            members.get(RouterPath(SiteURL.assessmentResults(kind).path)) { request, context in
                let lines = try await assessments.history(kind, of: context.member.id)
                let suggest = lines.last.flatMap { instrument.band(for: $0.total) }?.suggestProfessional == true
                let referrals = suggest ? try await ReferralService(deps: deps).forAssessments() : []
                return AssessmentViews.results(PageContext(context), instrument, lines: lines, referrals: referrals, notice: request.notice)
            }
        }
        members.get(RouterPath(SiteURL.assessmentSafety.path)) { _, context in
            try await CheckInReply(deps: deps).safetyPath(
                context, title: "Thank you for answering honestly",
                saved: "You said you've had thoughts that you would be better off dead or of hurting yourself. That matters, and you don't have to carry it alone. Your answers are saved; your score is there whenever you want it.",
                circleMessage: "I'm having a hard time and I'd like someone to check on me.",
                after: .p(.a(.href(SiteURL.assessmentResults(.phq9).path), .text("See my PHQ-9 score")), .text(" · "),
                          .a(.href(SiteURL.help.path), .text("Professional help near me"))))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.assessmentDelete))) { _, context in
            let id = try context.id()
            let kind = try await assessments.delete(id, by: context.member)
            return redirect(to: SiteURL.assessmentResults(kind).with(.assessmentDeleted))
        }
    }

    private func rows(_ member: Member) async throws -> [AssessmentViews.Row] {
        let schedules = try await assessments.schedules(of: member)
        let today = member.today(now: deps.now())
        var rows: [AssessmentViews.Row] = []
        for instrument in Instrument.all {
            let last = try await assessments.history(instrument.kind, of: member.id).last
            let every = schedules[instrument.kind]
            rows.append(AssessmentViews.Row(instrument: instrument, last: last, everyDays: every,
                                            due: AssessmentService.isDue(lastTaken: last?.day, every: every, today: today)))
        }
        return rows
    }
}
