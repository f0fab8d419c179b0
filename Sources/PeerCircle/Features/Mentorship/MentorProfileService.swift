import FluentKit
import Foundation
import SQLKit

/// Mentor profiles (publish, edit, pause) and matching a member with mentors.
struct MentorProfileService: Sendable {
    let deps: AppDependencies

    /// A profile as typed in the form or sent to the API, before validation.
    struct Input: Sendable, Equatable {
        var experiences: [String] = []
        var pathways: [String] = []
        var languages: [String] = ["en"]
        var timeZone = ""
        var availability: [String] = []
        var capacity = "2"
        var paused = false
        var gender = ""
        var sameGenderOnly = false
        var story = ""
        var clockID = ""
        var recoveryRange = ""
    }

    /// What a member looking for support tells us.
    struct SeekerInput: Sendable, Equatable {
        var experiences: [String] = []
        var pathways: [String] = []
        var languages: [String] = []
        var availability: [String] = []
        var gender = ""
        var sameGender = false
        var stage = ""
    }

    func own(_ member: Member) async throws -> MentorProfile? {
        try await MentorProfile.query(on: deps.db).filter(\.$user.$id == member.id).first()
    }

    /// A profile another member may see: published by a current mentor, and no block either way.
    func visible(_ id: UUID, to viewer: UUID) async throws -> MentorProfile {
        guard let profile = try await MentorProfile.query(on: deps.db).filter(\.$id == id).with(\.$user).with(\.$clock).first(),
              try await isMentor(profile.$user.id),
              try await !Blocks(db: deps.db).between(viewer, profile.$user.id)
        else { throw AppError.notFound }
        return profile
    }

    func save(_ input: Input, for member: Member) async throws -> MentorProfile {
        guard member.has(.mentor) else { throw AppError.notFound }
        var check = Validation()
        let experiences = input.experiences.compactMap(Experience.init(rawValue:))
        check.check(experiences.count == input.experiences.count, "experiences", "Choose from the list.")
        let pathways = input.pathways.compactMap(Group.Pathway.init(rawValue:))
        check.check(!pathways.isEmpty && pathways.count == input.pathways.count, "pathways", "Choose at least one pathway.")
        check.check(!input.languages.isEmpty && input.languages.allSatisfy { GroupInput.languageNames[$0] != nil }, "languages",
                    "Choose one or more languages from the list.")
        check.check(TimeZone(identifier: input.timeZone) != nil, "time_zone", "Choose a time zone from the list.")
        let slots = WeeklySlots(keys: input.availability)
        check.check(slots.keys.count == Set(input.availability).count, "availability", "Choose times from the grid.")
        let capacity = Int(input.capacity.trimmingCharacters(in: .whitespaces))
        check.check(capacity.map { (1...20).contains($0) } ?? false, "capacity", "Enter how many people you can mentor, from 1 to 20.")
        let gender = input.gender.isEmpty ? nil : Gender(rawValue: input.gender)
        check.check(input.gender.isEmpty || gender != nil, "gender", "Choose from the list, or leave it empty.")
        check.check(!input.sameGenderOnly || gender != nil, "same_gender_only", "Say your gender to mentor only people of the same gender.")
        let story = input.story.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(story.count <= 2000, "story", "Use at most 2000 characters.")
        let range = input.recoveryRange.isEmpty ? nil : RecoveryRange(rawValue: input.recoveryRange)
        check.check(input.recoveryRange.isEmpty || range != nil, "recovery_range", "Choose a range from the list.")
        var clockID: UUID?
        if !input.clockID.isEmpty {
            clockID = UUID(uuidString: input.clockID)
            let owned = try await clockID.asyncMap { try? await ClockService(deps: deps).owned($0, by: member) } ?? nil
            check.check(owned != nil, "clock_id", "Choose one of your clocks.")
        }
        try check.finish()

        let profile = try await own(member) ?? MentorProfile()
        profile.$user.id = member.id
        profile.experiencesText = experiences.map(\.rawValue).joined(separator: ",")
        profile.pathwaysText = pathways.map(\.rawValue).joined(separator: ",")
        profile.languagesText = input.languages.joined(separator: ",")
        profile.timeZone = input.timeZone
        profile.availability = slots.text
        profile.capacity = try capacity.checked("capacity")
        profile.paused = input.paused
        profile.gender = gender
        profile.sameGenderOnly = input.sameGenderOnly
        profile.story = story
        profile.$clock.id = clockID
        profile.recoveryRange = range
        try await deps.changing(.mentors) { db in try await profile.save(on: db) }
        return profile
    }

