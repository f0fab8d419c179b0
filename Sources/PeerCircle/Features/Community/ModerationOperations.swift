import Foundation
import PeerCircleAPI

/// Moderation over the API: the queue, actions on posts and members, notices, appeals and the
/// audit log. The generated operations mapped to `ModerationService`, which checks every role.
extension APIOperations {
    private var moderation: ModerationService { ModerationService(deps: deps) }

    func listMyNotices(_ input: Operations.ListMyNotices.Input) async throws -> Operations.ListMyNotices.Output {
        let notices = try await moderation.notices(for: try APICaller.member().id)
        return .ok(.init(body: .json(try notices.map {
            .init(actionId: $0.$action.id?.apiID, createdAt: $0.createdAt, id: try $0.requireID().apiID, text: $0.text)
        })))
    }

    func appealNotice(_ input: Operations.AppealNotice.Input) async throws -> Operations.AppealNotice.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        _ = try await moderation.appeal(id, text: b.text, by: member)
        return .noContent(.init())
    }

    func getModerationQueue(_ input: Operations.GetModerationQueue.Input) async throws -> Operations.GetModerationQueue.Output {
        let member = try APICaller.member()
        let queue = try await moderation.queue(for: member)
        let forum = ForumService(deps: deps)
        let viewer = try await forum.viewer(member)
        let names = try await forum.names(queue.map { $0.post.$author.id })
        return .ok(.init(body: .json(try queue.map {
            try Self.thread($0.thread, replies: nil, posts: [forum.view($0.post, viewer, names: names, reactions: [])])
        })))
    }

    func actOnPost(_ input: Operations.ActOnPost.Input) async throws -> Operations.ActOnPost.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        return .ok(.init(body: .json(try Self.action(try await moderation.act(on: id, b.action.rawValue, reason: b.reason, by: member)))))
    }

    func actOnMember(_ input: Operations.ActOnMember.Input) async throws -> Operations.ActOnMember.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        let action = try await moderation.act(onMember: id, b.action.rawValue, reason: b.reason, hours: b.hours, level: b.level, by: member)
        return .ok(.init(body: .json(try Self.action(action))))
    }

    func listAppeals(_ input: Operations.ListAppeals.Input) async throws -> Operations.ListAppeals.Output {
        let appeals = try await moderation.openAppeals(for: try APICaller.member())
        return .ok(.init(body: .json(try appeals.map {
            .init(actionId: $0.$action.id.apiID, createdAt: $0.createdAt, id: try $0.requireID().apiID, text: $0.text)
        })))
    }

    func decideAppeal(_ input: Operations.DecideAppeal.Input) async throws -> Operations.DecideAppeal.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        try await moderation.decide(id, uphold: b.uphold, reason: b.reason, by: member)
        return .noContent(.init())
    }

    func listAuditLog(_ input: Operations.ListAuditLog.Input) async throws -> Operations.ListAuditLog.Output {
        .ok(.init(body: .json(try await moderation.auditLog(for: try APICaller.member()).map(Self.action))))
    }

    private static func action(_ a: ModerationAction) throws -> Components.Schemas.ModerationAction {
        .init(createdAt: a.createdAt, id: try a.requireID().apiID, kind: a.kind.rawValue, moderator: a.$moderator.value??.pseudonym,
              postId: a.$post.id?.apiID, reason: a.reason, subject: a.$subject.value?.pseudonym ?? "", until: a.until)
    }
}
