import Foundation
import Hummingbird
import Plot

enum NotificationViews {
    static func centre(_ page: PageContext, lines: [NotificationService.Line], zone: TimeZone, now: Date, notice: String?) -> HTMLPage {
        let unread = lines.contains { !$0.read }
        return Layout.render(
            "Notifications", page,
            Banner.notice(notice),
            .p(.class("actions"),
               .a(.href(SiteURL.notificationSettings.path), .text("Choose what you hear about, and how")),
               .if(unread, .raw(" " + Forms.postButtonHTML(SiteURL.notificationsReadAll.path, label: "Mark all as read", csrf: page.csrfToken)))),
            .if(lines.isEmpty, .p(.text("Nothing yet. When someone writes to you, answers you or needs you, it shows here."))),
            .ul(.class("notifications"), .forEach(lines) { line in
                .li(.class(line.read ? "read" : "unread"),
                    .a(.href(SiteURL.notification(line.id).path),
                       .if(!line.read, .span(.class("visually-hidden"), .text("Unread: "))),
                       .text(line.count > 1 ? "\(line.text) (\(line.count))" : line.text)),
                    .text(" "),
                    .element(named: "time", nodes: [.attribute(named: "datetime", value: TimeText.iso(line.at)),
                                                    .text(when(line.at, now: now, zone: zone))]))
            }))
    }

    /// "just now", "5 minutes ago", "3 hours ago", else the day and time.
    static func when(_ date: Date, now: Date, zone: TimeZone) -> String {
        let seconds = now.timeIntervalSince(date)
        if seconds < 60 { return "just now" }
        if seconds < 3600 { return Int(seconds / 60) == 1 ? "a minute ago" : "\(Int(seconds / 60)) minutes ago" }
        if seconds < 86_400 { return Int(seconds / 3600) == 1 ? "an hour ago" : "\(Int(seconds / 3600)) hours ago" }
        return TimeText.format(date, zone, "d MMM HH:mm")
    }

    /// The settings form as saved, or as typed with the reasons beside the fields.
    struct Form: Sendable {
        var channels: [NotificationKind: String]
        var quietStart: String
        var quietEnd: String
        var dailyDigest: Bool
        var digestHour: String
        var urgentThroughQuiet: Bool
        var pushPreviews: Bool

        init(_ choices: NotificationService.Choices) {
            channels = Dictionary(uniqueKeysWithValues: NotificationKind.allCases.map { ($0, choices.channel($0).rawValue) })
            quietStart = choices.quietStart.map(QuietHours.text) ?? ""
            quietEnd = choices.quietEnd.map(QuietHours.text) ?? ""
            dailyDigest = choices.dailyDigest
            digestHour = String(choices.digestHour)
            urgentThroughQuiet = choices.urgentThroughQuiet
            pushPreviews = choices.pushPreviews
        }

        init(_ form: FormData) {
            channels = Dictionary(uniqueKeysWithValues: NotificationKind.allCases.map { ($0, form["channel_\($0.rawValue)"]) })
            quietStart = form["quiet_start"]
            quietEnd = form["quiet_end"]
            dailyDigest = form["daily_digest"] == "yes"
            digestHour = form["digest_hour"]
            urgentThroughQuiet = form["urgent_through_quiet"] == "yes"
            pushPreviews = form["push_previews"] == "yes"
        }

        /// The choices, or the fields that are wrong.
        func choices() throws(AppError) -> NotificationService.Choices {
            var check = Validation()
            var channels: [NotificationKind: NotificationChannel] = [:]
            for kind in NotificationKind.allCases {
                let channel = NotificationChannel(rawValue: self.channels[kind] ?? "")
                check.check(channel != nil, "channel_\(kind.rawValue)", "Choose one of the options.")
                channels[kind] = channel
            }
            let start = quietStart.isEmpty ? nil : QuietHours.minutes(quietStart)
            let end = quietEnd.isEmpty ? nil : QuietHours.minutes(quietEnd)
            check.check(quietStart.isEmpty || start != nil, "quiet_start", "Write a time such as 22:00.")
            check.check(quietEnd.isEmpty || end != nil, "quiet_end", "Write a time such as 07:00.")
            let hour = Int(digestHour)
            check.check(hour.map { (0..<24).contains($0) } ?? false, "digest_hour", "Choose an hour from 0 to 23.")
            try check.finish()
            return NotificationService.Choices(channels: channels, quietStart: start, quietEnd: end, dailyDigest: dailyDigest,
                                               digestHour: hour ?? 8, urgentThroughQuiet: urgentThroughQuiet, pushPreviews: pushPreviews)
        }
    }

    /// The instance's push key and the member's devices with pushes on.
    struct PushDevices: Sendable {
        let key: String
        let devices: [PushService.Device]
    }

