import Foundation
import Hummingbird
import Plot

/// A forum category as its card and page show it.
struct CategoryCard: Sendable {
    let id: UUID
    let name: String
    let description: String
}

/// A thread's heading: its title and the category it lives in.
struct ThreadHeading: Sendable {
    let title: String
    let categoryID: UUID
    let categoryName: String
    let question: Bool
}

/// Forum pages: the community front page, a category, a thread with its posts, the post forms.
enum CommunityViews {
    static let warningOptions = ContentWarning.allCases.map { (value: $0.rawValue, label: $0.title) }
    static let anonymousHint = "Shown to everyone as “a member”. Moderators can still see who wrote it, to keep everyone safe."

    /// The front page around the categories' cards and the recent threads, already drawn.
    static func front(_ p: PageContext, categories: String, recent: String) -> HTMLPage {
        Layout.render(
            "Community", p,
            .p(.text("Share what's going on, ask the circle, celebrate. Be kind; read the "),
               .a(.href(SiteURL.codeOfConduct.path), .text("code of conduct")), .text(".")),
            searchForm(""),
            .p(.a(.href(SiteURL.strategies.path), .text("Coping strategies")), .text(" · "),
               .a(.href(SiteURL.communitySettings.path), .text("What I see")),
               .if(p.member?.has(.moderator) == true || p.member?.has(.admin) == true,
                   .group(.text(" · "), .a(.href(SiteURL.moderation.path), .text("Moderation"))))),
            .raw(categories),
            .h2("Recent"),
            .raw(recent)
        )
    }

    static func cards(_ categories: [CategoryCard]) -> String {
        Node<HTML.BodyContext>.ul(.class("cards"), .forEach(categories) { c in
            .li(.class("card"), .h2(.a(.href(SiteURL.communityCategory(c.id).path), .text(c.name))), .p(.text(c.description)))
        }).render()
    }

    /// A category's page around its threads, already drawn.
    static func category(_ p: PageContext, _ c: CategoryCard, threads: String) -> HTMLPage {
        Layout.render(
            c.name, p,
            .p(.text(c.description)),
            .p(.a(.class("button primary"), .href(SiteURL.newThread(c.id).path), .text("Start a thread")),
               .text(" "), .a(.href(SiteURL.community.path), .text("All categories"))),
            .raw(threads)
        )
    }

    /// A thread page (`id`) around its posts, already drawn (`posts`).
    static func thread(_ p: PageContext, _ thread: ThreadHeading, id: UUID, posts: String, draft: ForumService.Draft = .init(), errors: [FieldError] = [],
                       notice: String? = nil, status: HTTPResponse.Status = .ok, prompt: SafetyPrompt.Ask? = nil) -> HTMLPage {
        Layout.render(
            thread.title, p, status: status, Banner.notice(notice),
            .p(.a(.href(SiteURL.communityCategory(thread.categoryID).path), .text("← \(thread.categoryName)")),
               .if(thread.question, .span(.class("badge"), .text("Question for the circle")))),
            .raw(posts),
            .raw(draft == .init() && errors.isEmpty && prompt == nil
                 ? blankReply.fill(csrf: p.csrfToken, id: id)
                 : reply(to: id, csrf: p.csrfToken, draft: draft, errors: errors, prompt: prompt).render()))
    }

    /// A thread's posts as one viewer sees them, with stand-ins for the CSRF token (`SlottedText`).
    static func posts(_ posts: [PostView], question: Bool, _ p: PageContext, zone: TimeZone) -> SlottedText {
        let asker = posts.first(where: \.post.isOpening)?.isOwn == true
        let standIn = PageContext(member: p.member, csrfToken: SlottedText.csrf)
        return SlottedText(posts.map { ForumHTML.post($0, standIn, zone: zone, question: question, asker: asker) }.joined())
    }

    /// The reply form as most readers see it — empty — drawn once.
    private static let blankReply = SlottedText(reply(to: SlottedText.id, csrf: SlottedText.csrf, draft: .init(), errors: [], prompt: nil).render())

