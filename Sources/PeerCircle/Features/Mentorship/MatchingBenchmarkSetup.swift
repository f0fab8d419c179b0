import FluentKit
import Foundation

/// Synthetic mentors for the matching benchmark (`peercircle-bench matching`): varied but
/// reproducible, so runs compare.
public enum MatchingBenchmarkSetup {
    /// A small deterministic generator (SplitMix64), so every run ranks the same pool.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let zones = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London", "Europe/Berlin", "Australia/Sydney"]

    /// `count` mentor profiles as stored rows would read, without the database.
    public static func candidates(_ count: Int, now: Date = Date()) -> [MentorCandidate] {
        var rng = Generator(state: 42)
        return (0..<count).map { _ in
            let zone = TimeZone(identifier: zones.randomElement(using: &rng)!)!
            let offset = zone.secondsFromGMT(for: now) / 60
            var slots = WeeklySlots()
            for index in slots.slots.indices { slots.slots[index] = Int.random(in: 0..<5, using: &rng) == 0 }
            let capacity = Int.random(in: 1...4, using: &rng)
            return MentorCandidate(
                profileID: UUID(), userID: UUID(), experiences: UInt32.random(in: 0..<(1 << 15), using: &rng) & UInt32.random(in: 0..<(1 << 15), using: &rng),
                pathways: 1 << UInt32.random(in: 0..<9, using: &rng), languages: Int.random(in: 0..<4, using: &rng) == 0 ? MatchCodes.languages(["es"]) : MatchCodes.languages(["en"]),
                recoveryDays: Int.random(in: 0..<10, using: &rng) == 0 ? nil : Int.random(in: 30...7000, using: &rng), offsetMinutes: offset,
                availability: slots.utcWeek(offsetMinutes: offset), capacity: capacity, activeMentees: Int.random(in: 0...capacity, using: &rng),
                paused: Int.random(in: 0..<10, using: &rng) == 0, gender: Gender.allCases.randomElement(using: &rng),
                sameGenderOnly: Int.random(in: 0..<5, using: &rng) == 0)
        }
    }

    /// A typical member looking for support.
    public static func seeker() -> MentorSeeker {
        var slots = WeeklySlots()
        for day in 0..<5 { slots.slots[day * 4 + WeeklySlots.Part.evening.rawValue] = true }
        return MentorSeeker(userID: UUID(), experiences: MatchCodes.experiences([.alcohol, .anxiety]), pathways: MatchCodes.pathways([.smart]),
                            languages: MatchCodes.languages(["en"]), stage: .patient, recoveryDays: 25, offsetMinutes: -300, slots: slots,
                            gender: .woman, wantsSameGender: false, excluded: [])
    }

    /// Stores `count` mentors (user, role, profile) so the whole request path can be timed.
    public static func seed(_ database: AppDatabase, count: Int) async throws -> UUID {
        var rng = Generator(state: 7)
        let run = UUID().uuidString.prefix(6)
        for start in stride(from: 0, to: count, by: 500) {
            let users = (start..<min(count, start + 500)).map { index in
                let user = User(pseudonym: "mentor\(run)\(index)", email: nil, passwordHash: "x", timeZone: zones[index % zones.count], country: nil)
                user.id = UUID()
                return user
            }
            let profiles = users.map { user in
                let p = MentorProfile()
                p.$user.id = user.id!
                p.experiencesText = Experience.allCases.filter { _ in Int.random(in: 0..<4, using: &rng) == 0 }.map(\.rawValue).joined(separator: ",")
                p.pathwaysText = Pathway.allCases.randomElement(using: &rng)!.rawValue
                p.languagesText = "en"
                p.timeZone = user.timeZone
                p.availability = String((0..<28).map { _ in Int.random(in: 0..<5, using: &rng) == 0 ? "1" : "0" })
                p.capacity = Int.random(in: 1...4, using: &rng)
                p.paused = false
                p.sameGenderOnly = false
                p.story = ""
                p.recoveryRange = RecoveryRange.allCases.randomElement(using: &rng)
                return p
            }
            try await database.db.transaction { db in
                try await users.create(on: db)
                try await users.map { UserRole(userID: $0.id!, role: .mentor) }.create(on: db)
                try await profiles.create(on: db)
            }
        }
        let seeker = User(pseudonym: "seeker\(run)", email: nil, passwordHash: "x", timeZone: "America/New_York", country: nil)
        try await seeker.create(on: database.db)
        return try seeker.requireID()
    }

    /// One server's worth of state (its mentor pool stays in memory between searches).
    public struct Server: Sendable {
        let deps: AppDependencies

        public init(_ database: AppDatabase) {
            deps = AppDependencies(database: database, configuration: AppConfiguration(), crisisLines: CrisisDirectory(),
                                   now: { Date() }, passwordCost: 4)
        }
    }

    /// One full "find a mentor" for the seeded member, as the page runs it: the pool (read from the
    /// database the first time), the member's exclusions, filter and rank, the suggestions' profiles.
    public static func match(_ server: Server, seeker: UUID) async throws -> Int {
        let deps = server.deps
        let member = Member(id: seeker, pseudonym: "seeker", timeZone: TimeZone(identifier: "America/New_York")!, country: nil,
                            roles: [.member], sessionID: UUID())
        let input = MentorProfileService.SeekerInput(experiences: ["alcohol", "anxiety"], pathways: ["smart_recovery"], languages: ["en"],
                                                     availability: ["mon-evening", "tue-evening", "wed-evening"], stage: "patient")
        return try await MentorProfileService(deps: deps).match(input, for: member).count
    }
}
