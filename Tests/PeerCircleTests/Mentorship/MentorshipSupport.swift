import FluentKit
import Foundation
import Testing
@testable import PeerCircle

extension Client {
    /// Joins on the web and also holds an API token, so a test can use either.
    @discardableResult
    func joinBoth(_ pseudonym: String) async throws -> String {
        try await join(pseudonym)
        bearer = try await api(.post, "/api/v1/sessions", json: ["pseudonym": pseudonym, "password": "correct horse"]).json()["token"] as? String
        return pseudonym
    }

    /// Logs in again on the web and the API (after the test clock moved past the sessions' life).
    func logInAgain(_ pseudonym: String) async throws {
        try await post("/login", ["pseudonym": pseudonym, "password": "correct horse"])
        bearer = try await api(.post, "/api/v1/sessions", json: ["pseudonym": pseudonym, "password": "correct horse"]).json()["token"] as? String
    }

    /// Sets a member's trust level as a moderator would (messaging strangers needs level 1).
    func trust(_ pseudonym: String, level: Int = 1) async throws {
        let user = try #require(try await User.query(on: database.db).filter(\.$pseudonymKey == User.key(for: pseudonym)).first())
        let standing = MemberStanding()
        standing.$user.id = try user.requireID()
        standing.trustOverride = level
        try await standing.create(on: database.db)
    }

    /// A member with the mentor role and a published profile; returns the profile id.
    func becomeMentor(_ pseudonym: String, _ profile: [String: Any] = [:]) async throws -> String {
        try await joinBoth(pseudonym)
        try await grant(.mentor, to: pseudonym)
        var body: [String: Any] = ["experiences": ["alcohol"], "pathways": ["smart_recovery"], "languages": ["en"],
                                   "time_zone": "UTC", "availability": ["mon-evening", "wed-evening"], "capacity": 2,
                                   "recovery_range": "2_5"]
        body.merge(profile) { $1 }
        let reply = try await api(.put, "/api/v1/me/mentor-profile", json: body)
        #expect(reply.status == .ok, "profile: \(reply.text)")
        return try reply.json()["id"] as? String ?? ""
    }

    /// Asks for a mentor through the API; returns the mentorship id.
    func ask(_ profile: String, message: String = "Hello") async throws -> String {
        let reply = try await api(.post, "/api/v1/mentorships", json: ["profile_id": profile, "message": message])
        #expect(reply.status == .created, "request: \(reply.text)")
        return try reply.json()["id"] as? String ?? ""
    }

    func matches(_ body: [String: Any] = ["experiences": ["alcohol"], "languages": ["en"]]) async throws -> [String] {
        try await api(.post, "/api/v1/mentor-matches", json: body).jsonList().compactMap { $0["mentor"] as? String }
    }
}

extension Reply {
    func jsonList() throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
    }
}
