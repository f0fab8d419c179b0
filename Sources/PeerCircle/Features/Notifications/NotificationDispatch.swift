import FluentKit
import Logging
import Foundation
import SQLKit

extension NotificationService {
    var logger: Logger { Logger(label: "peercircle.notifications") }

    /// Sends what waited: emails held over quiet hours whose time has come, and daily summaries that
    /// are due. Each line and each summary is claimed before it is sent, so two servers sharing the
    /// database never both send it. Returns how many emails were queued.
    @discardableResult
    func deliverWaiting() async throws -> Int {
        let now = deps.now()
        var sent = 0
        let held = try await MemberNotification.query(on: deps.db).filter(\.$emailState == .held).filter(\.$deliverAfter <= now).all()
        for (user, lines) in Dictionary(grouping: held, by: { $0.$user.id }) {
            // One member's trouble (an address the relay will refuse later, a lost row) never holds up the others.
            do {
                let claimed = try await claim(lines.map { try $0.requireID() }, from: .held)
                // Read in the meantime: seen already, no email.
                let unread = lines.filter { claimed.contains($0.id ?? UUID()) && $0.readAt == nil }
                if try await send(unread, to: user, digest: false) { sent += 1 }
            } catch { logger.warning("could not send held notifications: \(DatabaseErrorText.describe(error))") }
        }
        let digests = try await NotificationSettings.query(on: deps.db).filter(\.$dailyDigest == true).with(\.$user).all()
        for setting in digests {
            do { if try await sendDigest(setting, now: now) { sent += 1 } } catch {
                logger.warning("could not send a daily summary: \(DatabaseErrorText.describe(error))")
            }
        }
        return sent
    }

    /// The member's summary, when its time has come since the last one; claimed first, so it goes once.
    private func sendDigest(_ setting: NotificationSettings, now: Date) async throws -> Bool {
        let zone = TimeZone(identifier: setting.user.timeZone) ?? deps.defaultTimeZone
        let slot = QuietHours.lastDigestTime(hour: setting.digestHour, before: now, in: zone)
        guard (setting.lastDigestAt ?? .distantPast) < slot else { return false }
        let taken = try await (try deps.db.sql).update(NotificationSettings.schema).set("last_digest_at", to: now)
            .where("id", .equal, try setting.requireID())
            .where { $0.where("last_digest_at", .is, SQLLiteral.null).orWhere("last_digest_at", .lessThan, slot) }
            .returning("id").all()
        guard !taken.isEmpty else { return false }
        let waiting = try await MemberNotification.query(on: deps.db).filter(\.$user.$id == setting.$user.id).filter(\.$emailState == .digest).all()
        let claimed = try await claim(waiting.map { try $0.requireID() }, from: .digest)
        return try await send(waiting.filter { claimed.contains($0.id ?? UUID()) && $0.readAt == nil }, to: setting.$user.id, digest: true)
    }

    /// Moves lines out of a waiting state; only the ones this call moved come back.
    private func claim(_ ids: [UUID], from state: MemberNotification.EmailState) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        struct Row: Decodable { let id: UUID }
        let rows = try await (try deps.db.sql).update(MemberNotification.schema).set("email_state", to: MemberNotification.EmailState.sent.rawValue)
            .where("id", .in, ids).where("email_state", .equal, state.rawValue).returning("id").all(decoding: Row.self)
        return Set(rows.map(\.id))
    }

    /// One email for what waited: the line's own when it is one (outside a digest), else a count per kind.
    private func send(_ lines: [MemberNotification], to user: UUID, digest: Bool) async throws -> Bool {
        guard !lines.isEmpty, let person = try await User.find(user, on: deps.db), let email = person.email, !email.isEmpty else { return false }
        let site = deps.configuration.instanceName
        try await deps.transaction { db in
            if !digest, lines.count == 1, let line = lines.first { return try await mail(line, to: email, on: db) }
            var counts: [NotificationKind: Int] = [:]
            for line in lines { counts[line.kind, default: 0] += line.count }
            let ordered = NotificationKind.allCases.compactMap { kind in counts[kind].map { (kind: kind, count: $0) } }
            // The summary's link stops the digest; a quiet-hours summary of several kinds, every email.
            try await mail(to: email, user: user, what: digest ? "digest" : "all",
                           subject: NotificationWording.summarySubject(count: lines.count, digest: digest, site: site), on: db) {
                NotificationWording.summaryBody(ordered, digest: digest, site: site, open: deps.configuration.link(.notifications),
                                                settings: deps.configuration.link(.notificationSettings), unsubscribe: $0)
            }
        }
        return true
    }
}
