import FluentKit
import Foundation
import SQLKit

/// What an SOS can reach, what it did reach, and the alerts that reached nobody.
extension SafetyService {
    /// Who an SOS from this member could reach right now.
    struct Reach: Sendable {
        /// Members of their circle who accepted.
        let circle: Int
        /// Trusted contacts outside PeerCircle who confirmed (reached by email only).
        let contacts: Int
        /// Peer responders — any, on call or not: escalation alerts all of them when none is on call.
        let responders: Int
        /// Email waiting far longer than it should: contacts outside PeerCircle may not hear in time.
        let emailDelayed: Bool

        var anyone: Bool { circle + responders + (emailDelayed ? 0 : contacts) > 0 }
    }

    func reachable(for member: UUID) async throws -> Reach {
        let blocked = try await Blocks(db: deps.db).all(of: member)
        let circle = try await circle(of: member).filter { $0.status == .accepted && !blocked.contains($0.$member.id) }.count
        let responders = try await TwoStepService.responders(on: deps.db).filter { $0 != member && !blocked.contains($0) }.count
        let contacts = try await TrustedContactService(deps: deps).confirmed(of: member).count
        return Reach(circle: circle, contacts: contacts, responders: responders,
                     emailDelayed: try await EmailOutbox.isDelayed(now: deps.now(), on: deps.db))
    }

    /// Tells the member's open alert page that something changed (someone saw it, answered, or was alerted).
    func update(_ alert: SupportAlert) async {
        guard let id = alert.id else { return }
        await deps.broadcaster.publish(LiveMessage(room: alert.$member.id, seq: 0, payload: RoomProtocol.text(RoomProtocol.LiveNotice(
            type: .sosUpdate, alert: id.apiID, path: SiteURL.alert(id).path, text: ""))))
    }

    /// The first answer stops escalation and the urgency for administrators.
    func answered(_ alert: SupportAlert) async throws {
        if alert.firstResponseAt == nil {
            alert.firstResponseAt = deps.now()
            try await alert.save(on: deps.db)
        }
        await update(alert)
    }

    /// Open alerts created before `cutoff` that nobody has seen or answered.
    func findUnreached(before cutoff: Date) async throws {
        let waiting = try await SupportAlert.query(on: deps.db).filter(\.$status == .open).filter(\.$unreachedAt == nil)
            .filter(\.$firstResponseAt == nil).filter(\.$createdAt <= cutoff).all()
        for alert in waiting {
            let id = try alert.requireID()
            // Seen by a member who was alerted (signed in), or answered by a trusted contact.
            let seen = try await AlertRecipient.query(on: deps.db).filter(\.$alert.$id == id).filter(\.$seenAt != nil).count()
                + AlertContact.query(on: deps.db).filter(\.$alert.$id == id).filter(\.$hereAt != nil).count()
            if seen == 0 { try await markUnreached(alert) }
        }
    }

    /// Marks the alert unreached once (a conditional claim, so two servers never both do) and
    /// emails every administrator — discreetly: no name, no words from the alert.
    func markUnreached(_ alert: SupportAlert) async throws {
        let id = try alert.requireID()
        let now = deps.now()
        let claimed = try await deps.transaction { db -> Bool in
            let rows = try await (try db.sql).update(SupportAlert.schema).set("unreached_at", to: now)
                .where("id", .equal, id).where("unreached_at", .is, SQLLiteral.null).returning("id").all()
            guard !rows.isEmpty else { return false }
            let admins = try await UserRole.query(on: db).filter(\.$role == .admin).with(\.$user).all().map(\.user)
            for admin in admins where admin.id != alert.$member.id {
                guard let email = admin.email, !email.isEmpty else { continue }
                try await EmailOutbox.queue(
                    to: email, subject: MailSubject.unreached,
                    body: "A member asked for support on PeerCircle and nobody has been reached or has seen it yet. Please open the safety page now:\n\n\(deps.configuration.link(.adminSafety))",
                    at: now, on: db)
            }
            return true
        }
        if claimed {
            alert.unreachedAt = now
            await update(alert)
        }
    }

    /// Open alerts that reached nobody and nobody has answered, that this member of staff may see:
    /// not their own, and none from someone a block stands between them and. Urgent on every staff page.
    func unreached(for viewer: Member) async throws -> [SupportAlert] {
        let blocked = try await Blocks(db: deps.db).all(of: viewer.id)
        return try await SupportAlert.query(on: deps.db).filter(\.$status == .open).filter(\.$unreachedAt != nil)
            .filter(\.$firstResponseAt == nil).filter(\.$member.$id != viewer.id).with(\.$member).sort(\.$createdAt).all()
            .filter { !blocked.contains($0.$member.id) }
    }

    /// The hours of the week (in the instance's time zone) when no peer responder is on call,
    /// as sentences for operators: "SOS has nobody to reach on Sundays 00:00–08:00".
    func onCallGaps() async throws -> [String] {
        let responders = try await TwoStepService.responders(on: deps.db)
        guard !responders.isEmpty else {
            return ["SOS has no peer responders at all: a member with no circle can reach nobody on PeerCircle. Give someone the responder role (they are alerted once they turn on two-step sign-in)."]
        }
        let hours = Dictionary(uniqueKeysWithValues: try await ResponderHours.query(on: deps.db).all().map { ($0.$user.id, $0) })
        // Anyone without hours set is always on call.
        if responders.contains(where: { hours[$0] == nil }) { return [] }
        let schedules = responders.compactMap { hours[$0] }
        return Self.gaps(in: deps.defaultTimeZone, now: deps.now()) { date in schedules.contains { $0.isOnCall(at: date) } }
    }

    /// Uncovered hours of one week starting last Monday 00:00 in `zone`, joined into ranges.
    static func gaps(in zone: TimeZone, now: Date, covered: (Date) -> Bool) -> [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        calendar.firstWeekday = 2
        guard let monday = calendar.dateInterval(of: .weekOfYear, for: now)?.start else { return [] }
        let days = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"]
        let open = (0..<168).map { !covered(monday.addingTimeInterval(Double($0) * 3600 + 1800)) }
        var ranges: [(Int, Int)] = []
        var hour = 0
        while hour < 168 {
            guard open[hour] else { hour += 1; continue }
            var end = hour
            while end + 1 < 168, open[end + 1] { end += 1 }
            ranges.append((hour, end + 1))
            hour = end + 1
        }
        func clock(_ h: Int) -> String { String(format: "%02d:00", h % 24) }
        return ranges.map { start, end in
            let startDay = days[start / 24], endDay = days[min(6, (end - 1) / 24)]
            let when = startDay == endDay || end - start <= 24 && end % 24 == 0 && (end - 1) / 24 == start / 24
                ? "\(startDay) \(clock(start))–\(end % 24 == 0 ? "24:00" : clock(end))"
                : "\(startDay) \(clock(start)) to \(endDay) \(end % 24 == 0 ? "24:00" : clock(end))"
            return "SOS has nobody to reach on \(when)."
        }
    }
}

extension EmailOutbox {
    /// Mail waiting more than ten minutes: the relay is failing or missing.
    static func isDelayed(now: Date, on db: any Database) async throws -> Bool {
        try await EmailOutbox.query(on: db).filter(\.$sentAt == nil).filter(\.$createdAt < now.addingTimeInterval(-600)).count() > 0
    }
}
