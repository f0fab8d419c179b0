import Foundation
import Hummingbird

/// The notification centre, its settings, and the unsubscribe link every notification email carries.
struct NotificationRoutes: Sendable {
    let deps: AppDependencies
    var notifications: NotificationService { NotificationService(deps: deps) }
    var push: PushService { PushService(deps: deps) }

    private func settingsPage(_ context: MemberContext, form: NotificationViews.Form, errors: [FieldError] = [], notice: String?,
                              status: HTTPResponse.Status = .ok) async throws -> HTMLPage {
        let user = try await AccountService(deps: deps).settings(of: context.member.id)
        let devices = NotificationViews.PushDevices(key: try await push.publicKey(), devices: try await push.devices(of: context.member))
        return NotificationViews.settings(PageContext(context), form: form, zone: context.member.timeZone, hasEmail: !(user.email ?? "").isEmpty,
                                          push: devices, site: deps.configuration.instanceName, errors: errors, notice: notice, status: status)
    }

    func register(web: RouterGroup<AppRequestContext>, members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.notifications.path)) { request, context in
            NotificationViews.centre(PageContext(context), lines: try await notifications.list(for: context.member.id),
                                     zone: context.member.timeZone, now: deps.now(), notice: request.notice)
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.notification))) { _, context in
            redirect(to: try await notifications.open(try context.id(), by: context.member.id))
        }
        members.post(RouterPath(SiteURL.notificationsReadAll.path)) { _, context in
            try await notifications.markAllRead(for: context.member.id)
            return redirect(to: SiteURL.notifications.with(.allRead))
        }
        members.get(RouterPath(SiteURL.notificationSettings.path)) { request, context in
            try await settingsPage(context, form: .init(try await notifications.choices(of: context.member.id)), notice: request.notice)
        }
        members.post(RouterPath(SiteURL.notificationSettings.path)) { _, context in
            let form = NotificationViews.Form(context.form)
            do {
                try await notifications.save(try form.choices(), for: context.member)
                return redirect(to: SiteURL.notificationSettings.with(.notificationsSaved))
            } catch AppError.invalid(let errors) {
                return try await settingsPage(context, form: form, errors: errors, notice: nil, status: .unprocessableContent).response
            }
        }
        // Pushes: the page's script fills in what the browser's push service gave it.
        members.post(RouterPath(SiteURL.pushDevices.path)) { _, context in
            do {
                try await push.subscribe(context.member, endpoint: context.form["endpoint"], p256dh: context.form["p256dh"], auth: context.form["auth"])
                return redirect(to: SiteURL.notificationSettings.with(.pushOn))
            } catch AppError.invalid(let errors) {
                let form = NotificationViews.Form(try await notifications.choices(of: context.member.id))
                return try await settingsPage(context, form: form, errors: errors.map { FieldError(field: "push", message: $0.message) },
                                              notice: nil, status: .unprocessableContent).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.pushDevice))) { _, context in
            try await push.remove(try context.id(), by: context.member)
            return redirect(to: SiteURL.notificationSettings.with(.pushOff))
        }
        members.post(RouterPath(SiteURL.pushTest.path)) { _, context in
            try await push.test(context.member)
            return redirect(to: SiteURL.notificationSettings.with(.pushTested))
        }
        // No sign-in: the secret in the link is the key. The POST is also what a mail client sends for
        // a one-click unsubscribe (RFC 8058), so it needs no form token (see CSRFMiddleware).
        web.get(RouterPath(SiteURL.unsubscribePattern)) { _, context in
            let (token, what) = (context.parameters.get("token") ?? "", context.parameters.get("what") ?? "")
            let target = try await notifications.unsubscribing(token, what)
            return NotificationViews.unsubscribe(PageContext(context), what: target, token: token, what: what, done: false)
        }
        web.post(RouterPath(SiteURL.unsubscribePattern)) { _, context in
            let (token, what) = (context.parameters.get("token") ?? "", context.parameters.get("what") ?? "")
            let target = try await notifications.unsubscribe(token, what)
            return NotificationViews.unsubscribe(PageContext(context), what: target, token: token, what: what, done: true)
        }
    }
}
