import Foundation
import Hummingbird

struct GroupRoutes: Sendable {
    let deps: AppDependencies
    var groups: GroupService { GroupService(deps: deps) }

    struct GroupDTO: ResponseCodable, Sendable {
        @LowercaseID var id: UUID
        let name: String
        let description: String
        let pathway: String
        let languages: [String]
        let closed: Bool
        /// The viewer's membership: none, pending, member or facilitator.
        let membership: String
        /// Only for the group's members, and only those visible to the viewer.
        let members: [String]?
        @LowercaseID var meetings: [UUID]
    }

    struct GroupBody: Decodable {
        var name: String
        var description: String?
        var pathway: String
        var languages: [String]
        var closed: Bool?
    }
    struct JoinBody: Decodable { var note: String? }

    func register(web: RouterGroup<AppRequestContext>, members: RouterGroup<MemberContext>,
                  api: RouterGroup<AppRequestContext>, apiMembers: RouterGroup<MemberContext>) {
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
                return redirect(to: SiteURL.group(try group.requireID()).path + "?done=group-created")
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
            return redirect(to: SiteURL.group(id).path + (status == .active ? "?done=joined" : "?done=requested"))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.groupLeave))) { _, context in
            let id = try context.id()
            do {
                try await groups.leave(id, member: context.member)
                return redirect(to: SiteURL.group(id).path + "?done=left")
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
            return redirect(to: SiteURL.group(id).path + "?done=visibility")
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.groupRequests))) { _, context in
            let id = try context.id()
            guard let user = UUID(uuidString: context.form["user_id"]) else { throw AppError.notFound }
            try await groups.answer(id, requestFrom: user, approve: context.form["decision"] == "approve", by: context.member)
            return redirect(to: SiteURL.group(id).path + "?done=answered")
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
                return redirect(to: SiteURL.group(id).path + "?done=meeting-added")
            } catch AppError.invalid(let errors) {
                let view = try await groups.view(id, viewer: context.member)
                return GroupViews.meetingForm(PageContext(context), group: view.group, input: input, errors: errors,
                                              status: .unprocessableContent).response
            }
        }

        api.get("/groups") { _, context in
            var result: [GroupDTO] = []
            for group in try await groups.list() {
                result.append(dto(try await groups.view(group.requireID(), viewer: context.member)))
            }
            return result
        }
        api.get("/groups/:id") { _, context in
            dto(try await groups.view(try context.id(), viewer: context.member))
        }
        apiMembers.post("/groups") { request, context in
            let body = try await request.decodeJSON(GroupBody.self, context: context)
            let group = try await groups.create(
                GroupInput(name: body.name, description: body.description ?? "", pathway: body.pathway,
                           languages: body.languages.joined(separator: ","), isClosed: body.closed ?? false),
                by: context.member)
            return EditedResponse(status: .created, response: dto(try await groups.view(group.requireID(), viewer: context.member)))
        }
        apiMembers.post("/groups/:id/membership") { request, context in
            let id = try context.id()
            let body = (try? await request.decodeJSON(JoinBody.self, context: context)) ?? JoinBody()
            _ = try await groups.join(id, member: context.member, note: body.note ?? "")
            return dto(try await groups.view(id, viewer: context.member))
        }
        apiMembers.delete("/groups/:id/membership") { _, context in
            try await groups.leave(try context.id(), member: context.member)
            return Response(status: .noContent)
        }
        apiMembers.post("/groups/:id/requests/:user/approve") { _, context in
            guard let user = context.parameters.get("user").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            try await groups.answer(try context.id(), requestFrom: user, approve: true, by: context.member)
            return Response(status: .noContent)
        }
        apiMembers.post("/groups/:id/requests/:user/decline") { _, context in
            guard let user = context.parameters.get("user").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            try await groups.answer(try context.id(), requestFrom: user, approve: false, by: context.member)
            return Response(status: .noContent)
        }
    }

    private func dto(_ v: GroupService.View) -> GroupDTO {
        let membership = v.isFacilitator ? "facilitator" : v.isMember ? "member" : v.mine?.status == .pending ? "pending" : "none"
        return GroupDTO(
            id: v.group.id!, name: v.group.name, description: v.group.groupDescription, pathway: v.group.pathway.rawValue,
            languages: v.group.languages, closed: v.group.isClosed, membership: membership,
            members: v.isMember ? v.members.map(\.user.pseudonym) : nil, meetings: v.meetings.compactMap(\.id))
    }
}
