import Foundation
import Hummingbird
import Plot

enum AccountViews {
    static func signup(
        _ page: PageContext, input: AccountService.SignupInput, errors: [FieldError] = [], status: HTTPResponse.Status = .ok
    ) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Join PeerCircle", page, status: status,
            .p(.text("A pseudonym is enough. No real name, phone number or location is needed, ever.")),
            Forms.form(
                SiteURL.signup.path, csrf: page.csrfToken,
                Forms.summary(errors),
                Forms.input("pseudonym", label: "Pseudonym", value: input.pseudonym, errors: errors,
                            hint: "What others will see. 2–32 letters, numbers, spaces, dots, dashes.", required: true,
                            attributes: [.attribute(named: "autocomplete", value: "username"), .attribute(named: "maxlength", value: "32")]),
                Forms.input("password", label: "Password", value: "", errors: errors, type: .password,
                            hint: "At least 8 characters.", required: true,
                            attributes: [.attribute(named: "autocomplete", value: "new-password")]),
                Forms.input("email", label: "Email (optional)", value: input.email, errors: errors, type: .email,
                            hint: "For resetting your password, and any notifications you choose to get by email. Never shown to anyone.",
                            attributes: [.attribute(named: "autocomplete", value: "email")]),
                Forms.select("time_zone", label: "Your time zone", options: Forms.timeZoneOptions, selected: input.timeZone, errors: errors,
                             hint: "Your clocks and check-in days roll over at midnight here, and meetings show in this time. We guessed it from your device — please check it.",
                             detect: true),
                .button(.type(.submit), .text("Join"))
            ),
            .p(.text("Already a member? "), .a(.href(SiteURL.login.path), .text("Log in")))
        )
    }

    static func login(
        _ page: PageContext, pseudonym: String, next: String?, errors: [FieldError] = [], notice: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Log in", page, status: status,
            .unwrap(notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            Forms.form(
                SiteURL.login.path, csrf: page.csrfToken,
                Forms.summary(errors),
                .unwrap(next) { .input(.type(.hidden), .name("next"), .value($0)) },
                Forms.input("pseudonym", label: "Pseudonym", value: pseudonym, errors: errors, required: true,
                            attributes: [.attribute(named: "autocomplete", value: "username")]),
                Forms.input("password", label: "Password", value: "", errors: errors, type: .password, required: true,
                            attributes: [.attribute(named: "autocomplete", value: "current-password")]),
                .button(.type(.submit), .text("Log in"))
            ),
            .p(.a(.href(SiteURL.forgotPassword.path), .text("Forgot your password?"))),
            .p(.text("New here? "), .a(.href(SiteURL.signup.path), .text("Join with a pseudonym")))
        )
    }

    static func settings(
        _ page: PageContext, input: AccountService.SettingsInput, errors: [FieldError] = [],
        passwordErrors: [FieldError] = [], deleteErrors: [FieldError] = [], notice: String? = nil,
        status: HTTPResponse.Status = .ok
    ) -> HTMLPage {
        let errors = Forms.errors(errors)
        let passwordErrors = Forms.errors(passwordErrors)
        let deleteErrors = Forms.errors(deleteErrors)
        let zones = Forms.timeZoneOptions
        let countries = [(value: "", label: "Not set (use the instance's default)")]
            + CrisisDirectory.countryNames.sorted { $0.value < $1.value }.map { (value: $0.key, label: $0.value) }
        return Layout.render(
            "Settings", page, status: status,
            .unwrap(notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .nav(.attribute(named: "aria-label", value: "More settings"), .ul(.class("settings-links"),
                .li(.a(.href(SiteURL.notificationSettings.path), .text("Notifications: what you hear about, pushes to your phone, quiet hours, daily summary"))),
                .li(.a(.href(SiteURL.twoStep.path), .text("Two-step sign-in"))),
                .li(.a(.href(SiteURL.devices.path), .text("Signed-in devices"))),
                .li(.a(.href(SiteURL.myData.path), .text("Download my data"))))),
            .section(
                .h2("Your profile"),
                Forms.form(
                    SiteURL.settings.path, csrf: page.csrfToken,
                    Forms.summary(errors),
                    Forms.input("pseudonym", label: "Pseudonym", value: input.pseudonym, errors: errors, required: true),
                    Forms.input("email", label: "Email (optional)", value: input.email, errors: errors, type: .email,
                                hint: "For password resets, and the notifications you choose to get by email. Leave empty to have none."),
                    Forms.input("current_password", label: "Current password (only to change your email)", value: "", errors: errors,
                                type: .password, hint: "Your old address is told, with a way to undo the change.",
                                attributes: [.attribute(named: "autocomplete", value: "current-password")]),
                    Forms.select("time_zone", label: "Time zone", options: zones, selected: input.timeZone, errors: errors,
                                 hint: "Your days, clocks and check-ins follow this time zone."),
                    Forms.select("country", label: "Country", options: countries, selected: input.country, errors: errors,
                                 hint: "Used only to show you the right crisis lines."),
                    .button(.type(.submit), .text("Save settings"))
                )
            ),
            .section(
                .h2("Change password"),
                Forms.form(
                    SiteURL.settingsPassword.path, csrf: page.csrfToken,
                    Forms.summary(passwordErrors),
                    Forms.input("current_password", label: "Current password", value: "", errors: passwordErrors,
                                type: .password, required: true,
                                attributes: [.attribute(named: "autocomplete", value: "current-password")]),
                    Forms.input("new_password", label: "New password", value: "", errors: passwordErrors,
                                type: .password, hint: "At least 8 characters. Other devices will be logged out.",
                                required: true, attributes: [.attribute(named: "autocomplete", value: "new-password")]),
                    .button(.type(.submit), .text("Change password"))
                )
            ),
            .section(
                .h2("Delete your account"),
                .p(.text("This erases your clocks, their history, your check-ins and everything you share, at once and for good. Nobody can undo it, not even an administrator.")),
                Forms.form(
                    SiteURL.settingsDelete.path, csrf: page.csrfToken,
                    Forms.summary(deleteErrors),
                    Forms.input("delete_password", label: "Your password, to confirm", value: "", errors: deleteErrors,
                                type: .password, required: true,
                                attributes: [.attribute(named: "autocomplete", value: "current-password")]),
                    .button(.type(.submit), .class("danger"), .text("Delete my account and my data"))
                )
            )
        )
    }
}
