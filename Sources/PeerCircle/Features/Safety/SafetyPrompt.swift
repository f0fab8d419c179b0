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

    static func node(_ show: Bool) -> Node<HTML.FormContext> {
        .if(show, .group(
            .input(.type(.hidden), .name(field), .value("yes")),
            .div(.class("care"), .attribute(named: "role", value: "alert"),
                 .p(.strong(.text("It sounds like things are really hard right now."))),
                 .p(.text("You don't have to go through this alone. You can ask your circle and our peer responders for support now, or reach a crisis line any time. You can still post — people here care.")),
                 .p(.a(.class("button primary"), .href(SiteURL.sos.path), .text("I need support now")), .text(" "),
                    .a(.href(SiteURL.crisis.path), .text("Crisis lines"))))))
    }
}
