/// The subject of every email that is not a notification (those are in `NotificationWording`), in
/// one place so the wording rule can be checked: a subject never names addiction, recovery, a crisis
/// or anything a member wrote. `site` is the operator's name for the instance.
enum MailSubject {
    static func passwordReset(site: String) -> String { "Set a new \(site) password" }
    static func passwordChanged(site: String) -> String { "Your \(site) password was changed" }
    static func emailChanged(site: String) -> String { "The email address on your \(site) account was changed" }
    static let trustedInvitation = "Would you be someone's trusted contact?"
    static let trustedAlert = "Someone who trusts you asked for support"
    static let unreached = "Urgent: a call for support has reached nobody"
    static func twoStep(on: Bool, site: String) -> String { "Two-step sign-in was turned \(on ? "on" : "off") for your \(site) account" }

    static func all(site: String) -> [String] {
        [passwordReset(site: site), passwordChanged(site: site), emailChanged(site: site), trustedInvitation, trustedAlert, unreached,
         twoStep(on: true, site: site), twoStep(on: false, site: site)]
    }
}
