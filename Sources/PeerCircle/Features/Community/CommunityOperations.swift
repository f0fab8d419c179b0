import Foundation
import PeerCircleAPI

/// The forum over the API: categories, threads, posts, reactions, helpful answers, flags and
/// search. The generated operations mapped to `ForumService`, `ModerationService` and `SearchService`.
extension APIOperations {
    private var forum: ForumService { ForumService(deps: deps) }

    func listForumCategories(_ input: Operations.ListForumCategories.Input) async throws -> Operations.ListForumCategories.Output {
        .ok(.init(body: .json(try await forum.categories().map {
            .init(description: $0.categoryDescription, id: try $0.requireID().apiID, name: $0.name, slug: $0.slug)
        })))
    }

    func listForumThreads(_ input: Operations.ListForumThreads.Input) async throws -> Operations.ListForumThreads.Output {
        let member = try APICaller.member()
        let forum = try await ForumService.reading(deps)
        let category = try await forum.category(try APIPath.id(input.path.id))
        let threads = try await forum.threads(in: category.requireID(), viewer: try await forum.viewer(member))
        return .ok(.init(body: .json(try threads.map {
            .init(categoryId: $0.categoryID.apiID, id: $0.id.apiID, kind: try .init(mirroring: $0.kind), lastActivityAt: $0.lastActivityAt,
                  replies: $0.replies, title: $0.title)
        })))
    }

    func startThread(_ input: Operations.StartThread.Input) async throws -> Operations.StartThread.Output {
        let member = try APICaller.member()
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        guard let category = UUID(uuidString: b.categoryId) else {
            throw AppError.invalid([FieldError(field: "category_id", message: "Choose a category from the list.")])
        }
        let thread = try await forum.createThread(
            in: category, .init(title: b.title, body: b.body, kind: b.kind?.rawValue ?? ForumThread.Kind.discussion.rawValue,
                                warnings: (b.warnings ?? []).map(\.rawValue), anonymous: b.anonymous ?? false),
            by: member)
        return .created(.init(body: .json(try await shownThread(try thread.requireID(), to: member))))
    }

    func getThread(_ input: Operations.GetThread.Input) async throws -> Operations.GetThread.Output {
        .ok(.init(body: .json(try await shownThread(try APIPath.id(input.path.id), to: try APICaller.member()))))
    }

    func replyToThread(_ input: Operations.ReplyToThread.Input) async throws -> Operations.ReplyToThread.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        _ = try await forum.thread(id, viewer: try await forum.viewer(member))
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        _ = try await forum.reply(to: id, .init(body: b.body, warnings: b.warnings ?? [], anonymous: b.anonymous ?? false), by: member)
        return .created(.init(body: .json(try await shownThread(id, to: member))))
    }

    func editPost(_ input: Operations.EditPost.Input) async throws -> Operations.EditPost.Output {
        let member = try APICaller.member()
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        let post = try await forum.edit(try APIPath.id(input.path.id), .init(body: b.body, warnings: b.warnings ?? []), by: member)
        return .ok(.init(body: .json(try await shownThread(post.$thread.id, to: member))))
    }

    func deletePost(_ input: Operations.DeletePost.Input) async throws -> Operations.DeletePost.Output {
        _ = try await forum.delete(try APIPath.id(input.path.id), by: try APICaller.member())
        return .noContent(.init())
    }

    func reactToPost(_ input: Operations.ReactToPost.Input) async throws -> Operations.ReactToPost.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        _ = try await forum.visiblePost(id, for: member)
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        let post = try await forum.react(id, try ReactionKind(mirroring: b.kind), by: member)
        return .ok(.init(body: .json(try await shownThread(post.$thread.id, to: member))))
    }

    func markHelpful(_ input: Operations.MarkHelpful.Input) async throws -> Operations.MarkHelpful.Output {
        let member = try APICaller.member()
        let post = try await forum.markHelpful(try APIPath.id(input.path.id), by: member)
        return .ok(.init(body: .json(try await shownThread(post.$thread.id, to: member))))
    }

    func flagPost(_ input: Operations.FlagPost.Input) async throws -> Operations.FlagPost.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        _ = try await forum.visiblePost(id, for: member)
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        try await ModerationService(deps: deps).flag(id, reason: b.reason.rawValue, note: b.note ?? "", by: member)
        return .noContent(.init())
    }

    func search(_ input: Operations.Search.Input) async throws -> Operations.Search.Output {
        let member = try APICaller.member()
        let hits = try await SearchService(deps: deps).search(input.query.q, viewer: try await forum.viewer(member))
        return .ok(.init(body: .json(hits.map { .init(path: $0.path, snippet: $0.snippet, title: $0.title, warnings: $0.warnings.map(\.rawValue)) })))
    }

    /// A thread with its posts as the caller may see them.
    func shownThread(_ id: UUID, to member: Member) async throws -> Components.Schemas.Thread {
        let forum = try await ForumService.reading(deps)
        let (thread, posts) = try await forum.thread(id, viewer: try await forum.viewer(member))
        return try Self.thread(thread, replies: posts.count - 1, posts: posts)
    }

    static func thread(_ thread: ForumThread, replies: Int?, posts: [PostView]) throws -> Components.Schemas.Thread {
        .init(categoryId: thread.$category.id.apiID, id: try thread.requireID().apiID, kind: try .init(mirroring: thread.kind),
              lastActivityAt: thread.lastActivityAt, posts: try posts.map(Self.post), replies: replies, title: thread.title)
    }

    /// A post's text only when it is shown; otherwise why not.
    static func post(_ v: PostView) throws -> Components.Schemas.Post {
        let display: Components.Schemas.Post.DisplayPayload = switch v.display {
        case .shown: .shown
        case .removedByAuthor: .removedByAuthor
        case .removedByModerator: .removedByModerator
        case .hiddenTheme: .hiddenTheme
        }
        return .init(anonymous: v.post.anonymous, author: v.author, body: display == .shown ? v.post.body : nil, createdAt: v.post.createdAt,
                     display: display, editedAt: v.post.editedAt, helpfulAnswer: v.post.helpfulAnswer, id: v.post.id.apiID,
                     pendingReview: v.pendingReview,
                     reactions: .init(additionalProperties: Dictionary(uniqueKeysWithValues: v.reactions.map { ($0.key.rawValue, $0.value) })),
                     warnings: v.post.warnings.map(\.rawValue))
    }
}
