import FluentKit
import Foundation
import Hummingbird

struct SharingWebRoutes: Sendable {
    let deps: AppDependencies
    var sharing: SharingService { SharingService(deps: deps) }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.sharing.path)) { request, context in
            return SharingViews.overview(PageContext(context), given: try await sharing.givenLines(by: context.member),
                                         received: try await sharing.sharedWithMe(context.member), notice: request.notice)
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.clockShare))) { _, context in
            let id = try context.id()
            _ = try await ClockService(deps: deps).owned(id, by: context.member)
            let (summary, _) = try await ClockService(deps: deps).summary(id, viewer: context.member)
            return SharingViews.shareClock(PageContext(context), clock: summary, input: .init(itemID: id))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.clockShare))) { _, context in
            let id = try context.id()
            let form = context.form
            let input = SharingService.ShareInput(
                scope: SharingGrant.Scope.clock.rawValue, itemID: id, grantee: form["grantee"], purpose: form["purpose"],
                expiresOn: form["expires_on"])
            do {
                _ = try await sharing.share(input, by: context.member)
                return redirect(to: SiteURL.sharing.with(.shared))
            } catch AppError.invalid(let errors) {
                let (summary, _) = try await ClockService(deps: deps).summary(id, viewer: context.member)
                return SharingViews.shareClock(PageContext(context), clock: summary, input: input, errors: errors,
                                               status: .unprocessableContent).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.grantRevoke))) { _, context in
            try await sharing.revoke(try context.id(), by: context.member)
            return redirect(to: SiteURL.sharing.with(.revoked))
        }
    }
}
