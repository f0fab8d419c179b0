import FluentKit
import Foundation

/// Administrators give and take roles (mentor, facilitator, moderator…) by pseudonym, on the web
/// and over the API alike.
extension AccountService {
    static let grantable = Role.allCases.filter { $0 != .member }

    enum RoleAction: String, Sendable { case grant, revoke }

    struct RoleChange: Sendable {
        let user: User
        let role: Role
        let action: RoleAction
    }

    /// Gives or takes `role`; an administrator cannot take their own administrator role (someone
    /// must always be able to give it back). Says what changed, for whom.
    @discardableResult
    func changeRole(pseudonym: String, role: String, action: String, by admin: Member) async throws -> RoleChange {
        try admin.require(.admin)
        var check = Validation()
        let role = Role(rawValue: role).flatMap { Self.grantable.contains($0) ? $0 : nil }
        check.check(role != nil, "role", "Choose a role.")
        let chosenAction = RoleAction(rawValue: action)
        check.check(chosenAction != nil, "action", "Choose to give or to take away the role.")
        let user = try await user(named: pseudonym)
        check.check(user != nil, "pseudonym", "No member has that pseudonym. Check the spelling.")
        check.check(!(chosenAction == .revoke && role == .admin && user?.id == admin.id), "role", "You can't remove your own administrator role.")
        try check.finish()
        let target = try user.checked("pseudonym"), userID = try target.requireID(), chosen = try role.checked("role")
        let action = try chosenAction.checked("action")
        switch action {
        case .revoke:
            try await deps.changing(.mentors, .accounts) { db in
                try await UserRole.query(on: db).filter(\.$user.$id == userID).filter(\.$role == chosen).delete()
            }
            // The power goes with the role: no mentor's access to a mentee, no group's facilitation, no house to lead.
            switch chosen {
            case .mentor: try await MentorshipService(deps: deps).endAll(asMentor: userID)
            case .facilitator: try await GroupService(deps: deps).endFacilitation(of: userID)
            case .houseLead: try await HouseService(deps: deps).endLeadership(of: userID)
            default: break
            }
        case .grant:
            try await grant(chosen, to: userID)
        }
        return RoleChange(user: target, role: chosen, action: action)
    }

    /// Everyone who holds a role besides member, with their roles.
    func roleHolders(for admin: Member) async throws -> [(pseudonym: String, roles: [Role])] {
        try admin.require(.admin)
        let roles = try await UserRole.query(on: deps.db).filter(\.$role != .member).with(\.$user).all()
        return Dictionary(grouping: roles, by: { $0.user.pseudonym }).map { ($0.key, $0.value.map(\.role)) }
            .sorted { $0.pseudonym.lowercased() < $1.pseudonym.lowercased() }
    }
}
