import FluentKit
import Foundation
import Hummingbird
import Plot

/// "My meetings": saved meetings and their private calendar subscription, on the web and API.
struct MyMeetingsRoutes: Sendable {
    let deps: AppDependencies
    var mine: MyMeetingsService { MyMeetingsService(deps: deps) }

    func register(public web: RouterGroup<AppRequestContext>, members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.myMeetings.path)) { _, context in
            page(context, meetings: try await mine.list(for: context.member).map { (try $0.requireID(), $0.draft) }, newLink: nil,
                 hasLink: try await mine.hasCalendarToken(context.member))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.meetingSave))) { _, context in
            let id = try context.id()
            try await mine.save(id, for: context.member)
            return redirect(to: SiteURL.meeting(id).path)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.meetingRemove))) { _, context in
            let id = try context.id()
            try await mine.remove(id, for: context.member)
            return redirect(to: SiteURL.meeting(id).path)
        }
        members.post(RouterPath(SiteURL.myCalendar.path)) { request, context in
            let token = try await mine.resetCalendarToken(for: context.member)
            return page(context, meetings: try await mine.list(for: context.member).map { (try $0.requireID(), $0.draft) },
                        newLink: deps.absoluteURL(SiteURL.calendarFeed(token: token), authority: request.head.authority), hasLink: true)
        }
        web.get(RouterPath(SiteURL.calendarFeedPattern)) { request, context in
            guard let token = context.parameters.get("token") else { throw AppError.notFound }
            return calendarResponse(request, name: "My meetings (PeerCircle)", meetings: try await mine.meetings(forCalendarToken: token),
                                    events: try await mine.events(forCalendarToken: token))
        }
        web.get(RouterPath(SiteURL.groupCalendarFeedPattern)) { request, context in
            guard let token = context.parameters.get("token"),
                  let group = context.parameters.get("group").flatMap({ UUID(uuidString: String($0.prefix(36))) })
            else { throw AppError.notFound }
            let (found, meetings, events) = try await mine.groupMeetings(forCalendarToken: token, group: group)
            return calendarResponse(request, name: "\(found.name) (PeerCircle)", meetings: meetings, events: events)
        }
    }

    /// A calendar app asks every few hours: the calendar is stamped with the day (not the second),
    /// so an unchanged one keeps its ETag and the app gets 304.
    private func calendarResponse(_ request: Request, name: String, meetings: [Meeting], events: [GroupEvent]) -> Response {
        let day = Date(timeIntervalSince1970: (deps.now().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
        let ics = ICalendar.calendar(
            name: name,
            events: meetings.map { .init(uid: "\($0.id!.uuidString.lowercased())@peercircle", meeting: $0.draft, url: nil) },
            oneOffs: events.map { .init(uid: "\($0.id!.uuidString.lowercased())@peercircle", title: $0.title, start: $0.startsAt,
                                        end: $0.endsAt, place: $0.place, description: $0.eventDescription) },
            now: day)
        return CachedBody(Data(ics.utf8), contentType: "text/calendar; charset=utf-8", modified: day, level: .fastestCompression)
            .response(to: request, cacheControl: "private, no-cache")
    }

    private func page(_ context: MemberContext, meetings: [(id: UUID, draft: MeetingDraft)], newLink: String?, hasLink: Bool) -> HTMLPage {
        let p = PageContext(context)
        return Layout.render(
            "My meetings", p,
            .p(.class("hint"), .text("Only you can see which meetings you keep here. "),
               .a(.href(SiteURL.myAttendance.path), .text("My attendance and proof-of-attendance slips"))),
            .if(meetings.isEmpty, .p(.text("You haven't added any meetings yet. "), .a(.href(SiteURL.meetings.path), .text("Find a meeting")))),
            .ul(.class("meetings"), .forEach(meetings) { id, d in
                let when = d.days.isEmpty ? "By appointment" : d.days.map { String(MeetingViews.dayNames[$0].prefix(3)) }.joined(separator: ", ") + " " + (d.startTime ?? "")
                return .li(.strong(.text(when)), .text(" "), .a(.href(SiteURL.meeting(id).path), .text(d.name)),
                           .text(" — " + MeetingViews.place(d)))
            }),
            .section(
                .h2("In your calendar"),
                .p(.text("Subscribe to these meetings in your phone's calendar with a private link. Anyone with the link can see this list, so keep it to yourself. Resetting makes a new link and the old one stops working.")),
                .unwrap(newLink) { link in
                    .div(.class("notice"), .attribute(named: "role", value: "status"),
                         .p(.text("Your private calendar link (shown once — copy it now):")),
                         .p(.element(named: "code", text: link)),
                         .p(.text("For any group's meetings, add /groups/ and the group's id in place of /my-meetings.ics, ending in .ics — e.g. "),
                            .element(named: "code", text: link.replacingOccurrences(of: "/my-meetings.ics", with: "/groups/GROUP-ID.ics"))))
                },
                Forms.postButton(SiteURL.myCalendar.path, label: hasLink ? "Reset my calendar link" : "Create my calendar link",
                                 csrf: p.csrfToken, style: "primary")
            )
        )
    }
}
