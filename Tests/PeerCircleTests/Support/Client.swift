import FluentKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import NIOCore
import Testing
@testable import PeerCircle

/// A response with its body read as text.
struct Reply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String
    /// The body as sent (compressed, if it was).
    var body = ByteBuffer()

    var location: String? { headers[.location] }
    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }
    func jsonArray(_ key: String) throws -> [[String: Any]] {
        try json()[key] as? [[String: Any]] ?? []
    }
    /// The field a JSON error names.
    var errorField: String? { (try? json())?["error"].flatMap { ($0 as? [String: Any])?["field"] as? String } }
    var errorCode: String? { (try? json())?["error"].flatMap { ($0 as? [String: Any])?["code"] as? String } }
}

/// Drives the app like a browser (cookies, CSRF tokens from the cookie) or an API client (bearer token).
final class Client: @unchecked Sendable {
    private let client: any TestClientProtocol
    var testClient: any TestClientProtocol { client }
    private var cookies: [String: String] = [:]
    var bearer: String?
    /// The app's database, for setting up what no route creates (administrators, imported feeds).
    let database: AppDatabase
    /// The app's caches, told of what a test changes straight in the database.
    let caches: AppCaches

    init(_ client: any TestClientProtocol, database: AppDatabase, caches: AppCaches) {
        self.client = client
        self.database = database
        self.caches = caches
    }

    /// The port of a live test server.
    var port: Int? { client.port }

    /// A second person using the same app: their own cookies and token.
    func another() -> Client { Client(client, database: database, caches: caches) }

    /// Gives a member a role, as `peercircle admin create` or a future admin page would.
    func grant(_ role: Role, to pseudonym: String) async throws {
        let user = try #require(try await User.query(on: database.db).filter(\.$pseudonymKey == User.key(for: pseudonym)).first())
        try await UserRole(userID: user.requireID(), role: role).create(on: database.db)
        // Team roles open only with two-step sign-in on (TwoStepTests try it without): turned on here.
        if TwoStepService.guardedRoles.contains(role) { try await Self.enableTwoStep(try user.requireID(), on: database.db) }
        // As every real grant does: matching reads its pool of mentors again, sessions their roles.
        for kind in [DataVersion.Kind.mentors, .accounts] {
            try await DataVersion.bump(kind, on: database.db)
            caches.changed(kind)
        }
    }

    /// Two-step sign-in on for a member, as if they had set it up (the sessions' cache is told by the caller's grant).
    static func enableTwoStep(_ user: UUID, on db: any Database) async throws {
        guard try await TwoStepSecret.query(on: db).filter(\.$user.$id == user).count() == 0 else { return }
        let secret = TwoStepSecret()
        secret.$user.id = user
        secret.secret = TwoStepService.randomSecret()
        secret.enabledAt = Date()
        secret.lastStep = 0
        secret.createdAt = Date()
        try await secret.create(on: db)
    }

    func enableTwoStep(for pseudonym: String) async throws {
        let user = try #require(try await User.query(on: database.db).filter(\.$pseudonymKey == User.key(for: pseudonym)).first())
        try await Self.enableTwoStep(try user.requireID(), on: database.db)
        try await DataVersion.bump(.accounts, on: database.db)
        caches.changed(.accounts)
    }

    /// Imports a Meeting Guide feed as an operator would with `peercircle import-meetings`.
    @discardableResult
    func importFeed(_ data: Data, feed: String = "test", timeZone: String = "UTC") async throws -> MeetingImportReport {
        try await MeetingImporter(db: database.db).importFeed(data, feed: feed, defaultTimeZone: timeZone)
    }

    @discardableResult
    func request(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil) async throws -> Reply {
        var headers = headers
        if !cookies.isEmpty {
            headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
        }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        let response = try await client.execute(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0]), content = pair.count > 1 ? String(pair[1]) : ""
            if content.isEmpty { cookies[name] = nil } else { cookies[name] = content }
        }
        return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body), body: response.body)
    }

    func get(_ uri: String) async throws -> Reply { try await request(.get, uri) }

    /// Posts a form the way a browser would, CSRF token included (fetching a page first for the cookie).
    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)], csrf: Bool = true) async throws -> Reply {
        if cookies[CSRFMiddleware.cookieName] == nil { try await get("/crisis") }
        var all = fields
        if csrf { all.append((CSRFMiddleware.fieldName, cookies[CSRFMiddleware.cookieName] ?? "")) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await request(.post, uri, headers: [.contentType: "application/x-www-form-urlencoded"], body: body)
    }

    @discardableResult
    func post(_ uri: String, _ fields: KeyValuePairs<String, String>) async throws -> Reply {
        try await post(uri, fields.map { ($0.key, $0.value) })
    }

    /// Sends JSON to the API.
    @discardableResult
    func api(_ method: HTTPRequest.Method, _ uri: String, json: Any? = nil, raw: String? = nil) async throws -> Reply {
        let body = try raw ?? json.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        return try await request(method, uri, headers: [.contentType: "application/json"], body: body)
    }

    /// Opens a WebSocket as this person (their session cookie goes along).
    func ws(
        _ path: String, headers extra: HTTPFields = [:], handler: @escaping WebSocketDataHandler<WebSocketClient.Context>
    ) async throws {
        var headers = extra
        headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
        _ = try await client.ws(path, configuration: .init(additionalHeaders: headers), handler: handler)
    }

    var hasSession: Bool { cookies[AccountWebRoutes.sessionCookie] != nil }
    var csrfToken: String? { cookies[CSRFMiddleware.cookieName] }
    func dropCookie(_ name: String) { cookies[name] = nil }
    func setCookie(_ name: String, _ value: String) { cookies[name] = value }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._*"))) ?? text
    }

    // MARK: shortcuts

    /// Joins on the web with a unique pseudonym and stays logged in.
    @discardableResult
    func join(_ pseudonym: String = "member\(Int.random(in: 1000...999_999))", password: String = "correct horse") async throws -> String {
        let reply = try await post("/join", ["pseudonym": pseudonym, "password": password])
        #expect(reply.status == .seeOther, "join failed: \(reply.text.prefix(300))")
        return pseudonym
    }

    /// Joins through the API and keeps the bearer token.
    @discardableResult
    func joinAPI(_ pseudonym: String = "api\(Int.random(in: 1000...999_999))", password: String = "correct horse") async throws -> String {
        let reply = try await api(.post, "/api/v1/accounts", json: ["pseudonym": pseudonym, "password": password])
        #expect(reply.status == .created, "API join failed: \(reply.text)")
        bearer = try reply.json()["token"] as? String
        return pseudonym
    }

    /// Creates a clock on the web and returns its id.
    func makeClock(label: String = "Sober", startedOn: String = "2026-06-01", dailyCost: String = "") async throws -> String {
        let reply = try await post("/clocks", ["kind": "alcohol", "label": label, "started_on": startedOn,
                                               "daily_cost": dailyCost, "currency": "USD"])
        #expect(reply.status == .seeOther, "clock failed: \(reply.text.prefix(500))")
        let location = reply.location ?? ""
        return String(location.dropFirst("/clocks/".count).prefix(36))
    }
}

extension MeetingImporter {
    /// An importer as a process of its own runs it (the CLI): no other writer in it to take turns with.
    init(db: any Database) { self.init(writer: Writer(db: db, gate: nil)) }
}
