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
        // Plain rows in one query: read as models, a hundred posts with their threads and openings
        // cost more than the search itself.
        let postByID = try await ForumReads(db: try deps.db).found(postIDs)
        let strategies = strategyIDs.isEmpty ? [] : try await Strategy.query(on: deps.db).filter(\.$id ~~ strategyIDs).all()
        let strategyByID = Dictionary(uniqueKeysWithValues: strategies.map { ($0.id!, $0) })
        var hits: [Hit] = []
        for item in found where hits.count < limit {
            switch item.kind {
            case .post:
                // The same rule as the thread pages (ForumService.listable): anonymous posts are never
                // hidden by a block or mute, which would unmask their author.
                guard let post = postByID[item.id], post.state == .visible,
                      ForumService.listable(author: post.author, anonymous: post.anonymous, state: post.state, viewer),
                      post.openingState == .visible,
                      ForumService.listable(author: post.openingAuthor, anonymous: post.openingAnonymous, state: post.openingState, viewer),
                      post.warnings.allSatisfy({ !viewer.hiddenWarnings.contains($0) }) else { continue }
                hits.append(Hit(title: post.title, snippet: post.warnings.isEmpty ? String(Markdown.plain(post.body).prefix(200)) : "",
                                path: SiteURL.thread(post.threadID).path + "#post-\(item.id.uuidString.lowercased())", warnings: post.warnings))
            case .strategy:
                guard let strategy = strategyByID[item.id], !strategy.removed, !viewer.hiddenAuthors.contains(strategy.$author.id) else { continue }
                hits.append(Hit(title: "Coping strategy: " + strategy.title, snippet: String(strategy.body.prefix(200)),
                                path: SiteURL.strategy(item.id).path, warnings: []))
            }
        }
        return hits
    }
}
