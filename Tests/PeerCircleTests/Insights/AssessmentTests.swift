import FluentKit
import Foundation
import Testing
@testable import PeerCircle

@Suite struct InstrumentScoringTests {
    /// Answers adding up to `total` on an instrument (as even as the scale allows).
    static func answers(_ instrument: Instrument, total: Int) -> [Int] {
        let low = instrument.options.map(\.value).min() ?? 0, high = instrument.options.map(\.value).max() ?? 0
        var left = total - low * instrument.items.count
        return instrument.items.map { _ in
            let add = min(high - low, left)
            left -= add
            return low + add
        }
    }

    @Test func everyBandEdgeOfThePublishedScoring() {
        let phq: [(Int, String)] = [(0, "Minimal"), (4, "Minimal"), (5, "Mild"), (9, "Mild"), (10, "Moderate"), (14, "Moderate"),
                                    (15, "Moderately severe"), (19, "Moderately severe"), (20, "Severe"), (27, "Severe")]
        for (total, band) in phq {
            let a = Self.answers(.phq9, total: total)
            #expect(Instrument.phq9.total(a) == total)
            #expect(Instrument.phq9.band(for: total)?.name == band, "PHQ-9 \(total)")
        }
        let gad: [(Int, String)] = [(0, "Minimal"), (4, "Minimal"), (5, "Mild"), (9, "Mild"), (10, "Moderate"), (14, "Moderate"), (15, "Severe"), (21, "Severe")]
        for (total, band) in gad {
            #expect(Instrument.gad7.total(Self.answers(.gad7, total: total)) == total)
            #expect(Instrument.gad7.band(for: total)?.name == band, "GAD-7 \(total)")
        }
        // BARC-10: 10 items scored 1–6, so 10–60; 47 is the validation study's cut-off for sustained remission.
        #expect(Instrument.barc10.range == 10...60)
        #expect(Instrument.barc10.band(for: 46)?.name == "Building" && Instrument.barc10.band(for: 47)?.name == "Strong")
        #expect(Instrument.barc10.band(for: 10) != nil && Instrument.barc10.band(for: 60) != nil)
        // Moderate and above suggest a professional; mild does not.
        #expect(Instrument.phq9.band(for: 9)?.suggestProfessional == false && Instrument.phq9.band(for: 10)?.suggestProfessional == true)
        #expect(Instrument.gad7.band(for: 9)?.suggestProfessional == false && Instrument.gad7.band(for: 10)?.suggestProfessional == true)
        // Every total of every instrument falls in exactly one band.
        for instrument in Instrument.all {
            for total in instrument.range { #expect(instrument.bands.filter { $0.range.contains(total) }.count == 1) }
            #expect(instrument.items.count == [.barc10: 10, .phq9: 9, .gad7: 7][instrument.kind])
        }
    }

    @Test func incompleteOrOffScaleAnswersHaveNoTotal() {
        #expect(Instrument.phq9.total([0, 0, 0]) == nil)
        #expect(Instrument.phq9.total(Array(repeating: 4, count: 9)) == nil)
        #expect(Instrument.barc10.total(Array(repeating: 0, count: 10)) == nil)
        #expect(Instrument.gad7.total(Array(repeating: -1, count: 7)) == nil)
    }
}

@Suite struct AssessmentTests {
    static func form(_ values: [Int]) -> [(String, String)] {
        values.enumerated().map { ("q\($0.offset + 1)", String($0.element)) }
    }

    @Test func aMemberTakesTheBARC10TwiceAndSeesTheChartWithItsBands() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { member in
            try await member.join("Rowan")
            let first = try await member.post("/check-ups/barc10", Self.form(Array(repeating: 4, count: 10)))
            #expect(first.location == "/check-ups/barc10/results?done=assessment-taken")
            clock.set(instant("2026-07-15T12:00:00Z"))
            try await member.post("/login", ["pseudonym": "Rowan", "password": "correct horse"])
            _ = try await member.post("/check-ups/barc10", Self.form([5, 5, 5, 5, 5, 5, 5, 4, 4, 4]))
            let page = try await member.get("/check-ups/barc10/results")
            #expect(page.text.contains("Latest: 47 of 60") && page.text.contains("Strong"))
            #expect(page.text.contains("7 points higher than last time"))
            #expect(page.text.components(separatedBy: "<circle class=\"dot\"").count == 3)
            #expect(page.text.contains("Building (10–46)") && page.text.contains("Strong (47–60)"))
            #expect(page.text.contains("role=\"img\"") && page.text.contains("2 results from"))
            #expect(page.text.contains("Vilsaint CL"))
            let overview = try await member.get("/check-ups")
            #expect(overview.text.contains("Last: 47 on Wednesday 15 July 2026"))
        }
    }

