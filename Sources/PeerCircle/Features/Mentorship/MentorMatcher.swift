import Foundation

/// A mentor as the matcher sees them: sets as bit masks so that ranking a hundred thousand
/// profiles stays a tight loop.
public struct MentorCandidate: Sendable {
    public var profileID: UUID
    public var userID: UUID
    public var experiences: UInt32
    public var pathways: UInt32
    public var languages: UInt32
    public var recoveryDays: Int?
    public var offsetMinutes: Int
    public var availability: WeekMask
    public var capacity: Int
    public var activeMentees: Int
    public var paused: Bool
    public var gender: Gender?
    public var sameGenderOnly: Bool

    public init(profileID: UUID, userID: UUID, experiences: UInt32, pathways: UInt32, languages: UInt32, recoveryDays: Int?,
                offsetMinutes: Int, availability: WeekMask, capacity: Int, activeMentees: Int, paused: Bool,
                gender: Gender?, sameGenderOnly: Bool) {
        self.profileID = profileID; self.userID = userID; self.experiences = experiences; self.pathways = pathways
        self.languages = languages; self.recoveryDays = recoveryDays; self.offsetMinutes = offsetMinutes
        self.availability = availability; self.capacity = capacity; self.activeMentees = activeMentees
        self.paused = paused; self.gender = gender; self.sameGenderOnly = sameGenderOnly
    }
}

/// The member looking for support, from the find-a-mentor form.
public struct MentorSeeker: Sendable {
    public var userID: UUID
    public var experiences: UInt32
    public var pathways: UInt32
    public var languages: UInt32
    public var stage: RecoveryStage?
    /// Their own time in recovery (longest clock), if they keep one.
    public var recoveryDays: Int?
    public var offsetMinutes: Int
    public var slots: WeeklySlots
    public var gender: Gender?
    public var wantsSameGender: Bool
    /// Mentors never to suggest: blocked either way, already asked, declined, or already paired.
    public var excluded: Set<UUID>

    public init(userID: UUID, experiences: UInt32, pathways: UInt32, languages: UInt32, stage: RecoveryStage?,
                recoveryDays: Int?, offsetMinutes: Int, slots: WeeklySlots, gender: Gender?, wantsSameGender: Bool,
                excluded: Set<UUID>) {
        self.userID = userID; self.experiences = experiences; self.pathways = pathways; self.languages = languages
        self.stage = stage; self.recoveryDays = recoveryDays; self.offsetMinutes = offsetMinutes; self.slots = slots
        self.gender = gender; self.wantsSameGender = wantsSameGender; self.excluded = excluded
    }

    /// Days in recovery to compare against: their clock, else what their stage suggests.
    var effectiveDays: Int {
        recoveryDays ?? [RecoveryStage.dismissal: 0, .patient: 30, .client: 365][stage ?? .patient] ?? 30
    }
}

public struct MentorMatch: Sendable {
    public let candidate: MentorCandidate
    public let score: Int
    public let reasons: [String]
}

/// Ranks mentors for a member. Scores out of 100 (see the README, "How matching works"):
/// shared experience 35, pathway 20, language 15, stage gap 15, time overlap 10, spare capacity 5.
/// Hard filters come first: paused, full, excluded (blocks, earlier requests), and either side's
/// gender preference.
public enum MentorMatcher {
    public static func rank(_ seeker: MentorSeeker, _ candidates: [MentorCandidate], limit: Int = 20) -> [MentorMatch] {
        let seekerWeek = seeker.slots.utcWeek(offsetMinutes: seeker.offsetMinutes)
        let wanted = seeker.experiences.nonzeroBitCount
        let days = seeker.effectiveDays
        // A bounded, sorted list of the best so far: cheap when `limit` is small against the pool.
        var best: [(score: Int, index: Int)] = []
        best.reserveCapacity(limit + 1)
        for index in candidates.indices {
            let c = candidates[index]
            guard admits(c, seeker) else { continue }
            let score = score(c, seeker, seekerWeek: seekerWeek, wanted: wanted, seekerDays: days)
            if best.count == limit, let last = best.last, !(score > last.score) { continue }
            let at = best.firstIndex { score > $0.score } ?? best.count
            best.insert((score, index), at: at)
            if best.count > limit { best.removeLast() }
        }
        return best.map { entry in
            let c = candidates[entry.index]
            return MentorMatch(candidate: c, score: entry.score, reasons: reasons(c, seeker, seekerWeek: seekerWeek, seekerDays: days))
        }
    }

