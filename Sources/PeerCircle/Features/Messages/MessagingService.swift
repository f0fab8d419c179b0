import FluentKit
import Foundation

/// 1:1 messages: requests between strangers, conversations, unread counts, an edit window and
/// "delete for me". Blocks are checked both ways on every send.
struct MessagingService: Sendable {
    let deps: AppDependencies

    static let maxLength = 4000
    static let editWindow: TimeInterval = 15 * 60

    struct Summary: Sendable {
        let conversation: Conversation
        let other: User
        let last: DirectMessage?
        let unread: Int
        /// Waiting for this member to accept.
        var isRequestToMe: Bool
    }

    /// The conversation, if `member` is one of the two; otherwise not found. A declined request is
    /// gone for the person who declined it.
    func conversation(_ id: UUID, for member: UUID) async throws -> Conversation {
        guard let c = try await Conversation.find(id, on: deps.db), c.includes(member),
              !(c.status == .declined && c.$startedBy.id != member) else { throw AppError.notFound }
        return c
    }

    func between(_ a: UUID, _ b: UUID) async throws -> Conversation? {
        let (first, second) = Conversation.pair(a, b)
        return try await Conversation.query(on: deps.db).filter(\.$first.$id == first).filter(\.$second.$id == second).first()
    }

    /// An open conversation between two people, made if needed (an SOS answered, a mentorship).
    func open(between a: UUID, and b: UUID) async throws -> Conversation {
        if let existing = try await between(a, b) {
            if existing.status != .accepted {
                existing.status = .accepted
                try await existing.save(on: deps.db)
            }
            return existing
        }
        let (first, second) = Conversation.pair(a, b)
        let conversation = Conversation()
        conversation.$first.id = first
        conversation.$second.id = second
        conversation.$startedBy.id = a
        conversation.status = .accepted
        conversation.updatedAt = deps.now()
        try await conversation.create(on: deps.db)
        return conversation
    }

    /// Writes to someone by pseudonym: into the existing conversation, or as a message request.
    func start(to pseudonym: String, body: String, by sender: Member) async throws -> Conversation {
        let text = try Self.validBody(body)
        let recipient = try await AccountService(deps: deps).otherMember(named: pseudonym, field: "to", than: sender.id)
        let recipientID = try recipient.requireID()
        if let existing = try await between(sender.id, recipientID) {
            try await send(text, in: existing, by: sender.id)
            return existing
        }
        try await refuseIfBlocked(sender.id, recipientID, field: "to")
        try await StandingService(deps: deps).requireMayPost(userID: sender.id)
        let paired = try await MentorshipService(deps: deps).activeBetween(sender.id, recipientID)
        // New members take part in the open community before writing to strangers (trust level 1).
        if !paired, !Trust.canMessageStrangers(try await StandingService(deps: deps).standing(of: sender.id).level),
           !sender.has(.moderator), !sender.has(.admin), !sender.has(.mentor) {
            throw AppError.conflict(code: "trust_too_low", field: "to",
                                    message: "New members can message people once they've read and taken part in the community for a little while (a day, a few threads read, one post). You can ask for a mentor through Find a mentor now.")
        }
        if !paired { try await RateLimit.messageRequestsPerMember.take(sender, now: deps.now(), on: deps.db) }
        let (first, second) = Conversation.pair(sender.id, recipientID)
        let conversation = Conversation()
        conversation.$first.id = first
        conversation.$second.id = second
        conversation.$startedBy.id = sender.id
        conversation.status = paired ? .accepted : .request
        conversation.updatedAt = deps.now()
        try await deps.transaction { db in
            try await conversation.create(on: db)
            try await message(text, in: conversation, by: sender.id).create(on: db)
        }
        await tell(recipientID, about: conversation, from: sender.pseudonym, sender: sender.id)
        try await CrisisReviewService(deps: deps).screen(text, by: sender.id, source: .message, link: nil)
        return conversation
    }

    /// Sends into a conversation. The recipient of a request accepts it by replying; the person
    /// who asked waits for that before writing again.
    func send(_ body: String, in conversationID: UUID, by sender: UUID) async throws {
        try await send(try Self.validBody(body), in: try await conversation(conversationID, for: sender), by: sender)
    }

    private func send(_ text: String, in conversation: Conversation, by sender: UUID) async throws {
        let other = conversation.other(than: sender)
        try await refuseIfBlocked(sender, other, field: "body")
        try await StandingService(deps: deps).requireMayPost(userID: sender)
        switch conversation.status {
        case .declined:
            throw AppError.conflict(code: "request_declined", field: "body", message: "They'd rather not chat right now. Please respect that.")
        case .request where conversation.$startedBy.id == sender:
            throw AppError.conflict(code: "awaiting_acceptance", field: "body",
                                    message: "Your message request is waiting. You can write again once they accept.")
        case .request:
            conversation.status = .accepted
        case .accepted:
            break
        }
        conversation.updatedAt = deps.now()
        try await deps.transaction { db in
            try await conversation.save(on: db)
            try await message(text, in: conversation, by: sender).create(on: db)
        }
        await tell(other, about: conversation, from: try await AccountService(deps: deps).names([sender])[sender] ?? "Someone", sender: sender)
        try await CrisisReviewService(deps: deps).screen(text, by: sender, source: .message, link: nil)
    }

    /// The notification of a message (or of a request to write): one unread line per conversation.
    private func tell(_ recipient: UUID, about conversation: Conversation, from name: String, sender: UUID) async {
        guard let id = conversation.id else { return }
        let request = conversation.status == .request
        await NotificationService(deps: deps).tell([recipient], .init(
            kind: request ? .messageRequest : .message, text: request ? "\(name) would like to write to you" : "\(name) sent you a message",
            link: .conversation(id), topic: Self.topic(id)), actor: sender)
    }

