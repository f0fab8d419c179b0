import Foundation
import Hummingbird
import Plot

/// The community's norms, shown to everyone. Operators replace the text with
/// `PEERCIRCLE_CODE_OF_CONDUCT_FILE` (Markdown, same subset as posts).
enum CodeOfConduct {
    static let standard = """
    We are people in recovery and the people who love us. This place works because it is safe. By taking part you agree to this:

    - **Be kind. No harassment**, insults, threats, or piling on — in posts, messages or rooms.
    - **"No" means no.** If someone declines a message, a request or a conversation, don't contact them again another way.
    - **What's shared here stays here.** Don't share other people's stories, names or screenshots, inside or outside PeerCircle.
    - **No selling**, advertising, recruiting or fundraising.
    - **No images of drugs, alcohol or weapons**, and no detail of using that could hurt someone — use a content warning when you talk about relapse, self-harm or trauma.
    - **Every pathway is welcome.** Don't judge anyone's way of recovering — 12-step, SMART, faith, secular, harm reduction, or medication such as buprenorphine or methadone.
    - **Peer support, not professional advice.** Share your experience; don't diagnose or tell anyone to stop their medication.
    - **If someone is in danger**, flag the post as "someone may be unsafe" so a moderator sees it quickly, and point them to the crisis lines.

    Moderators may hide or remove posts, warn, pause or suspend posting. You will always be told why, and you can appeal each decision once.
    """

    static func text(_ configuration: AppConfiguration) -> String {
        configuration.codeOfConductFile.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? standard
    }

    static func register(_ web: RouterGroup<AppRequestContext>, deps: AppDependencies) {
        // Read and drawn once: the file is the operator's, set before start (as every setting is).
        let html = Markdown.html(text(deps.configuration))
        web.get(RouterPath(SiteURL.codeOfConduct.path)) { _, context in
            Layout.render("Code of conduct", PageContext(context), .div(.class("post-body"), .raw(html)))
        }
    }
}
