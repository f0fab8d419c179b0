import FluentKit
import Foundation
import HTTPTypes
import Testing
@testable import PeerCircle

/// A third member gets 404 for every route of someone else's mentorship — messages, check-ins,
/// plan, rhythm, answers — on the web and the API; and nothing of the pair's leaks into the page.
@Suite struct MentorshipAuthorizationTests {
    @Test func aThirdMemberGets404ForEveryPairRouteOnWebAndAPI() async throws {
        try await TestApp.run { mentor in
            let profile = try await mentor.becomeMentor("PairMentor")
            let mentee = mentor.another()
            try await mentee.joinBoth("PairMentee")
            let pending = try await mentee.ask(profile, message: "a private hello")
            let third = mentor.another()
            try await third.joinBoth("Outsider")
            // An outsider cannot answer or withdraw someone else's request.
            for action in ["accept", "decline", "withdraw"] {
                #expect(try await third.api(.post, "/api/v1/mentorships/\(pending)/\(action)").status == .notFound, "\(action)")
            }
            #expect(try await third.post("/mentorships/\(pending)/answer?answer=accept", [:]).status == .notFound)
            #expect(try await third.post("/mentorships/\(pending)/withdraw", [:]).status == .notFound)

            _ = try await mentor.api(.post, "/api/v1/mentorships/\(pending)/accept")
            let id = pending
            _ = try await mentee.post("/mentorships/\(id)/messages", ["body": "pair secret"])
            _ = try await mentee.api(.post, "/api/v1/mentorships/\(id)/check-ins", json: ["feeling": 2, "note": "check-in secret"])
            _ = try await mentee.api(.put, "/api/v1/me/recovery-plan", json: ["reasons": ["plan secret"]])
            _ = try await mentee.api(.put, "/api/v1/me/recovery-plan/sharing", json: ["shared": true])

            for path in ["/mentorships/\(id)", "/mentorships/\(id)/plan"] {
                let reply = try await third.get(path)
                #expect(reply.status == .notFound, "GET \(path)")
                #expect(!reply.text.contains("secret"))
            }
            for path in ["/mentorships/\(id)/messages", "/mentorships/\(id)/check-in", "/mentorships/\(id)/rhythm",
                         "/mentorships/\(id)/end", "/mentorships/\(id)/share?scope=clocks", "/mentorships/\(id)/plan",
                         "/mentorships/\(id)/answer?answer=decline", "/mentorships/\(id)/withdraw"] {
                #expect(try await third.post(path, ["body": "x", "feeling": "3", "rhythm": "daily", "goals": "x"]).status == .notFound, "POST \(path)")
            }
            for (method, path) in [(HTTPRequest.Method.get, "/mentorships/\(id)"), (.get, "/mentorships/\(id)/check-ins"),
                                   (.post, "/mentorships/\(id)/check-ins"), (.put, "/mentorships/\(id)/rhythm"),
                                   (.post, "/mentorships/\(id)/end"), (.get, "/mentorships/\(id)/recovery-plan"),
                                   (.put, "/mentorships/\(id)/recovery-plan"), (.get, "/mentorships/\(id)/recovery-plan/versions")] {
                let reply = try await third.api(method, "/api/v1" + path, json: ["feeling": 3, "rhythm": "daily", "note": "x"])
                #expect(reply.status == .notFound, "\(method) \(path)")
                #expect(!reply.text.contains("secret"))
            }
            #expect(try await third.api(.get, "/api/v1/mentorships").jsonList().isEmpty)
            #expect(!(try await third.get("/mentorships").text.contains("PairMentee")))
            // The mentee cannot act as the mentor on their own plan route, either.
            #expect(try await mentee.api(.get, "/api/v1/mentorships/\(id)/recovery-plan").status == .notFound)
            // The pair still works for the pair: nothing above changed anything.
            #expect(try await mentor.api(.get, "/api/v1/mentorships/\(id)/check-ins").jsonList().count == 1)
            #expect(try await mentor.api(.get, "/api/v1/mentorships/\(id)").json()["status"] as? String == "active")
        }
    }

