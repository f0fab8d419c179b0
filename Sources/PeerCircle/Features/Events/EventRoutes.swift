import Foundation
import Hummingbird
import Plot

struct EventRoutes: Sendable {
    let deps: AppDependencies
    var events: EventService { EventService(deps: deps) }

    func register(web: RouterGroup<AppRequestContext>, members: RouterGroup<MemberContext>) {
        web.get(RouterPath(SiteURL.pattern(SiteURL.event))) { request, context in
            let event = try EventFacts(try await events.event(try context.id()))
            let standing = try await context.member.asyncMap { try await events.standing(event.id, $0.id) } ?? nil
            let facilitates = try await context.member.asyncMap { try await GroupService(deps: deps).isFacilitator(event.groupID, $0) } ?? false
            return page(PageContext(context), event: event, standing: standing, counts: try await events.counts(event.id),
                        facilitates: facilitates && event.startsAt > deps.now(), notice: request.notice)
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.eventEdit))) { _, context in
            let event = try await events.facilitated(try context.id(), by: context.member)
            return form(PageContext(context), action: SiteURL.eventEdit(try event.requireID()), input: events.input(for: event))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.eventEdit))) { _, context in
            let id = try context.id()
            let input = Self.input(context.form)
            do {
                _ = try await events.update(id, input, by: context.member)
                return redirect(to: SiteURL.event(id).with(.eventChanged))
            } catch AppError.invalid(let errors) {
                return form(PageContext(context), action: SiteURL.eventEdit(id), input: input, errors: errors, status: .unprocessableContent).response
            }
        }
        // Calling off cannot be undone: a page asks first.
        members.get(RouterPath(SiteURL.pattern(SiteURL.eventCallOff))) { _, context in
            let event = try EventFacts(try await events.facilitated(try context.id(), by: context.member))
            let counts = try await events.counts(event.id)
            let p = PageContext(context)
            return Layout.render(
                "Call off “\(event.title)”?", p,
                .p(.text("\(TimeText.format(event.startsAt, TimeZone(identifier: event.timeZone) ?? .gmt, "EEEE d MMMM, HH:mm")). "),
                   .text(counts.going + counts.waiting == 0 ? "Nobody has answered yet." : "The \(counts.going + counts.waiting) people going or waiting will be told.")),
                .p(.text("The event and its list of answers are deleted; this cannot be undone.")),
                Forms.postButton(SiteURL.eventCallOff(event.id).path, label: "Call the event off", csrf: p.csrfToken, style: "danger"),
                .p(.a(.href(SiteURL.event(event.id).path), .text("Keep the event"))))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.eventCallOff))) { _, context in
            let group = try await events.callOff(try context.id(), by: context.member)
            return redirect(to: SiteURL.group(group).with(.eventCalledOff))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.eventRSVP))) { _, context in
            let id = try context.id()
            _ = try await events.rsvp(id, member: context.member)
            return redirect(to: SiteURL.event(id).path)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.eventCancel))) { _, context in
            let id = try context.id()
            try await events.cancel(id, member: context.member)
            return redirect(to: SiteURL.event(id).path)
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.groupNewEvent))) { _, context in
            let id = try context.id()
            try await GroupService(deps: deps).requireFacilitator(id, context.member)
            return form(PageContext(context), action: SiteURL.groupNewEvent(id), input: .init(timeZone: context.member.timeZone.identifier))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.groupNewEvent))) { _, context in
            let id = try context.id()
            let input = Self.input(context.form)
            do {
                let event = try await events.create(in: id, input, by: context.member)
                return redirect(to: SiteURL.event(try event.requireID()).path)
            } catch AppError.invalid(let errors) {
                return form(PageContext(context), action: SiteURL.groupNewEvent(id), input: input, errors: errors, status: .unprocessableContent).response
            }
        }
    }

    private static func input(_ f: FormData) -> EventService.Input {
        EventService.Input(title: f["title"], description: f["description"], date: f["date"], start: f["start"],
                           end: f["end"], timeZone: f["time_zone"], place: f["place"], capacity: f["capacity"])
    }

    private func page(_ p: PageContext, event e: EventFacts, standing: EventService.Standing?, counts: (going: Int, waiting: Int),
                      facilitates: Bool, notice: String?) -> HTMLPage {
        let zone = TimeZone(identifier: e.timeZone) ?? .gmt
        let viewer = p.member?.timeZone ?? zone
        let id = e.id
        let free = max(0, e.capacity - counts.going)
        return Layout.render(
            e.title, p,
            Banner.notice(notice),
            .p(.strong(.text("\(TimeText.format(e.startsAt, viewer, "EEEE d MMMM, HH:mm"))–\(TimeText.clock(e.endsAt, viewer)) your time"))),
            .p(.text("Hosted by "), .a(.href(SiteURL.group(e.groupID).path), .text(e.groupName))),
            .unwrap(e.place) { .p(.text($0)) },
            .if(!e.description.isEmpty, .p(.class("note"), .text(e.description))),
            .p(.text(free > 0 ? "\(free) of \(e.capacity) places left." : "Full — \(counts.waiting) waiting.")),
            .unwrap(p.member, { _ in
                switch standing {
                case .going?:
                    .group(.p(.span(.class("badge"), .text("You're going"))),
                           Forms.postButton(SiteURL.eventCancel(id).path, label: "I can't come after all", csrf: p.csrfToken))
                case .waiting(let n)?:
                    .group(.p(.span(.class("badge"), .text("You're number \(n) on the waitlist"))),
                           .p(.class("hint"), .text("If a place frees up, the first person waiting gets it.")),
                           Forms.postButton(SiteURL.eventCancel(id).path, label: "Leave the waitlist", csrf: p.csrfToken))
                case nil:
                    Forms.postButton(SiteURL.eventRSVP(id).path, label: free > 0 ? "I'll come" : "Join the waitlist",
                                     csrf: p.csrfToken, style: "primary")
                }
            }, else: .p(.a(.href(SiteURL.login.path + "?next=" + SiteURL.event(id).path), .text("Log in to take a place")))),
            .if(facilitates, .section(.class("facilitator"),
                .h2("For the facilitators"),
                .p(.a(.href(SiteURL.eventEdit(id).path), .text("Change the details")), .text(" — everyone going or waiting is told.")),
                .p(.a(.href(SiteURL.eventCallOff(id).path), .text("Call the event off…")))))
        )
    }

    /// Scheduling a new event or changing one (`action` says which).
    private func form(_ p: PageContext, action: SiteURL, input: EventService.Input, errors: [FieldError] = [],
                      status: HTTPResponse.Status = .ok) -> HTMLPage {
        let new = if case .groupNewEvent = action { true } else { false }
        let errors = Forms.errors(errors)
        let zones = Forms.timeZoneOptions
        return Layout.render(
            new ? "Schedule an event" : "Change the event", p, status: status,
            Forms.form(
                action.path, csrf: p.csrfToken,
                Forms.summary(errors),
                Forms.input("title", label: "Title", value: input.title, errors: errors, required: true),
                Forms.textarea("description", label: "What it is", value: input.description, errors: errors, maxLength: 2000),
                Forms.input("date", label: "Date", value: input.date, errors: errors, type: .date, required: true),
                Forms.input("start", label: "Starts", value: input.start, errors: errors, type: .time, required: true),
                Forms.input("end", label: "Ends", value: input.end, errors: errors, type: .time, required: true),
                Forms.select("time_zone", label: "Time zone", options: zones, selected: input.timeZone, errors: errors),
                Forms.input("place", label: "Where (address or link)", value: input.place, errors: errors),
                Forms.input("capacity", label: "Places", value: input.capacity, errors: errors, type: .number, required: true),
                .button(.type(.submit), .text(new ? "Schedule it" : "Save the changes"))
            )
        )
    }
}
