import Foundation
import OpenAPIRuntime
import PeerCircleClient
import Testing
@testable import PeerCircle

/// What facilitators, moderators and administrators do on the web, over the API through the client
/// — and the same operations refused (404) to a member without the role or the group.
@Suite struct ClientStaffTests {
    @Test func aFacilitatorRunsTheirGroupThroughTheClient() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { person in
            try await person.joinAPI("Fay Cilitator")
            try await person.grant(.facilitator, to: "Fay Cilitator")
            let app = person.app.api
            let group = try await app.createGroup(body: .json(.init(languages: ["en"], name: "Tuesday Circle", pathway: .secular))).created.body.json
            let meeting = try await app.addGroupMeeting(path: .init(id: group.id), body: .json(.init(
                conferenceUrl: "https://meet.example.org/tuesday", days: [2], name: "Tuesday Circle Online", startTime: "19:00",
                timeZone: "UTC"))).created.body.json
            #expect(meeting.days == [2] && meeting.time == "19:00" && meeting.name == "Tuesday Circle Online")
            guard case .unprocessableContent(let badDay) = try await app.addGroupMeeting(path: .init(id: group.id), body: .json(.init(
                days: [9], name: "Never", startTime: "19:00", timeZone: "UTC"))) else { Issue.record("day 9 was taken"); return }
            #expect(try badDay.body.json.error.field == "days")

            let event = try await app.createEvent(path: .init(id: group.id), body: .json(.init(
                capacity: 1, date: "2026-07-01", end: "12:00", start: "10:00", timeZone: "UTC", title: "Picnic"))).created.body.json
            #expect(event.capacity == 1 && event.going == 0 && event.myPlace == .none)
            let first = person.another(), second = person.another()
            try await first.joinAPI("First Finn")
            try await second.joinAPI("Second Sal")
            #expect(try await first.app.api.rsvpEvent(path: .init(id: event.id)).ok.body.json.myPlace == .going)
            let waiting = try await second.app.api.rsvpEvent(path: .init(id: event.id)).ok.body.json
            #expect(waiting.myPlace == .waiting && waiting.waitlistPosition == 1 && waiting.going == 1 && waiting.waiting == 1)
            _ = try await first.app.api.cancelRsvp(path: .init(id: event.id)).ok
            #expect(try await second.app.api.getEvent(path: .init(id: event.id)).ok.body.json.myPlace == .going)
            #expect(try await PeerCircleAPI(serverURL: URL(string: "http://localhost")!, transport: TestClientTransport(client: person.testClient))
                .api.getEvent(path: .init(id: event.id)).ok.body.json.myPlace == .none)

            // The room: only the group's facilitator opens and closes it.
            guard case .notFound = try await first.app.api.openRoom(path: .init(id: meeting.id), body: .json(.init())) else {
                Issue.record("a member opened the room"); return
            }
            let opened = try await app.openRoom(path: .init(id: meeting.id), body: .json(.init(membersOnly: true))).ok.body.json
            #expect(opened.open && opened.membersOnly && opened.socket == "/rooms/\(meeting.id)/live")
            #expect(try await first.app.api.getRoom(path: .init(id: meeting.id)).ok.body.json.open)
            guard case .notFound = try await first.app.api.closeRoom(path: .init(id: meeting.id)) else { Issue.record("a member closed the room"); return }
            #expect(try await app.closeRoom(path: .init(id: meeting.id)).ok.body.json.open == false)
            guard case .notFound = try await app.closeRoom(path: .init(id: meeting.id)) else { Issue.record("a closed room closed again"); return }

