import FluentKit
import Foundation

/// Flags, the review queue, moderator actions (each with a reason sent to the author), appeals
/// (one per action) and the audit log.
struct ModerationService: Sendable {
    let deps: AppDependencies

    func requireModerator(_ member: Member) throws {
        guard member.has(.moderator) || member.has(.admin) else { throw AppError.notFound }
    }

    /// A member flags a post. Once the flags' weight (by the flaggers' trust) reaches the threshold,
    /// the post is hidden pending review and its author is told.
    func flag(_ postID: UUID, reason: String, note: String, by member: Member) async throws {
        let post = try await ForumService(deps: deps).visiblePost(postID, for: member)
        var check = Validation()
        let reason = FlagReason(rawValue: reason)
        check.check(reason != nil, "reason", "Choose what is wrong.")
        check.check(note.count <= 500, "note", "Use at most 500 characters.")
        check.check(post.$author.id != member.id, "reason", "You can't flag your own post — you can edit or delete it.")
        try check.finish()
        guard try await Flag.query(on: deps.db).filter(\.$post.$id == postID).filter(\.$flagger.$id == member.id).count() == 0 else {
            throw AppError.conflict(code: "already_flagged", field: "reason", message: "You've already flagged this post. A moderator will look at it.")
        }
        let standing = try await StandingService(deps: deps).standing(of: member.id)
        let flag = Flag()
        flag.$post.id = postID
        flag.$flagger.id = member.id
        flag.reason = try reason.checked("reason")
        flag.note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        flag.weight = Trust.flagWeight(standing.level, moderator: member.has(.moderator) || member.has(.admin))
        flag.createdAt = deps.now()
        flag.resolved = false
        try await flag.create(on: deps.db)
        // Hiding before a moderator looks needs an established member's (trust 1 and up) or a
        // moderator's flag among the weight: otherwise a handful of fresh accounts could hide
        // anything. New members' flags still count, and always put the post in the queue.
        let open = try await Flag.query(on: deps.db).filter(\.$post.$id == postID).filter(\.$resolved == false).all()
        let total = open.reduce(0) { $0 + $1.weight }
        let established = open.filter { $0.weight >= Trust.establishedFlagWeight }.reduce(0) { $0 + $1.weight }
        if total >= Trust.hideThreshold, established >= Trust.establishedFlagWeight, post.state == .visible {
            post.state = .hidden
            try await post.save(on: deps.db)
            try await SearchIndex.remove(postID, on: deps.database.sql)
            try await notify(post.$author.id, action: nil,
                             "One of your posts is hidden while a moderator looks at it, after members flagged it. You'll hear back here.")
        }
    }

    struct QueueItem: Sendable {
        let post: Post
        let thread: ForumThread
        let author: String
        let flags: [Flag]
    }

    /// Posts waiting for a moderator: hidden pending review, or with open flags.
    func queue(for moderator: Member) async throws -> [QueueItem] {
        try requireModerator(moderator)
        let open = try await Flag.query(on: deps.db).filter(\.$resolved == false).all()
        let flagged = Set(open.map { $0.$post.id })
        let hidden = try await Post.query(on: deps.db).filter(\.$state == .hidden).all()
        let ids = Array(flagged.union(hidden.compactMap(\.id)))
        guard !ids.isEmpty else { return [] }
        let posts = try await Post.query(on: deps.db).filter(\.$id ~~ ids).with(\.$thread).with(\.$author).sort(\.$createdAt).all()
        return posts.map { post in
            QueueItem(post: post, thread: post.thread, author: post.author.pseudonym, flags: open.filter { $0.$post.id == post.id })
        }
    }

    static let postActions: [ModerationAction.Kind] = [.approve, .hide, .delete, .restore]
    static let memberActions: [ModerationAction.Kind] = [.warn, .silence, .suspend, .grantTrust, .revokeTrust]