    func setPaused(_ paused: Bool, for member: Member) async throws {
        guard let profile = try await own(member) else { throw AppError.notFound }
        profile.paused = paused
        try await deps.changing(.mentors) { db in try await profile.save(on: db) }
    }

    /// Days in recovery a profile shows: from its clock (loaded with `.with(\.$clock)`), else the bottom of its stated range.
    func recoveryDays(_ profile: MentorProfile) -> Int? {
        Self.recoveryDays(clockStart: profile.$clock.value??.startedOn, range: profile.recoveryRange,
                          zone: TimeZone(identifier: profile.timeZone) ?? deps.defaultTimeZone, now: deps.now())
    }

    static func recoveryDays(clockStart: String?, range: RecoveryRange?, zone: TimeZone, now: Date) -> Int? {
        clockStart.flatMap(LocalDate.init).map { $0.days(to: LocalDate(now, in: zone)) } ?? range?.days
    }

    func activeMentees(_ mentor: UUID) async throws -> Int {
        try await Mentorship.query(on: deps.db).filter(\.$mentor.$id == mentor).filter(\.$status == .active).count()
    }

    // MARK: - Matching

    func match(_ input: SeekerInput, for member: Member, limit: Int = 20) async throws -> [(MentorMatch, MentorProfile)] {
        let seeker = try await seeker(input, for: member)
        let ranked = MentorMatcher.rank(seeker, try await candidates(), limit: limit)
        // Only the few suggestions are loaded as whole profiles, with their names.
        let ids = ranked.map(\.candidate.profileID)
        guard !ids.isEmpty else { return [] }
        let profiles = try await MentorProfile.query(on: deps.db).filter(\.$id ~~ ids).with(\.$user).all()
        let byID = Dictionary(uniqueKeysWithValues: profiles.map { ($0.id!, $0) })
        return ranked.compactMap { match in byID[match.candidate.profileID].map { (match, $0) } }
    }

    /// Every current mentor taking requests, from memory: ranking a hundred thousand takes about a
    /// millisecond, reading them about a second, so the pool is read once and again only when a
    /// profile, a mentor role, a mentorship or an account changes (`DataVersion.mentors`) — or after
    /// an hour, for what moves with time alone (days in recovery, clock changes).
    func candidates() async throws -> [MentorCandidate] {
        let now = deps.now()
        return try await deps.caches.mentors.value(on: try deps.db, stale: { abs(now.timeIntervalSince($0.builtAt)) > 3600 }) { db in
            MentorPool(candidates: try await load(on: db, now: now), builtAt: now)
        }.candidates
    }

    /// Every current mentor taking requests, read in one query with only what ranking needs —
    /// loading whole models for a hundred thousand profiles would cost more than ranking them.
    private func load(on db: any Database, now: Date) async throws -> [MentorCandidate] {
        struct Row: Decodable {
            let id: UUID, userID: UUID, experiences: String, pathways: String, languages: String, timeZone: String
            let availability: String, capacity: Int, gender: String?, sameGenderOnly: Bool, recoveryRange: String?
            let startedOn: String?, active: Int
            enum CodingKeys: String, CodingKey {
                case id, experiences, pathways, languages, availability, capacity, gender, active
                case userID = "user_id", timeZone = "time_zone", sameGenderOnly = "same_gender_only"
                case recoveryRange = "recovery_range", startedOn = "started_on"
            }
        }
        let rows = try await (try db.sql).raw("""
            SELECT p.id, p.user_id, p.experiences, p.pathways, p.languages, p.time_zone, p.availability, p.capacity, p.gender,
                   p.same_gender_only, p.recovery_range, c.started_on,
                   (SELECT COUNT(*) FROM \(ident: Mentorship.schema) m
                     WHERE m.mentor_id = p.user_id AND m.status = \(bind: Mentorship.Status.active.rawValue)) AS active
            FROM \(ident: MentorProfile.schema) p
            JOIN \(ident: UserRole.schema) r ON r.user_id = p.user_id AND r.role = \(bind: Role.mentor.rawValue)
            LEFT JOIN \(ident: Clock.schema) c ON c.id = p.clock_id
            WHERE p.paused = \(bind: false)
            """).all(decoding: Row.self)
        var zones: [String: (zone: TimeZone, offset: Int)] = [:]
        return rows.map { row in
            let zone = zones[row.timeZone] ?? {
                let zone = TimeZone(identifier: row.timeZone) ?? deps.defaultTimeZone
                let entry = (zone: zone, offset: zone.secondsFromGMT(for: now) / 60)
                zones[row.timeZone] = entry
                return entry
            }()
            let days = Self.recoveryDays(clockStart: row.startedOn, range: row.recoveryRange.flatMap(RecoveryRange.init(rawValue:)),
                                         zone: zone.zone, now: now)
            return MentorCandidate(
                profileID: row.id, userID: row.userID,
                experiences: MatchCodes.experiences(row.experiences.split(separator: ",").compactMap { Experience(rawValue: String($0)) }),
                pathways: MatchCodes.pathways(row.pathways.split(separator: ",").compactMap { Pathway(rawValue: String($0)) }),
                languages: MatchCodes.languages(row.languages.split(separator: ",").map(String.init)),
                recoveryDays: days, offsetMinutes: zone.offset, availability: WeeklySlots(row.availability).utcWeek(offsetMinutes: zone.offset),
                capacity: row.capacity, activeMentees: row.active, paused: false, gender: row.gender.flatMap(Gender.init(rawValue:)),
                sameGenderOnly: row.sameGenderOnly)
        }
    }

