import Foundation
import PeerCircleAPI

/// Groups over the API: the generated operations mapped to `GroupService`.
extension APIOperations {
    private var groups: GroupService { GroupService(deps: deps) }

    /// Anyone may list groups; a signed-in caller also sees their own membership.
    func listGroups(_ input: Operations.ListGroups.Input) async throws -> Operations.ListGroups.Output {
        let viewer = APICaller.context?.member
        var result: [Components.Schemas.Group] = []
        for group in try await groups.list() {
            result.append(try Self.group(try await groups.view(group.id, viewer: viewer)))
        }
        return .ok(.init(body: .json(result)))
    }

    func getGroup(_ input: Operations.GetGroup.Input) async throws -> Operations.GetGroup.Output {
        .ok(.init(body: .json(try Self.group(try await groups.view(try APIPath.id(input.path.id), viewer: APICaller.context?.member)))))
    }

    func createGroup(_ input: Operations.CreateGroup.Input) async throws -> Operations.CreateGroup.Output {
        let member = try APICaller.member()
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        let group = try await groups.create(
            GroupInput(name: b.name, description: b.description ?? "", pathway: b.pathway.rawValue,
                       languages: b.languages.joined(separator: ","), isClosed: b.closed ?? false),
            by: member)
        return .created(.init(body: .json(try Self.group(try await groups.view(group.requireID(), viewer: member)))))
    }

    /// Joins an open group, or asks to join a closed one (with an optional note for its facilitators).
    func joinGroup(_ input: Operations.JoinGroup.Input) async throws -> Operations.JoinGroup.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        var note = ""
        if case .json(let b) = input.body { note = b.note ?? "" }
        _ = try await groups.join(id, member: member, note: note)
        return .ok(.init(body: .json(try Self.group(try await groups.view(id, viewer: member)))))
    }

    func leaveGroup(_ input: Operations.LeaveGroup.Input) async throws -> Operations.LeaveGroup.Output {
        try await groups.leave(try APIPath.id(input.path.id), member: try APICaller.member())
        return .noContent(.init())
    }

    func approveJoinRequest(_ input: Operations.ApproveJoinRequest.Input) async throws -> Operations.ApproveJoinRequest.Output {
        try await groups.answer(try APIPath.id(input.path.id), requestFrom: try APIPath.id(input.path.user), approve: true,
                                by: try APICaller.member())
        return .noContent(.init())
    }

    func declineJoinRequest(_ input: Operations.DeclineJoinRequest.Input) async throws -> Operations.DeclineJoinRequest.Output {
        try await groups.answer(try APIPath.id(input.path.id), requestFrom: try APIPath.id(input.path.user), approve: false,
                                by: try APICaller.member())
        return .noContent(.init())
    }

    /// Members only to the group's members (and only those visible to the viewer).
    static func group(_ v: GroupService.View) throws -> Components.Schemas.Group {
        let membership: Components.Schemas.Group.MembershipPayload =
            v.isFacilitator ? .facilitator : v.isMember ? .member : v.mine?.status == .pending ? .pending : .none
        return .init(closed: v.group.isClosed, description: v.group.description, id: v.group.id.apiID,
                     languages: v.group.languages, meetings: v.meetings.map(\.id.apiID),
                     members: v.isMember ? v.members.map(\.pseudonym) : nil, membership: membership, name: v.group.name,
                     pathway: v.group.pathway.rawValue)
    }
}

extension APIOperations {
    func setGroupVisibility(_ input: Operations.SetGroupVisibility.Input) async throws -> Operations.SetGroupVisibility.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        try await GroupService(deps: deps).setVisibility(id, try GroupMember.Visibility(mirroring: b.visibility), member: member)
        return .ok(.init(body: .json(try Self.group(try await GroupService(deps: deps).view(id, viewer: member)))))
    }

    func addGroupMeeting(_ input: Operations.AddGroupMeeting.Input) async throws -> Operations.AddGroupMeeting.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        let meeting = try await GroupService(deps: deps).addMeeting(id, MeetingInput(
            name: b.name, days: b.days.map(String.init), startTime: b.startTime, endTime: b.endTime ?? "", timeZone: b.timeZone,
            location: b.location ?? "", address: b.address ?? "", conferenceURL: b.conferenceUrl ?? "", conferencePhone: b.conferencePhone ?? "",
            types: b.types ?? [], notes: b.notes ?? ""), by: member)
        let meetingID = try meeting.requireID()
        return .created(.init(body: .json(Self.meeting(meeting.draft, id: meetingID, next: MeetingSchedule.next(meeting.draft, after: deps.now())?.start))))
    }
}
