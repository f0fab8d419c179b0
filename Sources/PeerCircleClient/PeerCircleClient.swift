import Foundation
import HTTPTypes
import OpenAPIRuntime
#if canImport(OpenAPIAsyncHTTPClient)
import OpenAPIAsyncHTTPClient
#endif
#if canImport(OpenAPIURLSession)
import OpenAPIURLSession
#endif

/// PeerCircle's API for a Swift app. `api` is the client generated from the OpenAPI document the
/// server serves (every operation by its `operationId`); this adds what every app needs around it:
/// signing in, sending the member's bearer token, and reading paged lists to the end. Where the
/// token is kept (the Keychain, say) is the app's choice: it is asked for on every request.
public struct PeerCircleAPI: Sendable {
    public let api: Client

    /// - Parameters:
    ///   - serverURL: the instance's address, for example `https://peers.example.org` (the API's
    ///     `/api/v1` paths are added to it).
    ///   - transport: how requests travel; by default AsyncHTTPClient on Linux, URLSession on Apple platforms.
    ///   - token: the signed-in member's bearer token, or nil for what visitors may read.
    public init(serverURL: URL, transport: (any ClientTransport)? = nil, token: @escaping @Sendable () async -> String? = { nil }) {
        api = Client(serverURL: serverURL, transport: transport ?? Self.defaultTransport(), middlewares: [BearerToken(token: token)])
    }

    /// Signs in with a pseudonym and password (and, with two-step sign-in on, the app's code or a
    /// recovery code — without it such an account answers 422 naming `code`); returns the session,
    /// whose `token` the app keeps.
    public static func signIn(serverURL: URL, pseudonym: String, password: String, code: String? = nil,
                              transport: (any ClientTransport)? = nil) async throws -> Components.Schemas.Session {
        let client = PeerCircleAPI(serverURL: serverURL, transport: transport)
        switch try await client.api.signIn(body: .json(.init(code: code, password: password, pseudonym: pseudonym))) {
        case .created(let created): return try created.body.json
        case .badRequest(let reply): throw APIError(status: 400, try reply.body.json)
        case .unprocessableContent(let reply): throw APIError(status: 422, try reply.body.json)
        case .tooManyRequests(let reply): throw APIError(status: 429, try reply.body.json)
        case .unsupportedMediaType(let reply): throw APIError(status: 415, try reply.body.json)
        case .undocumented(let status, _): throw APIError(status: status, message: "unexpected answer", field: nil)
        }
    }

    /// Every page of a list read with cursors, in order: `read` is given nil for the first page and
    /// then each page's `next_cursor`, until a page has none.
    public static func pages<Page: Sendable>(
        _ read: @escaping @Sendable (_ cursor: String?) async throws -> (page: Page, next: String?)
    ) -> AsyncThrowingStream<Page, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var cursor: String?
                    repeat {
                        let (page, next) = try await read(cursor)
                        continuation.yield(page)
                        cursor = next
                    } while cursor != nil && !Task.isCancelled
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The meeting directory's occurrences, page after page, for the given filters (`cursor` is filled in).
    public func meetings(_ query: Operations.ListMeetings.Input.Query = .init()) -> AsyncThrowingStream<Components.Schemas.Directory, any Error> {
        let api = api
        return Self.pages { cursor in
            var query = query
            query.cursor = cursor
            let page = try await api.listMeetings(query: query).ok.body.json
            return (page, page.nextCursor)
        }
    }

    static func defaultTransport() -> any ClientTransport {
        #if canImport(OpenAPIURLSession)
        URLSessionTransport()
        #else
        AsyncHTTPClientTransport()
        #endif
    }
}

/// The API's refusal, as its JSON error says it: the status, a stable code, the message to show,
/// and the field it names.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public let status: Int
    public let code: String
    public let message: String
    public let field: String?

    public init(status: Int, code: String = "", message: String, field: String?) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public init(status: Int, _ error: Components.Schemas._Error) {
        self.init(status: status, code: error.error.code, message: error.error.message, field: error.error.field)
    }

    public var description: String { "\(status): \(message)" + (field.map { " (\($0))" } ?? "") }
}

/// Adds `Authorization: Bearer …` when the app has a token.
struct BearerToken: ClientMiddleware {
    let token: @Sendable () async -> String?

    func intercept(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        if let token = await token() { request.headerFields[.authorization] = "Bearer \(token)" }
        return try await next(request, body, baseURL)
    }
}
