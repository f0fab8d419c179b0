import Foundation
import Hummingbird
import Plot

enum GroupViews {
    static func list(_ page: PageContext, groups: [GroupSummary], canCreate: Bool) -> HTMLPage {
        Layout.render(
            "Groups", page,
            .p(.text("Peer support groups meeting here. Open groups welcome anyone; closed groups are for people who share the group's focus, and a facilitator says yes to each request.")),
            .if(groups.isEmpty, .p(.text("There are no groups yet."))),
            .ul(.class("meetings"), .forEach(groups) { g in
                .li(.a(.href(SiteURL.group(g.id).path), .strong(.text(g.name))),
                    .text(" — \(g.pathway.title) · \(languages(g)) · \(g.isClosed ? "Closed" : "Open")"))
            }),
            .if(canCreate, .p(.a(.class("button"), .href(SiteURL.newGroup.path), .text("Start a group"))))
        )
    }

    static func languages(_ g: GroupSummary) -> String {
        g.languages.map { GroupInput.languageNames[$0] ?? $0 }.joined(separator: ", ")
    }

    static func form(_ page: PageContext, input: GroupInput, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        let pathways = Group.Pathway.allCases.map { (value: $0.rawValue, label: $0.title) }
        let languages = GroupInput.languageNames.sorted { $0.value < $1.value }.map { (value: $0.key, label: $0.value) }
        return Layout.render(
            "Start a group", page, status: status,
            Forms.form(
                SiteURL.groups.path, csrf: page.csrfToken,
                Forms.summary(errors),
                Forms.input("name", label: "Name", value: input.name, errors: errors, required: true),
                Forms.textarea("description", label: "What the group is about", value: input.description, errors: errors, maxLength: 2000),
                Forms.select("pathway", label: "Pathway", options: pathways, selected: input.pathway, errors: errors),
                Forms.choices("languages", legend: "Languages", options: languages,
                              selected: Set(input.languages.split(separator: ",").map(String.init)), errors: errors, multiple: true),
                Forms.choices("closed", legend: "Who can join", options: [(value: "no", label: "Anyone (open)"), (value: "yes", label: "People who share the group's focus, after a facilitator says yes (closed)")],
                              selected: [input.isClosed ? "yes" : "no"], errors: errors, multiple: false),
                .button(.type(.submit), .text("Start the group"))
            )
        )
    }

    static func detail(_ page: PageContext, view v: GroupService.View, notice: String?, errors: [FieldError] = [],
                       status: HTTPResponse.Status = .ok) -> HTMLPage {
        let g = v.group
        return Layout.render(
            g.name, page, status: status,
            Banner.notice(notice),
            .p(.strong(.text("\(g.pathway.title) · \(languages(g)) · \(g.isClosed ? "Closed group" : "Open group")"))),
            .if(!g.description.isEmpty, .p(.class("note"), .text(g.description))),
            membership(page, v, errors: Forms.errors(errors)),
            .section(
                .h2("Meetings"),
                .if(v.meetings.isEmpty, .p(.text("No meetings listed yet."))),
                .ul(.class("meetings"), .forEach(v.meetings) { id, d in
                    .li(.a(.href(SiteURL.meeting(id).path), .text(d.name)),
                               .text(" — \(d.days.map { MeetingViews.dayNames[$0] }.joined(separator: ", ")) \(d.startTime ?? "") · \(MeetingViews.place(d))"))
                }),
                .if(v.isFacilitator, .p(.a(.href(SiteURL.groupNewMeeting(g.id).path), .text("Add a meeting"))))
            ),
            .section(
                .h2("Events"),
                .if(v.events.isEmpty, .p(.text("No events coming up."))),
                .ul(.class("meetings"), .forEach(v.events) { e in
                    .li(.a(.href(SiteURL.event(e.id).path), .text(e.title)),
                        .text(" — \(TimeText.format(e.startsAt, page.member?.timeZone ?? TimeZone(identifier: e.timeZone) ?? .gmt, "EEE d MMM, HH:mm"))"))
                }),
                .if(v.isFacilitator, .p(.a(.href(SiteURL.groupNewEvent(g.id).path), .text("Schedule an event"))))
            ),
            .if(v.isMember, .section(
                .h2("Members"),
                .p(.class("hint"), .text("Only the group's members see this list, and only facilitators see members who chose to stay private.")),
                .ul(.forEach(v.members) { m in
                    .li(.text(m.pseudonym), .if(m.isFacilitator, .text(" (facilitator)")))
                })
            )),
            .if(!v.requests.isEmpty, .section(
                .h2("Asking to join"),
                .ul(.forEach(v.requests) { r in
                    .li(
                        .strong(.text(r.pseudonym)),
                        .unwrap(r.note) { .p(.class("note"), .text($0)) },
                        answer(page, g.id, r.userID, "approve", "Say yes"),
                        answer(page, g.id, r.userID, "decline", "Not this time"))
                })
            ))
        )
    }

