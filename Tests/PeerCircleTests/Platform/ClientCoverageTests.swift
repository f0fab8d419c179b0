import Foundation
import OpenAPIRuntime
import PeerCircleClient
import Testing
@testable import PeerCircle

/// Every feature's operations through the generated Swift client against the running application:
/// the document, the server and the client agree on each path, body, status and enum string
/// (an answer the document does not describe fails the `.ok` / `.created` reads below).
@Suite struct ClientCoverageTests {
    @Test func aMemberKeepsTheirOwnThingsThroughTheClient() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { person in
            try await person.joinAPI("Sky Walker")
            let app = person.app.api

            let me = try await app.updateMe(body: .json(.init(country: "GB", timeZone: "Europe/London"))).ok.body.json
            #expect(me.pseudonym == "Sky Walker" && me.timeZone == "Europe/London" && me.country == "GB" && me.roles == [.member])
            #expect(try await app.getMe().ok.body.json.timeZone == "Europe/London")
            let lines = try await app.listCrisisLines().ok.body.json
            #expect(lines.country == "GB" && !lines.lines.isEmpty)

            let plan = try await app.setRecoveryPlan(body: .json(.init(
                people: [.init(contact: "555 0100", name: "Sam")], reasons: ["my daughter"], warningSigns: ["skipping meals"]))).ok.body.json
            #expect(plan.version == 1 && plan.plan.reasons == ["my daughter"] && plan.plan.people?.first?.name == "Sam")
            #expect(try await app.setRecoveryPlanSharing(body: .json(.init(shared: true))).ok.body.json.sharedWithMentor)
            #expect(try await app.listRecoveryPlanVersions().ok.body.json.map(\.number) == [1])
            guard case .unprocessableContent(let tooLong) = try await app.setRecoveryPlan(
                body: .json(.init(reasons: [String(repeating: "x", count: 301)]))) else { Issue.record("a 301-character line was kept"); return }
            #expect(try tooLong.body.json.error.field == "reasons")
            #expect(try await app.getRecoveryPlan().ok.body.json.version == 1)

            _ = try await app.setStage(body: .json(.init(stage: "patient"))).noContent
            let stage = try await app.getStage().ok.body.json
            #expect(stage.stage == .patient && stage.stagesOfChange == ["contemplation", "preparation"] && stage.history.count == 1)
            #expect(try await app.listSuggestions().ok.body.json.stage == .patient)

            // Sharing a clock with a friend, and taking it back.
            let friend = person.another()
            try await friend.joinAPI("Friend Ly")
            let clock = try await app.createClock(body: .json(.init(kind: .alcohol, label: "Sober", startedOn: "2026-06-01"))).created.body.json
            let grant = try await app.createGrant(body: .json(.init(grantee: "Friend Ly", itemId: clock.id, scope: .clock))).created.body.json
            #expect(grant.grantee == "Friend Ly" && grant.itemId == clock.id && grant.scope == "clock")
            #expect(try await friend.app.api.listGrants().ok.body.json.received.map(\.owner) == ["Sky Walker"])
            #expect(try await friend.app.api.listSharedClocks().ok.body.json.map(\.id) == [clock.id])
            _ = try await app.revokeGrant(path: .init(id: grant.id)).noContent
            #expect(try await friend.app.api.listSharedClocks().ok.body.json.isEmpty)

            // Messages: a request, accepted, edited, hidden; then a block ends the conversation for both.
            try await person.trust("Sky Walker")
            let opened = try await app.startConversation(body: .json(.init(body: "Coffee after the meeting?", to: "Friend Ly"))).created.body.json
            #expect(opened.map(\.body) == ["Coffee after the meeting?"] && opened.first?.mine == true)
            let inbox = try await friend.app.api.listConversations().ok.body.json
            let conversation = try #require(inbox.first)
            #expect(conversation.status == .request && conversation.requestToMe && conversation.with == "Sky Walker")
            _ = try await friend.app.api.acceptConversation(path: .init(id: conversation.id)).noContent
            let thread = try await friend.app.api.sendMessage(path: .init(id: conversation.id), body: .json(.init(body: "Yes please"))).created.body.json
            let mine = try #require(thread.last)
            #expect(mine.mine && mine.body == "Yes please")
            let edited = try await friend.app.api.editMessage(path: .init(id: mine.id), body: .json(.init(body: "Yes, please!"))).ok.body.json
            #expect(edited.body == "Yes, please!" && edited.editedAt != nil)
            _ = try await friend.app.api.deleteMessage(path: .init(id: mine.id)).noContent
            let blocked = try await app.createBlock(body: .json(.init(pseudonym: "Friend Ly"))).created.body.json
            #expect(try await app.listBlocks().ok.body.json.map(\.pseudonym) == ["Friend Ly"])
            guard case .conflict(let refused) = try await friend.app.api.sendMessage(path: .init(id: conversation.id), body: .json(.init(body: "hi?"))) else {
                Issue.record("a blocked member could still write"); return
            }
            #expect(try refused.body.json.error.code == "blocked")
            _ = try await app.deleteBlock(path: .init(id: blocked.userId)).noContent
            #expect(try await app.listBlocks().ok.body.json.isEmpty)

            _ = try await app.changePassword(body: .json(.init(currentPassword: "correct horse", newPassword: "battery staple horse"))).noContent
            _ = try await PeerCircleAPI.signIn(serverURL: URL(string: "http://localhost")!, pseudonym: "Sky Walker", password: "battery staple horse",
                                               transport: TestClientTransport(client: person.testClient))
        }
    }

    @Test func theSafetyNetAndTheForumThroughTheClient() async throws {
        try await TestApp.run { owner in
            try await owner.joinAPI("Owner Ann")
            let helper = owner.another()
            try await helper.joinAPI("Helper Bo")
            let app = owner.app.api

            let circle = try await app.inviteToCircle(body: .json(.init(pseudonym: "Helper Bo"))).created.body.json
            #expect(circle.members.map(\.status) == [.invited])
            let invitation = try #require(try await helper.app.api.getCircle().ok.body.json.memberships.first)
            _ = try await helper.app.api.acceptCircleInvitation(path: .init(id: invitation.id)).noContent
            _ = try await app.setSafetySettings(body: .json(.init(onBehalfAlerts: true))).noContent

            let alert = try await app.sendSOS(body: .json(.init(message: "At the bar's door", need: .craving))).created.body.json
            #expect(alert.need == .craving && alert.status == .open && alert.crisisLines?.isEmpty == false)
            #expect(try await helper.app.api.listAlerts().ok.body.json.map(\.id) == [alert.id])
            let here = try await helper.app.api.answerAlert(path: .init(id: alert.id)).ok.body.json
            #expect(!here.conversationId.isEmpty)
            let closed = try await app.closeAlert(path: .init(id: alert.id), body: .json(.init(outcome: "Bo called me"))).ok.body.json
            #expect(closed.status == .closed && closed.here == ["Helper Bo"])
            let screened = try await app.screenText(body: .json(.init(text: "my roommate is blue and wont wake up after using"))).ok.body.json
            #expect(screened.concern && screened.category == .overdose && screened.steps?.isEmpty == false)
            #expect(try await app.screenText(body: .json(.init(text: "Lovely walk today"))).ok.body.json.concern == false)

            // The forum: a thread, a reply, a reaction, the helpful answer, a flag; search finds it.
            let category = try #require(try await app.listForumCategories().ok.body.json.first)
            let started = try await app.startThread(body: .json(.init(
                body: "How do you get through the first weekend?", categoryId: category.id, kind: .question, title: "First weekend"))).created.body.json
            #expect(started.kind == .question && started.posts?.count == 1)
            let replied = try await helper.app.api.replyToThread(path: .init(id: started.id), body: .json(.init(body: "Plan every evening."))).created.body.json
            let reply = try #require(replied.posts?.last)
            let reacted = try await app.reactToPost(path: .init(id: reply.id), body: .json(.init(kind: .helped))).ok.body.json
            #expect(reacted.posts?.last?.reactions.additionalProperties["helped"] == 1)
            #expect(try await app.markHelpful(path: .init(id: reply.id)).ok.body.json.posts?.last?.helpfulAnswer == true)
            #expect(try await app.listForumThreads(path: .init(id: category.id)).ok.body.json.map(\.id).contains(started.id))
            _ = try await app.flagPost(path: .init(id: reply.id), body: .json(.init(reason: .offTopic))).noContent
            #expect(try await app.search(query: .init(q: "first weekend")).ok.body.json.map(\.title).contains("First weekend"))
            let strategy = try await app.createStrategy(body: .json(.init(body: "Walk round the block twice.", situations: ["craving"],
                                                                          title: "Walk it off"))).created.body.json
            _ = try await helper.app.api.markStrategyHelped(path: .init(id: strategy.id)).noContent
            #expect(try await helper.app.api.listStrategies(query: .init(situation: "craving")).ok.body.json.first { $0.id == strategy.id }?.helpedMe == true)
            _ = try await helper.app.api.saveStrategy(path: .init(id: strategy.id), body: .json(.init(situation: "craving"))).noContent

            // Moderation: only a moderator sees the queue; the author is told and may appeal.
            guard case .notFound = try await helper.app.api.getModerationQueue() else { Issue.record("a member read the moderation queue"); return }
            try await owner.grant(.moderator, to: "Owner Ann")
            try await owner.grant(.admin, to: "Owner Ann")
            let action = try await app.actOnPost(path: .init(id: reply.id), body: .json(.init(action: .hide, reason: "Keep it on topic"))).ok.body.json
            #expect(action.kind == "hide" && action.subject == "Helper Bo")
            let notice = try #require(try await helper.app.api.listMyNotices().ok.body.json.first { $0.actionId == action.id })
            _ = try await helper.app.api.appealNotice(path: .init(id: action.id), body: .json(.init(text: "It was on topic."))).noContent
            let appeal = try #require(try await app.listAppeals().ok.body.json.first)
            _ = try await app.decideAppeal(path: .init(id: appeal.id), body: .json(.init(reason: "Fair point.", uphold: true))).noContent
            #expect(try await app.listAuditLog().ok.body.json.contains { $0.id == action.id })
            #expect(!notice.text.isEmpty)
            #expect(try await app.getSafetyStats().ok.body.json.alerts == 1)
        }
    }

    @Test func groupsMeetingsAndMentorshipThroughTheClient() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { person in
            try await person.importFeed(try Data(contentsOf: Fixtures.url("aasfmarin.test.json")), timeZone: "America/Los_Angeles")
            try await person.joinAPI("Lead Lee")
            try await person.grant(.facilitator, to: "Lead Lee")
            let app = person.app.api
            let group = try await app.createGroup(body: .json(.init(closed: true, description: "Evenings.", languages: ["en"], name: "Evening Circle",
                                                                    pathway: .smartRecovery))).created.body.json
            #expect(group.membership == .facilitator && group.pathway == "smart_recovery")
            let newcomer = person.another()
            try await newcomer.joinAPI("New Nell")
            let asked = try await newcomer.app.api.joinGroup(path: .init(id: group.id), body: .json(.init(note: "I'm new."))).ok.body.json
            #expect(asked.membership == .pending && asked.members == nil)
            let nell = try await newcomer.app.api.getMe().ok.body.json.id
            _ = try await app.approveJoinRequest(path: .init(id: group.id, user: nell)).noContent
            #expect(try await newcomer.app.api.getGroup(path: .init(id: group.id)).ok.body.json.membership == .member)
            #expect(try await person.another().app.api.listGroups().ok.body.json.contains { $0.id == group.id && $0.members == nil })

            let meeting = try #require(try await newcomer.app.api.listMeetings(query: .init(limit: 1)).ok.body.json.meetings.first)
            #expect(try await newcomer.app.api.getMeeting(path: .init(id: meeting.id)).ok.body.json.name == meeting.name)
            _ = try await newcomer.app.api.saveMeeting(path: .init(id: meeting.id)).noContent
            #expect(try await newcomer.app.api.listMyMeetings().ok.body.json.map(\.id) == [meeting.id])
            let link = try await newcomer.app.api.createCalendarLink().created.body.json
            #expect(link.url.hasSuffix("/my-meetings.ics"))
            let record = try await newcomer.app.api.recordAttendance(path: .init(id: meeting.id)).created.body.json
            #expect(record.mode == .inPerson && record.meeting == meeting.name)
            #expect(try await newcomer.app.api.listMyAttendance().ok.body.json.map(\.id) == [record.id])
            _ = try await newcomer.app.api.unsaveMeeting(path: .init(id: meeting.id)).noContent
            _ = try await newcomer.app.api.leaveGroup(path: .init(id: group.id)).noContent

            // Mentorship: a profile, a match, a request accepted, a rhythm, a check-in, the mentee's shared plan, the end.
            try await person.grant(.mentor, to: "Lead Lee")
            let profile = try await app.setMentorProfile(body: .json(.init(
                availability: ["mon-evening"], capacity: 2, experiences: ["alcohol"], languages: ["en"], pathways: ["smart_recovery"],
                recoveryRange: ._25, timeZone: "UTC"))).ok.body.json
            #expect(try await app.getMentorProfile().ok.body.json.id == profile.id)
            let matches = try await newcomer.app.api.findMentors(body: .json(.init(experiences: ["alcohol"], languages: ["en"]))).ok.body.json
            #expect(matches.map(\.profileId) == [profile.id])
            #expect(try await newcomer.app.api.getMentor(path: .init(id: profile.id)).ok.body.json.recoveryDays != nil)
            let pair = try await newcomer.app.api.requestMentorship(body: .json(.init(message: "Hello", profileId: profile.id))).created.body.json
            #expect(pair.role == .mentee && pair.status == .requested)
            #expect(try await app.acceptMentorship(path: .init(id: pair.id)).ok.body.json.status == .active)
            let rhythm = try await newcomer.app.api.setMentorshipRhythm(path: .init(id: pair.id), body: .json(.init(dueTime: "20:00", rhythm: .weekly))).ok.body.json
            #expect(rhythm.rhythm == "weekly" && rhythm.dueTime == "20:00")
            let checkIn = try await newcomer.app.api.createMentorshipCheckIn(path: .init(id: pair.id), body: .json(.init(feeling: 4, note: "ok"))).created.body.json
            #expect(try await app.listMentorshipCheckIns(path: .init(id: pair.id)).ok.body.json.map(\.id) == [checkIn.id])
            guard case .notFound = try await app.getMenteeRecoveryPlan(path: .init(id: pair.id)) else { Issue.record("an unshared plan was read"); return }
            _ = try await newcomer.app.api.setRecoveryPlanSharing(body: .json(.init(shared: true))).ok
            let helped = try await app.setMenteeRecoveryPlan(path: .init(id: pair.id), body: .json(.init(reasons: ["my health"]))).ok.body.json
            #expect(helped.plan.reasons == ["my health"])
            #expect(try await newcomer.app.api.listRecoveryPlanVersions().ok.body.json.first?.author == "Lead Lee")
            #expect(try await app.listMenteeRecoveryPlanVersions(path: .init(id: pair.id)).ok.body.json.map(\.number) == [2, 1])  // sharing began an empty one
            #expect(try await newcomer.app.api.endMentorship(path: .init(id: pair.id), body: .json(.init(note: "Thank you"))).ok.body.json.status == .ended)
            #expect(try await newcomer.app.api.listMentorships().ok.body.json.map(\.id) == [pair.id])
            #expect(try await app.getMentorship(path: .init(id: pair.id)).ok.body.json.role == .mentor)
        }
    }
}

