import FluentKit
import Foundation
import Hummingbird
import Plot

/// Inbox, message requests, a conversation, editing and "delete for me"; blocking.
struct MessageWebRoutes: Sendable {
    let deps: AppDependencies
    var messaging: MessagingService { MessagingService(deps: deps) }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.messages.path)) { request, context in
            try await inbox(context, to: request.uri.queryParameters.get("to") ?? "", notice: request.notice)
        }
        members.post(RouterPath(SiteURL.messages.path)) { _, context in
            if let ask = SafetyPrompt.ask(context.form["body"], form: context.form, country: deps.country(of: context.member)) {
                return try await inbox(context, to: context.form["to"], body: context.form["body"], prompt: ask).response
            }
            do {
                let c = try await messaging.start(to: context.form["to"], body: context.form["body"], by: context.member)
                return redirect(to: SiteURL.conversation(try c.requireID()).with(.sent))
            } catch let error as AppError where !error.fields.isEmpty {
                return try await inbox(context, to: context.form["to"], body: context.form["body"], errors: error.fields,
                                       status: error.status).response
            }
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.conversation))) { request, context in
            try await conversation(context, try context.id(), notice: request.notice)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.conversation))) { _, context in
            let id = try context.id()
            if let ask = SafetyPrompt.ask(context.form["body"], form: context.form, country: deps.country(of: context.member)) {
                return try await conversation(context, id, body: context.form["body"], prompt: ask).response
            }
            do {
                try await messaging.send(context.form["body"], in: id, by: context.member.id)
                return redirect(to: SiteURL.conversation(id).with(.sent))
            } catch let error as AppError where !error.fields.isEmpty {
                return try await conversation(context, id, body: context.form["body"], errors: error.fields, status: error.status).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.conversationAnswer))) { request, context in
            let id = try context.id()
            let accept = request.uri.queryParameters.get("answer") == "accept"
            try await messaging.respond(id, accept: accept, by: context.member.id)
            return redirect(to: accept ? SiteURL.conversation(id).path : SiteURL.messages.path)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.messageEdit))) { _, context in
            let message = try await messaging.edit(try context.id(), body: context.form["body"], by: context.member.id)
            return redirect(to: SiteURL.conversation(message.$conversation.id).path)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.messageHide))) { request, context in
            try await messaging.hide(try context.id(), for: context.member.id)
            // Back to the page the button was on (pages send no Referer): only this site's own paths.
            let back = request.uri.queryParameters.get("back").flatMap { SafeRedirect.path(String($0)) }
            return redirect(to: back ?? SiteURL.messages.path)
        }
        members.get(RouterPath(SiteURL.blocks.path)) { request, context in
            let blocked = try await Blocks(db: deps.db).blockedBy(context.member.id)
            return Layout.render(
                "Blocked members", PageContext(context), Banner.notice(request.notice),
                .p(.text("People you block can't message you, send you requests, be matched with you or see your profile. They are not told.")),
                blocked.isEmpty ? .p(.text("You haven't blocked anyone.")) : .ul(.forEach(blocked) { b in
                    .li(.text(b.blocked.pseudonym + " "),
                        Forms.postButton(SiteURL.unblock(b.$blocked.id).path, label: "Unblock", csrf: context.csrfToken, style: "link"))
                }),
                Forms.form(SiteURL.blocks.path, csrf: context.csrfToken,
                           Forms.input("pseudonym", label: "Block someone by pseudonym", value: "", errors: [:]),
                           .button(.type(.submit), .text("Block"))))
        }
        members.post(RouterPath(SiteURL.blocks.path)) { request, context in
            let target: UUID
            if let id = request.uri.queryParameters.get("user").flatMap(UUID.init(uuidString:)), try await AccountService(deps: deps).user(id: id) != nil {
                target = id
            } else if let user = try await AccountService(deps: deps).user(named: context.form["pseudonym"]) {
                target = try user.requireID()
            } else {
                throw AppError.notFound
            }
            try await Blocks(db: deps.db).block(target, by: context.member.id, at: deps.now(), writer: try deps.writer)
            return redirect(to: SiteURL.blocks.with(.blocked))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.unblock))) { _, context in
            try await Blocks(db: deps.db).unblock(try context.id(), by: context.member.id)
            return redirect(to: SiteURL.blocks.with(.unblocked))
        }
    }

    private func inbox(_ context: MemberContext, to: String, body: String = "", errors: [FieldError] = [], notice: String? = nil,
                       status: HTTPResponse.Status = .ok, prompt: SafetyPrompt.Ask? = nil) async throws -> HTMLPage {
        let all = try await messaging.inbox(for: context.member.id)
        let errors = Forms.errors(errors)
        func row(_ s: MessagingService.Summary) -> Node<HTML.ListContext> {
            .li(.a(.href(SiteURL.conversation(s.conversation.id!).path), .text(s.other.pseudonym)),
                .if(s.unread > 0, .span(.class("badge"), .text("\(s.unread) new"))),
                .unwrap(s.last) { .p(.class("hint"), .text(String($0.body.prefix(80)))) })
        }
        return Layout.render(
            "Messages", PageContext(context), status: status, Banner.notice(notice),
            .if(all.contains { $0.isRequestToMe }, .section(.h2("Message requests"),
                .p(.class("hint"), .text("People you haven't talked with yet. They won't know you've read it unless you reply or accept.")),
                .ul(.forEach(all.filter(\.isRequestToMe), row)))),
            .section(.h2("Conversations"), all.contains { !$0.isRequestToMe }
                ? .ul(.forEach(all.filter { !$0.isRequestToMe }, row))
                : .p(.class("hint"), .text("No conversations yet. Your mentor, people in your circle and anyone who answers your call for support can be reached here."))),
            .section(.h2("New message"), Forms.form(SiteURL.messages.path, csrf: context.csrfToken,
                SafetyPrompt.node(prompt),
                Forms.summary(errors),
                Forms.input("to", label: "To (pseudonym)", value: to, errors: errors, required: true),
                Forms.textarea("body", label: "Message", value: body, errors: errors,
                               hint: "Someone you haven't talked with gets it as a request they can accept or decline.", maxLength: MessagingService.maxLength),
                .button(.type(.submit), .class("primary"), .text("Send")))),
            .p(.a(.href(SiteURL.blocks.path), .text("Blocked members")))
        )
    }

    private func conversation(_ context: MemberContext, _ id: UUID, body: String = "", errors: [FieldError] = [], notice: String? = nil,
                              status: HTTPResponse.Status = .ok, prompt: SafetyPrompt.Ask? = nil) async throws -> HTMLPage {
        let c = try await messaging.conversation(id, for: context.member.id)
        let messages = try await messaging.messages(in: id, for: context.member.id)
        guard let other = try await AccountService(deps: deps).user(id: c.other(than: context.member.id)) else { throw AppError.notFound }
        let me = context.member.id, zone = context.member.timeZone
        let requestToMe = c.status == .request && c.$startedBy.id != me
        let errors = Forms.errors(errors)
        return Layout.render(
            "With \(other.pseudonym)", PageContext(context), status: status, Banner.notice(notice),
            .if(requestToMe, .div(.class("card"),
                .p(.text("\(other.pseudonym) would like to talk. Accept to reply, or decline — they won't be able to write again.")),
                Forms.postButton(SiteURL.conversationAnswer(id).path + "?answer=accept", label: "Accept", csrf: context.csrfToken, style: "primary"),
                Forms.postButton(SiteURL.conversationAnswer(id).path + "?answer=decline", label: "Decline", csrf: context.csrfToken))),
            .ol(.class("messages"), .forEach(messages) { m in
                let mine = m.$sender.id == me
                let editable = mine && deps.now().timeIntervalSince(m.sentAt) <= MessagingService.editWindow
                return .li(.class(mine ? "mine" : "theirs"),
                    .p(.class("meta"), .text("\(mine ? "You" : other.pseudonym) · \(TimeText.format(m.sentAt, zone, "d MMM HH:mm"))\(m.editedAt == nil ? "" : " · edited")")),
                    .p(.text(m.body)),
                    .if(editable, Forms.form(SiteURL.messageEdit(m.id!).path, csrf: context.csrfToken,
                        .input(.type(.text), .name("body"), .value(m.body), .attribute(named: "aria-label", value: "Edit message")),
                        .button(.type(.submit), .class("link"), .text("Save edit")))),
                    Forms.postButton(SiteURL.messageHide(m.id!).path + "?back=" + SiteURL.conversation(id).path, label: "Delete for me", csrf: context.csrfToken, style: "link"))
            }),
            .if(!requestToMe && c.status != .declined, Forms.form(SiteURL.conversation(id).path, csrf: context.csrfToken,
                SafetyPrompt.node(prompt),
                Forms.summary(errors),
                Forms.textarea("body", label: "Message", value: body, errors: errors, maxLength: MessagingService.maxLength),
                .button(.type(.submit), .class("primary"), .text("Send")))),
            Forms.postButton(SiteURL.blocks.path + "?user=" + other.id!.uuidString.lowercased(), label: "Block \(other.pseudonym)",
                             csrf: context.csrfToken, style: "link")
        )
    }
}
