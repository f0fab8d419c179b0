import FluentKit
import Foundation
import Hummingbird
import Prometheus
import SQLKit
import Testing
@testable import PeerCircle

/// Issue 10: for every route that takes an id — read from the router, so new routes are covered
/// without anyone remembering to — another member gets 404 and a visitor 401 (API) or the login
/// page (web) for a member's private things, whatever the method, and nothing changes.
@Suite struct AuthorizationMatrixTests {
    struct Route: Sendable { let method: HTTPRequest.Method; let path: String }

    static func idRoutes() async throws -> [Route] {
        var routes: [Route] = []
        try await TestApp.withDatabase { database in
            let deps = AppDependencies(database: database, configuration: AppConfiguration(), crisisLines: try CrisisDirectory(file: nil),
                                       now: { Date() }, passwordCost: 4)
            routes = try buildRouter(deps, metrics: PrometheusCollectorRegistry()).routes.compactMap { route in
                let path = route.path.description
                let params = path.split(separator: "/").filter { $0.hasPrefix(":") || $0.hasPrefix("{") }
                return params.count == 1 ? Route(method: route.method, path: path) : nil
            }
        }
        return routes
    }

    /// Private tables and the column naming their owner: what another member must never reach.
    static let privateTables: [(table: String, owner: String)] = [
        ("clocks", "owner_id"), ("check_ins", "owner_id"), ("recovery_plans", "owner_id"), ("sharing_grants", "owner_id"),
        ("circle_members", "owner_id"), ("conversations", "started_by"), ("support_alerts", "member_id"),
        ("attendances", "user_id"), ("recovery_stages", "user_id"), ("assessments", "owner_id"), ("daily_pledges", "owner_id"),
        ("outreach_consents", "user_id"), ("notifications", "user_id"), ("data_exports", "user_id"),
        ("push_subscriptions", "user_id"),
    ]

    /// Routes whose id names the *other* side of one of the caller's own relations (whom I blocked,
    /// which meeting I saved): removing one that does not exist is an idempotent 204 that changes
    /// nothing — the fingerprint below checks that.
    static let ownRelations: Set<String> = ["/api/v1/blocks/{id}", "/api/v1/me/meetings/{id}"]
    /// Routes that name another member as one's own relation (muting them): exempt only for a
    /// member's id — with the id of anything else they must still answer 404.
    static let memberRelations: Set<String> = ["/api/v1/me/mutes/{id}"]

    struct Row: Decodable { let id: UUID }
    struct Count: Decodable { let n: Int }

