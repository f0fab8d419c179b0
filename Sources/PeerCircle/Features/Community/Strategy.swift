import FluentKit
import Foundation

/// When a coping strategy helps.
enum Situation: String, Codable, Sendable, CaseIterable {
    case craving, stress, loneliness, sleep, anger, boredom, socialPressure = "social_pressure", grief, anxiety, slip

    var title: String {
        switch self {
        case .socialPressure: "Social pressure"
        case .slip: "After a slip"
        default: rawValue.capitalized
        }
    }
}

/// A coping strategy members share; others mark "this helped me" and can save it to their plan.
// See User for why @unchecked.
final class Strategy: Model, @unchecked Sendable {
    static let schema = "strategies"

    @ID(key: .id) var id: UUID?
    @Parent(key: "author_id") var author: User
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "situations") var situationsText: String
    @Field(key: "featured") var featured: Bool
    @Field(key: "removed") var removed: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var situations: [Situation] { situationsText.split(separator: ",").compactMap { Situation(rawValue: String($0)) } }
}

/// One member's "this helped me" on a strategy; counted, never shown with names.
// See User for why @unchecked.
final class StrategyMark: Model, @unchecked Sendable {
    static let schema = "strategy_marks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "strategy_id") var strategy: Strategy
    @Parent(key: "user_id") var user: User
    @Field(key: "at") var at: Date

    init() {}
}
