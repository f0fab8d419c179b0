import Foundation
import Hummingbird
import Logging
import Prometheus
import Testing
@testable import PeerCircle

@Suite struct OpenAPITests {
    /// Every `/api/v1` route (and the feeds, health and metrics) is in the document and every documented operation is a route.
    @Test func documentAndRouterDescribeTheSameRoutes() async throws {
        // setup
        let database = try AppDatabase(url: .sqlite(path: ":memory:"), logger: Logger(label: "test"))
        let deps = AppDependencies(database: database, configuration: AppConfiguration(), crisisLines: CrisisDirectory(),
                                   now: { Date() }, passwordCost: 4)
        let router = try buildRouter(deps, metrics: PrometheusCollectorRegistry())
        await database.shutdown()
        // MUT
        let routed = Set(router.routes.compactMap { route -> String? in
            let path = route.path.description
            let plain = [MeetingFeedRoutes.path, "/healthz", "/readyz", "/metrics"]
            guard path.hasPrefix("/api/v1") || path.hasPrefix("/calendar/") || plain.contains(path) else { return nil }
            let templated = path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            return "\(route.method.rawValue.lowercased()) /" + templated.joined(separator: "/")
        })
        let document = try JSONSerialization.jsonObject(with: OpenAPIDocument.data) as! [String: Any]
        let paths = document["paths"] as! [String: [String: Any]]
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0) \(path)" } })
        // validate
        #expect(routed.count > 10)
        #expect(routed.subtracting(documented).isEmpty, "routes missing from the document: \(routed.subtracting(documented).sorted())")
        #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
        #expect(document["openapi"] as? String == "3.1.0")
    }

    /// The rules read from the document fail closed, so they must be written right: every operation
    /// says who may call it, and every `x-roles` name is a role.
    @Test func everyOperationSaysWhoMayCallIt() throws {
        let document = try JSONSerialization.jsonObject(with: OpenAPIDocument.data) as! [String: Any]
        let paths = document["paths"] as! [String: [String: Any]]
        var problems: [String] = []
        for (path, operations) in paths {
            for (method, value) in operations {
                guard let operation = value as? [String: Any], let id = operation["operationId"] as? String else { continue }
                if operation["security"] == nil { problems.append("\(method) \(path): no security") }
                // A larger body is read only after the role check: never for a visitor or any member.
                let roles = operation["x-roles"] as? [String] ?? [], security = operation["security"] as? [[String: Any]] ?? []
                if operation["x-max-body-bytes"] != nil && (roles.isEmpty || security.isEmpty || security.contains { $0["bearer"] == nil }) {
                    problems.append("\(id): x-max-body-bytes without a role and a token")
                }
                for role in operation["x-roles"] as? [String] ?? [] where Role(rawValue: role) == nil {
                    problems.append("\(id): x-roles names \(role), which is no role")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems)")
        #expect(OpenAPIDocument.roles(operationID: "listAuditLog") == ["admin"])
        #expect(OpenAPIDocument.maxBody(operationID: "importMeetings") == 4 << 20 && OpenAPIDocument.maxBody(operationID: "changeRole") == 64 << 10)
    }

    @Test func documentIsServed() async throws {
        try await TestApp.run { client in
            let reply = try await client.get("/api/openapi.json")
            #expect(reply.status == .ok)
            #expect(reply.headers[.contentType] == "application/json")
            #expect(try reply.json()["paths"] != nil)
        }
    }

    /// The documented required properties are present in real responses.
    @Test func responsesCarryTheDocumentedRequiredFields() async throws {
        let document = try JSONSerialization.jsonObject(with: OpenAPIDocument.data) as! [String: Any]
        let schemas = (document["components"] as! [String: Any])["schemas"] as! [String: [String: Any]]
        let requiredBySchema = schemas.mapValues { $0["required"] as? [String] ?? [] }
        let required: @Sendable (String) -> [String] = { requiredBySchema[$0] ?? [] }
        try await TestApp.run { client in
            let session = try await client.api(.post, "/api/v1/accounts", json: ["pseudonym": "Documented", "password": "correct horse"])
            client.bearer = try session.json()["token"] as? String
            for key in required("Session") { #expect(try session.json()[key] != nil, "Session.\(key)") }
            let clock = try await client.api(.post, "/api/v1/clocks", json: ["kind": "alcohol", "started_on": "2026-06-01"])
            for key in required("Clock") { #expect(try clock.json()[key] != nil, "Clock.\(key)") }
            let checkIn = try await client.api(.post, "/api/v1/check-ins", json: ["mood": 3, "craving": 1, "sober": "yes"])
            for key in required("CheckIn") { #expect(try checkIn.json()[key] != nil, "CheckIn.\(key)") }
            let history = try await client.api(.get, "/api/v1/check-ins")
            for key in required("CheckInHistory") { #expect(try history.json()[key] != nil, "CheckInHistory.\(key)") }
            let error = try await client.api(.post, "/api/v1/check-ins", json: ["mood": 3, "craving": 1, "sober": "yes"])
            let body = try error.json()["error"] as? [String: Any] ?? [:]
            for key in ["code", "message", "fields"] { #expect(body[key] != nil, "Error.\(key)") }
            let lines = try await client.api(.get, "/api/v1/crisis-lines?country=CA")
            for key in required("CrisisLines") { #expect(try lines.json()[key] != nil, "CrisisLines.\(key)") }
        }
    }
}
