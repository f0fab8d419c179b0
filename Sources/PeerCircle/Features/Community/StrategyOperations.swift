import Foundation
import PeerCircleAPI

/// Shared coping strategies over the API: the generated operations mapped to `StrategyService`.
extension APIOperations {
    private var strategies: StrategyService { StrategyService(deps: deps) }

    func listStrategies(_ input: Operations.ListStrategies.Input) async throws -> Operations.ListStrategies.Output {
        let member = try APICaller.member()
        // An unknown situation lists them all, as the web's filter does.
        let situation = input.query.situation.flatMap(Situation.init(rawValue:))
        let listed = try await strategies.list(situation: situation, viewer: try await ForumService(deps: deps).viewer(member))
        return .ok(.init(body: .json(try listed.map {
            try Self.strategy($0.strategy, helpedRecently: $0.helpedRecently, helpedMe: $0.helpedMe)
        })))
    }

    func createStrategy(_ input: Operations.CreateStrategy.Input) async throws -> Operations.CreateStrategy.Output {
        let member = try APICaller.member()
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        let strategy = try await strategies.create(title: b.title, body: b.body, situations: b.situations, by: member)
        return .created(.init(body: .json(try Self.strategy(strategy, helpedRecently: 0, helpedMe: false))))
    }

    func markStrategyHelped(_ input: Operations.MarkStrategyHelped.Input) async throws -> Operations.MarkStrategyHelped.Output {
        try await strategies.toggleHelped(try APIPath.id(input.path.id), by: try APICaller.member())
        return .noContent(.init())
    }

    func saveStrategy(_ input: Operations.SaveStrategy.Input) async throws -> Operations.SaveStrategy.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        _ = try await strategies.strategy(id, viewer: try await ForumService(deps: deps).viewer(member))
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        try await strategies.saveToPlan(id, situation: b.situation ?? "", by: member)
        return .noContent(.init())
    }

    private static func strategy(_ s: Strategy, helpedRecently: Int, helpedMe: Bool) throws -> Components.Schemas.Strategy {
        .init(body: s.body, featured: s.featured, helpedMe: helpedMe, helpedRecently: helpedRecently, id: try s.requireID().apiID,
              situations: s.situations.map(\.rawValue), title: s.title)
    }
}

extension APIOperations {
    func featureStrategy(_ input: Operations.FeatureStrategy.Input) async throws -> Operations.FeatureStrategy.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        try await StrategyService(deps: deps).setFeatured(id, b.featured, by: member)
        return .noContent(.init())
    }
}
