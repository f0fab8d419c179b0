import Foundation
import Hummingbird
import HummingbirdCore

/// The OpenAPI 3.1 description of `/api/v1`, kept as a JSON file beside the code
/// (`Resources/openapi.json`); a test fails when it and the router disagree.
enum OpenAPIDocument {
    static let data: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url)
        else { return Data("{}".utf8) }
        return data
    }()

    static var response: Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension OpenAPIDocument {
    private struct QueryRule: Sendable {
        let name: String
        let type: String?
        let values: [String]?

        func fits(_ value: String) -> Bool {
            switch type {
            case "integer": Int(value) != nil
            case "number": Double(value).map(\.isFinite) ?? false
            case "boolean": value == "true" || value == "false"
            default: values.map { $0.contains(value) } ?? true
            }
        }
    }

    private struct OperationRules: Sendable {
        var query: [QueryRule] = []
        var signIn = false
        /// `x-roles`: the caller needs one of these; empty for any member. Kept as written, so a name
        /// that is no role lets nobody in rather than everybody.
        var roles: [String] = []
        /// `x-max-body-bytes`: a larger body than the usual 64 KiB (a meeting feed).
        var maxBody: Int?
    }

    /// Each operation's query parameters and whether it needs a signed-in caller, read from the document once.
    private static let rules: [String: OperationRules] = {
        guard let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let paths = document["paths"] as? [String: [String: Any]] else { return [:] }
        // Fail closed: an operation that says nothing about security needs a signed-in caller.
        let everywhere = document["security"] as? [[String: Any]] ?? [["bearer": [String]()]]
        var found: [String: OperationRules] = [:]
        for operation in paths.values.flatMap(\.values).compactMap({ $0 as? [String: Any] }) {
            guard let id = operation["operationId"] as? String else { continue }
            let query = (operation["parameters"] as? [[String: Any]] ?? []).filter { $0["in"] as? String == "query" }.compactMap { p in
                let schema = p["schema"] as? [String: Any] ?? [:]
                return (p["name"] as? String).map { QueryRule(name: $0, type: schema["type"] as? String, values: schema["enum"] as? [String]) }
            }
            // A requirement that lists nothing (`{}`) lets a visitor in; so does no requirement at all.
            let security = operation["security"] as? [[String: Any]] ?? everywhere
            let roles = operation["x-roles"] as? [String] ?? []
            found[id] = OperationRules(query: query, signIn: !security.isEmpty && !security.contains { $0.isEmpty }, roles: roles,
                                       maxBody: operation["x-max-body-bytes"] as? Int)
        }
        return found
    }()

    /// Whether the document asks for a signed-in caller (a bearer token) for this operation.
    static func requiresSignIn(operationID: String) -> Bool {
        rules[operationID]?.signIn ?? true
    }

    /// The roles the document names for an operation (`x-roles`), one of which the caller needs.
    static func roles(operationID: String) -> [String] {
        rules[operationID]?.roles ?? []
    }

    /// The largest body an operation takes: 64 KiB unless the document says more (`x-max-body-bytes`).
    static func maxBody(operationID: String) -> Int {
        rules[operationID]?.maxBody ?? Request.maxJSONBody
    }

    /// Whether `member` holds a role the operation names (`x-roles`), or it names none.
    static func allows(_ member: Member, operationID: String) -> Bool {
        let roles = roles(operationID: operationID)
        return roles.isEmpty || roles.contains { Role(rawValue: $0).map(member.has) ?? false }
    }

    /// The first query parameter of an operation whose value its schema cannot take — to name the
    /// field when the generated decoder refuses a query without saying which value it was.
    static func unreadableQueryParameter(operationID: String, query: FlatDictionary<Substring, Substring>) -> String? {
        (rules[operationID]?.query ?? []).first { rule in query[Substring(rule.name)].map { !rule.fits(String($0)) } ?? false }?.name
    }
}
