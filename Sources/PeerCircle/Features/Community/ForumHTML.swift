import Foundation

/// Thread rows and posts written as text. A category draws fifty rows and a thread page a dozen posts
/// with five buttons each; drawn through Plot's generic nodes that was most of these pages' cost, as
/// the directory's rows once were (`DirectoryRow`). Every value is escaped here — text with
/// `HTMLEscape.text`, attributes with `AttributeText` — and the whole-site escaping test requests these
/// pages with hostile titles, names and bodies.
enum ForumHTML {
    static func threadList(_ threads: [ForumService.ThreadSummary], zone: TimeZone) -> String {
        guard !threads.isEmpty else { return "<p>Nothing here yet. You could be the first.</p>" }
        var html = "<ul class=\"threads\">"
        html.reserveCapacity(threads.count * 300)
        for t in threads {
            html += "<li><a href=\"" + AttributeText.link(SiteURL.thread(t.id).path) + "\">" + HTMLEscape.text(t.title) + "</a>"
            if t.kind == .question { html += "<span class=\"badge\">Question</span>" }
            if t.kind == .milestone { html += "<span class=\"badge\">Milestone</span>" }
            if !t.warnings.isEmpty {
                html += "<span class=\"badge\">" + HTMLEscape.text("CW: " + t.warnings.map(\.title).joined(separator: ", ")) + "</span>"
            }
            let replies = "\(t.replies) repl\(t.replies == 1 ? "y" : "ies")"
            html += "<p class=\"hint\">" + HTMLEscape.text("\(t.author) · \(replies) · \(TimeText.format(t.lastActivityAt, zone, "d MMM HH:mm"))")
                + "</p></li>"
        }
        return html + "</ul>"
    }

    static func post(_ v: PostView, _ p: PageContext, zone: TimeZone, question: Bool, asker: Bool) -> String {
        let post = v.post, id = post.id
        let live = post.state == .visible
        var html = "<article id=\"" + AttributeText.escape("post-\(id.uuidString.lowercased())") + "\" class=\""
            + (post.helpfulAnswer ? "post helpful" : "post") + "\">"
        html += "<p class=\"meta\">" + HTMLEscape.text("\(v.author) · \(TimeText.format(post.createdAt, zone, "d MMM yyyy HH:mm"))")
        if post.editedAt != nil {
            html += " · " + (CommunityViews.mayReadHistory(v, p)
                ? "<a href=\"" + AttributeText.link(SiteURL.postHistory(id).path) + "\">edited</a>" : "edited")
        }
        if post.helpfulAnswer { html += "<span class=\"badge\">Helpful answer</span>" }
        html += "</p>"
        if v.pendingReview {
            html += "<p class=\"notice\">" + (v.isOwn ? "Only you and the moderators can see this post while it is reviewed." : "Hidden pending review.") + "</p>"
        }
        switch v.display {
        case .removedByAuthor: html += "<p class=\"removed-note\">Removed by author.</p>"
        case .removedByModerator: html += "<p class=\"removed-note\">Removed by a moderator.</p>"
        case .hiddenTheme(let themes):
            html += "<p class=\"removed-note\">" + HTMLEscape.text("Hidden: has a content warning for \(themes.map(\.title).joined(separator: ", ")), which you chose not to see. ")
                + "<a href=\"" + AttributeText.link(SiteURL.communitySettings.path) + "\">Change what I see</a></p>"
        case .shown:
            let body = "<div class=\"post-body\">" + (v.bodyHTML ?? Markdown.html(post.body)) + "</div>"
            html += post.warnings.isEmpty ? body
                : "<details><summary>" + HTMLEscape.text("Content warning: \(post.warnings.map(\.title).joined(separator: ", ")) — show") + "</summary>" + body + "</details>"
        }
        if live && v.isOwn && !v.reactions.isEmpty {
            html += "<p class=\"hint\">" + HTMLEscape.text(ReactionKind.allCases.compactMap { kind in v.reactions[kind].map { "\(kind.title) · \($0)" } }
                .joined(separator: "   ")) + "</p>"
        }
        if live && !v.isOwn {
            html += "<div class=\"reactions\">"
            for kind in ReactionKind.allCases {
                html += Forms.postButtonHTML(SiteURL.postReact(id).path + "?kind=\(kind.rawValue)", label: "\(kind.title)\(v.reactions[kind].map { " · \($0)" } ?? "")",
                               csrf: p.csrfToken, style: v.mine.contains(kind) ? "reacted" : "secondary")
            }
            html += "</div>"
        }
        if live && question && asker && !post.isOpening {
            html += Forms.postButtonHTML(SiteURL.postHelpful(id).path, label: post.helpfulAnswer ? "Unmark helpful" : "Mark as a helpful answer", csrf: p.csrfToken)
        }
        if v.isOwn && (live || post.state == .hidden) {
            html += "<p class=\"actions\"><a href=\"" + AttributeText.link(SiteURL.postEdit(id).path) + "\">Edit</a> "
                + Forms.postButtonHTML(SiteURL.postDelete(id).path, label: "Delete", csrf: p.csrfToken, style: "link") + "</p>"
        }
        if !v.isOwn && live {
            html += "<p class=\"actions\"><a href=\"" + AttributeText.link(SiteURL.postFlag(id).path) + "\">Flag</a>"
            if !post.anonymous {
                html += " " + Forms.postButtonHTML(SiteURL.mute(post.authorID).path, label: "Mute this person", csrf: p.csrfToken, style: "link")
            }
            html += "</p>"
        }
        return html + "</article>"
    }
}
