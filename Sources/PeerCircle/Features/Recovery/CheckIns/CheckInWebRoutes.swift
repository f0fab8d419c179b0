import Foundation
import Hummingbird

struct CheckInWebRoutes: Sendable {
    let deps: AppDependencies
    var checkIns: CheckInService { CheckInService(deps: deps) }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.checkIn.path)) { request, context in
            let existing = try await checkIns.today(for: context.member)
            return CheckInViews.form(
                PageContext(context), input: existing.map(CheckInInput.init) ?? CheckInInput(),
                today: context.member.today(now: deps.now()), editing: existing != nil,
                reviewed: try await reviewed(context.member), notice: request.notice)
        }
        members.post(RouterPath(SiteURL.checkIn.path)) { _, context in
            var input = CheckInInput(form: context.form)
            if context.form["quick"] == "1" {
                // The three-tap check-in from Today: it sets mood, craving and sober, and keeps the rest of today's.
                var merged = try await checkIns.today(for: context.member).map(CheckInInput.init) ?? CheckInInput()
                // Sober is optional here: left out, it's "rather not say" (or what was said earlier today).
                (merged.mood, merged.craving) = (input.mood, input.craving)
                if !input.sober.isEmpty { merged.sober = input.sober } else if merged.sober.isEmpty { merged.sober = CheckIn.Sober.undisclosed.rawValue }
                input = merged
            }
            do {
                let checkIn = try await checkIns.saveToday(input.command, for: context.member)
                // Not safe right now: straight to the ways to reach someone (nothing is sent without a second press).
                if checkIn.safe == .no { return redirect(to: SiteURL.sos.path + "?after=check-in") }
                if CheckInReply.kind(of: .init(checkIn)) != .fine { return redirect(to: SiteURL.checkInReply.path) }
                return redirect(to: SiteURL.checkIns(days: nil).with(checkIn.sober == .no ? .checkedInHardDay : .checkedIn))
            } catch AppError.invalid(let errors) {
                let existing = try await checkIns.today(for: context.member)
                return CheckInViews.form(
                    PageContext(context), input: input, today: context.member.today(now: deps.now()),
                    editing: existing != nil, reviewed: try await reviewed(context.member), errors: errors,
                    status: .unprocessableContent).response
            }
        }
        members.get(RouterPath(SiteURL.checkInReply.path)) { _, context in
            guard let checkIn = try await checkIns.today(for: context.member) else { return redirect(to: SiteURL.checkIn.path) }
            return try await CheckInReply(deps: deps).page(context, checkIn: .init(checkIn)).response
        }
        members.get(RouterPath(SiteURL.checkIns(days: nil).path)) { request, context in
            // The page offers 30 and 90 days; any window the service allows can be linked to.
            let days = request.uri.queryParameters.get("days").map { Int($0) ?? 0 } ?? 30
            let history = try await checkIns.history(for: context.member, days: days)
            let pledges = try await PledgeService(deps: deps).history(for: context.member, from: history.from, to: history.today)
            return CheckInViews.history(PageContext(context), history: history, days: days, notice: request.notice,
                                        pledges: PledgeViews.history(pledges.days, streaks: pledges.streaks))
        }
    }

    /// Whether the member asked for a moderator to look in on worrying check-ins (the form says so).
    private func reviewed(_ member: Member) async throws -> Bool {
        try await SafetyService(deps: deps).settings(of: member.id).checkinReview
    }
}
