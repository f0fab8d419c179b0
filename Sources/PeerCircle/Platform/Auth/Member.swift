import Foundation

/// The signed-in person as the rest of the app sees them; built from the session on each request.
struct Member: Sendable, Equatable {
    let id: UUID
    let pseudonym: String
    let timeZone: TimeZone
    let country: String?
    let roles: Set<Role>
    let sessionID: UUID
    /// Has a team role (administrator, moderator, responder) that waits for two-step sign-in.
    var staffLocked = false
    /// Where this request came from (the unit per-address limits count), when known.
    var address: String? = nil
    /// For staff on web pages: open calls for support that reached nobody (every staff page shows them).
    var urgentAlerts = 0
    /// On web pages: unread notifications, for the count in the header.
    var unreadNotifications = 0

    func has(_ role: Role) -> Bool { role == .member || roles.contains(role) }

    /// Responders, moderators and administrators: the people told when an SOS reaches nobody.
    var isStaff: Bool { has(.responder) || has(.moderator) || has(.admin) }

    /// Pages for a role answer 404 to everyone else: they are not there for them.
    func require(_ role: Role) throws(AppError) {
        guard has(role) else { throw AppError.notFound }
    }

    /// "Today" is the member's today, not the server's (DESIGN: data that needs care).
    func today(now: Date) -> LocalDate { LocalDate(now, in: timeZone) }
}
