import FluentKit
import Foundation
import Hummingbird
import Plot

/// Administrators give and take roles (mentor, facilitator, moderator…) by pseudonym.
struct RoleAdminRoutes: Sendable {
    let deps: AppDependencies

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.adminRoles.path)) { request, context in try await page(context, notice: request.notice) }
        members.post(RouterPath(SiteURL.adminRoles.path)) { _, context in
            let f = context.form
            let change: AccountService.RoleChange
            do {
                change = try await AccountService(deps: deps).changeRole(pseudonym: f["pseudonym"], role: f["role"], action: f["action"], by: context.member)
            } catch AppError.invalid(let errors) {
                return try await page(context, input: (f["pseudonym"], f["role"]), errors: errors).response
            }
            return redirect(to: SiteURL.adminRoles.with(change.action == .revoke ? .roleRevoked(change.role) : .roleGranted(change.role)))
        }
    }

    private func page(_ context: MemberContext, input: (String, String) = ("", Role.mentor.rawValue), errors: [FieldError] = [],
                      notice: String? = nil) async throws -> HTMLPage {
        let byUser = try await AccountService(deps: deps).roleHolders(for: context.member)
        let errors = Forms.errors(errors)
        return Layout.render(
            "Roles", PageContext(context), status: errors.isEmpty ? .ok : .unprocessableContent,
            Banner.notice(notice),
            Forms.form(
                SiteURL.adminRoles.path, csrf: context.csrfToken,
                Forms.summary(errors),
                Forms.input("pseudonym", label: "Member", value: input.0, errors: errors, required: true),
                Forms.select("role", label: "Role", options: AccountService.grantable.map { (value: $0.rawValue, label: $0.title) },
                             selected: input.1, errors: errors),
                Forms.choices("action", legend: "Give or take", options: [(value: "grant", label: "Give this role"), (value: "revoke", label: "Take it away")],
                              selected: ["grant"], errors: errors, multiple: false),
                .button(.type(.submit), .class("primary"), .text("Save"))
            ),
            .h2("Members with roles"),
            .ul(.forEach(byUser) { holder in .li(.text("\(holder.pseudonym): \(holder.roles.map(\.title).joined(separator: ", "))")) })
        )
    }
}
