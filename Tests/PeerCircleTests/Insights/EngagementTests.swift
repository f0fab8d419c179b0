import FluentKit
import Foundation
import Testing
@testable import PeerCircle

@Suite struct EngagementRuleTests {
    typealias Counts = EngagementRule.Counts

    @Test func levelsChangeExactlyAtTheTargets() {
        let none = Counts()
        #expect(EngagementRule.level(none) == .low)
        // One short of every target is still low.
        #expect(EngagementRule.level(Counts(meetingDays: 3, checkInDays: 9, mentorContacts: 1, communityActions: 1)) == .low)
        #expect(EngagementRule.level(Counts(meetingDays: 4)) == .moderate)
        #expect(EngagementRule.level(Counts(meetingDays: 4, checkInDays: 10)) == .moderate)
        #expect(EngagementRule.level(Counts(meetingDays: 4, checkInDays: 10, mentorContacts: 2)) == .high)
        #expect(EngagementRule.level(Counts(meetingDays: 3, checkInDays: 10, mentorContacts: 2, communityActions: 2)) == .high)
        #expect(EngagementRule.level(Counts(meetingDays: 30, checkInDays: 30, mentorContacts: 40, communityActions: 9)) == .high)
        #expect(EngagementRule.Level.low < .moderate && .moderate < .high)
    }

    @Test func whatWouldRaiseItNamesTheNearestAreasFirst() {
        let raise = EngagementRule.toRaise(Counts(meetingDays: 3, checkInDays: 2, mentorContacts: 0, communityActions: 2))
        #expect(raise == ["Meetings: 1 more day with a meeting", "Contact with a mentor or sponsor: 2 more contacts",
                          "Check-ins and pledges: 8 more days checked in"])
        #expect(EngagementRule.toRaise(Counts(meetingDays: 4, checkInDays: 10, mentorContacts: 2, communityActions: 2)).isEmpty)
    }
}

@Suite struct EngagementTests {
    @Test func aMemberSeesTheirOwnLevelWithHowItIsWorkedOut() async throws {
        try await TestApp.run { member in
            try await member.join("Juniper")
            var page = try await member.get("/my/engagement")
            #expect(page.text.contains("Getting started") && page.text.contains("You joined today") && page.text.contains("Only you see this"))
            #expect(page.text.contains("Meetings: 4 more days with a meeting"))
            _ = try await member.post("/check-in", [("mood", "4"), ("craving", "1"), ("sober", "yes")])
            _ = try await member.post("/strategies/new", [("title", "Walk it off"), ("body", "A brisk walk round the block."), ("situations", "craving")])
            _ = try await member.post("/strategies/new", [("title", "Call someone"), ("body", "Ring a friend before deciding."), ("situations", "craving")])
            page = try await member.get("/my/engagement")
            #expect(page.text.contains("Getting started") && !page.text.contains("Low engagement"))
            #expect(page.text.contains("<td>Taking part in the community</td><td>2</td><td>2</td>"))
            #expect(page.text.contains("<td>Check-ins and pledges</td><td>1</td><td>10</td>"))
        }
    }

