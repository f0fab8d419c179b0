import Foundation
import PeerCircleAPI

/// Sharing grants over the API: the generated operations mapped to `SharingService`.
extension APIOperations {
    private var sharing: SharingService { SharingService(deps: deps) }

    func listGrants(_ input: Operations.ListGrants.Input) async throws -> Operations.ListGrants.Output {
        let member = try APICaller.member()
        let given = try await sharing.given(by: member).map { try Self.grant($0, owner: nil, grantee: $0.grantee.pseudonym) }
        let received = try await sharing.received(by: member).map { try Self.grant($0, owner: $0.owner.pseudonym, grantee: nil) }
        return .ok(.init(body: .json(.init(given: given, received: received))))
    }

    func createGrant(_ input: Operations.CreateGrant.Input) async throws -> Operations.CreateGrant.Output {
        let member = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        let grant = try await sharing.share(
            .init(scope: body.scope.rawValue, itemID: try body.itemId.map(Self.itemID), grantee: body.grantee,
                  purpose: body.purpose ?? "", expiresOn: body.expiresOn ?? ""),
            by: member)
        return .created(.init(body: .json(try Self.grant(grant, owner: nil, grantee: grant.grantee.pseudonym))))
    }

    /// Only the day, mood, craving and sober answer: notes, gratitude and tags stay the owner's.
    func listSharedCheckIns(_ input: Operations.ListSharedCheckIns.Input) async throws -> Operations.ListSharedCheckIns.Output {
        let shared = try await sharing.sharedCheckIns(with: try APICaller.member())
        return .ok(.init(body: .json(try shared.map { owner, items in
            .init(checkIns: try items.map { .init(craving: $0.craving, localDate: $0.localDate, mood: $0.mood, sober: try .init(mirroring: $0.sober)) },
                  owner: owner)
        })))
    }

    func revokeGrant(_ input: Operations.RevokeGrant.Input) async throws -> Operations.RevokeGrant.Output {
        try await sharing.revoke(try APIPath.id(input.path.id), by: try APICaller.member())
        return .noContent(.init())
    }

    /// An `item_id` that is not an id at all is a mistake in the body (422), not a missing thing.
    private static func itemID(_ text: String) throws(AppError) -> UUID {
        guard let id = UUID(uuidString: text) else { throw AppError.invalid([FieldError(field: "item_id", message: "Choose which clock to share.")]) }
        return id
    }

    private static func grant(_ grant: SharingGrant, owner: String?, grantee: String?) throws -> Components.Schemas.Grant {
        .init(createdAt: grant.createdAt, expiresAt: grant.expiresAt, grantee: grantee, id: try grant.requireID().apiID,
              itemId: grant.itemID?.apiID, owner: owner, purpose: grant.purpose, scope: grant.scope.rawValue)
    }
}