    @Test func aMissingAnswerIsNamedKeepsTheOthersAndStoresNothing() async throws {
        try await TestApp.run { member in
            try await member.join()
            var answers = Self.form(Array(repeating: 1, count: 7))
            answers.remove(at: 2)
            answers.append(("q5", "9"))
            let reply = try await member.post("/check-ups/gad7", answers)
            #expect(reply.status == .unprocessableContent)
            #expect(reply.text.contains("Choose an answer for question 3."))
            #expect(reply.text.contains("id=\"q1-1\" value=\"1\" checked"))
            #expect(try await Assessment.query(on: member.database.db).count() == 0)
            // Hostile values are neither stored nor echoed as markup.
            let hostile = try await member.post("/check-ups/phq9", [("q1", "\"><script>x</script>")] + Self.form(Array(repeating: 0, count: 9)).dropFirst())
            #expect(hostile.status == .unprocessableContent && !hostile.text.contains("<script>x"))
            #expect(try await member.post("/check-ups/unknown", Self.form([1])).status == .notFound)
        }
    }

    @Test func thoughtsOfSelfHarmGoStraightToTheSafetyPathAndReachReviewOnlyWhenOptedIn() async throws {
        try await TestApp.run { member in
            try await member.join("Ash")
            var answers = Array(repeating: 0, count: 9)
            answers[8] = 1
            let reply = try await member.post("/check-ups/phq9", Self.form(answers))
            #expect(reply.location == "/check-ups/safety")
            let safety = try await member.get("/check-ups/safety")
            #expect(safety.text.contains("Thank you for answering honestly") && safety.text.contains("988"))
            #expect(safety.text.contains("choose people for your circle"))
            // Not opted in to check-in review: nobody else is told.
            #expect(try await CrisisReview.query(on: member.database.db).count() == 0)

            _ = try await member.post("/circle/settings", [("checkin_review", "yes")])
            _ = try await member.post("/check-ups/phq9", Self.form(answers))
            let reviews = try await CrisisReview.query(on: member.database.db).all()
            #expect(reviews.count == 1 && reviews.first?.source == .assessment && reviews.first?.category == "self_harm")
            // "Not at all" on the ninth question is the ordinary path.
            answers[8] = 0
            #expect(try await member.post("/check-ups/phq9", Self.form(answers)).location == "/check-ups/phq9/results?done=assessment-taken")
        }
    }

