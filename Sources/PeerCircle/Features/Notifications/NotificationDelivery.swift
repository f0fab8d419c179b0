import Foundation

/// How one new notification's email goes, decided from the member's choices. Pure.
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
        guard choices.channel == .email, choices.hasEmail else { return .none }
        // A call for support comes through quiet hours and the digest only for someone who chose so;
        // it never waits for a digest (a day late is no use), only for the end of quiet hours.
        if kind.isUrgent && choices.urgentThroughQuiet { return .now }
        if let quiet = choices.quiet, quiet.contains(now, in: choices.zone) {
            return choices.dailyDigest && !kind.isUrgent ? .digest : .after(quiet.end(after: now, in: choices.zone))
        }
        return choices.dailyDigest && !kind.isUrgent ? .digest : .now
    }
}
