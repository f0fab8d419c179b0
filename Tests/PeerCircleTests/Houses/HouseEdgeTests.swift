import FluentKit
import Foundation
import Testing
@testable import PeerCircle

/// The edges a review found in the house's life: days that change what someone is to the house, rules
/// that change while a vote is under way, and plans called off.
@Suite struct HouseEdgeTests {
    static let settings: [(String, String)] = [("admission", "lead"), ("threshold", "80"), ("quorum", "50"), ("vote_days", "3"),
                                               ("arrears_limit", "100"), ("relapse_policy", ""), ("agreement", "")]

    @Test func aNewMeetingDayNeverTakesAMeetingAlreadyHeldToday() async throws {
        let clock = ManualClock(instant("2026-06-21T18:00:00Z"))  // a Sunday: the meeting day
        try await TestApp.run(now: clock) { admin in
            let h = try await HouseApplicationTests.house(admin, residents: ["Rae One", "Rae Two"])
            try await HouseLivingTests.elect(h, "secretary", "Rae One")
            #expect(try await h.residents[1].post("/houses/\(h.id)/motions", ["motion": "Buy a kettle", "majority": "simple"]).status == .seeOther)
            let meeting = try #require(try await HouseMeeting.query(on: admin.database.db).first())
            #expect(meeting.heldOn == "2026-06-21")
            #expect(try await h.residents[0].post("/house-meetings/\(try meeting.requireID())/minutes", ["minutes": "We met and agreed."]).status == .seeOther)
            #expect(try await h.lead.post("/houses/\(h.id)/settings", Self.settings + [("meeting_weekday", "2")]).status == .seeOther)
            let kept = try #require(try await HouseMeeting.find(try meeting.requireID(), on: admin.database.db))
            #expect(kept.heldOn == "2026-06-21" && kept.minutes == "We met and agreed.")
            #expect(try await h.residents[1].get("/houses/\(h.id)/meetings").text.contains("Next meeting: Tuesday 23 June 2026"))
        }
    }

