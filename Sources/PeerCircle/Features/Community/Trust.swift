import FluentKit
import Foundation

/// Trust levels earned by reading and taking part (after Discourse), with what each may do.
/// Moderators can set a member's level either way.
enum Trust {
    static let names = ["New", "Basic", "Member", "Regular"]

    /// 0 new; 1 basic after a day, five threads read and one post; 2 member after two weeks,
    /// thirty threads read and ten posts; 3 regular only when a moderator grants it.
    static func earned(daysSinceJoining days: Int, threadsRead: Int, posts: Int) -> Int {
        if days >= 14 && threadsRead >= 30 && posts >= 10 { return 2 }
        if days >= 1 && threadsRead >= 5 && posts >= 1 { return 1 }
        return 0
    }

    static func canPostLinks(_ level: Int) -> Bool { level >= 1 }
    static func canMessageStrangers(_ level: Int) -> Bool { level >= 1 }
    static func threadsPerDay(_ level: Int) -> Int { [3, 10, 20, 50][min(level, 3)] }
    static func postsPerHour(_ level: Int) -> Int { [10, 30, 60, 120][min(level, 3)] }
    /// How much a flag counts toward hiding a post pending review.
    static func flagWeight(_ level: Int, moderator: Bool) -> Double { moderator ? hideThreshold : [0.5, 1, 1.5, 2][min(level, 3)] }
    static let hideThreshold = 3.0
    /// The weight of a trust-1 member's flag: lighter flags (brand-new accounts) never hide on their own.
    static let establishedFlagWeight = 1.0
}

/// A member's standing: trust level, silence, suspension.
struct Standing: Sendable {
    let level: Int
    let silencedUntil: Date?
    let suspendedUntil: Date?
}

struct StandingService: Sendable {
    let deps: AppDependencies

    func standing(of user: UUID) async throws -> Standing {
        let row = try await MemberStanding.query(on: deps.db).filter(\.$user.$id == user).first()
        let level: Int
        if let override = row?.trustOverride {
            level = override
        } else {
            let joined = try await User.find(user, on: deps.db)?.createdAt ?? deps.now()
            let days = Int(deps.now().timeIntervalSince(joined) / 86_400)
            let read = try await ThreadRead.query(on: deps.db).filter(\.$user.$id == user).count()
            let posts = try await Post.query(on: deps.db).filter(\.$author.$id == user).count()
            level = Trust.earned(daysSinceJoining: days, threadsRead: read, posts: posts)
        }
        let now = deps.now()
        return Standing(level: level, silencedUntil: row?.silencedUntil.flatMap { $0 > now ? $0 : nil },
                        suspendedUntil: row?.suspendedUntil.flatMap { $0 > now ? $0 : nil })
    }

    /// Refuses posting while silenced or suspended, saying until when.
    func requireMayPost(_ member: Member, field: String = "body") async throws -> Standing {
        let standing = try await standing(of: member.id)
        let zone = member.timeZone
        if let until = standing.suspendedUntil {
            throw AppError.conflict(code: "suspended", field: field,
                                    message: "Your account is suspended from posting until \(TimeText.format(until, zone, "d MMMM HH:mm")). See your notices for the reason and how to appeal.")
        }
        if let until = standing.silencedUntil {
            throw AppError.conflict(code: "silenced", field: field,
                                    message: "You can't post until \(TimeText.format(until, zone, "d MMMM HH:mm")). See your notices for the reason and how to appeal.")
        }
        return standing
    }

    /// Suspended or silenced right now: one indexed read, cheap enough for every chat line.
    func isPaused(_ userID: UUID) async throws -> Bool {
        guard let row = try await MemberStanding.query(on: deps.db).filter(\.$user.$id == userID).first() else { return false }
        let now = deps.now()
        return (row.silencedUntil.map { $0 > now } ?? false) || (row.suspendedUntil.map { $0 > now } ?? false)
    }

    /// The same rule for people known only by id (direct messages, room chat): a suspended or
    /// silenced member cannot write anywhere others read.
    func requireMayPost(userID: UUID, field: String = "body") async throws {
        let user = try await User.find(userID, on: deps.db)
        let zone = user.flatMap { TimeZone(identifier: $0.timeZone) } ?? deps.defaultTimeZone
        let member = Member(id: userID, pseudonym: user?.pseudonym ?? "", timeZone: zone, country: nil, roles: [], sessionID: UUID())
        _ = try await requireMayPost(member, field: field)
    }

    func update(_ user: UUID, _ change: (MemberStanding) -> Void) async throws {
        let row = try await MemberStanding.query(on: deps.db).filter(\.$user.$id == user).first() ?? {
            let row = MemberStanding()
            row.$user.id = user
            return row
        }()
        change(row)
        try await row.save(on: deps.db)
    }
}
