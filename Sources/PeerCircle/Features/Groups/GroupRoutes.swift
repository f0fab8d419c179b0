import Foundation
import Hummingbird

struct GroupRoutes: Sendable {
    let deps: AppDependencies
    var groups: GroupService { GroupService(deps: deps) }

    func register(web: RouterGroup<AppRequestContext>, members: RouterGroup<MemberContext>) {
        web.get(RouterPath(SiteURL.groups.path)) { _, context in
            let canCreate = context.member.map { $0.has(.facilitator) || $0.has(.admin) } ?? false
            return GroupViews.list(PageContext(context), groups: try await groups.list(), canCreate: canCreate)
        }
        members.get(RouterPath(SiteURL.newGroup.path)) { _, context in
            guard context.member.has(.facilitator) || context.member.has(.admin) else { throw AppError.notFound }
            return GroupViews.form(PageContext(context), input: GroupInput())
        }
        members.post(RouterPath(SiteURL.groups.path)) { _, context in
            let form = context.form
            let input = GroupInput(name: form["name"], description: form["description"], pathway: form["pathway"],
                                   languages: form.all("languages").joined(separator: ","), isClosed: form["closed"] == "yes")
            do {
                let group = try await groups.create(input, by: context.member)
                return redirect(to: SiteURL.group(try group.requireID()).with(.groupCreated))
            } catch AppError.invalid(let errors) {
                return GroupViews.form(PageContext(context), input: input, errors: errors, status: .unprocessableContent).response
            }
        }
        web.get(RouterPath(SiteURL.pattern(SiteURL.group))) { request, context in
            GroupViews.detail(PageContext(context), view: try await groups.view(try context.id(), viewer: context.member),
                              notice: request.notice)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.groupJoin))) { _, context in
            let id = try context.id()
            let status = try await groups.join(id, member: context.member, note: context.form["note"])
            return redirect(to: SiteURL.group(id).with(status == .active ? .joined : .requested))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.groupLeave))) { _, context in
            let id = try context.id()
            do {
                try await groups.leave(id, member: context.member)
                return redirect(to: SiteURL.group(id).with(.left))
            } catch AppError.conflict(_, _, let message) {
                return GroupViews.detail(PageContext(context), view: try await groups.view(id, viewer: context.member), notice: nil,
                                         errors: [FieldError(field: "group", message: message)], status: .conflict).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.groupVisibility))) { _, context in
            let id = try context.id()
            guard let visibility = GroupMember.Visibility(rawValue: context.form["visibility"]) else {
                return GroupViews.detail(PageContext(context), view: try await groups.view(id, viewer: context.member), notice: nil,
                                         errors: [FieldError(field: "visibility", message: "Choose who can see that you belong.")],
                                         status: .unprocessableContent).response
            }
            try await groups.setVisibility(id, visibility, member: context.member)
            return redirect(to: SiteURL.group(id).with(.visibility))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.groupRequests))) { _, context in
            let id = try context.id()
            guard let user = UUID(uuidString: context.form["user_id"]) else { throw AppError.notFound }
            try await groups.answer(id, requestFrom: user, approve: context.form["decision"] == "approve", by: context.member)
            return redirect(to: SiteURL.group(id).with(.answered))
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.groupNewMeeting))) { _, context in
            let id = try context.id()
            try await groups.requireFacilitator(id, context.member)
            let view = try await groups.view(id, viewer: context.member)
            return GroupViews.meetingForm(PageContext(context), group: view.group,
                                          input: MeetingInput(timeZone: context.member.timeZone.identifier))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.groupNewMeeting))) { _, context in
            let id = try context.id()
            let f = context.form
            let input = MeetingInput(
                name: f["name"], days: f.all("days"), startTime: f["start_time"], endTime: f["end_time"], timeZone: f["time_zone"],
                location: f["location"], address: f["address"], conferenceURL: f["conference_url"],
                conferencePhone: f["conference_phone"], types: f.all("types"), notes: f["notes"])
            do {
                _ = try await groups.addMeeting(id, input, by: context.member)
                return redirect(to: SiteURL.group(id).with(.meetingAdded))
            } catch AppError.invalid(let errors) {
                let view = try await groups.view(id, viewer: context.member)
                return GroupViews.meetingForm(PageContext(context), group: view.group, input: input, errors: errors,
                                              status: .unprocessableContent).response
            }
        }
    }
}
