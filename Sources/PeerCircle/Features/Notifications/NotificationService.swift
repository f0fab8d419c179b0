import Crypto
import FluentKit
import Logging
import Foundation
import SQLKit

/// The notification centre: tells members about things, per their choices (centre, email, off;
/// quiet hours; a daily digest), and sends what was held back when its time comes.
struct NotificationService: Sendable {
    let deps: AppDependencies

    /// Something to tell: what the centre says, where it leads, and the thing it is about (`topic`):
    /// more of the same thing while the first is unread adds to its count instead of a new line.
    struct Event: Sendable {
        let kind: NotificationKind
        let text: String
        let link: SiteURL
        let topic: String
    }

    static let pageSize = 100

    // MARK: telling

    /// Tells each person, skipping `actor` and anyone a block stands between them and `actor`.
    /// Its own transaction; two events at once on one thing meet the one-unread index, and the later
    /// takes its turn again and joins the line the first made.
    func notify(_ users: [UUID], _ event: Event, actor: UUID? = nil) async throws {
        guard !users.isEmpty else { return }
        // A few tries: besides the race above, SQLite refuses at once a transaction that read and then
        // writes while another connection is writing outside this instance's gate ("database is
        // locked"); the transaction rolled back, so trying again is safe.
        for attempt in 1... {
            do {
                return try await deps.writer.replacing { db in try await notify(users, event, actor: actor, on: db) }
            } catch let error as any DatabaseError where attempt < 4 && !error.isConstraintFailure {
                try await Task.sleep(for: .milliseconds(20 * attempt))
            }
        }
    }

    /// For features: tells, and never fails the act that caused it — the message, the answer, the
    /// alert stands even if its notification could not be written (that is logged).
    func tell(_ users: [UUID], _ event: Event, actor: UUID? = nil) async {
        do { try await notify(users, event, actor: actor) } catch {
            logger.warning("could not record a notification: \(DatabaseErrorText.describe(error))")
        }
    }

    /// The same, inside the caller's transaction.
    func notify(_ users: [UUID], _ event: Event, actor: UUID? = nil, on db: any Database) async throws {
        var people = Array(Set(users)).filter { $0 != actor }
        if let actor {
            let blocked = try await Blocks(db: db).all(of: actor)
            people.removeAll { blocked.contains($0) }
        }
        guard !people.isEmpty else { return }
        let now = deps.now()
        let chosen = Dictionary(try await NotificationPreference.query(on: db).filter(\.$user.$id ~~ people)
            .filter(\.$kind == event.kind).all().map { ($0.$user.id, $0.channel) }, uniquingKeysWith: { first, _ in first })
        let settings = try await settings(for: people, on: db)
        let users = try await User.query(on: db).filter(\.$id ~~ people).all()
        for user in users {
            let id = try user.requireID()
            let channel = chosen[id] ?? event.kind.defaultChannel
            guard channel != .off || event.kind.isUrgent else { continue }
            if let line = try await MemberNotification.query(on: db).filter(\.$user.$id == id).filter(\.$topic == event.topic)
                .filter(\.$readAt == nil).first() {
                // Already unread: one more of the same, no second email. Counted in the database, so
                // two at once both count.
                // Still unread at the moment of counting (read in between: a new line instead).
                let counted = try await (try db.sql).update(MemberNotification.schema)
                    .set("count", to: SQLBinaryExpression(SQLColumn("count"), .add, SQLLiteral.numeric("1")))
                    .set("text", to: String(event.text.prefix(300))).set("created_at", to: now)
                    .where("id", .equal, try line.requireID()).where("read_at", .is, SQLLiteral.null).returning("id").all()
                if !counted.isEmpty { continue }
            }
            let setting = settings[id]
            let choices = NotificationDelivery.Choices(
                channel: channel, hasEmail: !(user.email ?? "").isEmpty, quiet: QuietHours(start: setting?.quietStart, end: setting?.quietEnd),
                dailyDigest: setting?.dailyDigest ?? false, urgentThroughQuiet: setting?.urgentThroughQuiet ?? false,
                zone: TimeZone(identifier: user.timeZone) ?? deps.defaultTimeZone)
            let line = MemberNotification()
            line.$user.id = id
            line.kind = event.kind
            line.text = String(event.text.prefix(300))
            line.link = event.link.path
            line.topic = event.topic
            line.count = 1
            line.createdAt = now
            switch NotificationDelivery.email(for: event.kind, choices, at: now) {
            case .none: line.emailState = .none
            case .digest: line.emailState = .digest
            case .after(let date):
                line.emailState = .held
                line.deliverAfter = date
            case .now: line.emailState = .sent
            }
            try await line.create(on: db)
            if line.emailState == .sent, let email = user.email { try await mail(line, to: email, on: db) }
            if NotificationDelivery.push(for: event.kind, choices, at: now) {
                try await PushService(deps: deps).queue(line, previews: setting?.pushPreviews ?? false, on: db)
            }
        }
    }

