import Foundation
import OpenAPIRuntime
import PeerCircleClient
import Testing
@testable import PeerCircle

/// The Swift client library, generated from the document the server serves, against the running
/// application: what an app does first (sign in, today's check-in, check in), what it gets when it
/// is wrong (the field named), when it is the wrong person (404) or nobody (401), and paging to the end.
@Suite struct ClientLibraryTests {
    static let server = URL(string: "http://localhost")!

    @Test func anAppSignsInReadsTodayAndChecksIn() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { person in
            try await person.joinAPI("River Stone")
            let transport = TestClientTransport(client: person.testClient)
            let session = try await PeerCircleAPI.signIn(serverURL: Self.server, pseudonym: "River Stone", password: "correct horse",
                                                         transport: transport)
            #expect(session.member.pseudonym == "River Stone" && !session.token.isEmpty)
            let app = PeerCircleAPI(serverURL: Self.server, transport: transport) { session.token }

            guard case .notFound = try await app.api.getTodaysCheckIn() else { Issue.record("a check-in before any was made"); return }
            let created = try await app.api.createCheckIn(body: .json(.init(craving: 2, gratitude: "my sister called", mood: 4, sober: .yes,
                                                                            tags: ["work"], triggers: []))).created.body.json
            #expect(created.mood == 4 && created.craving == 2 && created.localDate == "2026-06-15" && created.gratitude == "my sister called")
            let today = try await app.api.getTodaysCheckIn().ok.body.json
            #expect(today.id == created.id)
            guard case .conflict = try await app.api.createCheckIn(body: .json(.init(craving: 0, mood: 3, sober: .yes))) else {
                Issue.record("a second check-in the same day was taken"); return
            }

            // Out of range: 422 naming the field, and nothing changed.
            guard case .unprocessableContent(let refused) = try await app.api.updateCheckIn(
                path: .init(id: created.id), body: .json(.init(craving: 2, mood: 9, sober: .yes))) else {
                Issue.record("mood 9 was taken"); return
            }
            #expect(try refused.body.json.error.field == "mood")
            #expect(try await app.api.getCheckIn(path: .init(id: created.id)).ok.body.json.mood == 4)

            // Another member is told it does not exist; nobody signed in is told to sign in.
            let other = person.another()
            try await other.joinAPI("Other Reader")
            guard case .notFound = try await other.app.api.getCheckIn(path: .init(id: created.id)) else { Issue.record("another member read it"); return }
            let nobody = PeerCircleAPI(serverURL: Self.server, transport: transport)
            guard case .unauthorized = try await nobody.api.getTodaysCheckIn() else { Issue.record("a visitor read today's check-in"); return }

            // A wrong password is refused with the API's own message.
            await #expect(throws: APIError.self) {
                try await PeerCircleAPI.signIn(serverURL: Self.server, pseudonym: "River Stone", password: "wrong horse", transport: transport)
            }
        }
    }

    @Test func pagingReadsEveryMeetingOccurrenceOnce() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { person in
            try await person.importFeed(try Data(contentsOf: Fixtures.url("aasfmarin.test.json")), timeZone: "America/Los_Angeles")
            var seen: [String] = [], totals: Set<Int> = [], pages = 0
            for try await page in person.app.meetings(.init(mode: .online, limit: 9)) {
                pages += 1
                #expect(page.meetings.count <= 9)
                seen += page.meetings.map { "\($0.id)@\($0.start.timeIntervalSince1970)" }
                totals.insert(page.total)
            }
            let total = try #require(totals.first)
            #expect(totals.count == 1 && total > 9 && pages == (total + 8) / 9)
            #expect(seen.count == total && Set(seen).count == total)
        }
    }

    @Test func clocksThroughTheClientKeepWhatAChangeLeavesOut() async throws {
        try await TestApp.run(now: ManualClock(instant("2026-06-15T12:00:00Z"))) { person in
            try await person.joinAPI("Clock Keeper")
            let app = person.app.api
            let made = try await app.createClock(body: .json(.init(dailyCost: 12.5, kind: .alcohol, label: "Alcohol-free", startedOn: "2026-03-01")))
                .created.body.json
            #expect(made.days == 106 && made.moneySaved == 1325 && made.currency == "USD" && made.owner == nil)
            // A change names only the label: the kind, start and cost stay.
            let renamed = try await app.updateClock(path: .init(id: made.id), body: .json(.init(label: "Sober days"))).ok.body.json
            #expect(renamed.label == "Sober days" && renamed.startedOn == "2026-03-01" && renamed.dailyCost == 12.5 && renamed.kind == "alcohol")
            guard case .unprocessableContent(let future) = try await app.updateClock(path: .init(id: made.id), body: .json(.init(startedOn: "2027-01-01"))) else {
                Issue.record("a start in the future was taken"); return
            }
            #expect(try future.body.json.error.field == "started_on")
            let reset = try await app.resetClock(path: .init(id: made.id), body: .json(.init(note: "a hard week", startedOn: "2026-06-10"))).ok.body.json
            #expect(reset.days == 5 && reset.attempts.first?.days == 101 && reset.attempts.first?.note == "a hard week")
            #expect(try await app.listClocks().ok.body.json.map(\.id) == [made.id])

            let other = person.another()
            try await other.joinAPI("Clock Stranger")
            guard case .notFound = try await other.app.api.getClock(path: .init(id: made.id)) else { Issue.record("another member read the clock"); return }
            guard case .notFound = try await other.app.api.deleteClock(path: .init(id: made.id)) else { Issue.record("another member deleted it"); return }
            #expect(try await other.app.api.listSharedClocks().ok.body.json.isEmpty)
            guard case .noContent = try await app.deleteClock(path: .init(id: made.id)) else { Issue.record("the owner could not delete it"); return }
            guard case .notFound = try await app.getClock(path: .init(id: made.id)) else { Issue.record("a deleted clock is still there"); return }
        }
    }
}
