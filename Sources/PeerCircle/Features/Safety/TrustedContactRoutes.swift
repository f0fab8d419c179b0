import Foundation
import Hummingbird
import Plot

/// Trusted contacts outside PeerCircle: added on My circle, confirmed by a link, and the private
/// alert page they open from an SOS email — no account needed.
struct TrustedContactRoutes: Sendable {
    let deps: AppDependencies
    var contacts: TrustedContactService { TrustedContactService(deps: deps) }

    func register(web: RouterGroup<AppRequestContext>, members: RouterGroup<MemberContext>) {
        members.post(RouterPath(SiteURL.circleContact.path)) { _, context in
            do {
                try await contacts.add(name: context.form["contact_name"], email: context.form["contact_email"], by: context.member)
                return redirect(to: SiteURL.circle.with(.contactAdded))
            } catch let error as AppError where !error.fields.isEmpty {
                return try await SafetyWebRoutes(deps: deps).circlePage(
                    context, contactName: context.form["contact_name"], contactEmail: context.form["contact_email"],
                    errors: error.fields, status: error.status).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.circleContactRemove))) { _, context in
            try await contacts.remove(try context.id(), by: context.member)
            return redirect(to: SiteURL.circle.with(.answered))
        }
        web.get(RouterPath(SiteURL.pattern(SiteURL.trustedConfirm))) { _, context in
            let token = context.parameters.get("token") ?? ""
            guard let contact = try await contacts.invitation(token) else { throw AppError.notFound }
            return Layout.render(
                "Be a trusted contact", PageContext(context),
                contact.status == .confirmed
                    ? .p(.class("notice"), .attribute(named: "role", value: "status"),
                         .text("Thank you — you're a trusted contact for “\(contact.owner.pseudonym)”. If they ask for support, we'll email you a private link."))
                    : .group(
                        .p(.text("“\(contact.owner.pseudonym)” uses PeerCircle, a peer-support community, and would like you as a trusted contact.")),
                        .p(.text("If they ever ask for support, we'll email you a private link to see it and tell them you're there. Nothing else is shared with you, and you don't need an account.")),
                        Forms.form(SiteURL.trustedConfirm(token: token).path, csrf: context.csrfToken,
                                   .button(.type(.submit), .class("primary"), .text("Yes, I'll be a trusted contact"))),
                        .p(.class("hint"), .text("If you'd rather not, just close this page: nothing more will be sent."))))
        }
        web.post(RouterPath(SiteURL.pattern(SiteURL.trustedConfirm))) { _, context in
            let token = context.parameters.get("token") ?? ""
            _ = try await contacts.confirm(token)
            return redirect(to: SiteURL.trustedConfirm(token: token).path)
        }
        web.get(RouterPath(SiteURL.pattern(SiteURL.trustedAlert))) { _, context in
            try await alertPage(context, token: context.parameters.get("token") ?? "")
        }
        web.post(RouterPath(SiteURL.pattern(SiteURL.trustedAlertHere))) { _, context in
            let token = context.parameters.get("token") ?? ""
            _ = try await contacts.here(token)
            return redirect(to: SiteURL.trustedAlert(token: token).path)
        }
    }

    private func alertPage(_ context: AppRequestContext, token: String) async throws -> HTMLPage {
        let link = try await contacts.open(token)
        let zone = deps.defaultTimeZone
        let when = TimeText.format(link.alert.createdAt, zone, "EEE HH:mm") + " (\(TimeText.zoneName(zone.identifier)) time)"
        let open = link.alert.status == .open
        return Layout.render(
            "“\(link.member.pseudonym)” asked for support", PageContext(context),
            .p(.strong(.text(link.alert.need.title)), .text(" · \(when)")),
            .if(!link.alert.message.isEmpty, .blockquote(.text(link.alert.message))),
            !open
                ? .p(.class("notice"), .attribute(named: "role", value: "status"), .text("This has ended: they said they're OK, or someone is with them. Thank you for caring."))
                : link.row.hereAt != nil
                    ? .p(.class("notice"), .attribute(named: "role", value: "status"),
                         .text("Thank you. They can see you're there. Reach them the way you usually do — a call, a text, a knock on the door."))
                    : .group(
                        .p(.text("They named you as someone they trust. Let them know you're there, then reach them the way you usually do.")),
                        Forms.form(SiteURL.trustedAlertHere(token: token).path, csrf: context.csrfToken,
                                   .button(.type(.submit), .class("primary"), .text("I'm here")))),
            CrisisRoutes.help(deps, country: deps.country(of: nil)),
            .p(.class("hint"), .text("This private link was sent only to you. Please don't share it.")))
    }
}