    /// One line's own email.
    func mail(_ line: MemberNotification, to email: String, on db: any Database) async throws {
        let site = deps.configuration.instanceName
        try await mail(to: email, user: line.$user.id, what: line.kind.rawValue, subject: NotificationWording.subject(line.kind, site: site), on: db) {
            NotificationWording.body(line.kind, site: site, open: deps.configuration.link(.notification(try line.requireID())),
                                     settings: deps.configuration.link(.notificationSettings), unsubscribe: $0)
        }
    }

    /// Queues an email whose body carries an unsubscribe link for `what`, with the one-click header
    /// (RFC 8058) when the instance knows its public address.
    func mail(to email: String, user: UUID, what: String, subject: String, on db: any Database,
              body: (_ unsubscribe: String) throws -> String) async throws {
        let setting = try await ensureSettings(for: user, on: db)
        let path = SiteURL.unsubscribe(token: Self.linkToken(setting, what), what: what)
        try await EmailOutbox.queue(to: email, subject: subject, body: try body(deps.configuration.link(path)),
                                    unsubscribe: deps.configuration.publicURL.map { $0 + path.path }, at: deps.now(), on: db)
    }

    // MARK: reading

    /// One line of the centre, as pages and the API show it.
    struct Line: Sendable, Equatable {
        let id: UUID
        let kind: NotificationKind
        let text: String
        let count: Int
        let at: Date
        let read: Bool
        /// A path on this site.
        let link: String
    }

    /// The newest lines first.
    func list(for member: UUID) async throws -> [Line] {
        try await MemberNotification.query(on: deps.db).filter(\.$user.$id == member)
            .sort(\.$createdAt, .descending).limit(Self.pageSize).all()
            .map { Line(id: try $0.requireID(), kind: $0.kind, text: $0.text, count: $0.count, at: $0.createdAt, read: $0.readAt != nil,
                        link: Self.safePath($0.link)) }
    }

    func unreadCount(for member: UUID) async throws -> Int {
        try await MemberNotification.query(on: deps.db).filter(\.$user.$id == member).filter(\.$readAt == nil).count()
    }

    /// Marks one read and gives where it leads (a path on this site); another member's is not found.
    func open(_ id: UUID, by member: UUID) async throws -> String {
        guard let line = try await MemberNotification.query(on: deps.db).filter(\.$id == id).filter(\.$user.$id == member).first() else {
            throw AppError.notFound
        }
        if line.readAt == nil {
            line.readAt = deps.now()
            try await line.save(on: deps.db)
        }
        return Self.safePath(line.link)
    }

    /// Only ever a path on this site (the login redirect's rule), whatever the row holds.
    static func safePath(_ link: String) -> String {
        SafeRedirect.path(link) ?? SiteURL.notifications.path
    }

    func markAllRead(for member: UUID) async throws {
        try await MemberNotification.query(on: deps.db).filter(\.$user.$id == member).filter(\.$readAt == nil)
            .set(\.$readAt, to: deps.now()).update()
    }

    /// Opening the thing itself (a conversation, an alert) reads its line too.
    func seen(_ topic: String, by member: UUID) async throws {
        try await MemberNotification.query(on: deps.db).filter(\.$user.$id == member).filter(\.$topic == topic)
            .filter(\.$readAt == nil).set(\.$readAt, to: deps.now()).update()
    }

    // MARK: choices

    struct Choices: Sendable, Equatable {
        var channels: [NotificationKind: NotificationChannel]
        var quietStart: Int?
        var quietEnd: Int?
        var dailyDigest: Bool
        var digestHour: Int
        var urgentThroughQuiet: Bool
        var pushPreviews = false

        func channel(_ kind: NotificationKind) -> NotificationChannel { channels[kind] ?? kind.defaultChannel }
    }

