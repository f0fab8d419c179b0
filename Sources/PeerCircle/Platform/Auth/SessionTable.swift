import Foundation
import Synchronization

/// Who is behind each session token this instance has seen, so a page does not cost two database
/// reads to know who asks. A fresh table replaces it whenever the accounts version moves (sign-out,
/// new password, settings, roles, erasure — every writer goes through `AppDependencies.changing`
/// with `.accounts`): this instance sees such a change at once, another one within a second.
/// Unknown tokens are never kept, so guessing cannot fill it.
final class SessionTable: Sendable {
    private struct Entry {
        let member: Member
        let expiresAt: Date
    }

    /// Past this many signed-in sessions the table starts again rather than grow.
    static let capacity = 50_000
    private let entries = Mutex([String: Entry]())
    private let touched = Mutex([String: Date]())

    /// True at most once per five minutes per session: time to write its "last used".
    func touch(_ key: String, now: Date) -> Bool {
        touched.withLock { touched in
            if let last = touched[key], now.timeIntervalSince(last) < 300, now >= last { return false }
            if touched.count >= Self.capacity { touched.removeAll(keepingCapacity: true) }
            touched[key] = now
            return true
        }
    }

    static func key(_ tokenHash: String, _ kind: Session.Kind) -> String { kind.rawValue + ":" + tokenHash }

    func member(_ key: String, now: Date) -> Member? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expiresAt > now else {
                entries[key] = nil
                return nil
            }
            return entry.member
        }
    }

    func store(_ key: String, _ member: Member, expiresAt: Date) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(member: member, expiresAt: expiresAt)
        }
    }
}