    func seeker(_ input: SeekerInput, for member: Member) async throws -> MentorSeeker {
        var check = Validation()
        let experiences = input.experiences.compactMap(Experience.init(rawValue:))
        check.check(experiences.count == input.experiences.count, "experiences", "Choose from the list.")
        let pathways = input.pathways.compactMap(Group.Pathway.init(rawValue:))
        check.check(pathways.count == input.pathways.count, "pathways", "Choose from the list.")
        check.check(input.languages.allSatisfy { GroupInput.languageNames[$0] != nil }, "languages", "Choose from the list.")
        let gender = input.gender.isEmpty ? nil : Gender(rawValue: input.gender)
        check.check(input.gender.isEmpty || gender != nil, "gender", "Choose from the list, or leave it empty.")
        check.check(!input.sameGender || gender != nil, "same_gender", "Say your gender to ask for a mentor of the same gender.")
        let stage = input.stage.isEmpty ? nil : RecoveryStage(rawValue: input.stage)
        check.check(input.stage.isEmpty || stage != nil, "stage", "Choose a stage from the list, or none.")
        let slots = WeeklySlots(keys: input.availability)
        check.check(slots.keys.count == Set(input.availability).count, "availability", "Choose times from the grid.")
        try check.finish()

        var excluded = try await Blocks(db: deps.db).all(of: member.id)
        // Anyone already asked, already mentoring them, or who said no is not suggested again.
        for m in try await Mentorship.query(on: deps.db).filter(\.$mentee.$id == member.id)
            .filter(\.$status ~~ [.requested, .active, .declined]).all() { excluded.insert(m.$mentor.id) }
        let longest = try await ClockService(deps: deps).list(for: member).map(\.days).max()
        return MentorSeeker(
            userID: member.id, experiences: MatchCodes.experiences(experiences), pathways: MatchCodes.pathways(pathways),
            languages: MatchCodes.languages(input.languages), stage: stage, recoveryDays: longest,
            offsetMinutes: member.timeZone.secondsFromGMT(for: deps.now()) / 60, slots: slots, gender: gender,
            wantsSameGender: input.sameGender, excluded: excluded)
    }

    private func isMentor(_ user: UUID) async throws -> Bool {
        try await UserRole.query(on: deps.db).filter(\.$user.$id == user).filter(\.$role == .mentor).count() > 0
    }
}

/// The mentors ranking reads, as of `builtAt`.
struct MentorPool: Sendable {
    let candidates: [MentorCandidate]
    let builtAt: Date
}

extension MentorProfileService {
    /// Suggestions as the find page shows them: a name, a link and the reasons.
    func suggestions(_ input: SeekerInput, for member: Member) async throws -> [MentorSuggestion] {
        try await match(input, for: member).map { match, profile in
            MentorSuggestion(id: try profile.requireID(), pseudonym: profile.user.pseudonym, reasons: match.reasons)
        }
    }

    /// A profile as `viewer` sees it: time in recovery, room for another mentee, and whether they may ask.
    func page(_ id: UUID, for viewer: UUID) async throws -> MentorPage {
        let profile = try await visible(id, to: viewer)
        let spare = profile.capacity - (try await activeMentees(profile.$user.id))
        let mine = profile.$user.id == viewer
        return MentorPage(
            id: try profile.requireID(), userID: profile.$user.id, pseudonym: profile.user.pseudonym, story: profile.story,
            experiences: profile.experiences, pathways: profile.pathways, languages: profile.languages, timeZone: profile.timeZone,
            availability: WeeklySlots(profile.availability), paused: profile.paused, recoveryRange: profile.recoveryRange,
            days: recoveryDays(profile), spare: spare, canRequest: !mine && !profile.paused && spare > 0)
    }
}
