import Foundation
import PeerCircleAPI

/// What to try next, over the API: the generated operation mapped to `SuggestionService`.
extension APIOperations {
    func listSuggestions(_ input: Operations.ListSuggestions.Input) async throws -> Operations.ListSuggestions.Output {
        let (stage, items) = try await SuggestionService(deps: deps).suggestions(for: try APICaller.member())
        return .ok(.init(body: .json(.init(stage: try stage.map { try .init(mirroring: $0) },
                                           suggestions: items.map { .init(path: $0.path, title: $0.title, why: $0.why) }))))
    }
}