    private static func reply(to thread: UUID, csrf: String, draft: ForumService.Draft, errors: [FieldError],
                              prompt: SafetyPrompt.Ask?) -> Node<HTML.BodyContext> {
        let errors = Forms.errors(errors)
        return .section(.id("reply"), .h2("Reply"), Forms.form(
            SiteURL.threadReply(thread).path, csrf: csrf,
            SafetyPrompt.node(prompt),
            Forms.summary(errors),
            Forms.textarea("body", label: "Your reply", value: draft.body, errors: errors,
                           hint: "**bold**, *italic*, - lists, > quotes and links work.", maxLength: ForumService.maxBody),
            Forms.choices("warnings", legend: "Content warnings (optional)", options: warningOptions, selected: Set(draft.warnings),
                          errors: errors, multiple: true),
            Forms.choices("anonymous", legend: "Name", options: [(value: "yes", label: "Post anonymously")], selected: draft.anonymous ? ["yes"] : [],
                          errors: errors, multiple: true, hint: anonymousHint),
            .button(.type(.submit), .class("primary"), .text(prompt != nil ? "Post anyway" : "Post reply"))))
    }

    /// Earlier versions are for the author and moderators only (ForumService.revisions).
    static func mayReadHistory(_ v: PostView, _ p: PageContext) -> Bool {
        v.isOwn || p.member?.has(.moderator) == true || p.member?.has(.admin) == true
    }

    static func threadForm(_ p: PageContext, category: CategoryCard, draft: ForumService.Draft, errors: [FieldError] = [],
                           status: HTTPResponse.Status = .ok, prompt: SafetyPrompt.Ask? = nil) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Start a thread in \(category.name)", p, status: status,
            Forms.form(
                SiteURL.newThread(category.id).path, csrf: p.csrfToken,
                SafetyPrompt.node(prompt),
                Forms.summary(errors),
                Forms.choices("kind", legend: "What kind", options: [(value: "discussion", label: "Share or discuss"),
                                                                     (value: "question", label: "Ask the circle a question")],
                              selected: [draft.kind], errors: errors, multiple: false),
                Forms.input("title", label: "Title", value: draft.title, errors: errors, required: true),
                Forms.textarea("body", label: "What's on your mind", value: draft.body, errors: errors,
                               hint: "**bold**, *italic*, - lists, > quotes and links work.", maxLength: ForumService.maxBody),
                Forms.choices("warnings", legend: "Content warnings (optional)", options: warningOptions, selected: Set(draft.warnings),
                              errors: errors, multiple: true, hint: "Readers will see a warning and choose whether to open it."),
                Forms.choices("anonymous", legend: "Name", options: [(value: "yes", label: "Post anonymously")], selected: draft.anonymous ? ["yes"] : [],
                              errors: errors, multiple: true, hint: anonymousHint),
                .button(.type(.submit), .class("primary"), .text(prompt != nil ? "Post anyway" : "Post"))))
    }

    static func editForm(_ p: PageContext, post: PostFacts, draft: ForumService.Draft, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Edit your post", p, status: status,
            Forms.form(
                SiteURL.postEdit(post.id).path, csrf: p.csrfToken,
                Forms.summary(errors),
                Forms.textarea("body", label: "Text", value: draft.body, errors: errors, maxLength: ForumService.maxBody),
                Forms.choices("warnings", legend: "Content warnings", options: warningOptions, selected: Set(draft.warnings), errors: errors, multiple: true),
                .button(.type(.submit), .class("primary"), .text("Save"))),
            .p(.a(.href(SiteURL.thread(post.threadID).path), .text("Back to the thread"))))
    }

    /// A post's wording now and before each edit, for its author and moderators.
    static func history(_ p: PageContext, post: PostFacts, revisions: [(replacedAt: Date, body: String)], zone: TimeZone) -> HTMLPage {
        Layout.render(
            "Edit history", p,
            .p(.a(.href(SiteURL.thread(post.threadID).path), .text("Back to the thread"))),
            .h2("Now"), .div(.class("post-body"), .raw(Markdown.html(post.body))),
            .forEach(revisions) { r in
                .group(.h2(.text("Before \(TimeText.format(r.replacedAt, zone, "d MMM yyyy HH:mm"))")), .div(.class("post-body"), .raw(Markdown.html(r.body))))
            })
    }

    static func searchForm(_ query: String) -> Node<HTML.BodyContext> {
        .form(.class("search"), .action(SiteURL.search.path), .method(.get),
              .label(.for("q"), .text("Search the community")),
              .input(.type(.search), .name("q"), .id("q"), .value(query)),
              .button(.type(.submit), .text("Search")))
    }
}
