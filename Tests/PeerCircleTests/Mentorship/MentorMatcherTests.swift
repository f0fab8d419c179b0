import Foundation
import Testing
@testable import PeerCircle

/// The ranking on its own: hard filters, the order the weights give, and the reasons shown.
@Suite struct MentorMatcherTests {
    static let alcohol = MatchCodes.experiences([.alcohol])
    static let smart = MatchCodes.pathways([.smart])
    static let english = MatchCodes.languages(["en"])

    func mentor(_ name: Int, experiences: UInt32 = alcohol, pathways: UInt32 = smart, languages: UInt32 = english,
                days: Int? = 1000, capacity: Int = 3, active: Int = 0, paused: Bool = false, gender: Gender? = nil,
                sameGenderOnly: Bool = false, evenings: Bool = true) -> MentorCandidate {
        var slots = WeeklySlots()
        if evenings { for day in 0..<7 { slots.slots[day * 4 + WeeklySlots.Part.evening.rawValue] = true } }
        return MentorCandidate(
            profileID: UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", name))!, userID: UUID(), experiences: experiences,
            pathways: pathways, languages: languages, recoveryDays: days, offsetMinutes: 0, availability: slots.utcWeek(offsetMinutes: 0),
            capacity: capacity, activeMentees: active, paused: paused, gender: gender, sameGenderOnly: sameGenderOnly)
    }

    func seeker(gender: Gender? = nil, sameGender: Bool = false, excluded: Set<UUID> = [], days: Int? = 20) -> MentorSeeker {
        var slots = WeeklySlots()
        slots.slots[0 * 4 + WeeklySlots.Part.evening.rawValue] = true
        slots.slots[2 * 4 + WeeklySlots.Part.evening.rawValue] = true
        return MentorSeeker(userID: UUID(), experiences: Self.alcohol, pathways: Self.smart, languages: Self.english, stage: .patient,
                            recoveryDays: days, offsetMinutes: 0, slots: slots, gender: gender, wantsSameGender: sameGender, excluded: excluded)
    }

    @Test func pausedFullExcludedAndPreferenceExcludedMentorsAreNeverShown() {
        let blocked = mentor(3)
        let pool = [mentor(1), mentor(2, paused: true), blocked, mentor(4, capacity: 2, active: 2),
                    mentor(5, gender: .woman, sameGenderOnly: true), mentor(6, gender: .man)]
        let shown = MentorMatcher.rank(seeker(excluded: [blocked.userID]), pool).map(\.candidate.profileID)
        #expect(Set(shown) == [pool[0].profileID, pool[5].profileID])

        // A woman sees the same-gender-only woman mentor; asking for her own gender hides the man.
        let asWoman = MentorMatcher.rank(seeker(gender: .woman, sameGender: true, excluded: [blocked.userID]), pool).map(\.candidate.profileID)
        #expect(asWoman == [pool[4].profileID])
    }

    @Test func sharedExperiencePathwayLanguageAndAGoodStageGapRankHigher() {
        let best = mentor(1)
        let noExperience = mentor(2, experiences: MatchCodes.experiences([.gambling]))
        let otherPathway = mentor(3, pathways: MatchCodes.pathways([.twelveStep]))
        let otherLanguage = mentor(4, languages: MatchCodes.languages(["es"]))
        let tooClose = mentor(5, days: 60)
        let farAhead = mentor(6, days: 9000)
        let ranked = MentorMatcher.rank(seeker(), [tooClose, otherLanguage, farAhead, noExperience, best, otherPathway])
        #expect(ranked.first?.candidate.profileID == best.profileID)
        #expect(ranked.map(\.candidate.profileID).last == noExperience.profileID)
        // Scores follow the weights: experience 35 > pathway 20 > language 15 = ideal gap.
        let score = Dictionary(uniqueKeysWithValues: ranked.map { ($0.candidate.profileID, $0.score) })
        #expect(score[best.profileID]! > score[farAhead.profileID]!)
        #expect(score[farAhead.profileID]! > score[tooClose.profileID]!)
        #expect(score[tooClose.profileID]! == score[otherLanguage.profileID]!)
        #expect(score[otherLanguage.profileID]! > score[otherPathway.profileID]!)
        #expect(score[otherPathway.profileID]! > score[noExperience.profileID]!)
    }

