import Foundation
import PeerCircleAPI

/// Messages and blocks over the API: the generated operations mapped to `MessagingService` and `Blocks`.
extension APIOperations {
    private var messaging: MessagingService { MessagingService(deps: deps) }
    private var blocks: Blocks { get throws { Blocks(db: try deps.db) } }

    func listConversations(_ input: Operations.ListConversations.Input) async throws -> Operations.ListConversations.Output {
        let inbox = try await messaging.inbox(for: try APICaller.member().id)
        return .ok(.init(body: .json(try inbox.map {
            .init(id: try $0.conversation.requireID().apiID, lastMessage: $0.last?.body, requestToMe: $0.isRequestToMe,
                  status: try .init(mirroring: $0.conversation.status), unread: $0.unread, with: $0.other.pseudonym)
        })))
    }

    func startConversation(_ input: Operations.StartConversation.Input) async throws -> Operations.StartConversation.Output {
        let member = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        let conversation = try await messaging.start(to: body.to, body: body.body, by: member)
        return .created(.init(body: .json(try await messages(in: try conversation.requireID(), for: member.id))))
    }

    func listMessages(_ input: Operations.ListMessages.Input) async throws -> Operations.ListMessages.Output {
        .ok(.init(body: .json(try await messages(in: try APIPath.id(input.path.id), for: try APICaller.member().id))))
    }

    func sendMessage(_ input: Operations.SendMessage.Input) async throws -> Operations.SendMessage.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        _ = try await messaging.conversation(id, for: member.id)
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        try await messaging.send(body.body, in: id, by: member.id)
        return .created(.init(body: .json(try await messages(in: id, for: member.id))))
    }

    func acceptConversation(_ input: Operations.AcceptConversation.Input) async throws -> Operations.AcceptConversation.Output {
        try await messaging.respond(try APIPath.id(input.path.id), accept: true, by: try APICaller.member().id)
        return .noContent(.init())
    }

    func declineConversation(_ input: Operations.DeclineConversation.Input) async throws -> Operations.DeclineConversation.Output {
        try await messaging.respond(try APIPath.id(input.path.id), accept: false, by: try APICaller.member().id)
        return .noContent(.init())
    }

    func editMessage(_ input: Operations.EditMessage.Input) async throws -> Operations.EditMessage.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        return .ok(.init(body: .json(try Self.message(try await messaging.edit(id, body: body.body, by: member.id), viewer: member.id))))
    }

    func deleteMessage(_ input: Operations.DeleteMessage.Input) async throws -> Operations.DeleteMessage.Output {
        try await messaging.hide(try APIPath.id(input.path.id), for: try APICaller.member().id)
        return .noContent(.init())
    }

    func listBlocks(_ input: Operations.ListBlocks.Input) async throws -> Operations.ListBlocks.Output {
        let blocked = try await blocks.blockedBy(try APICaller.member().id)
        return .ok(.init(body: .json(blocked.map { .init(pseudonym: $0.blocked.pseudonym, userId: $0.$blocked.id.apiID) })))
    }

    func createBlock(_ input: Operations.CreateBlock.Input) async throws -> Operations.CreateBlock.Output {
        let member = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        let user = try await AccountService(deps: deps).otherMember(named: body.pseudonym, field: "pseudonym", than: member.id)
        let id = try user.requireID()
        try await blocks.block(id, by: member.id, at: deps.now(), writer: try deps.writer)
        return .created(.init(body: .json(.init(pseudonym: user.pseudonym, userId: id.apiID))))
    }

    func deleteBlock(_ input: Operations.DeleteBlock.Input) async throws -> Operations.DeleteBlock.Output {
        try await blocks.unblock(try APIPath.id(input.path.id), by: try APICaller.member().id)
        return .noContent(.init())
    }

    private func messages(in conversation: UUID, for viewer: UUID) async throws -> [Components.Schemas.Message] {
        try await messaging.messages(in: conversation, for: viewer).map { try Self.message($0, viewer: viewer) }
    }

    private static func message(_ m: DirectMessage, viewer: UUID) throws -> Components.Schemas.Message {
        .init(body: m.body, editedAt: m.editedAt, id: try m.requireID().apiID, mine: m.$sender.id == viewer, sentAt: m.sentAt)
    }
}
