import FluentKit
import Foundation

/// Where a member says they are, in the words the community uses. Optional, private, and kept
/// as a history: a new entry each time it changes.
public enum RecoveryStage: String, Codable, Sendable, CaseIterable {
    case dismissal, patient, client

    var title: String {
        switch self {
        case .dismissal: "Just looking"
        case .patient: "Starting out"
        case .client: "Building my recovery"
        }
    }

    /// Written for members: the clinical names the design maps these to never appear on their pages.
    var explanation: String {
        switch self {
        case .dismissal: "Just looking — not sure yet whether this is for me, and curious."
        case .patient: "Starting out — newly facing it, finding my footing."
        case .client: "Building my recovery — making a life where it holds."
        }
    }

    /// The stages of change this maps to, for reports.
    var stagesOfChange: [String] {
        switch self {
        case .dismissal: ["precontemplation"]
        case .patient: ["contemplation", "preparation"]
        case .client: ["action", "maintenance"]
        }
    }

    /// Order along the road, for "further along" in matching.
    var rank: Int {
        switch self {
        case .dismissal: 0
        case .patient: 1
        case .client: 2
        }
    }
}

// See User for why @unchecked.
final class StageEntry: Model, @unchecked Sendable {
    static let schema = "recovery_stages"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    /// nil: the member chose to say nothing from this point on.
    @OptionalField(key: "stage") var stage: RecoveryStage?
    @Field(key: "set_at") var setAt: Date

    init() {}

    init(userID: UUID, stage: RecoveryStage?, at: Date) {
        self.$user.id = userID
        self.stage = stage
        self.setAt = at
    }
}

/// Reading and changing a member's stage. Nobody else reads it; matching uses it for the member.
struct StageService: Sendable {
    let deps: AppDependencies

    func history(of member: UUID) async throws -> [StageEntry] {
        try await StageEntry.query(on: deps.db).filter(\.$user.$id == member).sort(\.$setAt, .descending).all()
    }

    func current(of member: UUID) async throws -> RecoveryStage? {
        try await history(of: member).first?.stage ?? nil
    }

    /// Sets the stage, adding to the history when it changes; empty text means "I'd rather not say".
    func set(_ text: String, for member: UUID) async throws {
        let text = text.trimmingCharacters(in: .whitespaces)
        let stage = RecoveryStage(rawValue: text)
        guard text.isEmpty || stage != nil else {
            throw AppError.invalid([FieldError(field: "stage", message: "Choose one of the stages, or none.")])
        }
        let history = try await history(of: member)
        if (history.first?.stage ?? nil) != stage {
            // Strictly after the last entry, so the history keeps its order within one clock tick.
            try await StageEntry(userID: member, stage: stage, at: deps.now().strictlyAfter(history.first?.setAt)).create(on: deps.db)
        }
    }
}