    @Test func thoughtsOfSelfHarmOnAnUnfinishedFormBringTheLinesFirstAndASecondPressSavesOnce() async throws {
        try await TestApp.run { member in
            try await member.join("Wren")
            let unfinished = try await member.post("/check-ups/phq9", [("q9", "3"), ("q2", "1")])
            #expect(unfinished.status == .unprocessableContent && unfinished.text.contains("988"))
            #expect(unfinished.text.contains("Please answer the 7 questions marked below"))
            #expect(try await Assessment.query(on: member.database.db).count() == 0)
            // The same form sent twice (a double press) is one result.
            let form = try await member.get("/check-ups/gad7")
            let submission = try #require(form.text.range(of: #"name="submission" value="([0-9A-F-]{36})""#, options: .regularExpression)
                .map { String(form.text[$0].dropFirst(25).dropLast()) })
            let answers = Self.form([1, 1, 1, 1, 1, 1, 1]) + [("submission", submission)]
            async let first = member.post("/check-ups/gad7", answers)
            async let second = member.post("/check-ups/gad7", answers)
            let replies = try await [first, second]
            #expect(replies.allSatisfy { $0.location == "/check-ups/gad7/results?done=assessment-taken" })
            #expect(try await Assessment.query(on: member.database.db).count() == 1)
        }
    }

    @Test func fromModerateTheResultSuggestsAProfessionalAndTheDirectory() async throws {
        try await TestApp.run { admin in
            try await admin.join("Operator")
            try await admin.grant(.admin, to: "Operator")
            _ = try await admin.post("/admin/referrals/new", [("name", "Harbour Counselling"), ("kind", "therapy"), ("area", "Brighton"),
                                                             ("phone", "+44 1273 000000"), ("telehealth", "yes")])
            let member = admin.another()
            try await member.join()
            _ = try await member.post("/check-ups/gad7", Self.form([1, 1, 1, 1, 1, 1, 2]))
            var page = try await member.get("/check-ups/gad7/results")
            #expect(page.text.contains("Latest: 8 of 21") && page.text.contains("Mild"))
            #expect(!page.text.contains("Talking to a professional could help"))
            _ = try await member.post("/check-ups/gad7", Self.form([2, 2, 2, 1, 1, 1, 1]))
            page = try await member.get("/check-ups/gad7/results")
            #expect(page.text.contains("Moderate") && page.text.contains("Talking to a professional could help"))
            #expect(page.text.contains("Harbour Counselling") && page.text.contains("href=\"tel:+441273000000\""))
            #expect(page.text.contains("not a diagnosis"))
        }
    }

    @Test func remindersComeWhenDueAndGoOnceTaken() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { member in
            try await member.join("Kit")
            #expect(try await member.post("/check-ups/reminders", [("instrument", "phq9"), ("every_days-phq9", "14")]).status == .seeOther)
            // Never taken: due now, and told once however often the rounds run.
            let reminders = NotificationReminders(deps: try NotificationSupport.deps(member, clock))
            try await reminders.run()
            try await reminders.run()
            #expect(try await member.get("/notifications").text.contains("Time for your PHQ-9 check-up, as you asked."))
            #expect(try await MemberNotification.query(on: member.database.db).filter(\.$kind == .assessmentDue).count() == 1)
            var today = try await member.get("/")
            #expect(today.text.contains("Your PHQ-9 check-up"))
            _ = try await member.post("/check-ups/phq9", Self.form(Array(repeating: 0, count: 9)))
            today = try await member.get("/")
            #expect(!today.text.contains("Your PHQ-9 check-up"))
            clock.set(instant("2026-06-29T12:00:00Z"))
            try await member.post("/login", ["pseudonym": "Kit", "password": "correct horse"])
            today = try await member.get("/")
            #expect(today.text.contains("Your PHQ-9 check-up"))
            // An interval not offered is refused and changes nothing; "no reminder" stops it.
            let refused = try await member.post("/check-ups/reminders", [("instrument", "phq9"), ("every_days-phq9", "3")])
            #expect(refused.status == .unprocessableContent)
            // The page again, the reason beside the PHQ-9's choice.
            #expect(refused.text.contains("id=\"every_days-phq9-error\"") && refused.text.contains("Choose how often"))
            // Saved from two tabs at once: one reminder, no error.
            async let one = member.post("/check-ups/reminders", [("instrument", "gad7"), ("every_days-gad7", "7")])
            async let two = member.post("/check-ups/reminders", [("instrument", "gad7"), ("every_days-gad7", "30")])
            #expect(try await [one, two].allSatisfy { $0.status == .seeOther })
            #expect(try await AssessmentSchedule.query(on: member.database.db).filter(\.$instrument == .gad7).count() == 1)
            #expect(try await AssessmentSchedule.query(on: member.database.db).first()?.everyDays == 14)
            _ = try await member.post("/check-ups/reminders", [("instrument", "phq9"), ("every_days-phq9", "")])
            #expect(!(try await member.get("/").text.contains("Your PHQ-9 check-up")))
        }
    }

    @Test func resultsAreTheirOwnersAlone() async throws {
        try await TestApp.run { owner in
            try await owner.join("Owner")
            _ = try await owner.post("/check-ups/phq9", Self.form([3, 3, 3, 3, 3, 3, 3, 3, 0]))
            let id = try #require(try await Assessment.query(on: owner.database.db).first()?.id).uuidString.lowercased()
            let other = owner.another()
            try await other.join("Other")
            let page = try await other.get("/check-ups/phq9/results")
            // (the page's content: the header's bell icon is drawn on a 24-unit grid)
            #expect(!(page.text.components(separatedBy: "<main").last ?? "").contains("24"))
            #expect(try await other.post("/check-up-results/\(id)/delete", [:]).status == .notFound)
            let visitor = owner.another()
            #expect(try await visitor.get("/check-ups/phq9/results").status != .ok)
            #expect(try await Assessment.query(on: owner.database.db).count() == 1)
            #expect(try await owner.post("/check-up-results/\(id)/delete", [:]).location == "/check-ups/phq9/results?done=assessment-deleted")
            #expect(try await Assessment.query(on: owner.database.db).count() == 0)
        }
    }

    @Test func aMentorSeesBARC10TotalsOnlyWhenSharedAndNeverThePHQ9() async throws {
        try await TestApp.run { mentor in
            let profile = try await mentor.becomeMentor("Guide")
            let mentee = mentor.another()
            try await mentee.joinBoth("Learner")
            _ = try await mentee.post("/check-ups/barc10", Self.form(Array(repeating: 3, count: 10)))
            _ = try await mentee.post("/check-ups/phq9", Self.form([2, 2, 2, 2, 2, 2, 2, 2, 0]))
            let id = try await mentee.ask(profile)
            _ = try await mentor.api(.post, "/api/v1/mentorships/\(id)/accept")
            var page = try await mentor.get("/mentorships/\(id)")
            #expect(!page.text.contains("Recovery capital (BARC-10)"))
            #expect(try await mentee.post("/mentorships/\(id)/share?scope=recovery_capital", [:]).status == .seeOther)
            page = try await mentor.get("/mentorships/\(id)")
            #expect(page.text.contains("Recovery capital (BARC-10)") && page.text.contains("One result: 30"))
            #expect(!page.text.contains("PHQ-9") && !page.text.contains("16 of 27") && !page.text.contains(">16<"))
            // A block ends it at once.
            _ = try await mentee.api(.post, "/api/v1/blocks", json: ["pseudonym": "Guide"])
            page = try await mentor.get("/mentorships/\(id)")
            #expect(!page.text.contains("Recovery capital (BARC-10)") && !page.text.contains("One result: 30"))
        }
    }
}
