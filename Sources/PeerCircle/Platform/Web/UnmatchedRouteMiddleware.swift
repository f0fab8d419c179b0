import Foundation
import Hummingbird
import Synchronization

/// Every path the router answers, with its methods; filled once after the routes are registered.
final class RouteTable: Sendable {
    private let entries = Mutex<[(method: HTTPRequest.Method, components: [String])]>([])

    func load(_ routes: [(method: HTTPRequest.Method, path: String)]) {
        entries.withLock { $0 = routes.map { ($0.method, Self.components($0.path)) } }
    }

    /// The methods registered for a concrete request path.
    func methods(for path: String) -> [String] {
        let asked = Self.components(path)
        return entries.withLock { list in
            Array(Set(list.filter { Self.matches($0.components, asked) }.map(\.method.rawValue))).sorted()
        }
    }

    private static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    private static func matches(_ pattern: [String], _ path: [String]) -> Bool {
        if pattern.last == "**" { return path.count >= pattern.count - 1 && zip(pattern.dropLast(), path).allSatisfy(component) }
        return pattern.count == path.count && zip(pattern, path).allSatisfy(component)
    }

    private static func component(_ pattern: String, _ value: String) -> Bool {
        pattern == value || pattern == "*" || pattern.hasPrefix(":") || pattern.hasPrefix("{")
    }
}

/// A path nobody registered answers like any other missing thing (a page, or JSON under `/api`);
/// a registered path asked with another method answers 405 with `Allow`. Query strings carrying
/// NUL are refused here, once, before any handler can pass one to the database.
struct UnmatchedRouteMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let query = request.uri.query, query.range(of: "%00", options: .caseInsensitive) != nil {
            throw AppError.badRequest(code: "invalid_character", field: nil, message: "The address cannot contain the NUL character.")
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound" {
            let allowed = routes.methods(for: request.uri.path)
            throw allowed.isEmpty ? AppError.notFound : AppError.methodNotAllowed(allowed: allowed)
        }
    }
}
