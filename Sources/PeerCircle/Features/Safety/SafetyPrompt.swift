import Foundation
import Plot

/// The gentle prompt shown before posting words the screen worries about. It never blocks: the
/// member can post anyway (the form carries `screen_ack=yes` the second time), and either way a
/// moderator is asked to look in. For an overdose happening now, the emergency number and the
/// naloxone steps come first.
enum SafetyPrompt {
    static let field = "screen_ack"

    /// Why the form stops to ask, and the emergency number to put first for an overdose.
    struct Ask: Sendable, Equatable {
        let overdose: Bool
        let emergency: String?
    }

    /// Whether to stop and ask first: the text worries the screen and the member hasn't seen the prompt.
    static func ask(_ text: String, form: FormData, country: String?) -> Ask? {
        guard form[field] != "yes", let finding = CrisisScreen().evaluate(text) else { return nil }
        return Ask(overdose: finding.category == .overdose, emergency: CrisisDirectory.emergencyNumber(for: country))
    }

    static let heading = "It sounds like things are really hard right now."
    static let words = "You don't have to go through this alone. You can ask your circle and our peer responders for support now, or reach a crisis line any time."
    static let overdoseHeading = "If someone may have overdosed, call for help now."
    /// What to do for a suspected opioid overdose while help comes (as naloxone programmes teach it).
    static let naloxoneSteps = [
        "Call the emergency number and say someone is not breathing or won't wake up.",
        "Give naloxone (Narcan) if there is some: one spray in a nostril, or the injection.",
        "Breathe for them if you know how; otherwise lay them on their side (the recovery position).",
        "Stay with them. If they don't wake within 2–3 minutes, give a second dose. Naloxone wears off before many opioids do.",
    ]

    static func node(_ ask: Ask?) -> Node<HTML.FormContext> {
        .unwrap(ask) { ask in
            .group(
                .input(.type(.hidden), .name(field), .value("yes")),
                .div(.class("care"), .attribute(named: "role", value: "alert"),
                     // Plot builds it (the number comes from the built-in table, never from input).
                     .if(ask.overdose, .raw(overdose(ask.emergency).render())),
                     .p(.strong(.text(heading))),
                     .p(.text(words + " You can still post — people here care.")),
                     .p(.a(.class("button primary"), .href(SiteURL.sos.path), .text("I need support now")), .text(" "),
                        .a(.href(SiteURL.crisis.path), .text("Crisis lines")))))
        }
    }

    /// The emergency call and the naloxone steps, first on the screen.
    static func overdose(_ emergency: String?) -> Node<HTML.BodyContext> {
        .div(.class("overdose"),
             .p(.strong(.text(overdoseHeading + " ")),
                .unwrap(emergency, { .a(.class("button primary"), .href("tel:" + $0), .text("Call \($0)")) },
                        else: .text("Call your local emergency number (112, 911 or 999)."))),
             .ol(.forEach(naloxoneSteps) { .li(.text($0)) }))
    }

    /// The same prompt in a live room, hidden until the room script shows it; its links open in a
    /// new tab so the member doesn't lose their place in the meeting. The overdose part shows only
    /// when the screen saw an overdose now.
    static func roomNode(emergency: String?) -> Node<HTML.BodyContext> {
        .div(.id("care"), .class("care"), .attribute(named: "role", value: "alert"), .attribute(named: "hidden", value: "hidden"),
             .div(.id("care-overdose"), .attribute(named: "hidden", value: "hidden"), overdose(emergency)),
             .p(.strong(.text(heading))),
             .p(.text(words + " You can still send your message — people here care.")),
             .p(.a(.class("button primary"), .href(SiteURL.sos.path), .target(.blank), .text("I need support now")), .text(" "),
                .a(.href(SiteURL.crisis.path), .target(.blank), .text("Crisis lines"))),
             .p(.button(.id("care-send"), .type(.button), .text("Send anyway")), .text(" "),
                .button(.id("care-edit"), .type(.button), .class("secondary"), .text("Edit my message"))))
    }
}
