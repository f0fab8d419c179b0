import FluentKit
import Foundation
import Hummingbird
import Plot

/// Administrators give and take roles (mentor, facilitator, moderator…) by pseudonym.
struct RoleAdminRoutes: Sendable {
    let deps: AppDependencies
    static let grantable = Role.allCases.filter { $0 != .member }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.adminRoles.path)) { request, context in
            try context.member.require(.admin)
            return try await page(context, notice: request.notice)
        }
        members.post(RouterPath(SiteURL.adminRoles.path)) { _, context in
            try context.member.require(.admin)
            let f = context.form
            var check = Validation()
            let role = Role(rawValue: f["role"]).flatMap { Self.grantable.contains($0) ? $0 : nil }
            check.check(role != nil, "role", "Choose a role.")
            let user = try await AccountService(deps: deps).user(named: f["pseudonym"])
            check.check(user != nil, "pseudonym", "No member has that pseudonym. Check the spelling.")
            check.check(!(f["action"] == "revoke" && role == .admin && user?.id == context.member.id), "role",
                        "You can't remove your own administrator role.")
            guard check.errors.isEmpty, let role, let user else {
                return try await page(context, input: (f["pseudonym"], f["role"]), errors: check.errors).response
            }
            if f["action"] == "revoke" {
                let userID = try user.requireID()
                try await deps.changing(.mentors, .accounts) { db in
                    try await UserRole.query(on: db).filter(\.$user.$id == userID).filter(\.$role == role).delete()
                }
            } else {
                try await AccountService(deps: deps).grant(role, to: user.requireID())
            }
            return redirect(to: SiteURL.adminRoles.path + "?done=role-\(f["action"] == "revoke" ? "revoked" : "granted")-\(role.rawValue)")
        }
    }

    private func page(_ context: MemberContext, input: (String, String) = ("", Role.mentor.rawValue), errors: [FieldError] = [],
                      notice: String? = nil) async throws -> HTMLPage {
        let roles = try await UserRole.query(on: deps.db).filter(\.$role != .member).with(\.$user).all()
        let byUser = Dictionary(grouping: roles, by: { $0.user.pseudonym }).sorted { $0.key.lowercased() < $1.key.lowercased() }
        let errors = Forms.errors(errors)
        return Layout.render(
            "Roles", PageContext(context), status: errors.isEmpty ? .ok : .unprocessableContent,
            Banner.notice(notice),
            Forms.form(
                SiteURL.adminRoles.path, csrf: context.csrfToken,
                Forms.summary(errors),
                Forms.input("pseudonym", label: "Member", value: input.0, errors: errors, required: true),
                Forms.select("role", label: "Role", options: Self.grantable.map { (value: $0.rawValue, label: $0.title) },
                             selected: input.1, errors: errors),
                Forms.choices("action", legend: "Give or take", options: [(value: "grant", label: "Give this role"), (value: "revoke", label: "Take it away")],
                              selected: ["grant"], errors: errors, multiple: false),
                .button(.type(.submit), .class("primary"), .text("Save"))
            ),
            .h2("Members with roles"),
            .ul(.forEach(byUser) { name, list in .li(.text("\(name): \(list.map(\.role.title).joined(separator: ", "))")) })
        )
    }
}