    static func settings(_ page: PageContext, form: Form, zone: TimeZone, hasEmail: Bool, push: PushDevices, site: String,
                         errors: [FieldError] = [], notice: String?, status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        let hours = (0..<24).map { (value: String($0), label: QuietHours.text($0 * 60)) }
        return Layout.render(
            "Notification settings", page, status: status,
            Banner.notice(notice),
            .p(.text("Emails never say what a notification is about — only that there is something for you on \(site), with a link. Times are in your time zone, \(TimeText.zoneName(zone.identifier)).")),
            .if(!hasEmail, .p(.class("hint"), .text("Your account has no email address, so nothing is emailed: choices with email reach your notifications here (and pushes, where on) until you add one in "),
                              .a(.href(SiteURL.settings.path), .text("Settings")), .text("."))),
            pushSection(page, push, site: site, zone: zone, error: errors["push"]),
            Forms.form(SiteURL.notificationSettings.path, csrf: page.csrfToken,
                // A push error is told beside the push button, below this form.
                Forms.summary(errors.filter { $0.key != "push" }),
                .h2("What you hear about"),
                .p(.class("hint"), .text("Everything but “Off” shows in your notifications here. Choose what also comes by email, or as a push to the devices where you turned pushes on (above).")),
                .forEach(NotificationKind.allCases) { kind in
                    Forms.select("channel_\(kind.rawValue)", label: kind.title,
                                 options: NotificationChannel.allCases.filter { !(kind.isUrgent && $0 == .off) }.map { (value: $0.rawValue, label: $0.title) },
                                 selected: form.channels[kind] ?? kind.defaultChannel.rawValue, errors: errors)
                },
                .h2("Quiet hours"),
                .p(.class("hint"), .text("Emails wait until quiet hours end (or for your daily summary), and no push is sent. Leave both empty for none.")),
                Forms.input("quiet_start", label: "Quiet from", value: form.quietStart, errors: errors, hint: "For example 22:00",
                            attributes: [.attribute(named: "inputmode", value: "numeric"), .attribute(named: "maxlength", value: "5")]),
                Forms.input("quiet_end", label: "Quiet until", value: form.quietEnd, errors: errors, hint: "For example 07:00",
                            attributes: [.attribute(named: "inputmode", value: "numeric"), .attribute(named: "maxlength", value: "5")]),
                Forms.choices("urgent_through_quiet", legend: "When someone asks for support",
                              options: [(value: "yes", label: "Reach me at once (email and push), even in quiet hours or with the daily summary on")],
                              selected: form.urgentThroughQuiet ? ["yes"] : [], errors: errors, multiple: true,
                              hint: "For people in someone's circle or on call as a responder. Without it, such emails wait for quiet hours to end and no push is sent."),
                .h2("Daily summary"),
                Forms.choices("daily_digest", legend: "One email a day",
                              options: [(value: "yes", label: "Send one summary a day instead of an email each time")],
                              selected: form.dailyDigest ? ["yes"] : [], errors: errors, multiple: true),
                Forms.select("digest_hour", label: "Send it at", options: hours, selected: form.digestHour, errors: errors),
                .h2("Pushes"),
                Forms.choices("push_previews", legend: "What a push says",
                              options: [(value: "yes", label: "Say what it is about (for example “Sam sent you a message”)")],
                              selected: form.pushPreviews ? ["yes"] : [], errors: errors, multiple: true,
                              hint: "Without this a push says only that there is something new on \(site). With it, anyone who sees your screen could read it."),
                .button(.type(.submit), .text("Save"))),
            .script(.src(SiteURL.pushScript.path)))
    }

    /// Turning pushes on for this device (the script does it; without one the button stays hidden),
    /// and the devices that have them, each with a way to stop them.
    private static func pushSection(_ page: PageContext, _ push: PushDevices, site: String, zone: TimeZone, error: String?) -> Node<HTML.BodyContext> {
        .section(.id("push"),
            .h2("Pushes on your phone or computer"),
            .p(.text("A push shows on this device's screen even when \(site) is closed. Choose below which kinds come as a push; none is sent in quiet hours (calls for support come through if you chose so).")),
            .unwrap(error) { .p(.class("error"), .id("push-error"), .attribute(named: "role", value: "alert"), .text($0)) },
            .form(.id("push-form"), .action(SiteURL.pushDevices.path), .method(.post), .attribute(named: "data-key", value: push.key),
                  .input(.type(.hidden), .name(CSRFMiddleware.fieldName), .value(page.csrfToken)),
                  .input(.type(.hidden), .name("endpoint")), .input(.type(.hidden), .name("p256dh")), .input(.type(.hidden), .name("auth")),
                  .button(.type(.submit), .attribute(named: "hidden", value: "hidden"), .text("Turn on pushes on this device")),
                  .p(.id("push-status"), .class("hint"), .attribute(named: "role", value: "status"))),
            .if(push.devices.isEmpty, .p(.class("hint"), .text("No device gets pushes yet."))),
            .ul(.class("devices"), .forEach(push.devices) { device in
                .li(.strong(.text(device.device)), .if(device.current, .text(" (this device)")),
                    .text(" · on since " + TimeText.format(device.createdAt, zone, "d MMM yyyy")),
                    .unwrap(device.lastPushedAt) { .text(" · last push " + TimeText.format($0, zone, "d MMM HH:mm")) },
                    .text(" "),
                    .raw(Forms.postButtonHTML(SiteURL.pushDevice(device.id).path, label: "Stop pushes", csrf: page.csrfToken,
                                              ariaLabel: "Stop pushes to \(device.device)")))
            }),
            .if(!push.devices.isEmpty, Forms.postButton(SiteURL.pushTest.path, label: "Send a test push", csrf: page.csrfToken)))
    }

    static func unsubscribe(_ page: PageContext, what: NotificationService.Unsubscribe, token: String, what raw: String, done: Bool) -> HTMLPage {
        Layout.render(
            done ? "You're unsubscribed" : "Stop these emails?", page,
            done
                ? .p(.text("\(what.title): stopped. They still show in your notifications when you sign in, and you can turn email back on in your notification settings."))
                : .group(
                    .p(.text("\(what.title) will stop. You will still see notifications when you sign in.")),
                    .form(.method(.post), .action(SiteURL.unsubscribe(token: token, what: raw).path),
                          .input(.type(.hidden), .name("List-Unsubscribe"), .value("One-Click")),
                          .button(.type(.submit), .text("Stop these emails")))),
            .p(.a(.href(SiteURL.notificationSettings.path), .text("Notification settings"))))
    }
}