/// Check-ins shared with a grantee: only while the grant stands, only with the person named, and
/// only the day, mood, craving and sober answer — never the note.
@Suite struct SharedCheckInTests {
    @Test func aGranteeReadsSharedCheckInsWithoutTheirWords() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { owner in
            try await owner.joinAPI("Sharing Sam")
            let friend = owner.another(), stranger = owner.another()
            try await friend.joinAPI("Friend Fran")
            try await stranger.joinAPI("Stranger Stu")
            _ = try await owner.app.api.createCheckIn(body: .json(.init(craving: 3, mood: 2, note: "private words here", sober: .yes))).created
            let grant = try await owner.app.api.createGrant(body: .json(.init(grantee: "Friend Fran", scope: .checkIns))).created.body.json
            #expect(grant.scope == "check_ins")
            let list = try await friend.app.api.listSharedCheckIns().ok.body.json
            #expect(list.map(\.owner) == ["Sharing Sam"] && list.first?.checkIns.map(\.mood) == [2] && list.first?.checkIns.first?.sober == .yes)
            // What travels, not what the client kept: the raw answer never carries the note.
            let raw = try await friend.api(.get, "/api/v1/shared/check-ins")
            #expect(raw.text.contains("Sharing Sam") && !raw.text.contains("private words"))
            #expect(try await stranger.app.api.listSharedCheckIns().ok.body.json.isEmpty)
            _ = try await owner.app.api.revokeGrant(path: .init(id: grant.id)).noContent
            #expect(try await friend.app.api.listSharedCheckIns().ok.body.json.isEmpty)
        }
    }
}
