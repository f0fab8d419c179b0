import FluentKit
import Foundation
import Hummingbird

struct CategoryDTO: ResponseCodable, Sendable { @LowercaseID var id: UUID; let slug: String; let name: String; let description: String }

struct PostDTO: ResponseCodable, Sendable {
    @LowercaseID var id: UUID
    let author: String
    /// "shown", "removed_by_author", "removed_by_moderator" or "hidden_theme"; text only when shown.
    let display: String
    let body: String?
    let warnings: [String]
    let anonymous: Bool
    let pendingReview: Bool
    let helpfulAnswer: Bool
    let reactions: [String: Int]
    let createdAt: Date
    let editedAt: Date?

    init(_ v: PostView) {
        id = v.post.id!; author = v.author; warnings = v.post.warnings.map(\.rawValue); anonymous = v.post.anonymous
        pendingReview = v.pendingReview; helpfulAnswer = v.post.helpfulAnswer; createdAt = v.post.createdAt; editedAt = v.post.editedAt
        reactions = Dictionary(uniqueKeysWithValues: v.reactions.map { ($0.key.rawValue, $0.value) })
        switch v.display {
        case .shown: display = "shown"; body = v.post.body
        case .removedByAuthor: display = "removed_by_author"; body = nil
        case .removedByModerator: display = "removed_by_moderator"; body = nil
        case .hiddenTheme: display = "hidden_theme"; body = nil
        }
    }
}

struct ThreadDTO: ResponseCodable, Sendable {
    @LowercaseID var id: UUID
    @LowercaseID var categoryId: UUID
    let kind: String
    let title: String
    let lastActivityAt: Date
    let replies: Int?
    let posts: [PostDTO]?
}

struct StrategyDTO: ResponseCodable, Sendable {
    @LowercaseID var id: UUID
    let title: String
    let body: String
    let situations: [String]
    let featured: Bool
    let helpedRecently: Int
    let helpedMe: Bool
}

struct SearchHitDTO: ResponseCodable, Sendable { let title: String; let snippet: String; let path: String; let warnings: [String] }

struct NoticeDTO: ResponseCodable, Sendable { @LowercaseID var id: UUID; let text: String; @LowercaseID var actionId: UUID?; let createdAt: Date }

struct ActionDTO: ResponseCodable, Sendable {
    @LowercaseID var id: UUID
    let kind: String
    let moderator: String?
    let subject: String
    @LowercaseID var postId: UUID?
    let reason: String
    let until: Date?
    let createdAt: Date
}

/// The community over the API: forum, strategies, search, flags, moderation, notices and appeals.
struct CommunityAPIRoutes: Sendable {
    let deps: AppDependencies
    var forum: ForumService { ForumService(deps: deps) }
    var moderation: ModerationService { ModerationService(deps: deps) }

    struct ThreadBody: Decodable { var categoryId: UUID; var title: String; var body: String; var kind: String?; var warnings: [String]?; var anonymous: Bool? }
    struct PostBody: Decodable { var body: String; var warnings: [String]?; var anonymous: Bool? }
    struct ReactionBody: Decodable { var kind: String }
    struct FlagBody: Decodable { var reason: String; var note: String? }
    struct StrategyBody: Decodable { var title: String; var body: String; var situations: [String] }
    struct SaveBody: Decodable { var situation: String? }
    struct PostActionBody: Decodable { var action: String; var reason: String }
    struct MemberActionBody: Decodable { var action: String; var reason: String; var hours: Int?; var level: Int? }
    struct AppealBody: Decodable { var text: String }
    struct DecisionBody: Decodable { var uphold: Bool; var reason: String }

