import Foundation

/// How one new notification's email and push go, decided from the member's choices. Pure.
enum NotificationDelivery {
    struct Choices: Sendable {
        var channel: NotificationChannel
        var hasEmail: Bool
        var quiet: QuietHours?
        var dailyDigest: Bool
        var urgentThroughQuiet: Bool
        var zone: TimeZone
    }

    enum Email: Equatable {
        case none, now, digest
        case after(Date)
    }

    static func email(for kind: NotificationKind, _ choices: Choices, at now: Date) -> Email {
        guard choices.channel.emails, choices.hasEmail else { return .none }
        // A call for support comes through quiet hours and the digest only for someone who chose so;
        // it never waits for a digest (a day late is no use), only for the end of quiet hours.
        if kind.isUrgent && choices.urgentThroughQuiet { return .now }
        if let quiet = choices.quiet, quiet.contains(now, in: choices.zone) {
            return choices.dailyDigest && !kind.isUrgent ? .digest : .after(quiet.end(after: now, in: choices.zone))
        }
        return choices.dailyDigest && !kind.isUrgent ? .digest : .now
    }

    /// Whether it goes to the member's devices now. A push is never held: in quiet hours the centre
    /// keeps it (and the email, if chosen, waits); calls for support come through for whoever chose so.
    static func push(for kind: NotificationKind, _ choices: Choices, at now: Date) -> Bool {
        guard choices.channel.pushes else { return false }
        if kind.isUrgent && choices.urgentThroughQuiet { return true }
        return !(choices.quiet?.contains(now, in: choices.zone) ?? false)
    }
}