    /// A moderator acts on a post. Every action needs a reason; the author receives it.
    func act(on postID: UUID, _ kind: String, reason: String, by moderator: Member) async throws -> ModerationAction {
        try requireModerator(moderator)
        guard let post = try await Post.find(postID, on: deps.db) else { throw AppError.notFound }
        guard let kind = ModerationAction.Kind(rawValue: kind), Self.postActions.contains(kind) else {
            throw AppError.invalid([FieldError(field: "action", message: "Choose approve, hide, remove or restore.")])
        }
        let reason = try Self.validReason(reason)
        // What the author took down stays down: a moderator can't put words back under their name.
        if post.state == .removedByAuthor {
            throw AppError.conflict(code: "removed_by_author", field: "action", message: "The author deleted this post; it can't be restored or changed.")
        }
        switch kind {
        case .approve, .restore: post.state = .visible
        case .hide: post.state = .hidden
        case .delete: post.state = .removedByModerator
        default: break
        }
        try await post.save(on: deps.db)
        try await Flag.query(on: deps.db).filter(\.$post.$id == postID).set(\.$resolved, to: true).update()
        if post.state == .visible {
            let thread = try await ForumThread.find(post.$thread.id, on: deps.db)
            try await SearchIndex.put(.post, id: postID, title: thread?.title ?? "", body: post.body, on: deps.database.sql)
        } else {
            try await SearchIndex.remove(postID, on: deps.database.sql)
        }
        let action = try await record(kind, subject: post.$author.id, post: postID, reason: reason, until: nil, by: moderator)
        let text = switch kind {
        case .approve, .restore: "A moderator reviewed your post and it is visible again. Reason: \(reason)"
        case .hide: "A moderator hid one of your posts. Reason: \(reason). You can appeal once."
        default: "A moderator removed one of your posts. Reason: \(reason). You can appeal once."
        }
        try await notify(post.$author.id, action: action, text)
        return action
    }

    /// A moderator acts on a member: warn, silence or suspend for some hours, or set their trust level.
    func act(onMember userID: UUID, _ kind: String, reason: String, hours: Int?, level: Int?, by moderator: Member) async throws -> ModerationAction {
        try requireModerator(moderator)
        guard try await User.find(userID, on: deps.db) != nil else { throw AppError.notFound }
        guard let kind = ModerationAction.Kind(rawValue: kind), Self.memberActions.contains(kind) else {
            throw AppError.invalid([FieldError(field: "action", message: "Choose warn, silence, suspend or a trust level.")])
        }
        let reason = try Self.validReason(reason)
        var until: Date?
        let standings = StandingService(deps: deps)
        switch kind {
        case .silence, .suspend:
            guard let hours, (1...24 * 365).contains(hours) else {
                throw AppError.invalid([FieldError(field: "hours", message: "Enter how many hours, from 1.")])
            }
            until = deps.now().addingTimeInterval(Double(hours) * 3600)
            try await standings.update(userID) { kind == .silence ? ($0.silencedUntil = until) : ($0.suspendedUntil = until) }
        case .grantTrust, .revokeTrust:
            guard let level, (0...3).contains(level) else {
                throw AppError.invalid([FieldError(field: "level", message: "Choose a trust level from 0 to 3.")])
            }
            try await standings.update(userID) { $0.trustOverride = level }
        default: break
        }
        let action = try await record(kind, subject: userID, post: nil, reason: reason, until: until, by: moderator)
        let text = switch kind {
        case .warn: "A moderator is asking you to take care with how you post. Reason: \(reason)"
        case .silence: "A moderator paused your posting for \(hours ?? 0) hours. Reason: \(reason). You can appeal once."
        case .suspend: "A moderator suspended your posting for \(hours ?? 0) hours. Reason: \(reason). You can appeal once."
        default: "A moderator set your trust level to \(Trust.names[level ?? 0]). Reason: \(reason)"
        }
        try await notify(userID, action: action, text)
        return action
    }

    /// The author appeals an action taken about them — once.
    func appeal(_ actionID: UUID, text: String, by member: Member) async throws -> Appeal {
        guard let action = try await ModerationAction.find(actionID, on: deps.db), action.$subject.id == member.id,
              [.hide, .delete, .warn, .silence, .suspend, .revokeTrust].contains(action.kind) else { throw AppError.notFound }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var check = Validation()
        check.check((1...2000).contains(text.count), "text", "Say why, in up to 2000 characters.")
        try check.finish()
        guard try await Appeal.query(on: deps.db).filter(\.$action.$id == actionID).count() == 0 else {
            throw AppError.conflict(code: "already_appealed", field: "text", message: "You have already appealed this decision.")
        }
        let appeal = Appeal()
        appeal.$action.id = actionID
        appeal.$author.id = member.id
        appeal.text = text
        appeal.state = .open
        appeal.createdAt = deps.now()
        try await appeal.create(on: deps.db)
        return appeal
    }

    func openAppeals(for moderator: Member) async throws -> [Appeal] {
        try requireModerator(moderator)
        return try await Appeal.query(on: deps.db).filter(\.$state == .open).with(\.$action).with(\.$author).sort(\.$createdAt).all()
    }

