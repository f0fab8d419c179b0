import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import OpenAPIHummingbird
import OpenAPIRuntime
import PeerCircleAPI

/// The API operations generated from the OpenAPI document (`PeerCircleAPI`), implemented feature by
/// feature in `…Operations.swift` files that map the generated types to the services' commands and
/// results. A change to the document that the code does not follow is a compile error.
struct APIOperations: APIProtocol {
    let deps: AppDependencies

    /// Serves the generated operations beside the rest of the router, whose middleware (sign-in,
    /// compression, errors, logging) they go through like every other route.
    static func register(on router: Router<AppRequestContext>, deps: AppDependencies) throws {
        let group = router.group().add(middleware: APICaller.Middleware(trustedProxies: deps.configuration.trustedProxies))
        try APIOperations(deps: deps).registerHandlers(
            on: group, configuration: .init(jsonEncodingOptions: [.sortedKeys]), middlewares: [APIBodyRules()])
    }
}

/// Who is calling an operation. The generated handlers are given the request's parts, not
/// Hummingbird's context, so the context (who signed in) and the caller's network (for the rate
/// limits) travel as a task-local value.
enum APICaller {
    struct Values: Sendable {
        let context: AppRequestContext
        let address: String?
        /// The host the caller asked for, for links back to this server when no public URL is set.
        let authority: String?
    }

    @TaskLocal static var current: Values?
    static var context: AppRequestContext? { current?.context }
    /// The caller's network as the rate limits count it (see `Request.clientAddress`).
    static var address: String? { current?.address }

    /// The signed-in member, or 401.
    static func member() throws(AppError) -> Member {
        guard let member = context?.member else { throw AppError.unauthenticated }
        return member
    }

    struct Middleware: RouterMiddleware {
        let trustedProxies: Set<String>

        func handle(_ request: Request, context: AppRequestContext,
                    next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
            let values = Values(context: context, address: request.clientAddress(peer: context.peerAddress, trusted: trustedProxies),
                                authority: request.head.authority)
            return try await APICaller.$current.withValue(values) { try await next(request, context) }
        }
    }
}

/// What every operation meets before it runs, as the hand-written routes had it: a caller the document
/// asks to sign in is refused (401) before anything is read, and one without a role it names
/// (`x-roles`) is told it is not found (404); a body is at most 64 KiB (or what the operation's
/// `x-max-body-bytes` says), JSON (415
/// otherwise), with no NUL character in any text; and whatever the generated layer refuses is
/// answered 400, 415 or 422 naming the field, never 500. The API answers JSON whatever `Accept`
/// says: the generated layer checks it only after the operation has run, which would report a saved
/// change as a failure (and a retry would save it twice).
struct APIBodyRules: ServerMiddleware {
    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?))
        async throws -> (HTTPResponse, HTTPBody?) {
        if OpenAPIDocument.requiresSignIn(operationID: operationID) {
            // A role-only operation is not there for anyone else, whatever they send (the service checks again).
            guard OpenAPIDocument.allows(try APICaller.member(), operationID: operationID) else { throw AppError.notFound }
        }
        var request = request
        request.headerFields[.accept] = nil
        var data = Data()
        if let body {
            do { data = Data(try await [UInt8](collecting: body, upTo: OpenAPIDocument.maxBody(operationID: operationID))) } catch {
                throw AppError.badRequest(code: "body_too_large", field: nil, message: "The request body is too large.")
            }
        }
        if !data.isEmpty { try Request.checkJSONBody(data, contentType: request.headerFields[.contentType]) }
        do {
            return try await next(request, data.isEmpty ? nil : HTTPBody(data), metadata)
        } catch let error as ServerError {
            throw Self.appError(error, body: data, operationID: operationID, query: URI(request.path ?? "").queryParameters)
        }
    }

    /// What the generated layer refused, as the API says it everywhere else.
    static func appError(_ error: ServerError, body: Data, operationID: String, query: FlatDictionary<Substring, Substring>) -> any Error {
        switch error.underlyingError {
        case let error as AppError:
            return error
        case let error as DecodingError:
            // The query's decoder says a value could not be read, not which: the document says.
            if let field = OpenAPIDocument.unreadableQueryParameter(operationID: operationID, query: query) {
                return AppError.invalid([FieldError(field: field, message: "This value cannot be read (a whole number or one of the listed values may be expected).")])
            }
            return AppError(decoding: error, body: body)
        default:
            switch error.httpStatus.code {
            case 415: return AppError.unsupportedMediaType
            case 404: return AppError.notFound
            case 400..<500:
                return body.isEmpty && error.causeDescription.contains("request body")
                    ? AppError.badRequest(code: "body_required", field: nil, message: "A JSON body is required.")
                    : AppError.badRequest(code: "bad_request", field: nil, message: error.causeDescription)
            default: return error.underlyingError
            }
        }
    }
}
