import FluentKit
import Foundation
import SQLKit
import Testing
@testable import PeerCircle

/// Forum pages come from memory, checked against a version that database triggers move on every
/// change — so a change made anywhere (a route, a moderator, a second instance, SQL by hand) shows
/// on the very next page, with no waiting and nothing for a writer to remember.
@Suite struct ForumCacheTests {
    @Test func everyKindOfChangeShowsOnTheNextPageWhoeverMadeIt() async throws {
        try await TestApp.run { author in
            try await author.joinBoth("Cached Author")
            let (thread, opening) = try await author.startThread("Before the change", body: "The first words")
            let reader = author.another()
            try await reader.joinBoth("Cached Reader")
            let category = try await reader.category().lowercased()
            let threadPage = "/community/threads/\(thread.lowercased())", categoryPage = "/community/categories/\(category)"
            // Read once so both pages are in memory.
            #expect(try await reader.get(categoryPage).text.contains("Before the change"))
            #expect(try await reader.get(threadPage).text.contains("The first words"))

            // Changes made behind the application's back, as another instance or an operator would.
            let sql = try author.database.sql
            try await sql.raw("UPDATE forum_threads SET title = 'Changed by hand' WHERE id = \(bind: UUID(uuidString: thread))").run()
            try await sql.raw("UPDATE users SET pseudonym = 'Renamed Author' WHERE pseudonym = 'Cached Author'").run()
            let list = try await reader.get(categoryPage).text
            #expect(list.contains("Changed by hand") && !list.contains("Before the change") && list.contains("Renamed Author"))
            #expect(try await reader.get(threadPage).text.contains("Renamed Author"))
            try await sql.raw("UPDATE posts SET state = 'removed_by_moderator' WHERE id = \(bind: UUID(uuidString: opening))").run()
            #expect(try await reader.get(threadPage).text.contains("Removed by a moderator."))
            try await sql.raw("UPDATE posts SET state = 'visible' WHERE id = \(bind: UUID(uuidString: opening))").run()

            // Changes through the application: a reply counts at once, a reaction shows at once.
            let third = author.another()
            try await third.joinBoth("Third Voice")
            _ = try await third.replyTo(thread, "Right there with you")
            #expect(try await reader.get(categoryPage).text.contains("1 reply"))
            #expect(try await reader.get(threadPage).text.contains("Right there with you"))
            #expect(try await reader.post("/community/posts/\(opening.lowercased())/react?kind=strength", [:]).status == .seeOther)
            #expect(try await author.thread(thread).first?["reactions"] as? [String: Int] == ["strength": 1])

            // Blocking, by either side, hides at once — and the blocked member's cached view changes too.
            #expect(try await third.api(.post, "/api/v1/blocks", json: ["pseudonym": "Cached Reader"]).status == .created)
            let afterBlock = try await reader.get(threadPage).text
            #expect(!afterBlock.contains("Right there with you") && afterBlock.contains("The first words"))
            #expect(try await reader.get(categoryPage).text.contains("0 replies"))
            // Someone who blocked nobody still sees the reply, counted.
            #expect(try await author.get(categoryPage).text.contains("1 reply"))
        }
    }

