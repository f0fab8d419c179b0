import Foundation
import PeerCircleAPI

/// Signed-in devices and two-step sign-in over the API, on the same services as the web.
extension APIOperations {
    func listSessions(_ input: Operations.ListSessions.Input) async throws -> Operations.ListSessions.Output {
        let devices = try await SessionService(deps: deps).devices(of: try APICaller.member())
        return .ok(.init(body: .json(devices.map {
            .init(client: $0.client, createdAt: $0.createdAt, current: $0.current, id: $0.id.apiID, lastUsedAt: $0.lastUsedAt, place: $0.place)
        })))
    }

    func endSession(_ input: Operations.EndSession.Input) async throws -> Operations.EndSession.Output {
        try await SessionService(deps: deps).end(try APIPath.id(input.path.id), for: try APICaller.member())
        return .noContent(.init())
    }

    func endOtherSessions(_ input: Operations.EndOtherSessions.Input) async throws -> Operations.EndOtherSessions.Output {
        try await SessionService(deps: deps).endOthers(for: try APICaller.member())
        return .noContent(.init())
    }

    func getTwoStep(_ input: Operations.GetTwoStep.Input) async throws -> Operations.GetTwoStep.Output {
        let member = try APICaller.member(), service = TwoStepService(deps: deps)
        return .ok(.init(body: .json(.init(enabled: try await service.isEnabled(member.id), recoveryCodesLeft: try await service.recoveryCodesLeft(member.id),
                                           required: member.staffLocked || !member.roles.isDisjoint(with: TwoStepService.guardedRoles)))))
    }

    func startTwoStep(_ input: Operations.StartTwoStep.Input) async throws -> Operations.StartTwoStep.Output {
        let enrolment = try await TwoStepService(deps: deps).begin(for: try APICaller.member())
        return .created(.init(body: .json(.init(link: enrolment.link, secret: enrolment.secret))))
    }

    func confirmTwoStep(_ input: Operations.ConfirmTwoStep.Input) async throws -> Operations.ConfirmTwoStep.Output {
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        let codes = try await TwoStepService(deps: deps).confirm(body.code, password: body.password, for: try APICaller.member())
        return .ok(.init(body: .json(.init(recoveryCodes: codes))))
    }

    func disableTwoStep(_ input: Operations.DisableTwoStep.Input) async throws -> Operations.DisableTwoStep.Output {
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        try await TwoStepService(deps: deps).disable(password: body.password, code: body.code, for: try APICaller.member())
        return .noContent(.init())
    }
}
