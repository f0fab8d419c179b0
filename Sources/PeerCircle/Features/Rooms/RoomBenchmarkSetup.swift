import FluentKit
import Foundation

/// Sets up an open room with many members for the fan-out benchmark (`peercircle-bench`).
public enum RoomBenchmarkSetup {
    public struct Seeded: Sendable {
        /// The WebSocket path of the room.
        public let path: String
        /// A session cookie value per person; the first is the facilitator's.
        public let cookies: [String]
    }

    public static func seed(_ database: AppDatabase, configuration: AppConfiguration, members: Int) async throws -> Seeded {
        let deps = AppDependencies(database: database, configuration: configuration, crisisLines: CrisisDirectory(),
                                   now: { Date() }, passwordCost: 4)
        let accounts = AccountService(deps: deps)
        let run = UUID().uuidString.prefix(6)
        var cookies: [String] = []
        var facilitator: Member?
        for index in 0...members {
            let user = try await accounts.signup(.init(pseudonym: "bench\(run)\(index)", password: "benchmark password"))
            if index == 0 { try await accounts.grant(.admin, to: user.requireID()) }
            let token = try await accounts.startSession(for: user.requireID(), kind: .web)
            if index == 0 { facilitator = try await accounts.member(forToken: token, kind: .web) }
            cookies.append(token)
        }
        let meeting = Meeting(MeetingDraft(slug: "bench-\(run)", name: "Benchmark room", days: [1], startTime: "19:00",
                                           timeZone: "UTC", attendance: .online, types: []), source: "local")
        try await meeting.create(on: database.db)
        let rooms = RoomService(deps: deps, broadcaster: deps.broadcaster)
        _ = try await rooms.open(meeting.requireID(), by: facilitator!, membersOnly: false)
        return Seeded(path: RoomSocket.path(try meeting.requireID()), cookies: cookies)
    }
}