    private static func answer(_ page: PageContext, _ group: UUID, _ user: UUID, _ decision: String, _ label: String) -> Node<HTML.BodyContext> {
        .form(.class("inline"), .action(SiteURL.groupRequests(group).path), .method(.post),
              .input(.type(.hidden), .name(CSRFMiddleware.fieldName), .value(page.csrfToken)),
              .input(.type(.hidden), .name("user_id"), .value(user.uuidString.lowercased())),
              .input(.type(.hidden), .name("decision"), .value(decision)),
              .button(.type(.submit), .class(decision == "approve" ? "primary" : "secondary"), .text(label)))
    }

    private static func membership(_ page: PageContext, _ v: GroupService.View, errors: Forms.Errors) -> Node<HTML.BodyContext> {
        let id = v.group.id
        guard page.member != nil else {
            return .p(.a(.href(SiteURL.login.path + "?next=" + SiteURL.group(id).path), .text("Log in to join this group")))
        }
        switch v.mine?.status {
        case .active?:
            return .section(
                .class("card"),
                .p(.text(v.isFacilitator ? "You facilitate this group." : "You belong to this group.")),
                Forms.form(
                    SiteURL.groupVisibility(id).path, csrf: page.csrfToken,
                    Forms.choices("visibility", legend: "Who can see that you belong",
                                  options: [(value: "members", label: "The group's members"), (value: "facilitators", label: "Only its facilitators")],
                                  selected: [v.mine?.visibility.rawValue ?? "members"], errors: errors, multiple: false),
                    .button(.type(.submit), .class("secondary"), .text("Save"))
                ),
                Forms.postButton(SiteURL.groupLeave(id).path, label: "Leave the group", csrf: page.csrfToken),
                .unwrap(errors["group"]) { .p(.class("error"), .text($0)) }
            )
        case .pending?:
            return .section(.class("card"),
                            .p(.text("You asked to join. The facilitators will answer.")),
                            Forms.postButton(SiteURL.groupLeave(id).path, label: "Withdraw my request", csrf: page.csrfToken))
        case nil:
            return v.group.isClosed
                ? Forms.form(SiteURL.groupJoin(id).path, csrf: page.csrfToken,
                             Forms.textarea("note", label: "A word to the facilitators (optional)", value: "", errors: errors,
                                            hint: "Closed groups are for people who share the group's focus.", maxLength: 500),
                             .button(.type(.submit), .text("Ask to join")))
                : Forms.form(SiteURL.groupJoin(id).path, csrf: page.csrfToken, .button(.type(.submit), .text("Join this group")))
        }
    }

    static func meetingForm(_ page: PageContext, group: GroupSummary, input: MeetingInput, errors: [FieldError] = [],
                            status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        let zones = Forms.timeZoneOptions
        return Layout.render(
            "Add a meeting to \(group.name)", page, status: status,
            Forms.form(
                SiteURL.groupNewMeeting(group.id).path, csrf: page.csrfToken,
                Forms.summary(errors),
                Forms.input("name", label: "Meeting name", value: input.name, errors: errors, required: true),
                Forms.choices("days", legend: "Days", options: MeetingViews.dayNames.enumerated().map { (value: String($0.offset), label: $0.element) },
                              selected: Set(input.days), errors: errors, multiple: true),
                Forms.input("start_time", label: "Starts", value: input.startTime, errors: errors, type: .time, required: true),
                Forms.input("end_time", label: "Ends (optional)", value: input.endTime, errors: errors, type: .time),
                Forms.select("time_zone", label: "Time zone", options: zones, selected: input.timeZone, errors: errors),
                Forms.input("location", label: "Place name (optional)", value: input.location, errors: errors),
                Forms.input("address", label: "Address (for in-person meetings)", value: input.address, errors: errors),
                Forms.input("conference_url", label: "Video link (for online meetings)", value: input.conferenceURL, errors: errors, type: .url),
                Forms.input("conference_phone", label: "Dial-in number (optional)", value: input.conferencePhone, errors: errors),
                Forms.choices("types", legend: "Types", options: MeetingInput.commonTypes.map { (value: $0, label: MeetingTypes.meaning($0)) },
                              selected: Set(input.types), errors: errors, multiple: true),
                Forms.textarea("notes", label: "Notes (optional)", value: input.notes, errors: errors, maxLength: 2000),
                .button(.type(.submit), .text("Add the meeting"))
            )
        )
    }
}
