import FluentKit
import Foundation
import Hummingbird
import Plot

/// The review queue, member actions, appeals and the audit log; members' notices and appeals.
struct ModerationWebRoutes: Sendable {
    let deps: AppDependencies
    var moderation: ModerationService { ModerationService(deps: deps) }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.pattern(SiteURL.postFlag))) { _, context in
            let post = try PostFacts(try await ForumService(deps: deps).visiblePost(try context.id(), for: context.member))
            return flagForm(context, post)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.postFlag))) { _, context in
            let id = try context.id()
            let post = try PostFacts(try await ForumService(deps: deps).visiblePost(id, for: context.member))
            do {
                try await moderation.flag(id, reason: context.form["reason"], note: context.form["note"], by: context.member)
                return redirect(to: SiteURL.thread(post.threadID).with(.flagged))
            } catch let error as AppError where !error.fields.isEmpty {
                return flagForm(context, post, reason: context.form["reason"], note: context.form["note"], errors: error.fields, status: error.status).response
            }
        }
        members.get(RouterPath(SiteURL.moderation.path)) { request, context in try await queuePage(context, notice: request.notice) }
        members.post(RouterPath(SiteURL.pattern(SiteURL.moderatePost))) { _, context in
            do {
                _ = try await moderation.act(on: try context.id(), context.form["action"], reason: context.form["reason"], by: context.member)
                return redirect(to: SiteURL.moderation.with(.moderated))
            } catch let error as AppError where !error.fields.isEmpty {
                return try await queuePage(context, errors: error.fields, status: error.status).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.moderateMember))) { _, context in
            let f = context.form
            do {
                _ = try await moderation.act(onMember: try context.id(), f["action"], reason: f["reason"], hours: Int(f["hours"]),
                                             level: Int(f["level"]), by: context.member)
                return redirect(to: SiteURL.moderation.with(.moderated))
            } catch let error as AppError where !error.fields.isEmpty {
                return try await queuePage(context, errors: error.fields, status: error.status).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.moderateAppeal))) { _, context in
            do {
                try await moderation.decide(try context.id(), uphold: context.form["decision"] == "uphold", reason: context.form["reason"], by: context.member)
                return redirect(to: SiteURL.moderation.with(.moderated))
            } catch let error as AppError where !error.fields.isEmpty {
                return try await queuePage(context, errors: error.fields, status: error.status).response
            }
        }
        members.get(RouterPath(SiteURL.auditLog.path)) { _, context in
            let actions = try await moderation.auditLog(for: context.member)
            let zone = context.member.timeZone
            return Layout.render(
                "Moderation audit log", PageContext(context),
                .p(.text("Every moderator action, newest first. Only administrators see this page.")),
                .div(.class("scroll-x"), .table(.tr(.th("When"), .th("Moderator"), .th("Action"), .th("About"), .th("Reason")),
                       .forEach(actions) { a in
                           .tr(.td(.text(TimeText.format(a.createdAt, zone, "d MMM yyyy HH:mm"))), .td(.text(a.moderator?.pseudonym ?? "—")),
                               .td(.text(a.kind.title + (a.until.map { " until " + TimeText.format($0, zone, "d MMM HH:mm") } ?? ""))),
                               .td(.text(a.subject.pseudonym + (a.$post.id == nil ? "" : " (a post)"))), .td(.text(a.reason)))
                       })))
        }
        members.get(RouterPath(SiteURL.myNotices.path)) { request, context in
            try await noticesPage(context, notice: request.notice)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.noticeAppeal))) { _, context in
            do {
                _ = try await moderation.appeal(try context.id(), text: context.form["text"], by: context.member)
                return redirect(to: SiteURL.myNotices.with(.appealed))
            } catch let error as AppError where !error.fields.isEmpty {
                return try await noticesPage(context, errors: error.fields, status: error.status).response
            }
        }
    }

    private func flagForm(_ context: MemberContext, _ post: PostFacts, reason: String = "", note: String = "", errors: [FieldError] = [],
                          status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Flag a post", PageContext(context), status: status,
            .p(.text("Flags go to the moderators. The author isn't told who flagged. If someone may be in danger, say so — it is looked at first.")),
            Forms.form(SiteURL.postFlag(post.id).path, csrf: context.csrfToken,
                Forms.summary(errors),
                Forms.choices("reason", legend: "What's wrong?", options: FlagReason.allCases.map { (value: $0.rawValue, label: $0.title) },
                              selected: [reason], errors: errors, multiple: false),
                Forms.textarea("note", label: "Anything the moderators should know (optional)", value: note, errors: errors, maxLength: 500),
                .button(.type(.submit), .class("primary"), .text("Send to moderators"))),
            .p(.a(.href(SiteURL.thread(post.threadID).path), .text("Back to the thread"))))
    }

    private func queuePage(_ context: MemberContext, errors: [FieldError] = [], notice: String? = nil,
                           status: HTTPResponse.Status = .ok) async throws -> HTMLPage {
        let queue = try await moderation.queue(for: context.member)
        let appeals = try await moderation.openAppeals(for: context.member)
        let errors = Forms.errors(errors)
        let csrf = context.csrfToken
        let postActions = [("approve", "Approve (visible)"), ("hide", "Hide"), ("delete", "Remove"), ("restore", "Restore")].map { (value: $0.0, label: $0.1) }
        let memberActions = [("warn", "Warn"), ("silence", "Silence for some hours"), ("suspend", "Suspend for some hours"),
                             ("grant_trust", "Set trust level"), ("revoke_trust", "Lower trust level")].map { (value: $0.0, label: $0.1) }
        return Layout.render(
            "Moderation", PageContext(context), status: status, Banner.notice(notice),
            .if(!errors.isEmpty, .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                                      .ul(.forEach(errors.sorted { $0.key < $1.key }) { .li(.text($0.value)) }))),
            .h2("Review queue"),
            queue.isEmpty ? .p(.text("Nothing waiting. Thank you for looking after the place.")) : .ul(.class("cards"), .forEach(queue) { item in
                .li(.class("card"),
                    .p(.strong(.text(item.thread.title)), .text(" · by \(item.author)\(item.post.anonymous ? " (posted anonymously)" : "") · \(item.post.state.rawValue)")),
                    .div(.class("post-body"), .raw(Markdown.html(item.post.body))),
                    .ul(.forEach(item.flags) { .li(.text("\($0.reason.title)\($0.note.isEmpty ? "" : ": \($0.note)") (weight \(String(format: "%.1f", $0.weight)))")) }),
                    Forms.form(SiteURL.moderatePost(item.post.id!).path, csrf: csrf,
                        Forms.select("action", label: "Decision", options: postActions, selected: item.post.state == .hidden ? "restore" : "approve", errors: [:]),
                        Forms.input("reason", label: "Reason (sent to the author)", value: "", errors: [:], required: true),
                        .button(.type(.submit), .text("Decide"))),
                    Forms.form(SiteURL.moderateMember(item.post.$author.id).path, csrf: csrf,
                        Forms.select("action", label: "About the author", options: memberActions, selected: "warn", errors: [:]),
                        Forms.input("hours", label: "Hours (silence or suspend)", value: "24", errors: [:], type: .number),
                        Forms.input("level", label: "Trust level (0–3)", value: "1", errors: [:], type: .number),
                        Forms.input("reason", label: "Reason (sent to the member)", value: "", errors: [:], required: true),
                        .button(.type(.submit), .text("Act"))))
            }),
            .h2("Appeals"),
            appeals.isEmpty ? .p(.text("No open appeals.")) : .ul(.class("cards"), .forEach(appeals) { appeal in
                .li(.class("card"),
                    .p(.text("\(appeal.author.pseudonym) appeals “\(appeal.action.kind.title)” (\(appeal.action.reason)):")),
                    .blockquote(.text(appeal.text)),
                    Forms.form(SiteURL.moderateAppeal(appeal.id!).path, csrf: csrf,
                        Forms.choices("decision", legend: "Decision", options: [(value: "uphold", label: "Uphold (undo the action)"), (value: "deny", label: "The decision stands")],
                                      selected: ["deny"], errors: [:], multiple: false),
                        Forms.input("reason", label: "Reason (sent to the member)", value: "", errors: [:], required: true),
                        .button(.type(.submit), .text("Decide"))))
            }),
.p(.a(.href(SiteURL.crisisReviews.path), .text("Crisis review queue")),
               .if(context.member.has(.admin), .group(.text(" · "), .a(.href(SiteURL.auditLog.path), .text("Audit log")),
                                                     .text(" · "), .a(.href(SiteURL.adminSafety.path), .text("Safety net figures"))))))
    }

    private func noticesPage(_ context: MemberContext, errors: [FieldError] = [], notice: String? = nil,
                             status: HTTPResponse.Status = .ok) async throws -> HTMLPage {
        let notices = try await moderation.notices(for: context.member.id)
        try await moderation.markNoticesRead(for: context.member.id)
        let appealed = try await moderation.appealed(notices.compactMap { $0.$action.id })
        let appealable: Set<ModerationAction.Kind> = [.hide, .delete, .warn, .silence, .suspend, .revokeTrust]
        let errors = Forms.errors(errors)
        let zone = context.member.timeZone
        return Layout.render(
            "Notices from the moderators", PageContext(context), status: status, Banner.notice(notice),
            notices.isEmpty ? .p(.text("Nothing here. That's good news.")) : .ul(.class("cards"), .forEach(notices) { n in
                .li(.class("card"),
                    .p(.class("hint"), .text(TimeText.format(n.createdAt, zone, "d MMM yyyy HH:mm"))),
                    .p(.text(n.text)),
                    .unwrap(n.action) { action in
                        appealable.contains(action.kind) && !appealed.contains(action.id!)
                            ? Forms.form(SiteURL.noticeAppeal(action.id!).path, csrf: context.csrfToken,
                                         Forms.textarea("text", label: "Appeal (once): why should this be looked at again?", value: "", errors: errors, maxLength: 2000),
                                         .button(.type(.submit), .text("Send appeal")))
                            : .if(appealed.contains(action.id!), .p(.class("hint"), .text("You appealed this decision.")))
                    })
            }),
            .p(.a(.href(SiteURL.codeOfConduct.path), .text("Code of conduct"))))
    }
}