    @Test func reasonsNameWhatIsSharedTheGapAndTheOverlap() throws {
        let match = try #require(MentorMatcher.rank(seeker(days: 20), [mentor(1, days: 20 + 3 * 365 + 10)]).first)
        #expect(match.reasons.contains("shares: alcohol, SMART Recovery"))
        #expect(match.reasons.contains("speaks English"))
        #expect(match.reasons.contains("3 years further along"))
        #expect(match.reasons.contains("overlaps your evenings"))
        #expect(match.reasons.contains("has room for 3 more"))
    }

    @Test func availabilityIsComparedAcrossTimeZones() {
        // 19:00 in New York (UTC-5) is midnight UTC: a mentor free at night in London overlaps.
        var evening = WeeklySlots()
        evening.slots[WeeklySlots.Part.evening.rawValue] = true
        var night = WeeklySlots()
        night.slots[WeeklySlots.Part.night.rawValue] = true
        #expect(evening.utcWeek(offsetMinutes: -300).overlap(night.utcWeek(offsetMinutes: 0)) > 0)
        #expect(evening.utcWeek(offsetMinutes: 0).overlap(night.utcWeek(offsetMinutes: 0)) == 0)
        // Sunday night wraps into Monday morning UTC without falling off the week.
        var sundayNight = WeeklySlots()
        sundayNight.slots[6 * 4 + WeeklySlots.Part.night.rawValue] = true
        #expect(sundayNight.utcWeek(offsetMinutes: 0).overlap(sundayNight.utcWeek(offsetMinutes: 0)) == 16)
        // Half-hour zones line up exactly: an evening in Delhi (17:00–22:00, UTC+5:30) is 11:30–16:30 UTC,
        // which meets a London afternoon (12:00–17:00 UTC) for four and a half hours; Kathmandu (+5:45)
        // counts as +6:00, so its evening (11:00–16:00 UTC) meets Delhi's for four and a half too.
        var afternoon = WeeklySlots()
        afternoon.slots[WeeklySlots.Part.afternoon.rawValue] = true
        #expect(evening.utcWeek(offsetMinutes: 330).overlap(afternoon.utcWeek(offsetMinutes: 0)) == 9)
        #expect(evening.utcWeek(offsetMinutes: 330).overlap(evening.utcWeek(offsetMinutes: 345)) == 9)
    }

    @Test func availabilityEarnsFullMarksFromSixHoursAWeekInCommon() {
        // The seeker is free Monday and Wednesday evenings (5 hours each). A mentor free every
        // evening shares 10 hours; one free on Mondays only shares 5 — 10 of 12 half-hours.
        let s = seeker()
        var monday = WeeklySlots()
        monday.slots[WeeklySlots.Part.evening.rawValue] = true
        var mondaysOnly = mentor(2)
        mondaysOnly.availability = monday.utcWeek(offsetMinutes: 0)
        let week = s.slots.utcWeek(offsetMinutes: 0)
        func points(_ c: MentorCandidate) -> Int {
            var none = c
            none.availability = WeekMask()
            none.offsetMinutes = 12 * 60  // far away, so the fallback adds nothing
            return MentorMatcher.score(c, s, seekerWeek: week, wanted: 1, seekerDays: 20)
                - MentorMatcher.score(none, s, seekerWeek: week, wanted: 1, seekerDays: 20)
        }
        #expect(points(mentor(1)) == 10)
        #expect(points(mondaysOnly) == 8)
    }

    @Test func onlyTheBestFewAreKeptInOrder() {
        let pool = (1...200).map { mentor($0, days: 200 + $0 * 20) }
        let ranked = MentorMatcher.rank(seeker(), pool, limit: 5)
        #expect(ranked.count == 5)
        #expect(ranked.map(\.score) == ranked.map(\.score).sorted(by: >))
    }
}
