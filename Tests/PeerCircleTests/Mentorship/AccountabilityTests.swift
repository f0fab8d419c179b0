import Foundation
import Testing
@testable import PeerCircle

/// The reminder and the missed-check-in rule, on their own and through the pair's API, with an injected clock.
@Suite struct AccountabilityTests {
    let zone = TimeZone(identifier: "America/New_York")!

    @Test func theRuleRemindsOnDueDaysAndTellsTheMentorAfterTheGrace() {
        let since = instant("2026-06-01T14:00:00Z")
        func status(_ now: String, last: String? = nil, rhythm: Rhythm = .daily) -> Accountability.Status {
            Accountability.status(rhythm: rhythm, dueTime: "19:00", last: last.map(instant), since: since, now: instant(now), zone: zone)
        }
        // Before the first due time (19:00 New York = 23:00 UTC): nothing yet; after it, a reminder.
        #expect(status("2026-06-01T22:00:00Z") == .init(due: false, quietDays: nil))
        #expect(status("2026-06-01T23:30:00Z") == .init(due: true, quietDays: nil))
        // Checked in today: next due tomorrow evening.
        #expect(status("2026-06-02T12:00:00Z", last: "2026-06-01T23:40:00Z").due == false)
        #expect(status("2026-06-02T23:30:00Z", last: "2026-06-01T23:40:00Z").due == true)
        // Daily rhythm, grace of two days: three days quiet is shown to the mentor.
        #expect(status("2026-06-03T15:00:00Z", last: "2026-06-01T23:40:00Z").quietDays == nil)
        #expect(status("2026-06-04T15:00:00Z", last: "2026-06-01T23:40:00Z").quietDays == 3)
        // Weekly: due after seven days, quiet after nine.
        #expect(status("2026-06-07T12:00:00Z", last: "2026-06-01T23:40:00Z", rhythm: .weekly).due == false)
        #expect(status("2026-06-08T23:30:00Z", last: "2026-06-01T23:40:00Z", rhythm: .weekly).due == true)
        #expect(status("2026-06-10T12:00:00Z", last: "2026-06-01T23:40:00Z", rhythm: .weekly).quietDays == 9)
        // No rhythm agreed: no reminders, no alerts.
        #expect(Accountability.status(rhythm: nil, dueTime: nil, last: nil, since: since, now: instant("2026-07-01T00:00:00Z"), zone: zone)
                == .init(due: false, quietDays: nil))
        #expect(!Accountability.quietText(3, name: "Sam").lowercased().contains("fail"))
    }

    @Test func thePairSeesTheReminderAndTheQuietDaysAsTimePasses() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { mentor in
            let profile = try await mentor.becomeMentor("Coach")
            let mentee = mentor.another()
            try await mentee.joinBoth("Runner")
            let id = try await mentee.ask(profile)
            _ = try await mentor.api(.post, "/api/v1/mentorships/\(id)/accept")
            // Each hears of the other's step.
            #expect(try await mentor.get("/notifications").text.contains("Runner asked you to be their mentor"))
            #expect(try await mentee.get("/notifications").text.contains("Coach said yes to being your mentor"))
            let rhythm = try await mentor.api(.put, "/api/v1/mentorships/\(id)/rhythm", json: ["rhythm": "daily", "due_time": "18:00"])
            #expect(try rhythm.json()["rhythm"] as? String == "daily")
            #expect(try await mentor.api(.put, "/api/v1/mentorships/\(id)/rhythm", json: ["rhythm": "hourly"]).errorField == "rhythm")
            #expect(try await mentor.api(.put, "/api/v1/mentorships/\(id)/rhythm", json: ["rhythm": "daily", "due_time": "25:99"]).errorField == "due_time")

            clock.set(instant("2026-06-15T18:30:00Z"))
            #expect(try await mentee.api(.get, "/api/v1/mentorships/\(id)").json()["check_in_due"] as? Bool == true)
            #expect(try await mentee.get("/mentorships/\(id)").text.contains("Time for your check-in"))
            #expect(try await mentee.get("/").text.contains("Time for your check-in with Coach"))
            // The reminder reaches the centre once for the day, however often the rounds run.
            let reminders = NotificationReminders(deps: try NotificationSupport.deps(mentee, clock))
            try await reminders.run()
            try await reminders.run()
            let due = try await NotificationSupport.lines(mentee, "Runner").filter { $0.kind == .rhythmDue }
            #expect(due.count == 1 && due.first?.text == "Time for your check-in with Coach — just a line is enough.")
            // Only the mentee checks in; a bad value is refused.
            #expect(try await mentor.api(.post, "/api/v1/mentorships/\(id)/check-ins", json: ["feeling": 3]).status == .notFound)
            #expect(try await mentee.api(.post, "/api/v1/mentorships/\(id)/check-ins", json: ["feeling": 9]).errorField == "feeling")
            #expect(try await mentee.api(.post, "/api/v1/mentorships/\(id)/check-ins", json: ["feeling": 4, "note": "went to a meeting"]).status == .created)
            #expect(try await mentee.api(.get, "/api/v1/mentorships/\(id)").json()["check_in_due"] as? Bool == false)

            clock.set(instant("2026-06-18T10:00:00Z"))
            #expect(try await mentor.api(.get, "/api/v1/mentorships/\(id)").json()["quiet_days"] as? Int == 3)
            let page = try await mentor.get("/mentorships/\(id)")
            #expect(page.text.contains("No check-in from Runner for 3 days") && page.text.contains("went to a meeting"))
            #expect(try await mentor.get("/").text.contains("No check-in from Runner for 3 days"))
            // The mentee is never shown the mentor's alert.
            #expect(try await mentee.api(.get, "/api/v1/mentorships/\(id)").json()["quiet_days"] == nil)
            #expect(try await mentee.api(.get, "/api/v1/mentorships/\(id)/check-ins").jsonList().count == 1)
        }
    }
}