    static func topic(_ conversation: UUID) -> String { "conversation:" + conversation.uuidString.lowercased() }

    func respond(_ conversationID: UUID, accept: Bool, by member: UUID) async throws {
        let conversation = try await conversation(conversationID, for: member)
        guard conversation.status == .request, conversation.$startedBy.id != member else { throw AppError.notFound }
        conversation.status = accept ? .accepted : .declined
        try await conversation.save(on: deps.db)
    }

    /// Messages `member` can see, oldest first; marks the ones sent to them as read.
    func messages(in conversationID: UUID, for member: UUID) async throws -> [DirectMessage] {
        let conversation = try await conversation(conversationID, for: member)
        let all = try await DirectMessage.query(on: deps.db).filter(\.$conversation.$id == conversation.requireID())
            .sort(\.$sentAt).all()
        try await DirectMessage.query(on: deps.db).filter(\.$conversation.$id == conversation.requireID())
            .filter(\.$sender.$id != member).filter(\.$readAt == nil).set(\.$readAt, to: deps.now()).update()
        try await NotificationService(deps: deps).seen(Self.topic(try conversation.requireID()), by: member)
        return all.filter { $0.visible(to: member) }
    }

    func edit(_ messageID: UUID, body: String, by member: UUID) async throws -> DirectMessage {
        let message = try await ownMessage(messageID, by: member)
        let text = try Self.validBody(body)
        // An edit is a new word to the other person: the same rules as sending.
        let conversation = try await conversation(message.$conversation.id, for: member)
        try await refuseIfBlocked(member, conversation.other(than: member), field: "body")
        try await StandingService(deps: deps).requireMayPost(userID: member)
        guard deps.now().timeIntervalSince(message.sentAt) <= Self.editWindow else {
            throw AppError.conflict(code: "edit_window_closed", field: "body", message: "Messages can be edited for 15 minutes after sending.")
        }
        message.body = text
        message.editedAt = deps.now()
        try await message.save(on: deps.db)
        return message
    }

    /// Hides a message from this member's view; the other person's copy stays.
    func hide(_ messageID: UUID, for member: UUID) async throws {
        guard let message = try await DirectMessage.find(messageID, on: deps.db), message.visible(to: member) else {
            throw AppError.notFound
        }
        _ = try await conversation(message.$conversation.id, for: member)
        if message.$sender.id == member { message.hiddenForSender = true } else { message.hiddenForRecipient = true }
        try await message.save(on: deps.db)
    }

    func inbox(for member: UUID) async throws -> [Summary] {
        let conversations = try await Conversation.query(on: deps.db)
            .group(.or) { $0.filter(\.$first.$id == member).filter(\.$second.$id == member) }
            .sort(\.$updatedAt, .descending).all()
            .filter { !($0.status == .declined && $0.$startedBy.id != member) }
        let ids = try conversations.map { try $0.requireID() }
        guard !ids.isEmpty else { return [] }
        let messages = try await DirectMessage.query(on: deps.db).filter(\.$conversation.$id ~~ ids).sort(\.$sentAt).all()
        let users = try await User.query(on: deps.db).filter(\.$id ~~ conversations.map { $0.other(than: member) }).all()
        let byID = Dictionary(uniqueKeysWithValues: users.compactMap { u in u.id.map { ($0, u) } })
        return conversations.compactMap { c in
            guard let other = byID[c.other(than: member)] else { return nil }
            let mine = messages.filter { $0.$conversation.id == c.id && $0.visible(to: member) }
            return Summary(conversation: c, other: other, last: mine.last,
                           unread: mine.filter { $0.$sender.id != member && $0.readAt == nil }.count,
                           isRequestToMe: c.status == .request && c.$startedBy.id != member)
        }
    }

    /// Messages sent to `member` not yet read (the start page asks on every visit: one count, not the inbox).
    func unreadCount(for member: UUID) async throws -> Int {
        let visible = try await Conversation.query(on: deps.db)
            .group(.or) { $0.filter(\.$first.$id == member).filter(\.$second.$id == member) }
            .all().filter { !($0.status == .declined && $0.$startedBy.id != member) }.compactMap(\.id)
        guard !visible.isEmpty else { return 0 }
        return try await DirectMessage.query(on: deps.db).filter(\.$conversation.$id ~~ visible).filter(\.$sender.$id != member)
            .filter(\.$readAt == nil).filter(\.$hiddenForRecipient == false).count()
    }

    // MARK: - Helpers

    static func validBody(_ body: String) throws(AppError) -> String {
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        var check = Validation()
        check.check(!text.isEmpty, "body", "Write a message first.")
        check.check(text.count <= maxLength, "body", "Messages can be up to \(maxLength) characters. This one has \(text.count).")
        try check.finish()
        return text
    }

    private func ownMessage(_ id: UUID, by member: UUID) async throws -> DirectMessage {
        guard let message = try await DirectMessage.find(id, on: deps.db), message.$sender.id == member, !message.hiddenForSender
        else { throw AppError.notFound }
        return message
    }

    private func message(_ text: String, in conversation: Conversation, by sender: UUID) throws -> DirectMessage {
        let message = DirectMessage()
        message.$conversation.id = try conversation.requireID()
        message.$sender.id = sender
        message.body = text
        message.sentAt = deps.now()
        message.hiddenForSender = false
        message.hiddenForRecipient = false
        return message
    }

    private func refuseIfBlocked(_ a: UUID, _ b: UUID, field: String) async throws {
        if try await Blocks(db: deps.db).between(a, b) {
            throw AppError.conflict(code: "blocked", field: field, message: "You can't message this member.")
        }
    }
}