    @Test func outreachListsOnlyOptedInMembersAndOnlyForPeerStaff() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { staff in
            try await staff.join("Peer Worker")
            try await staff.grant(.peerStaff, to: "Peer Worker")
            let quiet = staff.another(), notAsked = staff.another(), member = staff.another()
            try await quiet.join("Quiet One")
            try await notAsked.join("Private One")
            try await member.join("Ordinary")
            #expect(try await quiet.post("/my/engagement/outreach", [("opt_in", "yes"), ("quiet_days", "7")]).location == "/my/engagement?done=outreach-saved")
            #expect(try await quiet.post("/my/engagement/outreach", [("opt_in", "yes"), ("quiet_days", "5")]).status == .unprocessableContent)
            // Asking counts as taking part: nobody is listed the day they ask, even before doing anything else.
            #expect(!(try await staff.get("/team/outreach").text.contains("Quiet One")))
            // Both were active today; nobody needs outreach yet.
            for client in [quiet, notAsked] { _ = try await client.post("/check-in", [("mood", "3"), ("craving", "2"), ("sober", "yes")]) }
            var list = try await staff.get("/team/outreach")
            #expect(list.status == .ok && list.text.contains("Nobody right now") && !list.text.contains("Quiet One"))

            clock.set(instant("2026-06-24T12:00:00Z"))
            try await staff.post("/login", ["pseudonym": "Peer Worker", "password": "correct horse"])
            list = try await staff.get("/team/outreach")
            #expect(list.text.contains("Quiet One") && list.text.contains("Nothing for 9 days (they asked after 7)"), "\(list.status) \(list.text.suffix(1500))")
            #expect(!list.text.contains("Private One") && !list.text.contains("Ordinary"))

            // Nobody else opens it or records anything.
            let quietID = try #require(try await User.query(on: staff.database.db).filter(\.$pseudonymKey == User.key(for: "Quiet One")).first()?.id)
                .uuidString.lowercased()
            let privateID = try #require(try await User.query(on: staff.database.db).filter(\.$pseudonymKey == User.key(for: "Private One")).first()?.id)
                .uuidString.lowercased()
            try await member.post("/login", ["pseudonym": "Ordinary", "password": "correct horse"])
            #expect(try await member.get("/team/outreach").status == .notFound)
            #expect(try await member.post("/team/outreach/\(quietID)/reached-out", [:]).status == .notFound)
            #expect(try await staff.post("/team/outreach/\(privateID)/reached-out", [:]).status == .notFound)
            #expect(try await OutreachContact.query(on: staff.database.db).count() == 0)

            // A note too long comes back beside its field, as typed, and nothing is recorded.
            let long = String(repeating: "n", count: 501)
            let tooLong = try await staff.post("/team/outreach/\(quietID)/reached-out", [("note-\(quietID)", long)])
            #expect(tooLong.status == .unprocessableContent && tooLong.text.contains("Use at most 500 characters.") && tooLong.text.contains(long))
            #expect(try await OutreachContact.query(on: staff.database.db).count() == 0)
            let note = "Sent a message <b>\"hi\"</b>"
            #expect(try await staff.post("/team/outreach/\(quietID)/reached-out", [("note-\(quietID)", note)]).location == "/team/outreach?done=reached-out")
            // Pressed twice, recorded once.
            #expect(try await staff.post("/team/outreach/\(quietID)/reached-out", [("note-\(quietID)", note)]).location == "/team/outreach?done=reached-out")
            #expect(try await OutreachContact.query(on: staff.database.db).count() == 1)
            list = try await staff.get("/team/outreach")
            #expect(list.text.contains("Reached out in the last 7 days") && list.text.contains("by Peer Worker"))
            #expect(list.text.contains("&lt;b&gt;") && !list.text.contains("<b>\"hi\""))
            // A member who blocked this staff member is never listed to them, and cannot be recorded.
            try await quiet.post("/login", ["pseudonym": "Quiet One", "password": "correct horse"])
            #expect(try await quiet.post("/blocks", [("pseudonym", "Peer Worker")]).status.code < 400)
            #expect(!(try await staff.get("/team/outreach").text.contains("Quiet One")))
            #expect(try await staff.post("/team/outreach/\(quietID)/reached-out", [:]).status == .notFound)
            #expect(try await OutreachContact.query(on: staff.database.db).count() == 1)
            // Opting out takes them off the list and the record with them.
            _ = try await quiet.post("/my/engagement/outreach", [("quiet_days", "7")])
            #expect(!(try await staff.get("/team/outreach").text.contains("Quiet One")))
            #expect(try await OutreachContact.query(on: staff.database.db).count() == 0)
        }
    }

    @Test func countsForAFewMembersAreTheCountsForEveryone() async throws {
        try await TestApp.run { first in
            try await first.join("Counted One")
            let second = first.another()
            try await second.join("Counted Two")
            for client in [first, second] { _ = try await client.post("/check-in", [("mood", "3"), ("craving", "2"), ("sober", "yes")]) }
            _ = try await first.post("/strategies/new", [("title", "Walk"), ("body", "Round the block."), ("situations", "craving")])
            let deps = AppDependencies(database: first.database, configuration: AppConfiguration(), crisisLines: try CrisisDirectory(file: nil),
                                       now: { instant("2026-06-15T12:00:00Z") }, passwordCost: 4)
            let one = try #require(try await User.query(on: first.database.db).filter(\.$pseudonymKey == User.key(for: "Counted One")).first()?.id)
            let everyone = try await EngagementService(deps: deps).counts(for: nil, endingAt: instant("2026-06-15T12:00:00Z"))
            let few = try await EngagementService(deps: deps).counts(for: [one], endingAt: instant("2026-06-15T12:00:00Z"))
            #expect(few.keys.sorted() == [one] && everyone.count == 2)
            #expect(few[one] == everyone[one] && few[one]?.checkInDays == 1 && few[one]?.communityActions == 1)
        }
    }

    @Test func aFallToLowInTwoWeeksIsListed() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { responder in
            try await responder.join("Responder")
            try await responder.grant(.responder, to: "Responder")
            let member = responder.another()
            try await member.join("Faller")
            _ = try await member.post("/my/engagement/outreach", [("opt_in", "yes"), ("quiet_days", "30")])
            let user = try #require(try await User.query(on: member.database.db).filter(\.$pseudonymKey == User.key(for: "Faller")).first()?.id)
            // Moderate a fortnight ago (meetings and check-ins thirty to forty-one days ago), nothing since.
            for d in 30..<42 {
                let day = LocalDate(year: 2026, month: 6, day: 15)!.adding(days: -d)
                try await CheckIn(ownerID: user, date: day, draft: CheckInDraft(mood: 3, craving: 1, sober: .yes, triggers: [], tags: [],
                                                                              gratitude: nil, note: nil, safe: nil)).create(on: member.database.db)
                let a = AttendanceRecord()
                a.$user.id = user
                (a.meetingName, a.localDate, a.timeZone, a.mode) = ("Tuesday group", day.description, "UTC", .inPerson)
                try await a.create(on: member.database.db)
            }
            let list = try await responder.get("/team/outreach")
            #expect(list.text.contains("Faller") && list.text.contains("Engagement fell from moderate to low in the last two weeks"))
        }
    }
}
