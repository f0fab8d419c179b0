import Foundation
import Hummingbird

/// Join, log in, log out and settings pages.
struct AccountWebRoutes: Sendable {
    let deps: AppDependencies
    var accounts: AccountService { AccountService(deps: deps) }

    static let sessionCookie = "pc_session"

    func register(public router: RouterGroup<AppRequestContext>, members: RouterGroup<MemberContext>) {
        router.get(RouterPath(SiteURL.signup.path)) { request, context in
            // The browser's zone when zone.js has told us; zone.js also preselects it on first sight.
            AccountViews.signup(PageContext(context), input: .init(timeZone: (VisitorZone.detected(request) ?? deps.defaultTimeZone).identifier))
        }
        router.post(RouterPath(SiteURL.signup.path)) { request, context in
            let form = context.form
            let input = AccountService.SignupInput(
                pseudonym: form["pseudonym"], password: form["password"], email: form["email"], timeZone: form["time_zone"],
                address: request.clientAddress(peer: context.peerAddress, trusted: deps.configuration.trustedProxies))
            do {
                let user = try await accounts.signup(input)
                let token = try await accounts.startSession(for: user.requireID(), kind: .web, address: input.address,
                                                            client: request.headers[.userAgent])
                return signedIn(token, next: SiteURL.home.path)
            } catch AppError.invalid(let errors) {
                return AccountViews.signup(PageContext(context), input: input, errors: errors, status: .unprocessableContent)
                    .response
            }
        }
        router.get(RouterPath(SiteURL.login.path)) { request, context in
            AccountViews.login(PageContext(context), pseudonym: "", next: safeNext(request.uri.queryParameters.get("next")),
                               notice: request.notice)
        }
        router.post(RouterPath(SiteURL.login.path)) { request, context in
            let form = context.form
            let next = safeNext(form.optional("next"))
            do {
                let address = request.clientAddress(peer: context.peerAddress, trusted: deps.configuration.trustedProxies)
                switch try await accounts.login(pseudonym: form["pseudonym"], password: form["password"], kind: .web, address: address,
                                                client: request.headers[.userAgent]) {
                case .signedIn(let token, _): return signedIn(token, next: next ?? SiteURL.home.path)
                case .secondStep(let challenge): return TwoStepViews.code(PageContext(context), challenge: challenge, next: next).response
                }
            } catch AppError.invalid(let errors) {
                return AccountViews.login(PageContext(context), pseudonym: form["pseudonym"], next: next, errors: errors,
                                              status: .unprocessableContent)
                    .response
            } catch AppError.tooManyRequests(let wait, let message) {
                var response = AccountViews.login(
                    PageContext(context), pseudonym: form["pseudonym"], next: next,
                    errors: [FieldError(field: "password", message: message)], status: .tooManyRequests)
                    .response
                response.headers[.retryAfter] = String(wait)
                return response
            }
        }
        router.post(RouterPath(SiteURL.loginCode.path)) { request, context in
            let form = context.form
            let next = safeNext(form.optional("next"))
            let address = request.clientAddress(peer: context.peerAddress, trusted: deps.configuration.trustedProxies)
            do {
                let token = try await accounts.completeSecondStep(challenge: form["challenge"], code: form["code"], address: address,
                                                                  client: request.headers[.userAgent])
                return signedIn(token, next: next ?? SiteURL.home.path)
            } catch AppError.invalid(let errors) {
                return TwoStepViews.code(PageContext(context), challenge: form["challenge"], next: next, errors: errors, status: .unprocessableContent).response
            } catch AppError.tooManyRequests(let wait, let message) {
                var response = TwoStepViews.code(PageContext(context), challenge: form["challenge"], next: next,
                                                     errors: [FieldError(field: "code", message: message)], status: .tooManyRequests).response
                response.headers[.retryAfter] = String(wait)
                return response
            } catch AppError.conflict(_, _, let message) {
                return AccountViews.login(PageContext(context), pseudonym: "", next: next, errors: [FieldError(field: "password", message: message)],
                                          status: .unprocessableContent).response
            }
        }
        members.post(RouterPath(SiteURL.logout.path)) { _, context in
            try await accounts.logout(sessionID: context.member.sessionID)
            var response = redirect(to: SiteURL.login.path)
            response.setCookie(.init(name: Self.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
            return response
        }
        members.get(RouterPath(SiteURL.settings.path)) { request, context in
            let user = try await accounts.settings(of: context.member.id)
            let notice = request.notice
            return AccountViews.settings(PageContext(context), input: .init(user), notice: notice)
        }
        members.post(RouterPath(SiteURL.settings.path)) { _, context in
            let form = context.form
            let input = AccountService.SettingsInput(
                pseudonym: form["pseudonym"], email: form["email"], timeZone: form["time_zone"], country: form["country"],
                currentPassword: form.values["current_password"]?.first ?? "")
            do {
                _ = try await accounts.updateSettings(of: context.member.id, input)
                return redirect(to: SiteURL.settings.with(.settings))
            } catch AppError.invalid(let errors) {
                return AccountViews.settings(PageContext(context), input: input, errors: errors, status: .unprocessableContent)
                    .response
            }
        }
        members.post(RouterPath(SiteURL.settingsDelete.path)) { _, context in
            do {
                try await accounts.deleteAccount(of: context.member, password: context.form["delete_password"])
                var response = redirect(to: SiteURL.home.with(.deleted))
                response.setCookie(.init(name: Self.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
                return response
            } catch AppError.invalid(let errors) {
                let user = try await accounts.settings(of: context.member.id)
                // The settings page has several password fields; this one is named for its form.
                let named = errors.map { FieldError(field: "delete_password", message: $0.message) }
                return AccountViews.settings(PageContext(context), input: .init(user), deleteErrors: named,
                                             status: .unprocessableContent).response
            }
        }
        members.post(RouterPath(SiteURL.settingsPassword.path)) { _, context in
            let form = context.form
            do {
                try await accounts.changePassword(of: context.member, current: form["current_password"], new: form["new_password"])
                return redirect(to: SiteURL.settings.with(.password))
            } catch AppError.invalid(let errors) {
                let user = try await accounts.settings(of: context.member.id)
                return AccountViews.settings(PageContext(context), input: .init(user), passwordErrors: errors,
                                                 status: .unprocessableContent)
                    .response
            }
        }
    }

    private func signedIn(_ token: String, next: String) -> Response {
        var response = redirect(to: next)
        response.setCookie(.init(
            name: Self.sessionCookie, value: token, maxAge: Int(AccountService.sessionLifetime), path: "/",
            secure: deps.configuration.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    private func safeNext(_ next: String?) -> String? { next.flatMap { SafeRedirect.path($0) } }
}

extension AccountService.SettingsInput {
    init(_ user: User) {
        self.init(pseudonym: user.pseudonym, email: user.email ?? "", timeZone: user.timeZone, country: user.country ?? "")
    }
}
