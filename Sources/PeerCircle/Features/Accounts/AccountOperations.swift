import Foundation
import PeerCircleAPI

/// Accounts and sessions over the API: the generated operations mapped to `AccountService`.
extension APIOperations {
    private var accounts: AccountService { AccountService(deps: deps) }

    func createAccount(_ input: Operations.CreateAccount.Input) async throws -> Operations.CreateAccount.Output {
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        let user = try await accounts.signup(.init(pseudonym: body.pseudonym, password: body.password, email: body.email ?? "",
                                                   timeZone: body.timeZone ?? "", address: APICaller.address))
        let token = try await accounts.startSession(for: user.requireID(), kind: .api)
        return .created(.init(body: .json(.init(member: try await member(user), token: token))))
    }

    func signIn(_ input: Operations.SignIn.Input) async throws -> Operations.SignIn.Output {
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        guard case .signedIn(let token, let user) = try await accounts.login(
            pseudonym: body.pseudonym, password: body.password, kind: .api, address: APICaller.address, code: body.code) else { throw AppError.internal }
        return .created(.init(body: .json(.init(member: try await member(user), token: token))))
    }

    func signOut(_ input: Operations.SignOut.Input) async throws -> Operations.SignOut.Output {
        try await accounts.logout(sessionID: try APICaller.member().sessionID)
        return .noContent(.init())
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        .ok(.init(body: .json(try await member(try await accounts.settings(of: try APICaller.member().id)))))
    }

    /// Changes what the body names; what it leaves out stays as it was.
    func updateMe(_ input: Operations.UpdateMe.Input) async throws -> Operations.UpdateMe.Output {
        let caller = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        let current = AccountService.SettingsInput(try await accounts.settings(of: caller.id))
        let changed = AccountService.SettingsInput(
            pseudonym: body.pseudonym ?? current.pseudonym, email: body.email ?? current.email,
            timeZone: body.timeZone ?? current.timeZone, country: body.country ?? current.country,
            currentPassword: body.currentPassword ?? "")
        return .ok(.init(body: .json(try await member(try await accounts.updateSettings(of: caller.id, changed)))))
    }

    func deleteAccount(_ input: Operations.DeleteAccount.Input) async throws -> Operations.DeleteAccount.Output {
        let caller = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        try await accounts.deleteAccount(of: caller, password: body.password)
        return .noContent(.init())
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        let caller = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        try await accounts.changePassword(of: caller, current: body.currentPassword, new: body.newPassword)
        return .noContent(.init())
    }

    func member(_ user: User) async throws -> Components.Schemas.Member {
        let roles = [Role.member] + (try await accounts.roles(of: user.requireID())).sorted { $0.rawValue < $1.rawValue }
        return .init(country: user.country, email: user.email, id: try user.requireID().apiID, pseudonym: user.pseudonym,
                     roles: roles.compactMap { .init(rawValue: $0.rawValue) }, timeZone: user.timeZone)
    }
}

extension APIOperations {
    /// Always the same answer, whether or not the account exists or has an email address.
    func requestPasswordReset(_ input: Operations.RequestPasswordReset.Input) async throws -> Operations.RequestPasswordReset.Output {
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        try await PasswordResetService(deps: deps).request(body.account)
        return .accepted(.init(body: .json(.init(message: PasswordResetService.sentMessage))))
    }

    func completePasswordReset(_ input: Operations.CompletePasswordReset.Input) async throws -> Operations.CompletePasswordReset.Output {
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        try await PasswordResetService(deps: deps).complete(body.token, password: body.password)
        return .noContent(.init())
    }
}

extension APIOperations {
    func changeRole(_ input: Operations.ChangeRole.Input) async throws -> Operations.ChangeRole.Output {
        let admin = try APICaller.member()
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        let change = try await AccountService(deps: deps).changeRole(pseudonym: b.pseudonym, role: b.role.rawValue, action: b.action.rawValue, by: admin)
        let roles = [Role.member] + (try await AccountService(deps: deps).roles(of: change.user.requireID())).sorted { $0.rawValue < $1.rawValue }
        return .ok(.init(body: .json(.init(pseudonym: change.user.pseudonym, roles: try roles.map { try .init(mirroring: $0) }))))
    }
}
