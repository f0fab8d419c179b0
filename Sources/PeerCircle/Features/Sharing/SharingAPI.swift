import Foundation
import Hummingbird

struct GrantDTO: ResponseCodable, Sendable {
    @LowercaseID var id: UUID
    let scope: String
    @LowercaseID var itemId: UUID?
    let owner: String?
    let grantee: String?
    let purpose: String
    let expiresAt: Date?
    let createdAt: Date?
}

struct GrantsDTO: ResponseCodable, Sendable {
    let given: [GrantDTO]
    let received: [GrantDTO]
}

struct SharingAPIRoutes: Sendable {
    let deps: AppDependencies
    var sharing: SharingService { SharingService(deps: deps) }

    struct GrantBody: Decodable {
        var scope: String
        var itemId: UUID?
        var grantee: String
        var purpose: String?
        var expiresOn: String?
    }

    func register(_ api: RouterGroup<MemberContext>) {
        api.get("/grants") { _, context in
            let given = try await sharing.given(by: context.member).map {
                GrantDTO(id: $0.id!, scope: $0.scope.rawValue, itemId: $0.itemID, owner: nil, grantee: $0.grantee.pseudonym,
                         purpose: $0.purpose, expiresAt: $0.expiresAt, createdAt: $0.createdAt)
            }
            let received = try await deps.policy.grantsReceived(by: context.member.id, on: deps.db).map {
                GrantDTO(id: $0.id!, scope: $0.scope.rawValue, itemId: $0.itemID, owner: $0.owner.pseudonym, grantee: nil,
                         purpose: $0.purpose, expiresAt: $0.expiresAt, createdAt: $0.createdAt)
            }
            return GrantsDTO(given: given, received: received)
        }
        api.post("/grants") { request, context in
            let body = try await request.decodeJSON(GrantBody.self, context: context)
            let grant = try await sharing.share(
                .init(scope: body.scope, itemID: body.itemId, grantee: body.grantee, purpose: body.purpose ?? "",
                      expiresOn: body.expiresOn ?? ""),
                by: context.member)
            return EditedResponse(status: .created, response: GrantDTO(
                id: grant.id!, scope: grant.scope.rawValue, itemId: grant.itemID, owner: nil,
                grantee: grant.grantee.pseudonym, purpose: grant.purpose, expiresAt: grant.expiresAt, createdAt: grant.createdAt))
        }
        api.delete("/grants/:id") { _, context in
            try await sharing.revoke(try context.id(), by: context.member)
            return Response(status: .noContent)
        }
    }
}
