import FluentKit
import Foundation
import SQLKit

/// One member blocking another. Blocked people cannot message, request, match with or see the
/// blocker's profile; the rule is checked both ways, so neither side can reach the other.
// See User for why @unchecked.
final class Block: Model, @unchecked Sendable {
    static let schema = "blocks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "blocker_id") var blocker: User
    @Parent(key: "blocked_id") var blocked: User
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(blocker: UUID, blocked: UUID) {
        self.$blocker.id = blocker
        self.$blocked.id = blocked
    }
}

/// Questions about blocks, asked by every feature that lets one member reach another.
struct Blocks: Sendable {
    let db: any Database

    /// True when either of the two has blocked the other.
    func between(_ a: UUID, _ b: UUID) async throws -> Bool {
        try await Block.query(on: db).group(.or) { or in
            or.group(.and) { $0.filter(\.$blocker.$id == a).filter(\.$blocked.$id == b) }
            or.group(.and) { $0.filter(\.$blocker.$id == b).filter(\.$blocked.$id == a) }
        }.count() > 0
    }

    /// Everyone `member` has blocked or been blocked by.
    func all(of member: UUID) async throws -> Set<UUID> {
        struct Row: Decodable { let other: UUID }
        // Two columns of a few rows, read on every forum page: plain SQL, not a Fluent model each.
        let rows = try await (try db.sql).raw("""
            SELECT blocked_id AS other FROM blocks WHERE blocker_id = \(bind: member)
            UNION SELECT blocker_id AS other FROM blocks WHERE blocked_id = \(bind: member)
            """).all(decoding: Row.self)
        return Set(rows.map(\.other))
    }

    /// The people `member` has blocked (not those who blocked them: that stays private).
    func blockedBy(_ member: UUID) async throws -> [Block] {
        try await Block.query(on: db).filter(\.$blocker.$id == member).with(\.$blocked).sort(\.$createdAt, .descending).all()
    }

    func block(_ blocked: UUID, by blocker: UUID, at now: Date, writer: Writer) async throws {
        guard blocked != blocker else {
            throw AppError.invalid([FieldError(field: "pseudonym", message: "You can't block yourself.")])
        }
        let exists = try await Block.query(on: db).filter(\.$blocker.$id == blocker).filter(\.$blocked.$id == blocked).count() > 0
        guard !exists else { return }
        try await writer.transaction { db in
            try await Block(blocker: blocker, blocked: blocked).create(on: db)
            // A block ends everything the two shared with each other, and any mentorship between them.
            try await SharingGrant.revokeAll(between: blocker, and: blocked, at: now, on: db)
            try await Mentorship.query(on: db)
                .filter(\.$status ~~ [.active, .requested])
                .group(.or) { or in
                    or.group(.and) { $0.filter(\.$mentor.$id == blocker).filter(\.$mentee.$id == blocked) }
                    or.group(.and) { $0.filter(\.$mentor.$id == blocked).filter(\.$mentee.$id == blocker) }
                }
                .set(\.$status, to: .ended).set(\.$endedAt, to: now).set(\.$endedBy.$id, to: blocker)
                .update()
        }
    }

    func unblock(_ blocked: UUID, by blocker: UUID) async throws {
        try await Block.query(on: db).filter(\.$blocker.$id == blocker).filter(\.$blocked.$id == blocked).delete()
    }
}
