import FluentKit
import Foundation

/// The one place that answers "may this viewer see this item?". Features ask; they never
/// re-implement the rule. A hidden item is reported as missing (404), never as forbidden.
struct Policy: Sendable {
    /// A private thing of someone's, as the policy sees it.
    enum Item: Sendable {
        case clock(id: UUID, owner: UUID)
        case checkIns(owner: UUID)
        /// BARC-10 totals (never the answers, never PHQ-9 or GAD-7).
        case recoveryCapital(owner: UUID)

        var owner: UUID {
            switch self {
            case .clock(_, let owner), .checkIns(let owner), .recoveryCapital(let owner): owner
            }
        }
    }

    let now: @Sendable () -> Date

    func canView(_ viewer: UUID, _ item: Item, on db: any Database) async throws -> Bool {
        if viewer == item.owner { return true }
        // A block either way means "not visible", whatever grant may be left.
        guard try await !Blocks(db: db).between(viewer, item.owner) else { return false }
        return try await activeGrant(viewer, item, on: db) != nil
    }

    /// Throws `.notFound` when the viewer may not see the item.
    func requireView(_ viewer: UUID, _ item: Item, on db: any Database) async throws {
        guard try await canView(viewer, item, on: db) else { throw AppError.notFound }
    }

    /// The grant that lets `viewer` see `item`, if any.
    func activeGrant(_ viewer: UUID, _ item: Item, on db: any Database) async throws -> SharingGrant? {
        let grants = try await SharingGrant.query(on: db)
            .filter(\.$owner.$id == item.owner)
            .filter(\.$grantee.$id == viewer)
            .filter(\.$revokedAt == nil)
            .all()
        let current = now()
        return grants.first { grant in
            guard grant.isActive(at: current) else { return false }
            switch (item, grant.scope) {
            case (.clock(let id, _), .clock): return grant.itemID == id
            case (.clock, .clocks): return true
            case (.checkIns, .checkIns): return true
            case (.recoveryCapital, .recoveryCapital): return true
            default: return false
            }
        }
    }

    /// Every active grant given to `viewer`, for "shared with me" lists.
    func grantsReceived(by viewer: UUID, on db: any Database) async throws -> [SharingGrant] {
        let current = now()
        let blocked = try await Blocks(db: db).all(of: viewer)
        return try await SharingGrant.query(on: db)
            .filter(\.$grantee.$id == viewer)
            .filter(\.$revokedAt == nil)
            .with(\.$owner)
            .sort(\.$createdAt, .descending)
            .all()
            .filter { $0.isActive(at: current) && !blocked.contains($0.$owner.id) }
    }
}
