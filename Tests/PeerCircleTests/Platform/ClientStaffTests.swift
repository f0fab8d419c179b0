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