    @Test func mentorOnlyPagesAreHiddenFromOthersAndPausingWorks() async throws {
        try await TestApp.run { member in
            try await member.joinBoth("NotAMentor")
            #expect(try await member.get("/my/mentor-profile").status == .notFound)
            #expect(try await member.post("/my/mentor-profile", ["pathways": "smart_recovery"]).status == .notFound)
            #expect(try await member.post("/my/mentor-profile/pause", [:]).status == .notFound)
            #expect(try await member.api(.get, "/api/v1/me/mentor-profile").status == .notFound)

            let mentor = member.another()
            let profile = try await mentor.becomeMentor("Pauser")
            #expect(try await mentor.post("/my/mentor-profile/pause", [:]).location == "/my/mentor-profile?done=paused")
            let page = try await member.get("/mentors/\(profile)")
            #expect(page.text.contains("taking a break") && !page.text.contains("to mentor me"))
            #expect(try await member.matches().isEmpty)
            _ = try await mentor.post("/my/mentor-profile/pause?resume=1", [:])
            #expect(try await member.matches() == ["Pauser"])
            // A mentor whose role an administrator removes disappears at once.
            let admin = member.another()
            try await admin.joinBoth("Keeper")
            try await admin.grant(.admin, to: "Keeper")
            #expect(try await admin.post("/admin/roles", ["pseudonym": "Pauser", "role": "mentor", "action": "revoke"]).status == .seeOther)
            #expect(try await member.get("/mentors/\(profile)").status == .notFound)
            #expect(try await member.matches().isEmpty)
        }
    }
}

/// The new responses carry what the OpenAPI document says they must.
@Suite struct MentorshipDocumentTests {
    @Test func responsesCarryTheDocumentedRequiredFields() async throws {
        let document = try JSONSerialization.jsonObject(with: OpenAPIDocument.data) as! [String: Any]
        let schemas = (document["components"] as! [String: Any])["schemas"] as! [String: [String: Any]]
        let requiredBySchema = schemas.mapValues { $0["required"] as? [String] ?? [] }
        let required: @Sendable (String) -> [String] = { requiredBySchema[$0] ?? [] }
        try await TestApp.run { mentor in
            let profile = try await mentor.becomeMentor("Documented")
            let seeker = mentor.another()
            try await seeker.joinBoth("Reader")
            try await seeker.trust("Reader")
            let checks: [(String, [String: Any])] = [
                ("MentorProfile", try await seeker.api(.get, "/api/v1/mentors/\(profile)").json()),
                ("Match", try await seeker.api(.post, "/api/v1/mentor-matches", json: [:]).jsonList()[0]),
                ("Mentorship", try await seeker.api(.post, "/api/v1/mentorships", json: ["profile_id": profile]).json()),
                ("Stage", try await seeker.api(.get, "/api/v1/me/stage").json()),
                ("Plan", try await seeker.api(.put, "/api/v1/me/recovery-plan", json: ["reasons": ["kids"]]).json()),
                ("PlanVersion", try await seeker.api(.get, "/api/v1/me/recovery-plan/versions").jsonList()[0]),
                ("Message", try await seeker.api(.post, "/api/v1/conversations", json: ["to": "Documented", "body": "hi"]).jsonList()[0]),
                ("Conversation", try await mentor.api(.get, "/api/v1/conversations").jsonList()[0]),
                ("Block", try await mentor.api(.post, "/api/v1/blocks", json: ["pseudonym": "Reader"]).json()),
            ]
            for (schema, body) in checks {
                #expect(!required(schema).isEmpty, "\(schema) documents its required fields")
                for key in required(schema) { #expect(body[key] != nil, "\(schema).\(key)") }
            }
        }
    }
}
