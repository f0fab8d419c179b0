import FluentKit
import Foundation

/// Full-text search over what the viewer may see: visible posts in threads they can open, and
/// strategies — never removed or hidden posts, blocked or muted authors, or themes they hide.
struct SearchService: Sendable {
    let deps: AppDependencies

    struct Hit: Sendable {
        let title: String
        let snippet: String
        let path: String
        let warnings: [ContentWarning]
    }

    func search(_ text: String, viewer: Viewer, limit: Int = 20) async throws -> [Hit] {
        // Over-fetch the newest matches, then apply the visibility rules.
        let found = try await SearchIndex.query(text, limit: limit * 5, on: deps.database.sql)
        let postIDs = found.filter { $0.kind == .post }.map(\.id)
        let strategyIDs = found.filter { $0.kind == .strategy }.map(\.id)
        let posts = postIDs.isEmpty ? [] : try await Post.query(on: deps.db).filter(\.$id ~~ postIDs).with(\.$thread).all()
        let threadIDs = Array(Set(posts.map { $0.$thread.id }))
        let openings = threadIDs.isEmpty ? [] : try await Post.query(on: deps.db).filter(\.$thread.$id ~~ threadIDs).filter(\.$isOpening == true).all()
        let openingByThread = Dictionary(openings.map { ($0.$thread.id, $0) }, uniquingKeysWith: { a, _ in a })
        let strategies = strategyIDs.isEmpty ? [] : try await Strategy.query(on: deps.db).filter(\.$id ~~ strategyIDs).all()
        let postByID = Dictionary(uniqueKeysWithValues: posts.map { ($0.id!, $0) })
        let strategyByID = Dictionary(uniqueKeysWithValues: strategies.map { ($0.id!, $0) })
        var hits: [Hit] = []
        for item in found where hits.count < limit {
            switch item.kind {
            case .post:
                // The same rule as the thread pages (ForumService.listable): anonymous posts are never
                // hidden by a block or mute, which would unmask their author.
                guard let post = postByID[item.id], post.state == .visible, ForumService.listable(post, viewer),
                      let opening = openingByThread[post.$thread.id], opening.state == .visible,
                      ForumService.listable(opening, viewer),
                      post.warnings.allSatisfy({ !viewer.hiddenWarnings.contains($0) }) else { continue }
                hits.append(Hit(title: post.thread.title, snippet: post.warnings.isEmpty ? String(Markdown.plain(post.body).prefix(200)) : "",
                                path: SiteURL.thread(post.$thread.id).path + "#post-\(item.id.uuidString.lowercased())", warnings: post.warnings))
            case .strategy:
                guard let strategy = strategyByID[item.id], !strategy.removed, !viewer.hiddenAuthors.contains(strategy.$author.id) else { continue }
                hits.append(Hit(title: "Coping strategy: " + strategy.title, snippet: String(strategy.body.prefix(200)),
                                path: SiteURL.strategy(item.id).path, warnings: []))
            }
        }
        return hits
    }
}
