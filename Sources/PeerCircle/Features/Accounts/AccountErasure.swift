import FluentKit
import Foundation
import SQLKit

/// What deleting an account does beyond the foreign keys' cascades, in the caller's transaction:
/// the member's words leave every table (search index, room text, mail waiting to go out, names
/// copied into other people's records), and threads they started stay readable for the people who
/// replied, the opening post shown as removed by its author. `MemberData.registry` lists how every
/// table is covered; a test fails when a new table is not in it.
struct AccountErasure: Sendable {
    let db: any Database
    /// `formerMember(on:)`, fetched before the transaction when the member started a thread.
    let formerMemberID: UUID?

    /// Pseudonym keys cannot contain `#`, so nobody can sign up as, or log in to, the placeholder.
    static let formerMemberKey = "#former-member"

    func erase(_ user: User) async throws {
        let userID = try user.requireID()
        let sql = try db.sql
        try await eraseForumWords(of: userID, sql: sql)
        for strategy in try await Strategy.query(on: db).filter(\.$author.$id == userID).all() {
            try await SearchIndex.remove(try strategy.requireID(), on: sql)
        }
        // Room events name a participant, not the account: keep the sequence (others may be
        // resuming) but drop the name and the words.
        let participants = try await RoomParticipant.query(on: db).filter(\.$user.$id == userID).all().compactMap(\.id)
        if !participants.isEmpty {
            try await RoomEvent.query(on: db).filter(\.$actorID ~~ participants)
                .set(\.$actorName, to: nil).set(\.$text, to: nil).update()
        }
        // Mail still waiting to go to them, or to their trusted contacts (those name them).
        let contacts = try await TrustedContact.query(on: db).filter(\.$owner.$id == userID).all().map { $0.email.lowercased() }
        for address in ([user.email ?? ""] + contacts) where !address.isEmpty {
            try await sql.delete(from: EmailOutbox.schema)
                .where(SQLFunction("lower", args: SQLIdentifier("to")), .equal, SQLBind(address.lowercased())).run()
        }
        try await AttendanceRecord.query(on: db).filter(\.$facilitator == user.pseudonym)
            .set(\.$facilitator, to: nil).update()
        let key = user.pseudonymKey, id = userID.uuidString
        try await LoginFailure.query(on: db).group(.or) {
            $0.filter(\.$key == key).filter(\.$key == "account:" + key).filter(\.$key == "password:" + id).filter(\.$key =~ (key + "|"))
        }.delete()
        try await RateEvent.query(on: db).filter(\.$key ~= (":" + id)).delete()
    }

    /// Posts cascade with the account. An opening post others replied to is kept as a placeholder
    /// owned by no one (its text, title and history erased) so the replies stay readable.
    private func eraseForumWords(of userID: UUID, sql: any SQLDatabase) async throws {
        let posts = try await Post.query(on: db).filter(\.$author.$id == userID).all()
        for post in posts {
            let postID = try post.requireID()
            try await SearchIndex.remove(postID, on: sql)
            guard post.isOpening else { continue }
            let threadID = post.$thread.id
            let replies = try await Post.query(on: db).filter(\.$thread.$id == threadID).filter(\.$isOpening == false)
                .filter(\.$author.$id != userID).all()
            guard !replies.isEmpty, let formerMemberID, let thread = try await ForumThread.find(threadID, on: db) else {
                try await ForumThread.query(on: db).filter(\.$id == threadID).delete()
                continue
            }
            thread.title = "Removed by its author"
            try await thread.save(on: db)
            try await PostRevision.query(on: db).filter(\.$post.$id == postID).delete()
            post.$author.id = formerMemberID
            post.body = ""
            post.warningsText = ""
            post.anonymous = false
            post.state = .removedByAuthor
            try await post.save(on: db)
            // Replies are indexed with their thread's title; the old title leaves the index too.
            for reply in replies where reply.state == .visible {
                try await SearchIndex.put(.post, id: try reply.requireID(), title: thread.title, body: reply.body, on: sql)
            }
        }
    }

    /// The one account that owns erased opening posts; it has no usable password. Made outside
    /// the erasure's transaction: when two deletions race to make it, the loser's constraint
    /// failure would abort a PostgreSQL transaction, but here it simply reads the winner's.
    static func formerMember(on db: any Database) async throws -> UUID {
        if let existing = try await User.query(on: db).filter(\.$pseudonymKey == formerMemberKey).first() {
            return try existing.requireID()
        }
        let user = User(pseudonym: "a former member", email: nil, passwordHash: "!", timeZone: "UTC", country: nil)
        user.pseudonymKey = formerMemberKey
        do {
            try await user.create(on: db)
            return try user.requireID()
        } catch let error as any DatabaseError where error.isConstraintFailure {
            guard let made = try await User.query(on: db).filter(\.$pseudonymKey == formerMemberKey).first() else { throw AppError.internal }
            return try made.requireID()
        }
    }
}