            // Someone else's group: not found, whatever they send.
            guard case .notFound = try await first.app.api.createEvent(path: .init(id: group.id), body: .json(.init(
                capacity: 5, date: "2026-07-02", end: "12:00", start: "10:00", timeZone: "UTC", title: "Mine now"))) else {
                Issue.record("a member added an event to a group they do not run"); return
            }
            _ = try await first.app.api.joinGroup(path: .init(id: group.id)).ok
            let hidden = try await first.app.api.setGroupVisibility(path: .init(id: group.id), body: .json(.init(visibility: .facilitators))).ok.body.json
            #expect(hidden.membership == .member)
            guard case .notFound = try await second.app.api.setGroupVisibility(path: .init(id: group.id), body: .json(.init(visibility: .members))) else {
                Issue.record("a non-member set a visibility"); return
            }
        }
    }

    @Test func moderatorsAndAdministratorsThroughTheClient() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { person in
            try await person.joinAPI("Ada Min")
            try await person.grant(.admin, to: "Ada Min")
            let app = person.app.api
            let member = person.another()
            try await member.joinAPI("Mo Derator")
            // Roles: given, named wrong, taken away; never to a plain member.
            let given = try await app.changeRole(body: .json(.init(action: .grant, pseudonym: "Mo Derator", role: .moderator))).ok.body.json
            #expect(given.roles.contains(.moderator))
            try await person.enableTwoStep(for: "Mo Derator")  // the moderator's pages open with it
            guard case .unprocessableContent(let nobody) = try await app.changeRole(body: .json(.init(action: .grant, pseudonym: "No Body", role: .mentor))) else {
                Issue.record("a role for nobody"); return
            }
            #expect(try nobody.body.json.error.field == "pseudonym")
            guard case .unprocessableContent(let own) = try await app.changeRole(body: .json(.init(action: .revoke, pseudonym: "Ada Min", role: .admin))) else {
                Issue.record("the last administrator took their own role"); return
            }
            #expect(try own.body.json.error.field == "role")
            guard case .notFound = try await member.app.api.changeRole(body: .json(.init(action: .grant, pseudonym: "Mo Derator", role: .admin))) else {
                Issue.record("a moderator made themself administrator"); return
            }

            // Featuring a strategy is for moderators.
            let strategy = try await app.createStrategy(body: .json(.init(body: "Breathe in for four, out for six.", situations: ["anxiety"],
                                                                          title: "Slow breaths"))).created.body.json
            let writer = person.another()
            try await writer.joinAPI("Wri Ter")
            guard case .notFound = try await writer.app.api.featureStrategy(path: .init(id: strategy.id), body: .json(.init(featured: true))) else {
                Issue.record("a member featured a strategy"); return
            }
            _ = try await member.app.api.featureStrategy(path: .init(id: strategy.id), body: .json(.init(featured: true))).noContent
            #expect(try await writer.app.api.listStrategies().ok.body.json.first { $0.id == strategy.id }?.featured == true)

            // A post's history: the author and moderators, nobody else. Hidden themes and mutes are the member's own.
            let category = try #require(try await app.listForumCategories().ok.body.json.first)
            let thread = try await app.startThread(body: .json(.init(body: "first words", categoryId: category.id, title: "Edited later"))).created.body.json
            let post = try #require(thread.posts?.first)
            _ = try await app.editPost(path: .init(id: post.id), body: .json(.init(body: "second words"))).ok
            let history = try await app.getPostHistory(path: .init(id: post.id)).ok.body.json
            #expect(history.body == "second words" && history.revisions.map(\.body) == ["first words"])
            #expect(try await member.app.api.getPostHistory(path: .init(id: post.id)).ok.body.json.revisions.count == 1)
            guard case .notFound = try await writer.app.api.getPostHistory(path: .init(id: post.id)) else { Issue.record("a reader saw earlier wording"); return }
            let settings = try await writer.app.api.setCommunitySettings(body: .json(.init(hiddenThemes: [.relapse, .trauma, .relapse]))).ok.body.json
            #expect(settings.hiddenThemes == [.relapse, .trauma] && settings.muted.isEmpty)
            let me = try await app.getMe().ok.body.json
            #expect(try await writer.app.api.muteMember(path: .init(id: me.id)).ok.body.json.muted.map(\.pseudonym) == ["Ada Min"])
            #expect(try await writer.app.api.getCommunitySettings().ok.body.json.muted.map(\.id) == [me.id])
            #expect(try await writer.app.api.unmuteMember(path: .init(id: me.id)).ok.body.json.muted.isEmpty)
            guard case .notFound = try await writer.app.api.muteMember(path: .init(id: try await writer.app.api.getMe().ok.body.json.id)) else {
                Issue.record("a member muted themself"); return
            }

            // A milestone shared only when the member chooses; never someone else's clock.
            let clock = try await writer.app.api.createClock(body: .json(.init(kind: .alcohol, label: "Sober", startedOn: "2026-04-01"))).created.body.json
            let celebrated = try await writer.app.api.celebrateMilestone(path: .init(id: clock.id), body: .json(.init(anonymous: true))).created.body.json
            #expect(celebrated.kind == .milestone && celebrated.posts?.first?.anonymous == true)
            guard case .notFound = try await app.celebrateMilestone(path: .init(id: clock.id), body: .json(.init())) else {
                Issue.record("someone celebrated another member's clock"); return
            }
        }
    }
}

