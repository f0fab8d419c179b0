import Foundation
import Hummingbird
import Plot

/// The room page (works without JavaScript: time, link, rules) and the facilitator's open/close.
struct RoomRoutes: Sendable {
    let deps: AppDependencies
    var rooms: RoomService { RoomService(deps: deps, broadcaster: deps.broadcaster) }

    func register(web: RouterGroup<AppRequestContext>, members: RouterGroup<MemberContext>) {
        web.get(RouterPath(SiteURL.pattern(SiteURL.room))) { _, context in
            let id = try context.id()
            let (meeting, room) = try await rooms.status(of: id)
            let facilitator = try await context.member.asyncMap { try await rooms.isFacilitator($0, of: meeting) } ?? false
            return page(PageContext(context), id: id, meeting: meeting.draft, inGroup: meeting.$group.id != nil,
                        open: room?.isOpen == true, locked: room?.isLocked == true, facilitator: facilitator)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.roomOpen))) { _, context in
            let id = try context.id()
            _ = try await rooms.open(id, by: context.member, membersOnly: context.form["members_only"] == "yes")
            return redirect(to: SiteURL.room(id).path)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.roomClose))) { _, context in
            let id = try context.id()
            _ = try await rooms.close(meeting: id, by: context.member)
            return redirect(to: SiteURL.room(id).path)
        }
    }

    private func page(_ p: PageContext, id: UUID, meeting d: MeetingDraft, inGroup: Bool, open: Bool, locked: Bool, facilitator: Bool) -> HTMLPage {
        return Layout.render(
            "Live room: \(d.name)", p,
            .p(.text(d.days.isEmpty ? "By appointment" : "\(d.days.map { MeetingViews.dayNames[$0] + "s" }.joined(separator: ", ")) at \(d.startTime ?? "") (\(TimeText.zoneName(d.timeZone)) time)")),
            .unwrap(d.conferenceURL) { .p(.text("Also online at "), .a(.href($0), .attribute(named: "rel", value: "nofollow noopener noreferrer"), .text($0))) },
            // Open until read: room.js folds them once the member has entered, so the conversation comes first on a phone.
            .details(.id("rules"), .class("rules"), .attribute(named: "open", value: "open"),
                     .summary(.text("Room rules")), .ul(.forEach(RoomService.defaultRules) { .li(.text($0)) })),
            .p(.strong(.text(open ? (locked ? "The room is open and locked." : "The room is open.") : "The room is closed."))),
            .if(facilitator && !open, Forms.form(
                SiteURL.roomOpen(id).path, csrf: p.csrfToken,
                .if(inGroup, Forms.choices("members_only", legend: "Who may come in", options: [(value: "no", label: "Anyone with an account"), (value: "yes", label: "The group's members only")], selected: ["no"], errors: [:], multiple: false)),
                .button(.type(.submit), .text("Open the room")))),
            .if(facilitator && open, Forms.postButton(SiteURL.roomClose(id).path, label: "Close the room", csrf: p.csrfToken)),
            .if(open && p.member != nil, .section(
                .id("room"), .class("room"),
                .attribute(named: "data-socket", value: RoomSocket.path(id)),
                .attribute(named: "data-name", value: p.member?.pseudonym ?? ""),
                .form(.id("enter"), .class("room-enter"),
                      .div(.class("field"), .label(.for("display_name"), .text("The name others will see in this room")),
                           .input(.type(.text), .id("display_name"), .name("display_name"), .value(p.member?.pseudonym ?? ""),
                                  .attribute(named: "maxlength", value: "40"))),
                      .label(.class("choice"), .input(.type(.checkbox), .id("attendance"), .name("attendance"), .value("yes")),
                             .text(" Keep a record that I attended (only I can see it; I can print a proof-of-attendance slip)")),
                      .p(.button(.type(.submit), .text("Enter the room")))),
                .noscript(.p(.text("The live room needs JavaScript. You can still join by the link above, if there is one."))),
                .div(.id("live"), .attribute(named: "hidden", value: "hidden"),
                     .p(.id("floor"), .class("notice"), .attribute(named: "aria-live", value: "polite"), .attribute(named: "hidden", value: "hidden")),
                     .h2("Conversation"),
                     .ol(.id("messages"), .class("messages"), .attribute(named: "aria-live", value: "polite")),
                     .form(.id("say"),
                           .div(.class("field"), .label(.for("message"), .text("Message")), .input(.type(.text), .id("message"), .name("message"), .attribute(named: "maxlength", value: "2000"))),
                           .button(.type(.submit), .text("Send"))),
                     SafetyPrompt.roomNode(emergency: CrisisDirectory.emergencyNumber(for: deps.country(of: p.member))),
                     .p(.button(.id("raise"), .type(.button), .class("secondary"), .text("Raise my hand")), .text(" "),
                        .button(.id("lower"), .type(.button), .class("secondary"), .text("Lower my hand"))),
                     .div(.id("waiting"), .attribute(named: "hidden", value: "hidden"), .h2("Waiting to share"), .ol(.id("queue"))),
                     .if(facilitator, .div(.id("facilitator"), .class("card"),
                        .h2("Facilitator"),
                        .p(.button(.id("lock"), .type(.button), .class("secondary"), .text("Lock the room")), .text(" "),
                           .button(.id("unlock"), .type(.button), .class("secondary"), .text("Unlock"))),
                        .ul(.id("people")))),
                     .p(.id("status"), .class("hint"), .attribute(named: "role", value: "status")))
            )),
            .if(open && p.member == nil, .p(.a(.href(SiteURL.login.path + "?next=" + SiteURL.room(id).path), .text("Log in to enter the room")))),
            .script(.src(SiteURL.roomScript.path))
        )
    }
}