    /// Thread lists and posts are drawn once per forum version for every reader to whom they look the
    /// same; whoever reads first, nobody gets another's name tag, buttons, CSRF token, hidden themes or
    /// time zone — in either order.
    @Test func partsDrawnOnceNeverCarryAnotherReadersView() async throws {
        try await TestApp.run { author in
            try await author.joinBoth("Drawn Author")
            let (thread, _) = try await author.startThread("Drawn once", body: "Opening words", kind: "question")
            let quiet = author.another(), loud = author.another(), careful = author.another(), moderator = author.another()
            try await quiet.joinBoth("Quiet Reader")
            try await loud.joinBoth("Loud Reader")
            try await careful.joinBoth("Careful Reader")
            try await moderator.joinBoth("Drawn Moderator")
            try await author.grant(.moderator, to: "Drawn Moderator")
            _ = try await loud.replyTo(thread, "Said anonymously", anonymous: true)
            _ = try await loud.replyTo(thread, "About a hard night", warnings: ["relapse"])
            #expect(try await careful.post("/community/settings", ["hidden": "relapse"]).status == .seeOther)
            let page = "/community/threads/\(thread.lowercased())", list = "/community/categories/\(try await quiet.category().lowercased())"

            for order in [[quiet, author, loud, careful, moderator], [moderator, careful, loud, author, quiet]] {
                // A change between rounds starts a new forum version, so the second round draws in the other order.
                _ = try await author.replyTo(thread, "Round \(order.count)")
                var pages: [ObjectIdentifier: String] = [:]
                for reader in order { pages[ObjectIdentifier(reader)] = try await reader.get(page).text }
                func text(_ reader: Client) -> String { pages[ObjectIdentifier(reader)] ?? "" }
                for reader in order {
                    let token = try #require(reader.csrfToken)
                    #expect(text(reader).contains("value=\"\(token)\""))
                    for other in order where other !== reader { #expect(!text(reader).contains(try #require(other.csrfToken))) }
                }
                #expect(text(author).contains("Drawn Author (you)") && text(author).contains("Mark as a helpful answer"))
                #expect(text(loud).contains("you, posting as “a member”"))
                #expect(text(moderator).contains("shown only to moderators"))
                #expect(text(careful).contains("which you chose not to see") && !text(careful).contains("About a hard night"))
                for reader in [quiet, careful, moderator] {
                    #expect(!text(reader).contains("(you)") && !text(reader).contains("posting as") && !text(reader).contains("Mark as a helpful"))
                }
                for reader in [quiet, author, loud, careful] { #expect(!text(reader).contains("shown only to moderators")) }
                #expect(text(quiet).contains("About a hard night") && text(quiet).contains("Said anonymously"))
                // Thread lists: the author's own thread is told as theirs, to them only.
                var lists: [ObjectIdentifier: String] = [:]
                for reader in order { lists[ObjectIdentifier(reader)] = try await reader.get(list).text }
                #expect(lists[ObjectIdentifier(author)]?.contains("Drawn Author (you)") == true)
                for reader in [quiet, loud, careful, moderator] { #expect(lists[ObjectIdentifier(reader)]?.contains("(you)") == false) }
            }

            // The same posts in another time zone are drawn for it.
            let opened = try #require(try await author.thread(thread).first?["created_at"] as? String)
            let created = try #require(ISO8601DateFormatter().date(from: opened))
            #expect(try await quiet.api(.patch, "/api/v1/me", json: ["time_zone": "Asia/Kathmandu"]).status == .ok)
            let inKathmandu = TimeText.format(created, TimeZone(identifier: "Asia/Kathmandu") ?? .gmt, "d MMM yyyy HH:mm")
            let inUTC = TimeText.format(created, .gmt, "d MMM yyyy HH:mm")
            #expect(try await quiet.get(page).text.contains(inKathmandu))
            #expect(try await careful.get(page).text.contains(inUTC))
        }
    }

    /// Each watched table moves the forum's version on insert, update and delete, on both databases.
    @Test func theTriggersMoveTheVersionOnEveryWatchedTable() async throws {
        try await TestApp.withDatabase { database in
            let sql = try database.sql
            func version() async throws -> Int64 { try await DataVersion.current(.forum, on: try database.db) }
            var last = try await version()
            func moved(_ what: String) async throws {
                let now = try await version()
                #expect(now > last, "\(what) did not move the forum version")
                last = now
            }
            let user = User(pseudonym: "Trigger Member", email: nil, passwordHash: "x", timeZone: "UTC", country: nil)
            try await user.create(on: database.db)
            let other = User(pseudonym: "Trigger Other", email: nil, passwordHash: "x", timeZone: "UTC", country: nil)
            try await other.create(on: database.db)
            let (userID, otherID) = (try user.requireID(), try other.requireID())
            let category = UUID(), thread = UUID(), post = UUID(), reaction = UUID(), block = UUID(), settings = UUID()
            let now = Date()
            try await sql.raw("INSERT INTO forum_categories (id, slug, name, description, position) VALUES (\(bind: category), 'c', 'C', 'd', 99)").run()
            try await moved("a new category")
            try await sql.raw("""
                INSERT INTO forum_threads (id, category_id, kind, title, created_at, last_activity_at, pinned)
                VALUES (\(bind: thread), \(bind: category), 'discussion', 'T', \(bind: now), \(bind: now), \(false))
                """).run()
            try await moved("a new thread")
            try await sql.raw("""
                INSERT INTO posts (id, thread_id, author_id, is_opening, anonymous, body, warnings, state, helpful_answer, created_at)
                VALUES (\(bind: post), \(bind: thread), \(bind: userID), \(true), \(false), 'b', '', 'visible', \(false), \(bind: now))
                """).run()
            try await moved("a new post")
            try await sql.raw("INSERT INTO reactions (id, post_id, user_id, kind) VALUES (\(bind: reaction), \(bind: post), \(bind: otherID), 'strength')").run()
            try await moved("a reaction")
            try await sql.raw("INSERT INTO blocks (id, blocker_id, blocked_id, created_at) VALUES (\(bind: block), \(bind: otherID), \(bind: userID), \(bind: now))").run()
            try await moved("a block")
            try await sql.raw("INSERT INTO community_settings (id, user_id, hidden_warnings, muted) VALUES (\(bind: settings), \(bind: userID), '', '')").run()
            try await moved("new settings")
            for (table, id) in [("forum_categories", category), ("forum_threads", thread), ("posts", post)] {
                let column = table == "forum_categories" ? "name" : table == "posts" ? "body" : "title"
                try await sql.raw("UPDATE \(unsafeRaw: table) SET \(unsafeRaw: column) = 'changed' WHERE id = \(bind: id)").run()
                try await moved("an update of \(table)")
            }
            try await sql.raw("UPDATE community_settings SET muted = \(bind: otherID.uuidString) WHERE id = \(bind: settings)").run()
            try await moved("a mute")
            try await sql.raw("UPDATE users SET pseudonym = 'Renamed Trigger' WHERE id = \(bind: userID)").run()
            try await moved("a new pseudonym")
            try await sql.raw("UPDATE users SET time_zone = 'Europe/Dublin' WHERE id = \(bind: userID)").run()
            #expect(try await version() == last, "a change no forum page shows moved the version")
            for (table, id) in [("reactions", reaction), ("blocks", block), ("community_settings", settings), ("posts", post), ("forum_threads", thread),
                                ("forum_categories", category)] {
                try await sql.raw("DELETE FROM \(unsafeRaw: table) WHERE id = \(bind: id)").run()
                try await moved("a deletion from \(table)")
            }
            try await user.delete(on: database.db)
            try await moved("an erased member")
        }
    }

    /// Sessions, roles and what a signed-in member carries move the accounts version when changed
    /// outside the app too (an operator deleting a stolen session by hand); nothing else does.
    @Test func accountChangesMadeByHandMoveTheAccountsVersion() async throws {
        try await TestApp.withDatabase { database in
            let sql = try database.sql
            func version() async throws -> Int64 { try await DataVersion.current(.accounts, on: try database.db) }
            var last = try await version()
            func moved(_ what: String, _ expected: Bool = true) async throws {
                let now = try await version()
                #expect((now > last) == expected, "\(what): the accounts version \(expected ? "did not move" : "moved")")
                last = now
            }
            let user = User(pseudonym: "Account Trigger", email: nil, passwordHash: "x", timeZone: "UTC", country: nil)
            try await user.create(on: database.db)
            let userID = try user.requireID()
            try await moved("a new member", false)
            let session = Session(tokenHash: "hash", userID: userID, kind: .web, expiresAt: Date().addingTimeInterval(60))
            try await session.create(on: database.db)
            try await moved("a new session", false)
            try await sql.raw("UPDATE users SET first_steps = 'x' WHERE id = \(bind: userID)").run()
            try await moved("a first step", false)
            for (column, value) in [("pseudonym", "Renamed By Hand"), ("time_zone", "Europe/Dublin"), ("country", "IE")] {
                try await sql.raw("UPDATE users SET \(unsafeRaw: column) = \(bind: value) WHERE id = \(bind: userID)").run()
                try await moved("a new \(column)")
            }
            try await UserRole(userID: userID, role: .moderator).create(on: database.db)
            try await moved("a new role")
            try await sql.raw("DELETE FROM user_roles WHERE user_id = \(bind: userID)").run()
            try await moved("a role taken away")
            try await sql.raw("DELETE FROM sessions WHERE user_id = \(bind: userID)").run()
            try await moved("a session deleted by hand")
            try await user.delete(on: database.db)
            try await moved("an erased member")
        }
    }
}
