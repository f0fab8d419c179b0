import Hummingbird

/// Finds who is asking: a bearer token under `/api`, the session cookie elsewhere. A cookie never
/// authenticates an API call, so the API needs no CSRF protection.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if request.isAPI {
            if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
                let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
                context.member = try await accounts.member(forToken: token, kind: .api)
            }
        } else if let token = request.cookies[AccountWebRoutes.sessionCookie]?.value, !token.isEmpty {
            context.member = try await accounts.member(forToken: token, kind: .web)
        }
        context.member?.address = request.clientAddress(peer: context.peerAddress, trusted: accounts.deps.configuration.trustedProxies)
        if let member = context.member, !request.isAPI, request.method == .get {
            context.member?.unreadNotifications = try await NotificationService(deps: accounts.deps).unreadCount(for: member.id)
        }
        // Every staff page carries calls for support that reached nobody.
        if let member = context.member, !request.isAPI, request.method == .get, member.isStaff {
            context.member?.urgentAlerts = try await SafetyService(deps: accounts.deps).unreached(for: member).count
        }
        return try await next(request, context)
    }
}
