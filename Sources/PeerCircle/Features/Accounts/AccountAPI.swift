import Foundation
import Hummingbird

struct MemberDTO: ResponseCodable, Sendable {
    @LowercaseID var id: UUID
    let pseudonym: String
    let email: String?
    let timeZone: String
    let country: String?
    let roles: [String]
}

struct SessionDTO: ResponseCodable, Sendable {
    let token: String
    let member: MemberDTO
}

struct AccountAPIRoutes: Sendable {
    let deps: AppDependencies
    var accounts: AccountService { AccountService(deps: deps) }

    struct SignupBody: Decodable { var pseudonym: String; var password: String; var email: String?; var timeZone: String? }
    struct LoginBody: Decodable { var pseudonym: String; var password: String }
    struct SettingsBody: Decodable {
        var pseudonym: String?; var email: String?; var timeZone: String?; var country: String?; var currentPassword: String?
    }
    struct DeleteBody: Decodable { var password: String }
    struct PasswordBody: Decodable { var currentPassword: String; var newPassword: String }

    func register(public api: RouterGroup<AppRequestContext>, members: RouterGroup<MemberContext>) {
        api.post("/accounts") { request, context in
            let body = try await request.decodeJSON(SignupBody.self, context: context)
            let user = try await accounts.signup(.init(
                pseudonym: body.pseudonym, password: body.password, email: body.email ?? "", timeZone: body.timeZone ?? "",
                address: request.clientAddress(peer: context.peerAddress, trusted: deps.configuration.trustedProxies)))
            let token = try await accounts.startSession(for: user.requireID(), kind: .api)
            return EditedResponse(status: .created, response: SessionDTO(token: token, member: try await dto(user)))
        }
        api.post("/sessions") { request, context in
            let body = try await request.decodeJSON(LoginBody.self, context: context)
            let address = request.clientAddress(peer: context.peerAddress, trusted: deps.configuration.trustedProxies)
            let (token, user) = try await accounts.login(pseudonym: body.pseudonym, password: body.password, kind: .api, address: address)
            return EditedResponse(status: .created, response: SessionDTO(token: token, member: try await dto(user)))
        }
        members.delete("/sessions/current") { _, context in
            try await accounts.logout(sessionID: context.member.sessionID)
            return Response(status: .noContent)
        }
        members.get("/me") { _, context in
            try await dto(try await accounts.settings(of: context.member.id))
        }
        members.patch("/me") { request, context in
            let body = try await request.decodeJSON(SettingsBody.self, context: context)
            let current = AccountService.SettingsInput(try await accounts.settings(of: context.member.id))
            let input = AccountService.SettingsInput(
                pseudonym: body.pseudonym ?? current.pseudonym, email: body.email ?? current.email,
                timeZone: body.timeZone ?? current.timeZone, country: body.country ?? current.country,
                currentPassword: body.currentPassword ?? "")
            return try await dto(try await accounts.updateSettings(of: context.member.id, input))
        }
        members.delete("/me") { request, context in
            let body = try await request.decodeJSON(DeleteBody.self, context: context)
            try await accounts.deleteAccount(of: context.member, password: body.password)
            return Response(status: .noContent)
        }
        members.put("/me/password") { request, context in
            let body = try await request.decodeJSON(PasswordBody.self, context: context)
            try await accounts.changePassword(of: context.member, current: body.currentPassword, new: body.newPassword)
            return Response(status: .noContent)
        }
    }

    private func dto(_ user: User) async throws -> MemberDTO {
        let roles = try await accounts.roles(of: user.requireID())
        return MemberDTO(id: try user.requireID(), pseudonym: user.pseudonym, email: user.email, timeZone: user.timeZone,
                         country: user.country, roles: ["member"] + roles.map(\.rawValue).sorted())
    }
}
