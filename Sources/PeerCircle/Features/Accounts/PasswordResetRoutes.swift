import Foundation
import Hummingbird
import Plot

/// "Forgot your password?" on the web and the API.
struct PasswordResetRoutes: Sendable {
    let deps: AppDependencies
    var resets: PasswordResetService { PasswordResetService(deps: deps) }

    func register(_ router: RouterGroup<AppRequestContext>) {
        router.get(RouterPath(SiteURL.forgotPassword.path)) { _, context in
            Self.forgot(PageContext(context), account: "")
        }
        router.post(RouterPath(SiteURL.forgotPassword.path)) { _, context in
            let account = context.form["account"]
            do {
                try await resets.request(account)
                return Layout.render("Check your email", PageContext(context), .p(.class("notice"), .text(PasswordResetService.sentMessage)),
                                     .p(.a(.href(SiteURL.login.path), .text("Back to log in")))).response
            } catch AppError.invalid(let errors) {
                return Self.forgot(PageContext(context), account: account, errors: errors, status: .unprocessableContent).response
            }
        }
        router.get(RouterPath(SiteURL.pattern(SiteURL.passwordReset))) { _, context in
            let token = context.parameters.get("token") ?? ""
            guard try await resets.valid(token) != nil else { return Self.expired(PageContext(context)).response }
            return Self.choose(PageContext(context), token: token).response
        }
        router.post(RouterPath(SiteURL.pattern(SiteURL.passwordReset))) { _, context in
            let token = context.parameters.get("token") ?? ""
            do {
                try await resets.complete(token, password: context.form["password"])
                return redirect(to: SiteURL.login.with(.passwordReset))
            } catch AppError.invalid(let errors) where errors.contains(where: { $0.field == "token" }) {
                return Self.expired(PageContext(context)).response
            } catch AppError.invalid(let errors) {
                return Self.choose(PageContext(context), token: token, errors: errors, status: .unprocessableContent).response
            }
        }
    }

    static func forgot(_ page: PageContext, account: String, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Forgot your password?", page, status: status,
            .p(.text("If you gave an email address when you joined (or in Settings), we can send you a link to choose a new password.")),
            Forms.form(
                SiteURL.forgotPassword.path, csrf: page.csrfToken,
                Forms.summary(errors),
                Forms.input("account", label: "Your pseudonym or email address", value: account, errors: errors, required: true,
                            attributes: [.attribute(named: "autocomplete", value: "username"), .attribute(named: "maxlength", value: "254")]),
                .button(.type(.submit), .text("Send me a link"))),
            .p(.text("Without an email address we can't send a link; the people who run this PeerCircle may be able to help."))
        )
    }

    static func choose(_ page: PageContext, token: String, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Choose a new password", page, status: status,
            Forms.form(
                SiteURL.passwordReset(token: token).path, csrf: page.csrfToken,
                Forms.summary(errors),
                Forms.input("password", label: "New password", value: "", errors: errors, type: .password,
                            hint: "At least 8 characters. Every device logged in to your account will be logged out.", required: true,
                            attributes: [.attribute(named: "autocomplete", value: "new-password")]),
                .button(.type(.submit), .text("Set my new password")))
        )
    }

    static func expired(_ page: PageContext) -> HTMLPage {
        Layout.render(
            "This link can't be used", page, status: .notFound,
            .p(.text(PasswordResetService.expiredMessage)),
            .p(.a(.class("button"), .href(SiteURL.forgotPassword.path), .text("Ask for a new link"))))
    }
}
