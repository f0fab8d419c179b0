import Foundation
import PeerCircleClient
import Testing
@testable import PeerCircle

/// The same rule answered the same way on the web and over the API, because both ask the one
/// service that holds it: what a member may not see is not found (404) on both; what is wrong in
/// their input names the field (422) on both; a block refuses the same way on both.
@Suite struct RuleParityTests {
    @Test func roleRulesAreNotFoundOnTheWebAndTheAPIAlike() async throws {
        try await TestApp.run { member in
            try await member.join("Plain Member")
            let app = member.another()
            try await app.joinAPI("Plain App")
            let api = app.app.api
            let web: [String: Int] = [
                "moderation queue": Int(try await member.get(SiteURL.moderation.path).status.code),
                "audit log": Int(try await member.get(SiteURL.auditLog.path).status.code),
                "safety figures": Int(try await member.get(SiteURL.adminSafety.path).status.code),
                "crisis reviews": Int(try await member.get(SiteURL.crisisReviews.path).status.code),
                "on-call hours": Int(try await member.post(SiteURL.responderHours.path, ["time_zone": "UTC"]).status.code),
            ]
            var apiStatus: [String: Int] = [:]
            if case .notFound = try await api.getModerationQueue() { apiStatus["moderation queue"] = 404 }
            if case .notFound = try await api.listAuditLog() { apiStatus["audit log"] = 404 }
            if case .notFound = try await api.getSafetyStats() { apiStatus["safety figures"] = 404 }
            if case .notFound = try await api.listCrisisReviews() { apiStatus["crisis reviews"] = 404 }
            if case .notFound = try await api.setResponderHours(body: .json(.init(availability: [], timeZone: "UTC"))) { apiStatus["on-call hours"] = 404 }
            #expect(web.values.allSatisfy { $0 == 404 }, "web: \(web)")
            #expect(apiStatus == web, "API: \(apiStatus), web: \(web)")
        }
    }

    @Test func inputRulesNameTheSameFieldOnTheWebAndTheAPI() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { member in
            try await member.join("Web Writer")
            let app = member.another()
            try await app.joinAPI("App Writer")
            // A plan line over 300 characters.
            let long = String(repeating: "x", count: 301)
            let form = try await member.post(SiteURL.myPlanEdit.path, ["reasons": long])
            #expect(form.status == .unprocessableContent && form.text.contains(long))
            guard case .unprocessableContent(let refused) = try await app.app.api.setRecoveryPlan(body: .json(.init(reasons: [long]))) else {
                Issue.record("the API kept a 301-character line"); return
            }
            #expect(try refused.body.json.error.field == "reasons")
            #expect(form.text.contains(#"id="reasons-error""#) || form.text.contains("Keep each line under 300 characters"))
            // A history window outside 1…366 days.
            let page = try await member.get(SiteURL.checkIns(days: nil).path + "?days=400")
            guard case .unprocessableContent(let window) = try await app.app.api.listCheckIns(query: .init(days: 400)) else {
                Issue.record("the API read 400 days"); return
            }
            #expect(try window.body.json.error.field == "days")
            #expect(page.status == .unprocessableContent)
        }
    }

    @Test func aBlockRefusesAMessageTheSameWayOnBoth() async throws {
        try await TestApp.run { blocker in
            try await blocker.joinAPI("Blocker Bea")
            let web = blocker.another()
            try await web.join("Web Wes")
            let app = blocker.another()
            try await app.joinAPI("App Ari")
            for name in ["Web Wes", "App Ari"] {
                try await blocker.trust(name)  // past the new-member limit, so the block is what refuses
                _ = try await blocker.app.api.createBlock(body: .json(.init(pseudonym: name))).created
            }
            let form = try await web.post(SiteURL.messages.path, ["to": "Blocker Bea", "body": "hello"])
            guard case .conflict(let refused) = try await app.app.api.startConversation(body: .json(.init(body: "hello", to: "Blocker Bea"))) else {
                Issue.record("the API let a blocked member write"); return
            }
            #expect(form.status == .conflict && form.text.contains("You can&#39;t message this member") || form.text.contains("You can't message this member"))
            #expect(try refused.body.json.error.code == "blocked" && refused.body.json.error.field == "to")
            #expect(try await blocker.app.api.listConversations().ok.body.json.isEmpty)
        }
    }
}
