import Foundation
import Hummingbird

/// The member's own engagement page and outreach choice; the peer staff's outreach list.
struct EngagementRoutes: Sendable {
    let deps: AppDependencies
    var outreach: OutreachService { OutreachService(deps: deps) }

    private func page(_ context: MemberContext, consent: OutreachService.Consent, notice: String?, errors: [FieldError] = [],
                      status: HTTPResponse.Status = .ok) async throws -> HTMLPage {
        let engagement = EngagementService(deps: deps)
        return EngagementViews.mine(PageContext(context), counts: try await engagement.mine(context.member),
                                    joinedDaysAgo: try await engagement.daysSinceJoining(context.member), consent: consent,
                                    notice: notice, errors: errors, status: status)
    }

    private func outreachPage(_ context: MemberContext, notice: String?, typed: EngagementViews.Typed? = nil,
                              status: HTTPResponse.Status = .ok) async throws -> HTMLPage {
        let list = try await outreach.list(for: context.member)
        return EngagementViews.outreach(PageContext(context), needed: list.needed, recent: list.recent, zone: context.member.timeZone,
                                        notice: notice, typed: typed, status: status)
    }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.engagement.path)) { request, context in
            try await page(context, consent: try await outreach.consent(of: context.member.id), notice: request.notice)
        }
        members.post(RouterPath(SiteURL.outreachConsent.path)) { _, context in
            let optIn = context.form["opt_in"] == "yes"
            let days = Int(context.form["quiet_days"]) ?? 7
            do {
                try await outreach.setConsent(optIn, quietDays: days, for: context.member)
                return redirect(to: SiteURL.engagement.with(.outreachSaved))
            } catch AppError.invalid(let errors) {
                return try await page(context, consent: .init(optedIn: optIn, quietDays: days), notice: nil, errors: errors,
                                      status: .unprocessableContent).response
            }
        }
        members.get(RouterPath(SiteURL.outreach.path)) { request, context in
            try await outreachPage(context, notice: request.notice)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.outreachReached))) { _, context in
            let user = try context.id()
            let field = "note-" + user.uuidString.lowercased()
            do {
                try await outreach.reachedOut(user, note: context.form[field], by: context.member)
            } catch AppError.invalid(let errors) {
                // The list again, with the note as typed and the reason beside it.
                return try await outreachPage(context, notice: nil, typed: (user, context.form[field], errors.first?.message ?? ""),
                                              status: .unprocessableContent).response
            }
            return redirect(to: SiteURL.outreach.with(.reachedOut))
        }
    }
}
