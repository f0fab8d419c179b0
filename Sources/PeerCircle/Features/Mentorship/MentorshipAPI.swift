import FluentKit
import Foundation
import Hummingbird

struct MentorProfileDTO: ResponseCodable, Sendable {
    @LowercaseID var id: UUID
    let mentor: String
    let experiences: [String]
    let pathways: [String]
    let languages: [String]
    let timeZone: String
    let availability: [String]
    let capacity: Int
    let paused: Bool
    let story: String
    let recoveryDays: Int?

    init(_ p: MentorProfile, name: String, days: Int?) {
        id = p.id!; mentor = name; experiences = p.experiences.map(\.rawValue); pathways = p.pathways.map(\.rawValue)
        languages = p.languages; timeZone = p.timeZone; availability = WeeklySlots(p.availability).keys.sorted()
        capacity = p.capacity; paused = p.paused; story = p.story; recoveryDays = days
    }
}

struct MatchDTO: ResponseCodable, Sendable {
    @LowercaseID var profileId: UUID
    let mentor: String
    let score: Int
    let reasons: [String]
}

struct MentorshipDTO: ResponseCodable, Sendable {
    @LowercaseID var id: UUID
    let mentor: String
    let mentee: String
    let role: String
    let status: String
    let message: String
    let requestedAt: Date
    let rhythm: String?
    let dueTime: String?
    let checkInDue: Bool?
    let quietDays: Int?

    init(_ m: Mentorship, viewer: UUID, status: Accountability.Status? = nil) {
        id = m.id!; mentor = m.mentor.pseudonym; mentee = m.mentee.pseudonym
        role = m.$mentor.id == viewer ? "mentor" : "mentee"; self.status = m.status.rawValue; message = m.message
        requestedAt = m.requestedAt; rhythm = m.rhythm?.rawValue; dueTime = m.dueTime
        checkInDue = m.$mentee.id == viewer ? status?.due : nil
        quietDays = m.$mentor.id == viewer ? status?.quietDays : nil
    }
}

struct PairCheckInDTO: ResponseCodable, Sendable {
    @LowercaseID var id: UUID
    let at: Date
    let feeling: Int
    let note: String
}

/// The mentorship API: stage, mentor profile, matching, requests, the pair's rhythm and check-ins.
struct MentorshipAPIRoutes: Sendable {
    let deps: AppDependencies
    var profiles: MentorProfileService { MentorProfileService(deps: deps) }
    var mentorships: MentorshipService { MentorshipService(deps: deps) }

    struct StageBody: Decodable { var stage: String? }
    struct ProfileBody: Decodable {
        var experiences: [String]?, pathways: [String]?, languages: [String]?, timeZone: String?, availability: [String]?
        var capacity: Int?, paused: Bool?, gender: String?, sameGenderOnly: Bool?, story: String?, clockId: String?, recoveryRange: String?
    }
    struct SeekerBody: Decodable {
        var experiences: [String]?, pathways: [String]?, languages: [String]?, availability: [String]?
        var gender: String?, sameGender: Bool?, stage: String?
    }
    struct RequestBody: Decodable { var profileId: UUID; var message: String? }
    struct EndBody: Decodable { var note: String? }
    struct RhythmBody: Decodable { var rhythm: String?; var dueTime: String? }
    struct CheckInBody: Decodable { var feeling: Int; var note: String? }

