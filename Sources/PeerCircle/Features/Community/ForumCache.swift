import FluentKit
import Foundation
import Synchronization

/// What forum pages show, kept in memory and always exact: each request reads the forum's version
/// (one row, moved by database triggers on every change — `AddVersionTriggers`) and uses the
/// snapshot made at that version, or starts a new one. A reply, a block or a moderator's decision
/// shows on the next page, on every instance.
final class ForumCache: Sendable {
    /// One version of the forum: filled as pages ask, dropped whole when the version moves.
    final class Snapshot: Sendable {
        let version: Int64

        struct ListKey: Hashable { let category: UUID?, limit: Int }
        struct ReadKey: Hashable { let member: UUID, thread: UUID }
        struct ViewerParts: Sendable { let hiddenWarnings: Set<ContentWarning>, hiddenAuthors: Set<UUID> }
        /// A part of a page drawn once for everyone to whom it looks the same, in one time zone.
        struct DrawnKey: Hashable, Sendable {
            enum Part: Hashable, Sendable { case categories, threadList(ListKey), posts(thread: UUID) }
            let part: Part
            let zone: String
        }
        struct ThreadPage: Sendable {
            let thread: ForumThread
            let posts: [Post]
            let names: [UUID: String]
            let reactions: [Reaction]
            /// Each post's body as HTML, made once per version.
            let bodies: [UUID: String]
        }

        private struct Parts {
            var categories: [ForumCategory]?
            var lists: [ListKey: [ForumReads.ListedThread]] = [:]
            var viewers: [UUID: ViewerParts] = [:]
            var threads: [UUID: ThreadPage] = [:]
            var postsKept = 0
            var reads: Set<ReadKey> = []
            var drawn: [DrawnKey: SlottedText] = [:]
            var drawnSize = 0
        }

        /// Past these sizes a part starts again rather than grow. Thread pages count by their posts
        /// (a reader walking every thread must not pull the forum into memory); a thread longer than
        /// `maxPostsPerThread` is read from the database each time.
        static let maxPosts = 20_000, maxPostsPerThread = 300, maxViewers = 50_000, maxReads = 200_000, maxLists = 256
        /// Drawn parts kept, in bytes of markup.
        static let maxDrawn = 32 << 20
        private let parts = Mutex(Parts())

        init(version: Int64) { self.version = version }

        var categories: [ForumCategory]? {
            get { parts.withLock { $0.categories } }
            set { parts.withLock { $0.categories = newValue } }
        }

        func list(_ key: ListKey) -> [ForumReads.ListedThread]? { parts.withLock { $0.lists[key] } }
        func keep(_ list: [ForumReads.ListedThread], as key: ListKey) {
            parts.withLock { parts in
                if parts.lists.count >= Self.maxLists { parts.lists.removeAll() }
                parts.lists[key] = list
            }
        }

        func viewer(_ member: UUID) -> ViewerParts? { parts.withLock { $0.viewers[member] } }
        func keep(_ viewer: ViewerParts, for member: UUID) {
            parts.withLock { parts in
                if parts.viewers.count >= Self.maxViewers { parts.viewers.removeAll() }
                parts.viewers[member] = viewer
            }
        }

        func thread(_ id: UUID) -> ThreadPage? { parts.withLock { $0.threads[id] } }
        func keep(_ page: ThreadPage, for id: UUID) {
            guard page.posts.count <= Self.maxPostsPerThread else { return }
            parts.withLock { parts in
                if parts.postsKept + page.posts.count > Self.maxPosts {
                    parts.threads.removeAll()
                    parts.postsKept = 0
                }
                if let earlier = parts.threads.updateValue(page, forKey: id) { parts.postsKept -= earlier.posts.count }
                parts.postsKept += page.posts.count
            }
        }

        func drawn(_ key: DrawnKey) -> SlottedText? { parts.withLock { $0.drawn[key] } }
        func keep(_ text: SlottedText, for key: DrawnKey) {
            let size = text.size
            guard size <= Self.maxDrawn / 16 else { return }
            parts.withLock { parts in
                if parts.drawnSize + size > Self.maxDrawn {
                    parts.drawn.removeAll()
                    parts.drawnSize = 0
                }
                if let earlier = parts.drawn.updateValue(text, forKey: key) { parts.drawnSize -= earlier.size }
                parts.drawnSize += size
            }
        }

        /// True the first time this member is seen opening this thread in this snapshot.
        func firstRead(_ key: ReadKey) -> Bool {
            parts.withLock { parts in
                if parts.reads.count >= Self.maxReads { parts.reads.removeAll() }
                return parts.reads.insert(key).inserted
            }
        }
    }

    private let current = Mutex<Snapshot?>(nil)

    /// The snapshot for the forum as it is now.
    func snapshot(on db: any Database) async throws -> Snapshot {
        let version = try await DataVersion.current(.forum, on: db)
        // A snapshot only ever serves readers that read its version before reading any data, so
        // whatever it holds is at least as new as that version. A reader with an older reading (its
        // request began before a change) gets one of its own, used once: a newer snapshot is never
        // replaced by an older one. (A database restored to an older version needs a restart.)
        return current.withLock { current in
            if let current, current.version == version { return current }
            if let current, current.version > version { return Snapshot(version: version) }
            let snapshot = Snapshot(version: version)
            current = snapshot
            return snapshot
        }
    }

    /// Forget everything.
    func invalidate() {
        current.withLock { $0 = nil }
    }
}
