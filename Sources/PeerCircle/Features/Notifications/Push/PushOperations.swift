import Foundation
import PeerCircleAPI

/// Pushes over the API: the same service as the settings page. A subscription belongs to the
/// session that made it (signing that session out stops its pushes).
extension APIOperations {
    var push: PushService { PushService(deps: deps) }

    func getPushKey(_ input: Operations.GetPushKey.Input) async throws -> Operations.GetPushKey.Output {
        _ = try APICaller.member()
        return .ok(.init(body: .json(.init(publicKey: try await push.publicKey()))))
    }

    func listPushSubscriptions(_ input: Operations.ListPushSubscriptions.Input) async throws -> Operations.ListPushSubscriptions.Output {
        .ok(.init(body: .json(try await push.devices(of: try APICaller.member()).map(Self.device))))
    }

    func addPushSubscription(_ input: Operations.AddPushSubscription.Input) async throws -> Operations.AddPushSubscription.Output {
        let member = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        do {
            let device = try await push.subscribe(member, endpoint: body.endpoint, p256dh: body.keys.p256dh, auth: body.keys.auth)
            return .created(.init(body: .json(Self.device(device))))
        } catch AppError.invalid(let errors) { throw Self.bodyNames(errors) }
    }

    func renewPushSubscription(_ input: Operations.RenewPushSubscription.Input) async throws -> Operations.RenewPushSubscription.Output {
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        do {
            try await push.renew(oldEndpoint: body.oldEndpoint, oldAuth: body.oldAuth, endpoint: body.endpoint, p256dh: body.keys.p256dh, auth: body.keys.auth)
        } catch AppError.invalid(let errors) { throw Self.bodyNames(errors) }
        return .noContent(.init())
    }

    func removePushSubscription(_ input: Operations.RemovePushSubscription.Input) async throws -> Operations.RemovePushSubscription.Output {
        try await push.remove(try APIPath.id(input.path.id), by: try APICaller.member())
        return .noContent(.init())
    }

    func testPush(_ input: Operations.TestPush.Input) async throws -> Operations.TestPush.Output {
        try await push.test(try APICaller.member())
        return .noContent(.init())
    }

    /// The body's own names for the service's fields: the keys sit inside `keys`.
    private static func bodyNames(_ errors: [FieldError]) -> AppError {
        .invalid(errors.map { FieldError(field: $0.field == "endpoint" ? "endpoint" : "keys." + $0.field, message: $0.message) })
    }

    private static func device(_ device: PushService.Device) -> Components.Schemas.PushDevice {
        .init(createdAt: device.createdAt, current: device.current, device: device.device, id: device.id.apiID, lastPushedAt: device.lastPushedAt)
    }
}