    func register(_ api: RouterGroup<MemberContext>) {
        api.get("/me/stage") { _, context in
            let history = try await StageService(deps: deps).history(of: context.member.id)
            return StageDTO(stage: history.first?.stage?.rawValue, stagesOfChange: (history.first?.stage ?? nil)?.stagesOfChange ?? [],
                            history: history.map { .init(stage: $0.stage?.rawValue, setAt: $0.setAt) })
        }
        api.put("/me/stage") { request, context in
            let body = try await request.decodeJSON(StageBody.self, context: context)
            try await StageService(deps: deps).set(body.stage ?? "", for: context.member.id)
            return Response(status: .noContent)
        }
        api.get("/me/mentor-profile") { _, context in
            guard let p = try await profiles.own(context.member) else { throw AppError.notFound }
            return MentorProfileDTO(p, name: context.member.pseudonym, days: nil)
        }
        api.put("/me/mentor-profile") { request, context in
            let b = try await request.decodeJSON(ProfileBody.self, context: context)
            let input = MentorProfileService.Input(
                experiences: b.experiences ?? [], pathways: b.pathways ?? [], languages: b.languages ?? [], timeZone: b.timeZone ?? "",
                availability: b.availability ?? [], capacity: b.capacity.map(String.init) ?? "", paused: b.paused ?? false,
                gender: b.gender ?? "", sameGenderOnly: b.sameGenderOnly ?? false, story: b.story ?? "", clockID: b.clockId ?? "",
                recoveryRange: b.recoveryRange ?? "")
            let p = try await profiles.save(input, for: context.member)
            return MentorProfileDTO(p, name: context.member.pseudonym, days: nil)
        }
        api.get("/mentors/:id") { _, context in
            let p = try await profiles.visible(try context.id(), to: context.member.id)
            return MentorProfileDTO(p, name: p.user.pseudonym, days: profiles.recoveryDays(p))
        }
        api.post("/mentor-matches") { request, context in
            let b = try await request.decodeJSON(SeekerBody.self, context: context)
            let input = MentorProfileService.SeekerInput(
                experiences: b.experiences ?? [], pathways: b.pathways ?? [], languages: b.languages ?? [], availability: b.availability ?? [],
                gender: b.gender ?? "", sameGender: b.sameGender ?? false, stage: b.stage ?? "")
            return try await profiles.match(input, for: context.member).map { match, profile in
                MatchDTO(profileId: profile.id!, mentor: profile.user.pseudonym, score: match.score, reasons: match.reasons)
            }
        }
        api.get("/mentorships") { _, context in
            try await mentorships.mine(context.member.id).map { MentorshipDTO($0, viewer: context.member.id) }
        }
        api.post("/mentorships") { request, context in
            let b = try await request.decodeJSON(RequestBody.self, context: context)
            let m = try await mentorships.request(profile: b.profileId, message: b.message ?? "", by: context.member)
            return EditedResponse(status: .created, response: try await dto(m.requireID(), context.member.id))
        }
        api.get("/mentorships/:id") { _, context in
            try await dto(try context.id(), context.member.id)
        }
        for answer in [MentorshipService.Answer.accept, .decline] {
            api.post("/mentorships/:id/\(answer.rawValue)") { _, context in
                let m = try await mentorships.answer(try context.id(), answer, by: context.member)
                return try await dto(m.requireID(), context.member.id)
            }
        }
        api.post("/mentorships/:id/withdraw") { _, context in
            try await mentorships.withdraw(try context.id(), by: context.member)
            return try await dto(try context.id(), context.member.id)
        }
        api.post("/mentorships/:id/end") { request, context in
            let id = try context.id()
            _ = try await mentorships.pair(id, for: context.member.id)
            let b = try await request.decodeJSON(EndBody.self, context: context)
            try await mentorships.end(id, note: b.note ?? "", by: context.member)
            return try await dto(id, context.member.id)
        }
        api.put("/mentorships/:id/rhythm") { request, context in
            let id = try context.id()
            _ = try await mentorships.pair(id, for: context.member.id)
            let b = try await request.decodeJSON(RhythmBody.self, context: context)
            try await mentorships.setRhythm(id, rhythm: b.rhythm ?? "", dueTime: b.dueTime ?? "", by: context.member)
            return try await dto(id, context.member.id)
        }
        api.get("/mentorships/:id/check-ins") { _, context in
            try await mentorships.checkIns(try context.id(), for: context.member.id).map {
                PairCheckInDTO(id: $0.id!, at: $0.at, feeling: $0.feeling, note: $0.note)
            }
        }
        api.post("/mentorships/:id/check-ins") { request, context in
            let id = try context.id()
            _ = try await mentorships.pair(id, for: context.member.id)
            let b = try await request.decodeJSON(CheckInBody.self, context: context)
            let c = try await mentorships.checkIn(id, feeling: String(b.feeling), note: b.note ?? "", by: context.member)
            return EditedResponse(status: .created, response: PairCheckInDTO(id: c.id!, at: c.at, feeling: c.feeling, note: c.note))
        }
    }

    private func dto(_ id: UUID, _ viewer: UUID) async throws -> MentorshipDTO {
        let m = try await mentorships.pair(id, for: viewer)
        return MentorshipDTO(m, viewer: viewer, status: m.status == .active ? try await mentorships.accountability(m) : nil)
    }
}

struct StageDTO: ResponseCodable, Sendable {
    struct Entry: Codable, Sendable { let stage: String?; let setAt: Date }
    let stage: String?
    let stagesOfChange: [String]
    let history: [Entry]
}