    @Test func aMotionIsVotedByThoseLivingThereWhenItWasMovedUnderTheRulesThen() async throws {
        let clock = ManualClock(HouseApplicationTests.start)
        try await TestApp.run(now: clock) { admin in
            let h = try await HouseApplicationTests.house(admin, residents: ["Rae One", "Rae Two", "Rae Three", "Rae Four"])  // quorum 50 %
            try await HouseLivingTests.elect(h, "president", "Rae One")
            #expect(try await h.residents[0].post("/houses/\(h.id)/motions", ["motion": "Quiet after ten", "majority": "simple"]).status == .seeOther)
            let motion = try #require(try await HouseMotion.query(on: admin.database.db).first()).requireID()
            #expect(try await h.residents[0].post("/house-motions/\(motion)/vote?choice=yes", [:]).status == .seeOther)
            // The quorum lowered afterwards does not make one vote of four enough.
            #expect(try await h.lead.post("/houses/\(h.id)/settings", Self.settings.map { $0.0 == "quorum" ? ("quorum", "1") : $0 } + [("meeting_weekday", "0")])
                .status == .seeOther)
            let newcomer = admin.another()
            try await newcomer.join("Nell Newcomer")
            clock.advance(seconds: 86_400)
            #expect(try await h.lead.post("/houses/\(h.id)/residents", ["pseudonym": "Nell Newcomer", "moved_in_on": "2026-06-16"]).status == .seeOther)
            let late = try await newcomer.post("/house-motions/\(motion)/vote?choice=yes", [:])
            #expect(late.status == .unprocessableContent && late.text.contains("Only residents who lived here when it was moved vote on it"))
            #expect(try await h.residents[0].post("/house-motions/\(motion)/close", [:]).status == .seeOther)
            #expect(try await h.residents[1].get("/houses/\(h.id)/meetings").text.contains("no decision: too few voted (1 of 4 residents)"))
        }
    }

    @Test func anOfferLapsesAndAMoveInCalledOffByTheLeadIsExplained() async throws {
        let clock = ManualClock(HouseApplicationTests.start)
        try await TestApp.run(now: clock) { admin in
            let h = try await HouseApplicationTests.house(admin, residents: ["Rae One"], admission: "lead")
            let applicant = admin.another()
            try await applicant.join("Ana Applicant")
            #expect(try await HouseApplicationTests.apply(applicant, to: h.id).status == .seeOther)
            var app = try await HouseApplicationTests.applicationID(admin)
            #expect(try await h.lead.post("/house-applications/\(app)/decide", ["accept": "yes"]).status == .seeOther)
            #expect(try await applicant.get("/houses/\(h.id)").text.contains("Hidden Lane"))
            clock.advance(seconds: 31 * 86_400)
            try await HouseLivingTests.signIn(applicant, "Ana Applicant")
            try await HouseLivingTests.signIn(h.lead, "Lee Lead")
            #expect(try await applicant.get("/houses/\(h.id)/application").text.contains("the offer lapsed after 30 days"))
            #expect(!(try await applicant.get("/houses/\(h.id)").text.contains("Hidden Lane")))
            #expect(try await applicant.post("/houses/\(h.id)/application/confirm", ["move_in_on": "2026-07-20", "accept": "1"]).status == .notFound)
            // They apply again, are offered a place, confirm a later day — and the lead has to call it off.
            #expect(try await applicant.post("/houses/\(h.id)/apply", ["move_in_wanted": "2026-07-25", "needs": "Still looking for a steady home.",
                                                                        "on_mat": "not_said"]).status == .seeOther)
            app = try await HouseApplicationTests.applicationID(admin)
            #expect(try await h.lead.post("/house-applications/\(app)/decide", ["accept": "yes"]).status == .seeOther)
            #expect(try await applicant.post("/houses/\(h.id)/application/confirm", ["move_in_on": "2026-07-25", "accept": "1"]).status == .seeOther)
            let officer = try await h.lead.post("/houses/\(h.id)/officers", ["office": "treasurer", "pseudonym": "Ana Applicant"])
            #expect(officer.status == .unprocessableContent)  // not living there yet
            #expect(try await HouseApplicationTests.apply(applicant, to: h.id).status == .unprocessableContent)  // moving in already
            let user = try await HouseTests.userID("Ana Applicant", admin)
            #expect(try await h.lead.post("/houses/\(h.id)/residents/move-out", ["user": user, "moved_out_on": "2026-07-16",
                                                                                 "reason": "A burst pipe: the room is not ready. We will call you."]).status == .seeOther)
            let told = try await applicant.get("/houses/\(h.id)/application").text
            #expect(told.contains("A burst pipe: the room is not ready") && told.contains("not a judgment of you"))
            #expect(try await HouseResident.query(on: admin.database.db).filter(\.$user.$id == (try #require(UUID(uuidString: user)))).count() == 0)
        }
    }
    @Test func aResidentOfficerSaysTheBedsFreeAndAPlainResidentCannot() async throws {
        try await TestApp.run(now: ManualClock(HouseApplicationTests.start)) { admin in
            let h = try await HouseApplicationTests.house(admin, residents: ["Rae One", "Rae Two"])
            try await HouseLivingTests.elect(h, "president", "Rae One")
            #expect(try await h.residents[1].post("/houses/\(h.id)/vacancies", ["vacancies": "0"]).status == .notFound)
            #expect(!(try await h.residents[1].get("/houses/\(h.id)").text.contains("name=\"vacancies\"")))
            let page = try await h.residents[0].get("/houses/\(h.id)").text
            #expect(page.contains("name=\"vacancies\"") && !page.contains("Edit the listing"))
            #expect(page.contains("The residents vote on each application; 80 % of the votes cast must say yes"))
            #expect(try await h.residents[0].post("/houses/\(h.id)/vacancies", ["vacancies": "1"]).status == .seeOther)
            #expect(try await SoberHouse.query(on: admin.database.db).filter(\.$name == "Oak House").first()?.vacancies == 1)
            #expect(try await h.residents[0].get("/houses/\(h.id)/edit").status == .notFound)
        }
    }
}
