import FluentKit
import Foundation

/// The first day's guide on Today: set your time zone, start a clock, check in, find a meeting
/// tonight, read the strategies for cravings, set up your circle. A step disappears once done;
/// most are read from what the member has, the rest are remembered in `users.first_steps`.
struct FirstSteps: Sendable {
    let deps: AppDependencies

    struct Step: Sendable, Equatable {
        let key: String
        let title: String
        let why: String
        let path: String
    }

    static let timeZone = "time-zone", cravings = "cravings", hidden = "hidden"

    /// Remembers a step done (or the guide hidden); cheap when already remembered.
    func mark(_ step: String, for user: UUID) async throws {
        guard let row = try await User.find(user, on: deps.db) else { return }
        var done = Set(row.firstSteps.split(separator: ",").map(String.init))
        guard done.insert(step).inserted else { return }
        row.firstSteps = done.sorted().joined(separator: ",")
        try await row.save(on: deps.db)
    }

    /// The steps still to do, in order; empty once all are done or the member hid the guide.
    func remaining(for member: Member) async throws -> [Step] {
        guard let user = try await User.find(member.id, on: deps.db) else { return [] }
        let remembered = Set(user.firstSteps.split(separator: ",").map(String.init))
        if remembered.contains(Self.hidden) { return [] }
        let id = member.id
        let zone = TimeText.zoneName(member.timeZone.identifier)
        var steps: [Step] = []
        if !remembered.contains(Self.timeZone) {
            steps.append(Step(key: Self.timeZone, title: "Check your time zone", why: "Your days roll over at midnight \(zone) time.", path: SiteURL.settings.path))
        }
        if try await Clock.query(on: deps.db).filter(\.$owner.$id == id).count() == 0 {
            steps.append(Step(key: "clock", title: "Start a clock", why: "Count your days — you choose what it counts.", path: SiteURL.newClock.path))
        }
        if try await CheckIn.query(on: deps.db).filter(\.$owner.$id == id).count() == 0 {
            steps.append(Step(key: "check-in", title: "Check in", why: "Three taps: mood, cravings, sober today.", path: SiteURL.checkIn.path))
        }
        if try await SavedMeeting.query(on: deps.db).filter(\.$user.$id == id).count() == 0 {
            steps.append(Step(key: "meeting", title: "Find a meeting tonight", why: "In person or online; save one to your meetings.", path: SiteURL.meetings.path))
        }
        if !remembered.contains(Self.cravings) {
            steps.append(Step(key: Self.cravings, title: "Read the strategies for cravings", why: "What has helped others in the hardest minutes.",
                              path: SiteURL.strategies.path + "?situation=craving"))
        }
        // Done when someone has said yes — an invitation nobody answered reaches nobody.
        let circle = try await CircleMember.query(on: deps.db).filter(\.$owner.$id == id).filter(\.$status == .accepted).count()
            + TrustedContact.query(on: deps.db).filter(\.$owner.$id == id).filter(\.$status == .confirmed).count()
        if circle == 0 {
            steps.append(Step(key: "circle", title: "Set up your circle", why: "The people alerted first when you need support (done once someone says yes).", path: SiteURL.circle.path))
        }
        return steps
    }

    static let total = 6
}

/// Remembers the first-day steps that leave no other trace.
struct AddFirstSteps: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("first_steps", .string, .required, .sql(.default(""))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("first_steps").update()
    }
}
