import Foundation
import Testing
@testable import PeerCircle

/// Recovery plans: the text form, versions with what changed, and sharing with a mentor.
@Suite struct PlanTests {
    @Test func theTextFormReadsGoalsTriggersAndPeopleAndRoundTrips() throws {
        let fields = PlanText.Fields(
            goals: "Ninety meetings in ninety days by 2026-09-13\n- find a home group\n- get phone numbers\n\nSleep better",
            triggers: "Payday: call Sam; go to the evening meeting\nSunday afternoons",
            warningSigns: "Skipping meals\nIsolating",
            people: "Sam (sponsor): 555-0100\nMy sister",
            reasons: "My kids")
        let plan = try PlanText.parse(fields)
        #expect(plan.goals == [.init(title: "Ninety meetings in ninety days", steps: ["find a home group", "get phone numbers"], by: "2026-09-13"),
                               .init(title: "Sleep better")])
        #expect(plan.triggers[0] == .init(trigger: "Payday", coping: ["call Sam", "go to the evening meeting"]))
        #expect(plan.people == [.init(name: "Sam (sponsor)", contact: "555-0100"), .init(name: "My sister")])
        #expect(try PlanText.parse(PlanText.format(plan)) == plan)
        #expect(throws: AppError.self) { try PlanText.parse(.init(goals: "Stay well by 2026-13-45")) }
        #expect(throws: AppError.self) { try PlanText.parse(.init(reasons: String(repeating: "x", count: 301))) }
        // "by" in a title is only a date when it is one.
        #expect(try PlanText.parse(.init(goals: "Stand by me")).goals[0].title == "Stand by me")
    }

    @Test func everySaveIsAVersionWithWhatChangedAndAMentorHelpsOnlyWhenShared() async throws {
        try await TestApp.run { mentor in
            let profile = try await mentor.becomeMentor("PlanCoach")
            let mentee = mentor.another()
            try await mentee.joinBoth("Planner")
            #expect(try await mentee.post("/my/plan/edit", ["goals": "Go to meetings", "triggers": "Payday: call Sam", "reasons": "My kids"]).status == .seeOther)
            #expect(try await mentee.post("/my/plan/edit", ["goals": "Go to meetings", "triggers": "Payday: call Sam; walk", "reasons": "My kids"]).status == .seeOther)
            // Saving the same plan again makes no new version.
            _ = try await mentee.post("/my/plan/edit", ["goals": "Go to meetings", "triggers": "Payday: call Sam; walk", "reasons": "My kids"])
            let versions = try await mentee.api(.get, "/api/v1/me/recovery-plan/versions").jsonList()
            #expect(versions.map { $0["number"] as? Int } == [2, 1])
            let history = try await mentee.get("/my/plan/versions")
            #expect(history.text.contains("+ Payday: call Sam; walk") && history.text.contains("− Payday: call Sam"))
            // Bad input re-renders with the text and the reason; nothing saved.
            let bad = try await mentee.post("/my/plan/edit", ["goals": "Quit by 2026-02-31x", "reasons": String(repeating: "r", count: 400)])
            #expect(bad.status == .unprocessableContent && bad.text.contains("under 300 characters"))
            #expect(try await mentee.api(.get, "/api/v1/me/recovery-plan").json()["version"] as? Int == 2)
            let badJSON = try await mentee.api(.put, "/api/v1/me/recovery-plan", json: ["goals": [["title": "x", "by": "soon"]]])
            #expect(badJSON.status == .unprocessableContent && badJSON.errorField == "goals")

            let id = try await mentee.ask(profile)
            _ = try await mentor.api(.post, "/api/v1/mentorships/\(id)/accept")
            #expect(try await mentor.api(.get, "/api/v1/mentorships/\(id)/recovery-plan").status == .notFound)
            #expect(try await mentor.get("/mentorships/\(id)/plan").status == .notFound)
            _ = try await mentee.api(.put, "/api/v1/me/recovery-plan/sharing", json: ["shared": true])
            let seen = try await mentor.api(.get, "/api/v1/mentorships/\(id)/recovery-plan").json()
            #expect((seen["plan"] as? [String: Any])?["reasons"] as? [String] == ["My kids"])
            // The mentor edits with them: a new version, authored by the mentor.
            #expect(try await mentor.post("/mentorships/\(id)/plan", ["goals": "Go to meetings\n- Tuesday step study", "triggers": "Payday: call Sam; walk",
                                                                       "reasons": "My kids"]).status == .seeOther)
            let latest = try await mentee.api(.get, "/api/v1/me/recovery-plan/versions").jsonList()[0]
            #expect(latest["number"] as? Int == 3 && latest["author"] as? String == "PlanCoach")
            #expect(try await mentee.get("/my/plan").text.contains("Tuesday step study"))
            // Unshared or ended: gone again for the mentor.
            _ = try await mentee.api(.put, "/api/v1/me/recovery-plan/sharing", json: ["shared": false])
            #expect(try await mentor.api(.get, "/api/v1/mentorships/\(id)/recovery-plan").status == .notFound)
            _ = try await mentee.api(.put, "/api/v1/me/recovery-plan/sharing", json: ["shared": true])
            _ = try await mentee.api(.post, "/api/v1/mentorships/\(id)/end", json: [:])
            #expect(try await mentor.api(.get, "/api/v1/mentorships/\(id)/recovery-plan/versions").status == .notFound)
            // The print page hides everything but the plan.
            #expect(try await mentee.get("/assets/site.css").text.contains("@media print"))
        }
    }
}
