import FluentKit
import Foundation

/// The coping-strategy library: share, browse by situation, "this helped me", save to one's plan,
/// featured by moderators.
struct StrategyService: Sendable {
    let deps: AppDependencies

    /// "Helpful recently" counts marks from the last 90 days.
    static let recentDays = 90

    struct Listed: Sendable {
        let strategy: Strategy
        let author: String
        let helpedRecently: Int
        let helpedMe: Bool
    }

    func create(title: String, body: String, situations: [String], by member: Member) async throws -> Strategy {
        let standing = try await StandingService(deps: deps).requireMayPost(member)
        var check = Validation()
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check((3...120).contains(title.count), "title", "Use between 3 and 120 characters.")
        check.check(!title.contains(where: \.isNewline), "title", "Keep the title on one line.")
        check.check((1...4000).contains(body.count), "body", "Say what to do, in up to 4000 characters.")
        let parsed = situations.compactMap(Situation.init(rawValue:))
        check.check(!parsed.isEmpty && parsed.count == situations.count, "situations", "Choose when it helps.")
        check.check(Trust.canPostLinks(standing.level) || !Markdown.hasLink(body), "body",
                    "New members can't post links yet. Once you've read and taken part for a little while, you can.")
        try check.finish()
        try await RateLimit.strategiesPerMember.take(member, now: deps.now(), on: deps.db)
        let strategy = Strategy()
        strategy.$author.id = member.id
        strategy.title = title
        strategy.body = body
        strategy.situationsText = parsed.map(\.rawValue).joined(separator: ",")
        strategy.featured = false
        strategy.removed = false
        strategy.createdAt = deps.now()
        try await strategy.create(on: deps.db)
        try await SearchIndex.put(.strategy, id: try strategy.requireID(), title: title, body: body, on: deps.database.sql)
        return strategy
    }

    /// Featured first, then by how many found it helpful recently; blocked and muted authors left out.
    func list(situation: Situation?, viewer: Viewer) async throws -> [Listed] {
        let all = try await Strategy.query(on: deps.db).filter(\.$removed == false).with(\.$author).all()
            .filter { strategy in situation.map { strategy.situations.contains($0) } ?? true }
            .filter { !viewer.hiddenAuthors.contains($0.$author.id) }
        let ids = all.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let since = deps.now().addingTimeInterval(-Double(Self.recentDays) * 86_400)
        let marks = try await StrategyMark.query(on: deps.db).filter(\.$strategy.$id ~~ ids).all()
        let recent = Dictionary(grouping: marks.filter { $0.at > since }, by: { $0.$strategy.id }).mapValues(\.count)
        let mine = Set(marks.filter { $0.$user.id == viewer.id }.map { $0.$strategy.id })
        return all.map { Listed(strategy: $0, author: $0.author.pseudonym, helpedRecently: recent[$0.id!] ?? 0, helpedMe: mine.contains($0.id!)) }
            .sorted { a, b in
                if a.strategy.featured != b.strategy.featured { return a.strategy.featured }
                if a.helpedRecently != b.helpedRecently { return a.helpedRecently > b.helpedRecently }
                return a.strategy.createdAt > b.strategy.createdAt
            }
    }

    func strategy(_ id: UUID, viewer: Viewer) async throws -> Strategy {
        guard let s = try await Strategy.query(on: deps.db).filter(\.$id == id).with(\.$author).first(), !s.removed,
              !viewer.hiddenAuthors.contains(s.$author.id) else { throw AppError.notFound }
        return s
    }

    /// "This helped me" — given again, taken back.
    func toggleHelped(_ id: UUID, by member: Member) async throws {
        _ = try await strategy(id, viewer: try await ForumService(deps: deps).viewer(member))
        if let mark = try await StrategyMark.query(on: deps.db).filter(\.$strategy.$id == id).filter(\.$user.$id == member.id).first() {
            try await mark.delete(on: deps.db)
        } else {
            let mark = StrategyMark()
            mark.$strategy.id = id
            mark.$user.id = member.id
            mark.at = deps.now()
            try await mark.create(on: deps.db)
        }
    }

    /// Adds the strategy to the member's recovery plan, under the situation it is for.
    func saveToPlan(_ id: UUID, situation: String, by member: Member) async throws {
        let strategy = try await strategy(id, viewer: try await ForumService(deps: deps).viewer(member))
        let chosen = Situation(rawValue: situation) ?? strategy.situations.first ?? .craving
        let plans = PlanService(deps: deps)
        var content = try await plans.current(owner: member.id, viewer: member.id).content
        let trigger = chosen.title
        if let index = content.triggers.firstIndex(where: { $0.trigger.lowercased() == trigger.lowercased() }) {
            if !content.triggers[index].coping.contains(strategy.title) { content.triggers[index].coping.append(strategy.title) }
        } else {
            content.triggers.append(.init(trigger: trigger, coping: [strategy.title]))
        }
        try await plans.save(content, owner: member.id, by: member.id)
    }

    func setFeatured(_ id: UUID, _ featured: Bool, by member: Member) async throws {
        try ModerationService(deps: deps).requireModerator(member)
        guard let strategy = try await Strategy.find(id, on: deps.db) else { throw AppError.notFound }
        strategy.featured = featured
        try await strategy.save(on: deps.db)
        _ = try await ModerationService(deps: deps).record(featured ? .feature : .unfeature, subject: strategy.$author.id, post: nil,
                                                           reason: "“\(strategy.title)”", until: nil, by: member)
    }
}
