import FluentKit
import Foundation
import Hummingbird

struct ConversationDTO: ResponseCodable, Sendable {
    @LowercaseID var id: UUID
    let with: String
    let status: String
    let requestToMe: Bool
    let unread: Int
    let lastMessage: String?
}

struct MessageDTO: ResponseCodable, Sendable {
    @LowercaseID var id: UUID
    let mine: Bool
    let body: String
    let sentAt: Date
    let editedAt: Date?

    init(_ m: DirectMessage, viewer: UUID) {
        id = m.id!; mine = m.$sender.id == viewer; body = m.body; sentAt = m.sentAt; editedAt = m.editedAt
    }
}

struct BlockDTO: ResponseCodable, Sendable {
    @LowercaseID var userId: UUID
    let pseudonym: String
}

/// Messages and blocks over the API.
struct MessagingAPIRoutes: Sendable {
    let deps: AppDependencies
    var messaging: MessagingService { MessagingService(deps: deps) }

    struct StartBody: Decodable { var to: String; var body: String }
    struct SendBody: Decodable { var body: String }
    struct BlockBody: Decodable { var pseudonym: String }

    func register(_ api: RouterGroup<MemberContext>) {
        api.get("/conversations") { _, context in
            try await messaging.inbox(for: context.member.id).map {
                ConversationDTO(id: $0.conversation.id!, with: $0.other.pseudonym, status: $0.conversation.status.rawValue,
                                requestToMe: $0.isRequestToMe, unread: $0.unread, lastMessage: $0.last?.body)
            }
        }
        api.post("/conversations") { request, context in
            let b = try await request.decodeJSON(StartBody.self, context: context)
            let c = try await messaging.start(to: b.to, body: b.body, by: context.member)
            return EditedResponse(status: .created, response: try await messages(c.requireID(), context.member.id))
        }
        api.get("/conversations/:id/messages") { _, context in
            try await messages(try context.id(), context.member.id)
        }
        api.post("/conversations/:id/messages") { request, context in
            let id = try context.id()
            _ = try await messaging.conversation(id, for: context.member.id)
            let b = try await request.decodeJSON(SendBody.self, context: context)
            try await messaging.send(b.body, in: id, by: context.member.id)
            return EditedResponse(status: .created, response: try await messages(id, context.member.id))
        }
        for answer in ["accept", "decline"] {
            api.post("/conversations/:id/\(answer)") { _, context in
                try await messaging.respond(try context.id(), accept: answer == "accept", by: context.member.id)
                return Response(status: .noContent)
            }
        }
        api.patch("/messages/:id") { request, context in
            let id = try context.id()
            let b = try await request.decodeJSON(SendBody.self, context: context)
            return MessageDTO(try await messaging.edit(id, body: b.body, by: context.member.id), viewer: context.member.id)
        }
        api.delete("/messages/:id") { _, context in
            try await messaging.hide(try context.id(), for: context.member.id)
            return Response(status: .noContent)
        }
        api.get("/blocks") { _, context in
            try await Blocks(db: deps.db).blockedBy(context.member.id).map { BlockDTO(userId: $0.$blocked.id, pseudonym: $0.blocked.pseudonym) }
        }
        api.post("/blocks") { request, context in
            let b = try await request.decodeJSON(BlockBody.self, context: context)
            let user = try await AccountService(deps: deps).otherMember(named: b.pseudonym, field: "pseudonym", than: context.member.id)
            try await Blocks(db: deps.db).block(try user.requireID(), by: context.member.id, at: deps.now())
            return EditedResponse(status: .created, response: BlockDTO(userId: user.id!, pseudonym: user.pseudonym))
        }
        api.delete("/blocks/:id") { _, context in
            try await Blocks(db: deps.db).unblock(try context.id(), by: context.member.id)
            return Response(status: .noContent)
        }
    }

    private func messages(_ id: UUID, _ viewer: UUID) async throws -> [MessageDTO] {
        try await messaging.messages(in: id, for: viewer).map { MessageDTO($0, viewer: viewer) }
    }
}
