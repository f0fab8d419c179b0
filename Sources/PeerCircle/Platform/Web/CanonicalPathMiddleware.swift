import Hummingbird

/// The router ignores empty path segments, so `//api/v1/me` reaches the same handler as
/// `/api/v1/me` — but a middleware deciding "web or API" from the text would see a web path and
/// accept the session cookie on an API call. Every other spelling is sent to the one canonical
/// path first (308 keeps the method and body), so each route has exactly one set of rules.
struct CanonicalPathMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.contains("//") else { return try await next(request, context) }
        let canonical = "/" + path.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        let query = request.uri.query.map { "?" + $0 } ?? ""
        return Response(status: .permanentRedirect, headers: [.location: canonical + query])
    }
}

extension Request {
    /// Whether this request is for the JSON API. Only meaningful after `CanonicalPathMiddleware`,
    /// which guarantees the path has the one spelling the router groups were registered with.
    var isAPI: Bool { uri.path.hasPrefix("/api/") }
}
