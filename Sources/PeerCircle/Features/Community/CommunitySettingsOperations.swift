import Foundation
import PeerCircleAPI

/// What a member sees in the community, over the API: hidden themes, muted members, and a post's
/// earlier wording. The generated operations mapped to `CommunitySettingsService` and `ForumService`.
extension APIOperations {
    private var communitySettings: CommunitySettingsService { CommunitySettingsService(deps: deps) }

    func getPostHistory(_ input: Operations.GetPostHistory.Input) async throws -> Operations.GetPostHistory.Output {
        let member = try APICaller.member()
        let forum = ForumService(deps: deps)
        let (post, revisions) = try await forum.revisions(try APIPath.id(input.path.id), viewer: try await forum.viewer(member))
        return .ok(.init(body: .json(.init(body: post.body, postId: try post.requireID().apiID,
                                           revisions: revisions.map { .init(body: $0.body, replacedAt: $0.replacedAt) }))))
    }

    func getCommunitySettings(_ input: Operations.GetCommunitySettings.Input) async throws -> Operations.GetCommunitySettings.Output {
        .ok(.init(body: .json(try await settings(of: try APICaller.member().id))))
    }

    func setCommunitySettings(_ input: Operations.SetCommunitySettings.Input) async throws -> Operations.SetCommunitySettings.Output {
        let member = try APICaller.member()
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        try await communitySettings.hide(try b.hiddenThemes.map { try ContentWarning(mirroring: $0) }, for: member.id)
        return .ok(.init(body: .json(try await settings(of: member.id))))
    }

    func muteMember(_ input: Operations.MuteMember.Input) async throws -> Operations.MuteMember.Output {
        let member = try APICaller.member()
        try await communitySettings.mute(try APIPath.id(input.path.id), by: member.id, on: true)
        return .ok(.init(body: .json(try await settings(of: member.id))))
    }

    func unmuteMember(_ input: Operations.UnmuteMember.Input) async throws -> Operations.UnmuteMember.Output {
        let member = try APICaller.member()
        try await communitySettings.mute(try APIPath.id(input.path.id), by: member.id, on: false)
        return .ok(.init(body: .json(try await settings(of: member.id))))
    }

    private func settings(of member: UUID) async throws -> Components.Schemas.CommunitySettings {
        let current = try await communitySettings.current(of: member)
        return .init(hiddenThemes: try current.hidden.map { try .init(mirroring: $0) },
                     muted: current.muted.sorted { $0.value < $1.value }.map { .init(id: $0.key.apiID, pseudonym: $0.value) })
    }
}
