import Foundation
import Hummingbird

/// Two-step sign-in's settings and the list of signed-in devices (the code page at sign-in is with
/// the login in `AccountWebRoutes`).
struct TwoStepRoutes: Sendable {
    let deps: AppDependencies
    var twoStep: TwoStepService { TwoStepService(deps: deps) }
    var sessions: SessionService { SessionService(deps: deps) }

    private func statusPage(_ context: MemberContext, errors: [FieldError] = [], notice: String?, status: HTTPResponse.Status = .ok) async throws -> HTMLPage {
        TwoStepViews.status(PageContext(context), enabled: try await twoStep.isEnabled(context.member.id),
                            codesLeft: try await twoStep.recoveryCodesLeft(context.member.id), errors: errors, notice: notice, status: status)
    }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.twoStep.path)) { request, context in
            try await statusPage(context, notice: request.notice)
        }
        members.post(RouterPath(SiteURL.twoStepStart.path)) { _, context in
            do {
                return TwoStepViews.enrol(PageContext(context), try await twoStep.begin(for: context.member)).response
            } catch AppError.conflict {
                return redirect(to: SiteURL.twoStep.path)
            }
        }
        members.post(RouterPath(SiteURL.twoStepConfirm.path)) { _, context in
            do {
                return TwoStepViews.recoveryCodes(PageContext(context), try await twoStep.confirm(context.form["code"], password: context.form["password"], for: context.member)).response
            } catch AppError.invalid(let errors) {
                // The same secret again, with the reason beside the code.
                return TwoStepViews.enrol(PageContext(context), try await twoStep.begin(for: context.member, again: true), errors: errors,
                                              status: .unprocessableContent).response
            } catch AppError.conflict {
                return redirect(to: SiteURL.twoStep.path)
            }
        }
        members.post(RouterPath(SiteURL.twoStepDisable.path)) { _, context in
            do {
                try await twoStep.disable(password: context.form["password"], code: context.form["code"], for: context.member)
                return redirect(to: SiteURL.twoStep.with(.twoStepOff))
            } catch AppError.invalid(let errors) {
                return try await statusPage(context, errors: errors, notice: nil, status: .unprocessableContent).response
            } catch AppError.tooManyRequests(_, let message) {
                return try await statusPage(context, errors: [FieldError(field: "code", message: message)], notice: nil, status: .tooManyRequests).response
            }
        }
        members.get(RouterPath(SiteURL.devices.path)) { request, context in
            TwoStepViews.devices(PageContext(context), try await sessions.devices(of: context.member), zone: context.member.timeZone,
                                 now: deps.now(), notice: request.notice)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.deviceEnd))) { _, context in
            try await sessions.end(try context.id(), for: context.member)
            return redirect(to: SiteURL.devices.with(.deviceSignedOut))
        }
        members.post(RouterPath(SiteURL.devicesEndOthers.path)) { _, context in
            try await sessions.endOthers(for: context.member)
            return redirect(to: SiteURL.devices.with(.othersSignedOut))
        }
    }
}