    @Test func anotherMemberAndAVisitorReachNothingPrivateThroughAnyRoute() async throws {
        let routes = try await Self.idRoutes()
        #expect(routes.count > 60)
        try await TestApp.run { owner in
            // setup: the owner has one of many private things.
            let ownerName = try await owner.joinBoth("Matrix Owner")
            try await owner.grant(.mentor, to: ownerName)  // may write to anyone
            let friend = owner.another()
            let friendName = try await friend.joinBoth("Matrix Friend")
            let clock = try await owner.api(.post, "/api/v1/clocks", json: ["kind": "alcohol", "label": "Private", "started_on": "2026-06-01"])
            let clockID = try clock.json()["id"] as? String ?? ""
            _ = try await owner.api(.post, "/api/v1/check-ins", json: ["mood": 2, "craving": 5, "sober": "yes", "note": "private note"])
            _ = try await owner.api(.put, "/api/v1/me/recovery-plan", json: ["reasons": ["my kids"]])
            _ = try await owner.api(.post, "/api/v1/grants", json: ["grantee": friendName, "scope": "clock", "item_id": clockID, "purpose": "support"])
            _ = try await owner.api(.post, "/api/v1/circle/invitations", json: ["pseudonym": friendName])
            let conversation = try await owner.api(.post, "/api/v1/conversations", json: ["to": friendName, "body": "hello friend"])
            // The friend answers: the owner has a notification of it.
            _ = try await friend.api(.post, "/api/v1/conversations/\(try conversation.json()["id"] as? String ?? "")/messages", json: ["body": "hi back"])
            _ = try await owner.api(.post, "/api/v1/sos", json: ["need": "talk"])
            _ = try await owner.api(.put, "/api/v1/me/stage", json: ["stage": "action"])
            _ = try await owner.api(.post, "/api/v1/me/assessments", json: ["instrument": "gad7", "answers": [1, 2, 1, 0, 0, 3, 1]])
            _ = try await owner.post("/today/pledge", [:])
            _ = try await owner.post("/my/engagement/outreach", [("opt_in", "yes"), ("quiet_days", "7")])
            _ = try await owner.post("/my/data", [("password", "correct horse")])
            // The copy is built in the background and then told of: settled before the fingerprint.
            for _ in 0..<100 where try await MemberNotification.query(on: owner.database.db).filter(\.$kind == .exportReady).count() == 0 {
                try await Task.sleep(for: .milliseconds(50))
            }
            let sql = try owner.database.sql
            let ownerID = try #require(try await User.query(on: owner.database.db).filter(\.$pseudonymKey == User.key(for: ownerName)).first()?.requireID())
            // A device with pushes on, written as the settings page would (no push service is reached).
            let device = PushSubscription()
            device.$user.id = ownerID
            device.$session.id = try #require(try await Session.query(on: owner.database.db).filter(\.$user.$id == ownerID).first()?.requireID())
            (device.endpoint, device.p256dh, device.auth, device.device, device.createdAt) = ("https://fcm.googleapis.com/fcm/send/x", "k", "a", "A browser", Date())
            try await device.create(on: owner.database.db)
            var ids: [UUID] = []
            for (table, column) in Self.privateTables {
                ids += try await sql.raw("SELECT id FROM \(ident: table) WHERE \(ident: column) = \(bind: ownerID)").all(decoding: Row.self).map(\.id)
            }
            #expect(ids.count >= 10, "the setup made private things")
            // Routes that name a member (outreach) are tried with the owner's own id too.
            ids.append(ownerID)
            func fingerprint() async throws -> [Int] {
                var counts: [Int] = []
                for (table, column) in Self.privateTables {
                    counts.append(try await sql.raw("SELECT count(*) AS n FROM \(ident: table) WHERE \(ident: column) = \(bind: ownerID)").first(decoding: Count.self)?.n ?? -1)
                }
                return counts
            }
            let before = try await fingerprint()

            let other = owner.another()
            _ = try await other.joinBoth("Matrix Other")
            let visitor = owner.another()
            for route in routes {
                let isAPI = route.path.hasPrefix("/api/")
                for id in ids {
                    let own = Self.ownRelations.contains(route.path) || (id == ownerID && Self.memberRelations.contains(route.path))
                    let path = route.path.split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("{") ? id.uuidString.lowercased() : String($0) }
                        .joined(separator: "/")
                    let uri = "/" + path
                    // MUT: another member.
                    let reply: Reply
                    if isAPI {
                        reply = try await other.api(route.method, uri, json: route.method == .get || route.method == .delete ? nil : [String: String]())
                    } else if route.method == .get {
                        reply = try await other.get(uri)
                    } else {
                        reply = try await other.post(uri, [(String, String)]())
                    }
                    // validate
                    #expect(reply.status != .internalServerError, "\(route.method) \(route.path) answered 500")
                    if route.method == .get || (route.method == .delete && !own) {
                        #expect(reply.status == .notFound, "\(route.method) \(route.path) gave another member \(reply.status)")
                    } else if !own {
                        #expect(!(200..<300).contains(reply.status.code), "\(route.method) \(route.path) accepted another member's request")
                    }
                    // MUT: a visitor.
                    let anonymous: Reply = isAPI ? try await visitor.api(route.method, uri) : try await visitor.get(uri)
                    #expect(anonymous.status != .internalServerError)
                    #expect(!(200..<300).contains(anonymous.status.code) || !isAPI && route.method != .get,
                            "\(route.method) \(route.path) answered a visitor \(anonymous.status)")
                }
            }
            #expect(try await fingerprint() == before, "nothing of the owner's changed")
            // The owner still reaches their own things (the matrix is not just everything-404).
            #expect(try await owner.api(.get, "/api/v1/clocks/\(clockID)").status == .ok)
        }
    }
}
