import Foundation
import Hummingbird

/// The pledge and the evening review, both made from Today.
struct PledgeRoutes: Sendable {
    let deps: AppDependencies

    func register(_ members: RouterGroup<MemberContext>) {
        members.post(RouterPath(SiteURL.pledge.path)) { _, context in
            try await PledgeService(deps: deps).pledge(for: context.member)
            return redirect(to: SiteURL.home.with(.pledged))
        }
        members.post(RouterPath(SiteURL.pledgeReview.path)) { _, context in
            do {
                _ = try await PledgeService(deps: deps).review(went: context.form["went"], helped: context.form["helped"], for: context.member)
                return redirect(to: SiteURL.home.with(.reviewed))
            } catch AppError.invalid(let errors) {
                return try await HomeRoutes(deps: deps).today(context.member, PageContext(context), notice: nil,
                                                              pledgeErrors: errors, helped: context.form["helped"]).response
            }
        }
    }
}