    /// A moderator decides an appeal; upheld undoes the action.
    func decide(_ appealID: UUID, uphold: Bool, reason: String, by moderator: Member) async throws {
        try requireModerator(moderator)
        guard let appeal = try await Appeal.query(on: deps.db).filter(\.$id == appealID).with(\.$action).first(), appeal.state == .open else {
            throw AppError.notFound
        }
        let reason = try Self.validReason(reason)
        appeal.state = uphold ? .upheld : .denied
        try await appeal.save(on: deps.db)
        let action = appeal.action
        if uphold {
            switch action.kind {
            case .hide, .delete:
                // Only the state this action set is undone: not what the author deleted since.
                let setByAction: Post.State = action.kind == .hide ? .hidden : .removedByModerator
                if let postID = action.$post.id, let post = try await Post.find(postID, on: deps.db), post.state == setByAction {
                    post.state = .visible
                    try await post.save(on: deps.db)
                    let thread = try await ForumThread.find(post.$thread.id, on: deps.db)
                    try await SearchIndex.put(.post, id: postID, title: thread?.title ?? "", body: post.body, on: deps.database.sql)
                }
            case .silence: try await StandingService(deps: deps).update(action.$subject.id) { $0.silencedUntil = nil }
            case .suspend: try await StandingService(deps: deps).update(action.$subject.id) { $0.suspendedUntil = nil }
            case .revokeTrust: try await StandingService(deps: deps).update(action.$subject.id) { $0.trustOverride = nil }
            default: break
            }
        }
        let decision = try await record(uphold ? .appealUpheld : .appealDenied, subject: action.$subject.id, post: action.$post.id,
                                        reason: reason, until: nil, by: moderator)
        try await notify(action.$subject.id, action: decision, uphold
                         ? "Your appeal was upheld and the decision is undone. \(reason)"
                         : "Your appeal was reviewed and the decision stands. \(reason)")
    }

    /// Every moderator action, newest first: for administrators.
    func auditLog(for admin: Member, limit: Int = 200) async throws -> [ModerationAction] {
        try admin.require(.admin)
        return try await ModerationAction.query(on: deps.db).with(\.$moderator).with(\.$subject).sort(\.$createdAt, .descending).limit(limit).all()
    }

    func unreadNotices(for member: UUID) async throws -> Int {
        try await MemberNotice.query(on: deps.db).filter(\.$user.$id == member).filter(\.$readAt == nil).count()
    }

    func markNoticesRead(for member: UUID) async throws {
        try await MemberNotice.query(on: deps.db).filter(\.$user.$id == member).filter(\.$readAt == nil).set(\.$readAt, to: deps.now()).update()
    }

    func notices(for member: UUID) async throws -> [MemberNotice] {
        try await MemberNotice.query(on: deps.db).filter(\.$user.$id == member).with(\.$action).sort(\.$createdAt, .descending).all()
    }

    func appealed(_ actionIDs: [UUID]) async throws -> Set<UUID> {
        guard !actionIDs.isEmpty else { return [] }
        return Set(try await Appeal.query(on: deps.db).filter(\.$action.$id ~~ actionIDs).all().map { $0.$action.id })
    }

    // MARK: - Helpers

    static func validReason(_ reason: String) throws(AppError) -> String {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...1000).contains(reason.count) else {
            throw AppError.invalid([FieldError(field: "reason", message: "Give the member a reason (3 to 1000 characters).")])
        }
        return reason
    }

    func record(_ kind: ModerationAction.Kind, subject: UUID, post: UUID?, reason: String, until: Date?, by moderator: Member) async throws -> ModerationAction {
        let action = ModerationAction()
        action.$moderator.id = moderator.id
        action.$subject.id = subject
        action.$post.id = post
        action.kind = kind
        action.reason = reason
        action.until = until
        action.createdAt = deps.now()
        try await action.create(on: deps.db)
        // Answered with who did it and to whom, as the audit log shows it.
        try await action.$subject.load(on: deps.db)
        try await action.$moderator.load(on: deps.db)
        return action
    }

    private func notify(_ user: UUID, action: ModerationAction?, _ text: String) async throws {
        let notice = MemberNotice()
        notice.$user.id = user
        notice.$action.id = action?.id
        notice.text = text
        // Newest first must stay true within one clock tick.
        let latest = try await MemberNotice.query(on: deps.db).filter(\.$user.$id == user).max(\.$createdAt)
        notice.createdAt = deps.now().strictlyAfter(latest)
        try await notice.create(on: deps.db)
        // The notice's words stay on its page; the line says only that there is one.
        await NotificationService(deps: deps).tell([user], .init(
            kind: .moderationNotice, text: "You have a notice from the moderators", link: .myNotices, topic: "moderation-notices"))
    }
}
