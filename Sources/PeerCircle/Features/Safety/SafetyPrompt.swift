import Foundation
import Plot

/// The gentle prompt shown before posting words the screen worries about. It never blocks: the
/// member can post anyway (the form carries `screen_ack=yes` the second time), and either way a
/// moderator is asked to look in.
enum SafetyPrompt {
    static let field = "screen_ack"

    /// Whether to stop and ask first: the text worries the screen and the member hasn't seen the prompt.
    static func shouldAsk(_ text: String, form: FormData) -> Bool {
        form[field] != "yes" && CrisisScreen().fires(text)
    }

    static let heading = "It sounds like things are really hard right now."
    static let words = "You don't have to go through this alone. You can ask your circle and our peer responders for support now, or reach a crisis line any time."

    static func node(_ show: Bool) -> Node<HTML.FormContext> {
        .if(show, .group(
            .input(.type(.hidden), .name(field), .value("yes")),
            .div(.class("care"), .attribute(named: "role", value: "alert"),
                 .p(.strong(.text(heading))),
                 .p(.text(words + " You can still post — people here care.")),
                 .p(.a(.class("button primary"), .href(SiteURL.sos.path), .text("I need support now")), .text(" "),
                    .a(.href(SiteURL.crisis.path), .text("Crisis lines"))))))
    }

    /// The same prompt in a live room, hidden until the room script shows it; its links open in a
    /// new tab so the member doesn't lose their place in the meeting.
    static func roomNode() -> Node<HTML.BodyContext> {
        .div(.id("care"), .class("care"), .attribute(named: "role", value: "alert"), .attribute(named: "hidden", value: "hidden"),
             .p(.strong(.text(heading))),
             .p(.text(words + " You can still send your message — people here care.")),
             .p(.a(.class("button primary"), .href(SiteURL.sos.path), .target(.blank), .text("I need support now")), .text(" "),
                .a(.href(SiteURL.crisis.path), .target(.blank), .text("Crisis lines"))),
             .p(.button(.id("care-send"), .type(.button), .text("Send anyway")), .text(" "),
                .button(.id("care-edit"), .type(.button), .class("secondary"), .text("Edit my message"))))
    }
}
