import Foundation

/// What notification emails say: discreet by rule. A subject never names addiction, recovery, a crisis
/// or anything a member wrote, in case someone else sees the inbox; the body says only that there is
/// something to see, with a link. `NotificationWordingTests` scans every text here for such words.
enum NotificationWording {
    /// Words no subject or notification email may hold (lower case; matched inside words too).
    static let forbidden = ["addict", "recover", "crisis", "sober", "sobriety", "relapse", "suicid", "self-harm", "alcohol",
                            "drink", "drug", "overdose", "sos", "emergency", "mental", "therapy", "craving", "rehab", "detox",
                            "urges", "clean time", "meeting", "sponsor", "12-step", "step work", "using again"]

    static func subject(_ kind: NotificationKind, site: String) -> String {
        switch kind {
        case .message: "You have a new message on \(site)"
        case .messageRequest: "Someone would like to write to you on \(site)"
        case .mentorshipRequest: "You have a new request on \(site)"
        case .mentorshipAnswer: "Your request on \(site) has an answer"
        case .rhythmDue, .assessmentDue: "A reminder from \(site)"
        case .postReply: "Someone replied to you on \(site)"
        case .helpfulAnswer: "Someone found your words helpful on \(site)"
        case .groupAnswer: "Your request to join has an answer on \(site)"
        case .waitlistPlace: "A place opened for you on \(site)"
        case .eventChange: "Something you're going to changed on \(site)"
        case .sosAlert: "Please open \(site) now: someone is asking for you"
        case .someoneHere: "Someone answered you on \(site)"
        case .circleInvitation: "You have an invitation on \(site)"
        case .moderationNotice: "You have a notice on \(site)"
        case .house: "There is news from your house on \(site)"
        case .exportReady: "What you asked for is ready on \(site)"
        }
    }

    /// One notification by email: that there is something, where to see it, and how to stop these.
    static func body(_ kind: NotificationKind, site: String, open: String, settings: String, unsubscribe: String) -> String {
        let what = kind == .sosAlert ? "Someone is asking for you on \(site). Please open it as soon as you can:" : "There is something new for you on \(site):"
        return """
            \(what)
            \(open)

            \(footer(site: site, settings: settings, unsubscribe: unsubscribe))
            """
    }

    /// Several at once: after quiet hours, or the daily digest. Counts per kind, never content.
    static func summarySubject(count: Int, digest: Bool, site: String) -> String {
        digest ? "Your daily summary from \(site)" : "You have \(count) new notifications on \(site)"
    }

    static func summaryBody(_ counts: [(kind: NotificationKind, count: Int)], digest: Bool, site: String, open: String,
                            settings: String, unsubscribe: String) -> String {
        let lines = counts.map { "- \(summaryLine($0.kind, $0.count))" }.joined(separator: "\n")
        return """
            \(digest ? "Since your last summary:" : "While your quiet hours were on:")
            \(lines)

            See them all: \(open)

            \(footer(site: site, settings: settings, unsubscribe: unsubscribe))
            """
    }

    static func summaryLine(_ kind: NotificationKind, _ count: Int) -> String {
        let one = count == 1
        return switch kind {
        case .message: one ? "1 new message" : "\(count) new messages"
        case .messageRequest: one ? "1 person would like to write to you" : "\(count) people would like to write to you"
        case .mentorshipRequest, .mentorshipAnswer, .groupAnswer: one ? "1 request or answer" : "\(count) requests or answers"
        case .rhythmDue, .assessmentDue: one ? "1 reminder" : "\(count) reminders"
        case .postReply, .helpfulAnswer: one ? "1 reply or thanks" : "\(count) replies or thanks"
        case .waitlistPlace: one ? "1 place opened for you" : "\(count) places opened for you"
        case .eventChange: one ? "1 change to your plans" : "\(count) changes to your plans"
        case .sosAlert, .someoneHere: one ? "1 person asking for you" : "\(count) people asking for you"
        case .circleInvitation: one ? "1 invitation" : "\(count) invitations"
        case .moderationNotice: one ? "1 notice" : "\(count) notices"
        case .house: one ? "1 thing from your house" : "\(count) things from your house"
        case .exportReady: one ? "1 download ready" : "\(count) downloads ready"
        }
    }

    /// Names no kind: a kind's title ("My sober house") is for the settings page, not an inbox.
    private static func footer(site: String, settings: String, unsubscribe: String) -> String {
        """
        You get this email because of the choices you made on \(site).
        Stop these emails: \(unsubscribe)
        Choose what you hear about: \(settings)
        """
    }

    /// What a push says on a lock screen: only that there is something, unless the member chose
    /// previews (then the centre's own line, which names no more than the centre does).
    static func pushBody(_ kind: NotificationKind, site: String, preview: String?) -> String {
        if let preview { return preview }
        switch kind {
        case .sosAlert: return "Someone is asking for you. Please open \(site) now."
        case .someoneHere: return "Someone answered you. Open \(site) to see it."
        default: return pushGeneric(site: site)
        }
    }

    static func pushGeneric(site: String) -> String { "There is something new for you. Open \(site) to see it." }

    static func pushTest(site: String) -> String { "Pushes from \(site) reach this device." }

    /// Every subject and body this file can write, for the wording test.
    static func everyText(site: String) -> [String] {
        var texts: [String] = []
        for kind in NotificationKind.allCases {
            texts.append(subject(kind, site: site))
            texts.append(body(kind, site: site, open: "L", settings: "L", unsubscribe: "L"))
            texts.append(summaryLine(kind, 1))
            texts.append(summaryLine(kind, 2))
            texts.append(pushBody(kind, site: site, preview: nil))
        }
        texts.append(pushTest(site: site))
        for digest in [true, false] {
            texts.append(summarySubject(count: 2, digest: digest, site: site))
            texts.append(summaryBody([(.message, 2)], digest: digest, site: site, open: "L", settings: "L", unsubscribe: "L"))
        }
        return texts
    }
}
