import Foundation
import Testing

@testable import PeerCircle

/// Who is signed in is kept in memory per instance; every change to it — signing out, a new password,
/// settings, roles, erasure — reaches this instance at once and another within a second.
@Suite struct SessionCacheTests {
    static func instance(_ database: AppDatabase, _ clock: ManualClock) -> AppDependencies {
        AppDependencies(database: database, configuration: AppConfiguration(), crisisLines: CrisisDirectory(),
                        now: { clock.now }, passwordCost: 4)
    }

    @Test func aChangeOnOneInstanceReachesTheOtherWithinASecond() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.withDatabase { database in
            let (one, two) = (AccountService(deps: Self.instance(database, clock)), AccountService(deps: Self.instance(database, clock)))
            let user = try await one.signup(.init(pseudonym: "Cached Member", password: "correct horse battery"))
            let token = try await one.startSession(for: user.requireID(), kind: .web)
            let seen = try #require(try await two.member(forToken: token, kind: .web))
            #expect(seen.pseudonym == "Cached Member" && !seen.has(.moderator))
            #expect(try await two.member(forToken: token, kind: .web) == seen)

            try await Client.enableTwoStep(try user.requireID(), on: database.db)  // a moderator's pages need it
            try await one.grant(.moderator, to: user.requireID())
            #expect(try await one.member(forToken: token, kind: .web)?.has(.moderator) == true)
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(try await two.member(forToken: token, kind: .web)?.has(.moderator) == true)

            var settings = AccountService.SettingsInput(pseudonym: "Renamed Member", timeZone: "Europe/Dublin", country: "IE")
            settings.email = ""
            _ = try await one.updateSettings(of: user.requireID(), settings)
            #expect(try await one.member(forToken: token, kind: .web)?.pseudonym == "Renamed Member")
            try await Task.sleep(for: .milliseconds(1_100))
            let renamed = try await two.member(forToken: token, kind: .web)
            #expect(renamed?.pseudonym == "Renamed Member" && renamed?.timeZone.identifier == "Europe/Dublin" && renamed?.country == "IE")

            try await one.logout(sessionID: seen.sessionID)
            #expect(try await one.member(forToken: token, kind: .web) == nil)
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(try await two.member(forToken: token, kind: .web) == nil)
        }
    }

    @Test func onlyTheRightKindOfALiveTokenIsAnswered() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.withDatabase { database in
            let accounts = AccountService(deps: Self.instance(database, clock))
            let user = try await accounts.signup(.init(pseudonym: "Kind Member", password: "correct horse battery"))
            let web = try await accounts.startSession(for: user.requireID(), kind: .web)
            let api = try await accounts.startSession(for: user.requireID(), kind: .api)
            #expect(try await accounts.member(forToken: web, kind: .web) != nil)
            #expect(try await accounts.member(forToken: api, kind: .api) != nil)
            // Remembered as one kind, a token is still nothing as the other.
            #expect(try await accounts.member(forToken: web, kind: .api) == nil)
            #expect(try await accounts.member(forToken: api, kind: .web) == nil)
            #expect(try await accounts.member(forToken: web + "x", kind: .web) == nil)
            // A remembered session still ends on time.
            clock.advance(seconds: AccountService.sessionLifetime + 1)
            #expect(try await accounts.member(forToken: web, kind: .web) == nil)
            #expect(try await accounts.member(forToken: api, kind: .api) == nil)
        }
    }
}
