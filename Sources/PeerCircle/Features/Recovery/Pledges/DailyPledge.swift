import FluentKit
import Foundation

/// The morning pledge and the evening review of one local day.
// See User for why @unchecked.
final class DailyPledge: Model, @unchecked Sendable {
    static let schema = "daily_pledges"

    enum Went: String, Codable, Sendable, CaseIterable {
        case well, mixed, hard
        var title: String {
            switch self {
            case .well: "It went well"
            case .mixed: "Some of both"
            case .hard: "It was hard"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "owner_id") var owner: User
    @Field(key: "local_date") var localDate: String
    @OptionalField(key: "pledged_at") var pledgedAt: Date?
    @OptionalField(key: "reviewed_at") var reviewedAt: Date?
    @OptionalField(key: "went") var went: Went?
    @OptionalField(key: "helped") var helped: String?

    init() {}
}