/// What the attacker's review found, each tried the way it would be abused.
@Suite struct ClientStaffAbuseTests {
    @Test func takingARoleAwayTakesItsPowerAndTheAnswerSaysNothingPrivate() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { admin in
            try await admin.joinAPI("Ad Ministrator")
            try await admin.grant(.admin, to: "Ad Ministrator")
            let mentor = admin.another(), mentee = admin.another()
            try await mentor.joinAPI("Men Tor")
            _ = try await mentor.app.api.updateMe(body: .json(.init(currentPassword: "correct horse", email: "mentor@example.org"))).ok
            try await mentee.joinAPI("Men Tee")
            try await admin.grant(.mentor, to: "Men Tor")
            try await admin.grant(.facilitator, to: "Men Tor")
            let profile = try await mentor.app.api.setMentorProfile(body: .json(.init(
                availability: ["mon-evening"], capacity: 2, experiences: ["alcohol"], languages: ["en"], pathways: ["smart_recovery"],
                timeZone: "UTC"))).ok.body.json
            let pair = try await mentee.app.api.requestMentorship(body: .json(.init(profileId: profile.id))).created.body.json
            _ = try await mentor.app.api.acceptMentorship(path: .init(id: pair.id)).ok
            _ = try await mentee.app.api.setRecoveryPlanSharing(body: .json(.init(shared: true))).ok
            #expect(try await mentor.app.api.getMenteeRecoveryPlan(path: .init(id: pair.id)).ok.body.json.sharedWithMentor)
            let group = try await mentor.app.api.createGroup(body: .json(.init(languages: ["en"], name: "Run by Tor", pathway: .secular))).created.body.json

            let revoked = try await admin.app.api.changeRole(body: .json(.init(action: .revoke, pseudonym: "Men Tor", role: .mentor))).ok
            let text = String(decoding: try JSONEncoder().encode(revoked.body.json), as: UTF8.self)
            #expect(!text.contains("mentor@example.org") && !text.contains("\"id\""), "the answer says more than the roles page: \(text)")
            guard case .notFound = try await mentor.app.api.getMenteeRecoveryPlan(path: .init(id: pair.id)) else {
                Issue.record("a former mentor still reads the mentee's plan"); return
            }
            #expect(try await mentee.app.api.getMentorship(path: .init(id: pair.id)).ok.body.json.status == .ended)

            _ = try await admin.app.api.changeRole(body: .json(.init(action: .revoke, pseudonym: "Men Tor", role: .facilitator))).ok
            guard case .notFound = try await mentor.app.api.createEvent(path: .init(id: group.id), body: .json(.init(
                capacity: 5, date: "2026-07-02", end: "12:00", start: "10:00", timeZone: "UTC", title: "Still mine?"))) else {
                Issue.record("a former facilitator still runs the group"); return
            }
        }
    }

    @Test func aMilestoneIsSharedOnceAndAnonymouslyWithoutItsLabelOrDays() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { person in
            try await person.joinAPI("Quiet Quinn")
            try await person.trust("Quiet Quinn")
            let app = person.app.api
            let clock = try await app.createClock(body: .json(.init(kind: .alcohol, label: "Quinn's private label", startedOn: "2026-04-01"))).created.body.json
            let shared = try await app.celebrateMilestone(path: .init(id: clock.id), body: .json(.init(anonymous: true))).created.body.json
            let opening = try #require(shared.posts?.first)
            #expect(!shared.title.contains("Quinn's private label") && opening.body?.contains("\(clock.days)") == false, "\(shared.title) / \(opening.body ?? "")")
            guard case .conflict(let again) = try await app.celebrateMilestone(path: .init(id: clock.id), body: .json(.init())) else {
                Issue.record("the same milestone was posted twice"); return
            }
            #expect(try again.body.json.error.code == "already_celebrated")
        }
    }

    @Test func twoAnswersAtOnceAndAMalformedIdAreNeverA500() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { person in
            try await person.joinAPI("Fac Ilitator")
            try await person.grant(.facilitator, to: "Fac Ilitator")
            let group = try await person.app.api.createGroup(body: .json(.init(languages: ["en"], name: "Picnics", pathway: .secular))).created.body.json
            let event = try await person.app.api.createEvent(path: .init(id: group.id), body: .json(.init(
                capacity: 3, date: "2026-07-01", end: "12:00", start: "10:00", timeZone: "UTC", title: "Picnic"))).created.body.json
            let guest = person.another()
            try await guest.joinAPI("Double Tap")
            let api = guest.app.api
            let places = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<6 { group.addTask { "\(try await api.rsvpEvent(path: .init(id: event.id)))" } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(places.allSatisfy { $0.hasPrefix("ok(") }, "\(places.filter { !$0.hasPrefix("ok(") })")
            #expect(try await api.getEvent(path: .init(id: event.id)).ok.body.json.going == 1)
            guard case .unprocessableContent(let bad) = try await person.app.api.createGrant(body: .json(.init(grantee: "Double Tap", itemId: "not-an-id", scope: .clock))) else {
                Issue.record("a malformed item_id was not named"); return
            }
            #expect(try bad.body.json.error.field == "item_id")
        }
    }
}

@Suite struct ConcurrentMuteTests {
    /// Mutes sent together all stay: none overwrites another.
    @Test func mutesSentAtOnceAllStay() async throws {
        try await TestApp.run { person in
            try await person.joinAPI("Mute Many")
            var ids: [String] = []
            for i in 0..<8 {
                let other = person.another()
                try await other.joinAPI("Loud\(i)x\(Int.random(in: 100...999))")
                ids.append(try await other.app.api.getMe().ok.body.json.id)
            }
            let api = person.app.api
            let statuses = try await withThrowingTaskGroup(of: String.self) { group in
                for id in ids { group.addTask { "\(try await api.muteMember(path: .init(id: id)))".prefix(3).description } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            let muted = Set(try await api.getCommunitySettings().ok.body.json.muted.map(\.id))
            #expect(muted == Set(ids), "\(statuses): \(Set(ids).subtracting(muted).count) mutes lost")
        }
    }
}