    func register(_ api: RouterGroup<MemberContext>) {
        api.get("/forum/categories") { _, _ in
            try await forum.categories().map { CategoryDTO(id: $0.id!, slug: $0.slug, name: $0.name, description: $0.categoryDescription) }
        }
        api.get("/forum/categories/:id/threads") { _, context in
            let forum = try await ForumService.reading(deps)
            let category = try await forum.category(try context.id())
            return try await forum.threads(in: category.requireID(), viewer: try await forum.viewer(context.member)).map {
                ThreadDTO(id: $0.id, categoryId: $0.categoryID, kind: $0.kind.rawValue, title: $0.title,
                          lastActivityAt: $0.lastActivityAt, replies: $0.replies, posts: nil)
            }
        }
        api.post("/forum/threads") { request, context in
            let b = try await request.decodeJSON(ThreadBody.self, context: context)
            let thread = try await forum.createThread(
                in: b.categoryId, .init(title: b.title, body: b.body, kind: b.kind ?? "discussion", warnings: b.warnings ?? [], anonymous: b.anonymous ?? false),
                by: context.member)
            return EditedResponse(status: .created, response: try await threadDTO(thread.requireID(), context.member))
        }
        api.get("/forum/threads/:id") { _, context in try await threadDTO(try context.id(), context.member) }
        api.post("/forum/threads/:id/replies") { request, context in
            let id = try context.id()
            _ = try await forum.thread(id, viewer: try await forum.viewer(context.member))
            let b = try await request.decodeJSON(PostBody.self, context: context)
            _ = try await forum.reply(to: id, .init(body: b.body, warnings: b.warnings ?? [], anonymous: b.anonymous ?? false), by: context.member)
            return EditedResponse(status: .created, response: try await threadDTO(id, context.member))
        }
        api.patch("/forum/posts/:id") { request, context in
            let id = try context.id()
            let b = try await request.decodeJSON(PostBody.self, context: context)
            let post = try await forum.edit(id, .init(body: b.body, warnings: b.warnings ?? []), by: context.member)
            return try await threadDTO(post.$thread.id, context.member)
        }
        api.delete("/forum/posts/:id") { _, context in
            _ = try await forum.delete(try context.id(), by: context.member)
            return Response(status: .noContent)
        }
        api.post("/forum/posts/:id/reactions") { request, context in
            let id = try context.id()
            _ = try await forum.visiblePost(id, for: context.member)
            let b = try await request.decodeJSON(ReactionBody.self, context: context)
            guard let kind = ReactionKind(rawValue: b.kind) else {
                throw AppError.invalid([FieldError(field: "kind", message: "Use me_too, strength or helped.")])
            }
            let post = try await forum.react(id, kind, by: context.member)
            return try await threadDTO(post.$thread.id, context.member)
        }
        api.post("/forum/posts/:id/helpful") { _, context in
            let post = try await forum.markHelpful(try context.id(), by: context.member)
            return try await threadDTO(post.$thread.id, context.member)
        }
        api.post("/forum/posts/:id/flags") { request, context in
            let id = try context.id()
            _ = try await forum.visiblePost(id, for: context.member)
            let b = try await request.decodeJSON(FlagBody.self, context: context)
            try await moderation.flag(id, reason: b.reason, note: b.note ?? "", by: context.member)
            return Response(status: .noContent)
        }
        api.get("/search") { request, context in
            let q = request.formQuery["q"] ?? ""
            return try await SearchService(deps: deps).search(q, viewer: try await forum.viewer(context.member)).map {
                SearchHitDTO(title: $0.title, snippet: $0.snippet, path: $0.path, warnings: $0.warnings.map(\.rawValue))
            }
        }
        api.get("/strategies") { request, context in
            let situation = request.uri.queryParameters.get("situation").flatMap(Situation.init(rawValue:))
            return try await StrategyService(deps: deps).list(situation: situation, viewer: try await forum.viewer(context.member)).map {
                StrategyDTO(id: $0.strategy.id!, title: $0.strategy.title, body: $0.strategy.body, situations: $0.strategy.situations.map(\.rawValue),
                            featured: $0.strategy.featured, helpedRecently: $0.helpedRecently, helpedMe: $0.helpedMe)
            }
        }
        api.post("/strategies") { request, context in
            let b = try await request.decodeJSON(StrategyBody.self, context: context)
            let s = try await StrategyService(deps: deps).create(title: b.title, body: b.body, situations: b.situations, by: context.member)
            return EditedResponse(status: .created, response: StrategyDTO(id: s.id!, title: s.title, body: s.body, situations: s.situations.map(\.rawValue),
                                                                        featured: false, helpedRecently: 0, helpedMe: false))
        }
        api.post("/strategies/:id/helped") { _, context in
            try await StrategyService(deps: deps).toggleHelped(try context.id(), by: context.member)
            return Response(status: .noContent)
        }
        api.post("/strategies/:id/save") { request, context in
            let id = try context.id()
            _ = try await StrategyService(deps: deps).strategy(id, viewer: try await forum.viewer(context.member))
            let b = try await request.decodeJSON(SaveBody.self, context: context)
            try await StrategyService(deps: deps).saveToPlan(id, situation: b.situation ?? "", by: context.member)
            return Response(status: .noContent)
        }
        api.get("/me/notices") { _, context in
            try await moderation.notices(for: context.member.id).map { NoticeDTO(id: $0.id!, text: $0.text, actionId: $0.$action.id, createdAt: $0.createdAt) }
        }
        api.post("/me/notices/:id/appeal") { request, context in
            let id = try context.id()
            let b = try await request.decodeJSON(AppealBody.self, context: context)
            _ = try await moderation.appeal(id, text: b.text, by: context.member)
            return Response(status: .noContent)
        }
        api.get("/moderation/queue") { _, context in
            try moderation.requireModerator(context.member)
            let viewer = try await forum.viewer(context.member)
            let queue = try await moderation.queue()
            let names = try await forum.names(queue.map { $0.post.$author.id })
            return queue.map { item in
                ThreadDTO(id: item.thread.id!, categoryId: item.thread.$category.id, kind: item.thread.kind.rawValue, title: item.thread.title,
                          lastActivityAt: item.thread.lastActivityAt, replies: nil,
                          posts: [PostDTO(forum.view(item.post, viewer, names: names, reactions: []))])
            }
        }
        api.post("/moderation/posts/:id/actions") { request, context in
            try moderation.requireModerator(context.member)
            let id = try context.id()
            let b = try await request.decodeJSON(PostActionBody.self, context: context)
            return actionDTO(try await moderation.act(on: id, b.action, reason: b.reason, by: context.member))
        }
        api.post("/moderation/members/:id/actions") { request, context in
            try moderation.requireModerator(context.member)
            let id = try context.id()
            let b = try await request.decodeJSON(MemberActionBody.self, context: context)
            return actionDTO(try await moderation.act(onMember: id, b.action, reason: b.reason, hours: b.hours, level: b.level, by: context.member))
        }
        api.post("/moderation/appeals/:id") { request, context in
            try moderation.requireModerator(context.member)
            let id = try context.id()
            let b = try await request.decodeJSON(DecisionBody.self, context: context)
            try await moderation.decide(id, uphold: b.uphold, reason: b.reason, by: context.member)
            return Response(status: .noContent)
        }
        api.get("/moderation/appeals") { _, context in
            try moderation.requireModerator(context.member)
            return try await moderation.openAppeals().map {
                NoticeDTO(id: $0.id!, text: $0.text, actionId: $0.$action.id, createdAt: $0.createdAt)
            }
        }
        api.get("/admin/audit-log") { _, context in
            try context.member.require(.admin)
            return try await moderation.auditLog().map(actionDTO)
        }
    }

    private func actionDTO(_ a: ModerationAction) -> ActionDTO {
        ActionDTO(id: a.id!, kind: a.kind.rawValue, moderator: a.$moderator.value??.pseudonym, subject: a.$subject.value?.pseudonym ?? "",
                  postId: a.$post.id, reason: a.reason, until: a.until, createdAt: a.createdAt)
    }

    private func threadDTO(_ id: UUID, _ member: Member) async throws -> ThreadDTO {
        let forum = try await ForumService.reading(deps)
        let (thread, posts) = try await forum.thread(id, viewer: try await forum.viewer(member))
        return ThreadDTO(id: thread.id!, categoryId: thread.$category.id, kind: thread.kind.rawValue, title: thread.title,
                         lastActivityAt: thread.lastActivityAt, replies: posts.count - 1, posts: posts.map(PostDTO.init))
    }
}
