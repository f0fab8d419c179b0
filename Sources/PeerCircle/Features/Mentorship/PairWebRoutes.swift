import FluentKit
import Foundation
import Hummingbird

/// Mentorships on the web: requests and answers, the pair's space, rhythm, check-ins, sharing, ending.
struct PairWebRoutes: Sendable {
    let deps: AppDependencies
    var mentorships: MentorshipService { MentorshipService(deps: deps) }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.mentorships.path)) { request, context in
            PairViews.list(PageContext(context), try await mentorships.summaries(of: context.member.id), notice: request.notice)
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.mentorship))) { request, context in
            try await page(context, try context.id(), notice: request.notice)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.mentorshipAnswer))) { request, context in
            let id = try context.id()
            guard let answer = request.uri.queryParameters.get("answer").flatMap(MentorshipService.Answer.init(rawValue:)) else {
                throw AppError.notFound
            }
            _ = try await mentorships.answer(id, answer, by: context.member)
            return redirect(to: answer == .accept ? SiteURL.mentorship(id).with(.accepted) : SiteURL.mentorships.with(.declined))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.mentorshipWithdraw))) { _, context in
            try await mentorships.withdraw(try context.id(), by: context.member)
            return redirect(to: SiteURL.mentorships.with(.withdrawn))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.mentorshipEnd))) { _, context in
            let id = try context.id()
            return try await attempt(context, id) { try await mentorships.end(id, note: context.form["note"], by: context.member) }
                ?? redirect(to: SiteURL.mentorship(id).with(.ended))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.mentorshipRhythm))) { _, context in
            let id = try context.id()
            return try await attempt(context, id) {
                try await mentorships.setRhythm(id, rhythm: context.form["rhythm"], dueTime: context.form["due_time"], by: context.member)
            } ?? redirect(to: SiteURL.mentorship(id).with(.rhythmSaved))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.mentorshipCheckIn))) { _, context in
            let id = try context.id()
            return try await attempt(context, id) {
                _ = try await mentorships.checkIn(id, feeling: context.form["feeling"], note: context.form["note"], by: context.member)
            } ?? redirect(to: SiteURL.mentorship(id).with(.pairCheckedIn))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.mentorshipMessage))) { _, context in
            let id = try context.id()
            let m = try PairSummary(try await mentorships.pair(id, for: context.member.id), viewer: context.member.id)
            if let ask = SafetyPrompt.ask(context.form["body"], form: context.form, country: deps.country(of: context.member)) {
                return try await page(context, id, draft: context.form["body"], prompt: ask).response
            }
            return try await attempt(context, id, draft: context.form["body"]) {
                _ = try await MessagingService(deps: deps).start(to: m.other, body: context.form["body"], by: context.member)
            } ?? redirect(to: SiteURL.mentorship(id).with(.sent))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.mentorshipShare))) { request, context in
            let id = try context.id()
            let m = try PairSummary(try await mentorships.pair(id, for: context.member.id), viewer: context.member.id)
            guard !m.viewerIsMentor, m.status == .active,
                  let scope = request.uri.queryParameters.get("scope"), ["clocks", "check_ins", "recovery_capital"].contains(scope) else { throw AppError.notFound }
            _ = try await SharingService(deps: deps).share(
                .init(scope: scope, grantee: m.other, purpose: "So my mentor can support me"), by: context.member)
            return redirect(to: SiteURL.mentorship(id).with(.shared))
        }
    }

    /// Runs a change; on a problem with the input, the pair page again with the reason (nothing changed).
    private func attempt(_ context: MemberContext, _ id: UUID, draft: String = "", _ change: () async throws -> Void) async throws -> Response? {
        do {
            try await change()
            return nil
        } catch let error as AppError where !error.fields.isEmpty || error.status == .conflict {
            return try await page(context, id, errors: error.fields.isEmpty ? [FieldError(field: "body", message: error.message)] : error.fields,
                                  draft: draft, status: error.status).response
        }
    }

    private func page(_ context: MemberContext, _ id: UUID, errors: [FieldError] = [], draft: String = "", notice: String? = nil,
                      status: HTTPResponse.Status = .ok, prompt: SafetyPrompt.Ask? = nil) async throws -> HTMLPage {
        let pair = try await mentorships.space(id, for: context.member)
        return PairViews.pair(PageContext(context), pair, errors: errors, draft: draft, notice: notice, status: status, prompt: prompt)
    }
}