    func choices(of member: UUID) async throws -> Choices {
        let db = try deps.db
        let rows = try await NotificationPreference.query(on: db).filter(\.$user.$id == member).all()
        let setting = try await settings(for: [member], on: db)[member]
        return Choices(channels: Dictionary(rows.map { ($0.kind, $0.channel) }, uniquingKeysWith: { first, _ in first }),
                       quietStart: setting?.quietStart, quietEnd: setting?.quietEnd, dailyDigest: setting?.dailyDigest ?? false,
                       digestHour: setting?.digestHour ?? 8, urgentThroughQuiet: setting?.urgentThroughQuiet ?? false,
                       pushPreviews: setting?.pushPreviews ?? false)
    }

    /// Saves every choice at once, after checking them all; nothing changes when one is wrong.
    func save(_ choices: Choices, for member: Member) async throws {
        var check = Validation()
        for kind in NotificationKind.allCases where kind.isUrgent && choices.channel(kind) == .off {
            check.add("channel_\(kind.rawValue)", "Calls for support always reach your notifications; you may choose whether they email you.")
        }
        let hourInRange = (0..<24).contains(choices.digestHour)
        check.check(hourInRange, "digest_hour", "Choose an hour from 0 to 23.")
        switch (choices.quietStart, choices.quietEnd) {
        case (nil, nil): break
        case (let start?, let end?):
            check.check((0..<1440).contains(start), "quiet_start", "Write a time such as 22:00.")
            check.check((0..<1440).contains(end), "quiet_end", "Write a time such as 07:00.")
            check.check(start != end, "quiet_end", "Quiet hours need to end at a different time than they start.")
            if let quiet = QuietHours(start: start, end: end), choices.dailyDigest, hourInRange {
                check.check(!quiet.contains(minute: choices.digestHour * 60), "digest_hour",
                            "The summary would come during your quiet hours; choose an hour outside them.")
            }
        case (nil, _): check.add("quiet_start", "Say when quiet hours start, or leave both empty.")
        case (_, nil): check.add("quiet_end", "Say when quiet hours end, or leave both empty.")
        }
        try check.finish()
        let now = deps.now()
        try await deps.writer.replacing { db in
            let setting = try await ensureSettings(for: member.id, on: db)
            if choices.dailyDigest && !setting.dailyDigest { setting.lastDigestAt = now }
            setting.quietStart = choices.quietStart
            setting.quietEnd = choices.quietEnd
            setting.dailyDigest = choices.dailyDigest
            setting.digestHour = choices.digestHour
            setting.urgentThroughQuiet = choices.urgentThroughQuiet
            setting.pushPreviews = choices.pushPreviews
            try await setting.save(on: db)
            try await NotificationPreference.query(on: db).filter(\.$user.$id == member.id).delete()
            for kind in NotificationKind.allCases where choices.channel(kind) != kind.defaultChannel {
                let row = NotificationPreference()
                row.$user.id = member.id
                row.kind = kind
                row.channel = choices.channel(kind)
                try await row.create(on: db)
            }
            // Kinds no longer emailed: nothing waiting about them goes out.
            let emailed = NotificationKind.allCases.filter { choices.channel($0).emails }
            try await MemberNotification.query(on: db).filter(\.$user.$id == member.id).filter(\.$emailState ~~ [.held, .digest])
                .filter(\.$kind !~ emailed).set(\.$emailState, to: .none).update()
            // The digest turned off: what waited for it goes as single emails — after quiet hours, if in them.
            if !choices.dailyDigest {
                let zone = member.timeZone
                let release = QuietHours(start: choices.quietStart, end: choices.quietEnd).map { $0.contains(now, in: zone) ? $0.end(after: now, in: zone) : now } ?? now
                try await MemberNotification.query(on: db).filter(\.$user.$id == member.id).filter(\.$emailState == .digest)
                    .set(\.$emailState, to: .held).set(\.$deliverAfter, to: release).update()
            }
        }
    }

    /// What an unsubscribe link can stop: one kind's email, or the daily summary.
    enum Unsubscribe: Sendable, Equatable {
        case kind(NotificationKind), digest, all

        init?(_ text: String) {
            switch text {
            case "digest": self = .digest
            case "all": self = .all
            default:
                guard let kind = NotificationKind(rawValue: text) else { return nil }
                self = .kind(kind)
            }
        }

        var title: String {
            switch self {
            case .kind(let kind): "Emails about “\(kind.title.lowercased())”"
            case .digest: "The daily summary email"
            case .all: "Every notification email"
            }
        }
    }