    /// Hard filters: never suggest these, whatever the score.
    static func admits(_ c: MentorCandidate, _ s: MentorSeeker) -> Bool {
        if c.paused || c.activeMentees >= c.capacity || c.userID == s.userID { return false }
        if c.sameGenderOnly && (s.gender == nil || s.gender != c.gender) { return false }
        if s.wantsSameGender && (c.gender == nil || c.gender != s.gender) { return false }
        return !s.excluded.contains(c.userID)
    }

    static func score(_ c: MentorCandidate, _ s: MentorSeeker, seekerWeek: WeekMask, wanted: Int, seekerDays: Int) -> Int {
        var score = 0
        if wanted > 0 { score += 35 * (c.experiences & s.experiences).nonzeroBitCount / wanted }
        if c.pathways & s.pathways != 0 { score += 20 }
        if c.languages & s.languages != 0 { score += 15 }
        score += stageGapPoints(mentorDays: c.recoveryDays, seekerDays: seekerDays)
        if !seekerWeek.isEmpty && !c.availability.isEmpty {
            // Full marks from six hours a week in common (twelve half-hours).
            score += 10 * min(12, c.availability.overlap(seekerWeek)) / 12
        } else {
            score += max(0, 10 - abs(c.offsetMinutes - s.offsetMinutes) / 60)
        }
        score += 5 * (c.capacity - c.activeMentees) / max(1, c.capacity)
        return score
    }

    /// Further along, but not too far: one to five years ahead is best.
    static func stageGapPoints(mentorDays: Int?, seekerDays: Int) -> Int {
        guard let mentorDays else { return 3 }
        let gap = mentorDays - seekerDays
        switch gap {
        case ..<180: return 0
        case 180..<365: return 10
        case 365...1825: return 15
        case 1826...3650: return 10
        default: return 6
        }
    }

    static func reasons(_ c: MentorCandidate, _ s: MentorSeeker, seekerWeek: WeekMask, seekerDays: Int) -> [String] {
        var reasons: [String] = []
        let shared = Experience.allCases.enumerated().filter { c.experiences & s.experiences & (1 << $0.offset) != 0 }.map(\.element.title)
            + Group.Pathway.allCases.enumerated().filter { c.pathways & s.pathways & (1 << $0.offset) != 0 }.map(\.element.title)
        if !shared.isEmpty { reasons.append("shares: " + shared.joined(separator: ", ")) }
        let languages = MatchCodes.languages.enumerated().filter { c.languages & s.languages & (1 << $0.offset) != 0 }
            .compactMap { GroupInput.languageNames[$0.element] }
        if !languages.isEmpty { reasons.append("speaks " + languages.joined(separator: ", ")) }
        if let mentorDays = c.recoveryDays, mentorDays - seekerDays >= 180 {
            let years = (mentorDays - seekerDays) / 365
            reasons.append(years >= 1 ? "\(years) year\(years == 1 ? "" : "s") further along" : "\((mentorDays - seekerDays) / 30) months further along")
        }
        if !seekerWeek.isEmpty {
            let parts = WeeklySlots.Part.allCases.filter { part in
                var mine = WeeklySlots()
                for day in 0..<7 where s.slots.slots[day * 4 + part.rawValue] { mine.slots[day * 4 + part.rawValue] = true }
                return c.availability.overlap(mine.utcWeek(offsetMinutes: s.offsetMinutes)) > 0
            }
            if !parts.isEmpty { reasons.append("overlaps your " + parts.map(\.title).joined(separator: " and ")) }
        } else if c.offsetMinutes == s.offsetMinutes {
            reasons.append("in your time zone")
        }
        let spare = c.capacity - c.activeMentees
        reasons.append("has room for \(spare) more")
        return reasons
    }
}

/// Bit positions for the matcher's masks.
public enum MatchCodes {
    static let languages = GroupInput.languageNames.keys.sorted()

    static func experiences(_ list: [Experience]) -> UInt32 {
        list.reduce(0) { $0 | 1 << UInt32(Experience.allCases.firstIndex(of: $1)!) }
    }
    static func pathways(_ list: [Group.Pathway]) -> UInt32 {
        list.reduce(0) { $0 | 1 << UInt32(Group.Pathway.allCases.firstIndex(of: $1)!) }
    }
    static func languages(_ codes: [String]) -> UInt32 {
        codes.reduce(0) { mask, code in languages.firstIndex(of: code).map { mask | 1 << UInt32($0) } ?? mask }
    }
}
