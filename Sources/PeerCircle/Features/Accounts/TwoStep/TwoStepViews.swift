import Foundation
import Hummingbird
import Plot

enum TwoStepViews {
    /// After a right password: the code, with the challenge the browser carries.
    static func code(_ page: PageContext, challenge: String, next: String?, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Two-step sign-in", page, status: status,
            .p(.text("Open your authenticator app and enter the 6-digit code it shows for PeerCircle. Lost your phone? Enter one of your recovery codes instead.")),
            Forms.form(SiteURL.loginCode.path, csrf: page.csrfToken,
                Forms.summary(errors),
                .input(.type(.hidden), .name("challenge"), .value(challenge)),
                .unwrap(next) { .input(.type(.hidden), .name("next"), .value($0)) },
                Forms.input("code", label: "Code", value: "", errors: errors, required: true,
                            attributes: [.attribute(named: "autocomplete", value: "one-time-code"), .attribute(named: "inputmode", value: "numeric"),
                                         .attribute(named: "maxlength", value: "64")]),
                .button(.type(.submit), .text("Log in"))))
    }

    static func status(_ page: PageContext, enabled: Bool, codesLeft: Int, errors: [FieldError] = [], notice: String?,
                       status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        let locked = page.member?.staffLocked ?? false
        return Layout.render(
            "Two-step sign-in", page, status: status,
            Banner.notice(notice),
            .p(.text("With two-step sign-in, logging in takes your password and a 6-digit code from an authenticator app on your phone (such as Aegis, 2FAS, Google Authenticator or 1Password), so a stolen password alone opens nothing.")),
            .if(locked, .p(.class("live-alert"), .text("Your team role waits for this: administrators, moderators and responders see people at their most vulnerable, so their pages open only with two-step sign-in on."))),
            enabled
                ? .group(
                    .p(.strong(.text("Two-step sign-in is on.")), .text(" Recovery codes left: \(codesLeft) of \(TwoStepService.recoveryCount).")),
                    .if(codesLeft <= 3, .p(.class("hint"), .text("Few recovery codes are left. Turn two-step sign-in off and on again for a new set."))),
                    .h2("Turn it off"),
                    Forms.form(SiteURL.twoStepDisable.path, csrf: page.csrfToken,
                        Forms.summary(errors),
                        Forms.input("password", label: "Your password", value: "", errors: errors, type: .password, required: true,
                                    attributes: [.attribute(named: "autocomplete", value: "current-password")]),
                        Forms.input("code", label: "A code from your app, or a recovery code", value: "", errors: errors, required: true,
                                    attributes: [.attribute(named: "autocomplete", value: "one-time-code"), .attribute(named: "maxlength", value: "64")]),
                        .button(.type(.submit), .class("secondary"), .text("Turn two-step sign-in off"))))
                : .raw(Forms.postButtonHTML(SiteURL.twoStepStart.path, label: "Set up two-step sign-in", csrf: page.csrfToken, style: "primary")))
    }

    static func enrol(_ page: PageContext, _ enrolment: TwoStepService.Enrolment, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Set up two-step sign-in", page, status: status,
            .ol(
                .li(.text("Open your authenticator app and add an account by scanning this code:"),
                    .div(.class("qr"), .raw(enrolment.qrSVG)),
                    .p(.text("Can't scan? Type this key instead (time-based): "), .code(.id("two-step-secret"), .text(enrolment.grouped)))),
                .li(.text("Enter the 6-digit code the app now shows for PeerCircle, and your password."))),
            Forms.form(SiteURL.twoStepConfirm.path, csrf: page.csrfToken,
                Forms.summary(errors),
                Forms.input("password", label: "Your password", value: "", errors: errors, type: .password,
                            hint: "So nobody else at an open screen can turn it on for you. Your other devices will be signed out.", required: true,
                            attributes: [.attribute(named: "autocomplete", value: "current-password")]),
                Forms.input("code", label: "Code from the app", value: "", errors: errors, required: true,
                            attributes: [.attribute(named: "autocomplete", value: "one-time-code"), .attribute(named: "inputmode", value: "numeric"),
                                         .attribute(named: "maxlength", value: "64")]),
                .button(.type(.submit), .text("Turn on two-step sign-in"))),
            .p(.class("hint"), .text("The key stays on this server and in your app; the code picture is drawn here, not by any outside service.")))
    }

    static func recoveryCodes(_ page: PageContext, _ codes: [String]) -> HTMLPage {
        Layout.render(
            "Two-step sign-in is on", page,
            .p(.text("Keep these recovery codes somewhere safe — on paper, or in a password manager. Each one signs you in once if you lose your phone. They are shown only now.")),
            .ul(.class("recovery-codes"), .forEach(codes) { .li(.code(.text($0))) }),
            .p(.a(.href(SiteURL.twoStep.path), .text("Done, I've kept them"))))
    }

    static func devices(_ page: PageContext, _ devices: [SessionService.Device], zone: TimeZone, now: Date, notice: String?) -> HTMLPage {
        Layout.render(
            "Signed-in devices", page,
            Banner.notice(notice),
            .p(.text("Every browser and app signed in to your account. Don't recognise one? Sign it out, then change your password.")),
            .ul(.class("devices"), .forEach(devices) { device in
                .li(.strong(.text(device.client)), .if(device.current, .text(" — this device")),
                    .p(.class("hint"), .text("Signed in \(TimeText.format(device.createdAt, zone, "d MMM yyyy HH:mm"))"
                        + (device.lastUsedAt.map { "; last used \(NotificationViews.when($0, now: now, zone: zone))" } ?? "")
                        + (device.place.map { "; from network \($0)" } ?? ""))),
                    .if(!device.current, .raw(Forms.postButtonHTML(SiteURL.deviceEnd(device.id).path, label: "Sign out this device", csrf: page.csrfToken,
                                                                   ariaLabel: "Sign out \(device.client)"))))
            }),
            .if(devices.count > 1, .raw(Forms.postButtonHTML(SiteURL.devicesEndOthers.path, label: "Sign out everywhere else", csrf: page.csrfToken))))
    }
}
