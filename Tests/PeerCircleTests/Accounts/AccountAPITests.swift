import Foundation
import Synchronization
import Testing
@testable import PeerCircle

@Suite struct AccountAPITests {
    @Test func clientJoinsLogsInAndReadsItsAccount() async throws {
        try await TestApp.run { client in
            let name = try await client.joinAPI()
            let me = try await client.api(.get, "/api/v1/me")
            #expect(me.status == .ok)
            #expect(try me.json()["pseudonym"] as? String == name)
            #expect(try me.json()["roles"] as? [String] == ["member"])
            #expect(try me.json()["password_hash"] == nil)

            let other = client.another()
            let login = try await other.api(.post, "/api/v1/sessions", json: ["pseudonym": name, "password": "correct horse"])
            #expect(login.status == .created)
            other.bearer = try login.json()["token"] as? String
            #expect(try await other.api(.get, "/api/v1/me").status == .ok)

            #expect(try await other.api(.delete, "/api/v1/sessions/current").status == .noContent)
            let after = try await other.api(.get, "/api/v1/me")
            #expect(after.status == .unauthorized)
            #expect(after.errorCode == "unauthenticated")
        }
    }

    @Test func aWebSessionCookieDoesNotAuthenticateTheAPI() async throws {
        try await TestApp.run { browser in
            try await browser.join()
            #expect(try await browser.api(.get, "/api/v1/me").status == .unauthorized)
        }
    }

    @Test func malformedJSONAndWrongTypesNameTheProblem() async throws {
        try await TestApp.run { client in
            let broken = try await client.api(.post, "/api/v1/accounts", raw: "{\"pseudonym\": ")
            #expect(broken.status == .badRequest)
            #expect(broken.errorCode == "malformed_json")
            let missing = try await client.api(.post, "/api/v1/accounts", json: ["pseudonym": "Someone"])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.errorField == "password")
            let wrongType = try await client.api(.post, "/api/v1/accounts", json: ["pseudonym": 5, "password": "correct horse"])
            #expect(wrongType.status == .unprocessableContent)
            #expect(wrongType.errorField == "pseudonym")
            let empty = try await client.api(.post, "/api/v1/accounts", json: ["pseudonym": "", "password": "correct horse"])
            #expect(empty.status == .unprocessableContent)
            #expect(empty.errorField == "pseudonym")
        }
    }

    @Test func unknownTimeZoneIsRefusedAndTheOldOneKept() async throws {
        try await TestApp.run { client in
            try await client.joinAPI()
            let bad = try await client.api(.patch, "/api/v1/me", json: ["time_zone": "Atlantis/Capital"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.errorField == "time_zone")
            #expect(try await client.api(.get, "/api/v1/me").json()["time_zone"] as? String == "UTC")
            let good = try await client.api(.patch, "/api/v1/me", json: ["time_zone": "America/Chicago", "country": "us"])
            #expect(good.status == .ok)
            #expect(try good.json()["time_zone"] as? String == "America/Chicago")
            #expect(try good.json()["country"] as? String == "US")
        }
    }

    @Test func adminCommandCreatesAnAdministratorOnce() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("admin-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = AppConfiguration(database: .sqlite(path: path))
        #expect(try await PeerCircleAdmin.createAdmin(name: "Coordinator", password: "long enough pw", configuration: configuration))
        #expect(try await !PeerCircleAdmin.createAdmin(name: "coordinator", password: "ignored pw", configuration: configuration))
        await #expect(throws: ConfigurationError.self) {
            _ = try await PeerCircleAdmin.createAdmin(name: "x", password: "short", configuration: configuration)
        }
    }

    @Test func sessionsLiveInTheDatabaseAndSurviveARestart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("restart-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let token = Mutex<String?>(nil)
        try await TestApp.run(configure: { $0.database = .sqlite(path: path) }) { client in
            try await client.joinAPI("Survivor")
            token.withLock { $0 = client.bearer }
        }
        // A new application on the same database: the token still works.
        try await TestApp.run(configure: { $0.database = .sqlite(path: path) }) { client in
            client.bearer = token.withLock { $0 }
            let me = try await client.api(.get, "/api/v1/me")
            #expect(me.status == .ok)
            #expect(try me.json()["pseudonym"] as? String == "Survivor")
        }
    }
}
