import Foundation
import Testing
@testable import PeerCircle

@Suite struct RoleAdminTests {
    @Test func administratorsGiveAndTakeRolesAndNobodyElseSeesThePage() async throws {
        try await TestApp.run { admin in
            try await admin.joinBoth("Boss")
            try await admin.grant(.admin, to: "Boss")
            let member = admin.another()
            try await member.joinBoth("Helper")
            #expect(try await member.get("/admin/roles").status == .notFound)
            #expect(try await member.post("/admin/roles", ["pseudonym": "Helper", "role": "admin"]).status == .notFound)

            let bad = try await admin.post("/admin/roles", ["pseudonym": "Nobody Here", "role": "wizard"])
            #expect(bad.status == .unprocessableContent && bad.text.contains("No member has that pseudonym") && bad.text.contains("Nobody Here"))
            let selfRevoke = try await admin.post("/admin/roles", ["pseudonym": "Boss", "role": "admin", "action": "revoke"])
            #expect(selfRevoke.status == .unprocessableContent)

            #expect(try await admin.post("/admin/roles", ["pseudonym": "helper", "role": "mentor", "action": "grant"]).status == .seeOther)
            #expect(try await admin.get("/admin/roles").text.contains("Helper: Mentor"))
            #expect(try await member.get("/my/mentor-profile").status == .ok)
            #expect(try await admin.post("/admin/roles", ["pseudonym": "Helper", "role": "mentor", "action": "revoke"]).status == .seeOther)
            #expect(try await member.get("/my/mentor-profile").status == .notFound)
        }
    }
}