    /// A link's token: the member's lookup token, a dot, and a signature of what it stops.
    static func linkToken(_ setting: NotificationSettings, _ what: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(what.utf8), using: SymmetricKey(data: Data(setting.unsubscribeKey.utf8)))
        return setting.unsubscribeToken + "." + Token.base64URL(Data(mac).prefix(16))
    }

    /// The member a link belongs to, when it was made for exactly this `what`; else not found.
    private func settings(forLink token: String, _ what: String, on db: any Database) async throws -> NotificationSettings {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let lookup = parts.first, lookup.count == 43,
              let setting = try await NotificationSettings.query(on: db).filter(\.$unsubscribeToken == String(lookup)).first(),
              Token.constantTimeEquals(Self.linkToken(setting, what), token) else { throw AppError.notFound }
        return setting
    }

    /// What a link stops, when it is a real link; else not found.
    func unsubscribing(_ token: String, _ what: String) async throws -> Unsubscribe {
        guard let target = Unsubscribe(what) else { throw AppError.notFound }
        _ = try await settings(forLink: token, what, on: deps.db)
        return target
    }

    /// Stops that email (the kind stays in the centre); pressing it twice changes nothing more.
    func unsubscribe(_ token: String, _ what: String) async throws -> Unsubscribe {
        let target = try await unsubscribing(token, what)
        try await deps.writer.replacing { db in
            let setting = try await settings(forLink: token, what, on: db)
            switch target {
            case .digest:
                setting.dailyDigest = false
                try await setting.save(on: db)
            case .kind(let kind): try await stopEmail([kind], for: setting.$user.id, on: db)
            case .all:
                // Calls for support are left as they were: stopping those takes the settings page, signed in.
                try await stopEmail(NotificationKind.allCases.filter { !$0.isUrgent }, for: setting.$user.id, on: db)
                setting.dailyDigest = false
                try await setting.save(on: db)
            }
            // Nothing already waiting about what was stopped goes out.
            let stopped: [NotificationKind] = switch target {
            case .kind(let kind): [kind]
            case .digest: []
            case .all: NotificationKind.allCases.filter { !$0.isUrgent }
            }
            try await MemberNotification.query(on: db).filter(\.$user.$id == setting.$user.id)
                .filter(\.$emailState ~~ [.held, .digest]).filter(\.$kind ~~ stopped).set(\.$emailState, to: .none).update()
            if target == .digest {
                try await MemberNotification.query(on: db).filter(\.$user.$id == setting.$user.id).filter(\.$emailState == .digest)
                    .set(\.$emailState, to: .none).update()
            }
        }
        return target
    }

    /// These kinds stop emailing (the centre and pushes stay as they were; those off stay off).
    private func stopEmail(_ kinds: [NotificationKind], for user: UUID, on db: any Database) async throws {
        let chosen = Dictionary(try await NotificationPreference.query(on: db).filter(\.$user.$id == user).all().map { ($0.kind, $0.channel) },
                                uniquingKeysWith: { first, _ in first })
        for kind in kinds {
            let channel = chosen[kind] ?? kind.defaultChannel
            guard channel.emails else { continue }
            try await NotificationPreference.query(on: db).filter(\.$user.$id == user).filter(\.$kind == kind).delete()
            let row = NotificationPreference()
            row.$user.id = user
            row.kind = kind
            row.channel = channel.withoutEmail
            try await row.create(on: db)
        }
    }

    // MARK: settings rows

    private func settings(for users: [UUID], on db: any Database) async throws -> [UUID: NotificationSettings] {
        Dictionary(try await NotificationSettings.query(on: db).filter(\.$user.$id ~~ users).all().map { ($0.$user.id, $0) },
                   uniquingKeysWith: { first, _ in first })
    }

    /// The member's row, made on first need; a second maker at once leaves the first one standing.
    private func ensureSettings(for user: UUID, on db: any Database) async throws -> NotificationSettings {
        if let row = try await NotificationSettings.query(on: db).filter(\.$user.$id == user).first() { return row }
        try await (try db.sql).insert(into: NotificationSettings.schema)
            .columns("id", "user_id", "daily_digest", "digest_hour", "urgent_through_quiet", "unsubscribe_token", "unsubscribe_key")
            .values(SQLBind(UUID()), SQLBind(user), SQLBind(false), SQLBind(8), SQLBind(false), SQLBind(Token.generate()), SQLBind(Token.generate()))
            .ignoringConflicts(with: ["user_id"])
            .run()
        guard let row = try await NotificationSettings.query(on: db).filter(\.$user.$id == user).first() else { throw AppError.notFound }
        return row
    }

}
