import Foundation
import PeerCircleAPI

/// Mentorship over the API: stage, mentor profile, matching, requests, the pair's rhythm and
/// check-ins. The generated operations mapped to `StageService`, `MentorProfileService` and
/// `MentorshipService`.
extension APIOperations {
    private var profiles: MentorProfileService { MentorProfileService(deps: deps) }
    private var mentorships: MentorshipService { MentorshipService(deps: deps) }

    func getStage(_ input: Operations.GetStage.Input) async throws -> Operations.GetStage.Output {
        let history = try await StageService(deps: deps).history(of: try APICaller.member().id)
        let current = history.first?.stage ?? nil
        return .ok(.init(body: .json(.init(
            history: history.map { .init(setAt: $0.setAt, stage: $0.stage?.rawValue) },
            stage: try current.map { try .init(mirroring: $0) }, stagesOfChange: current?.stagesOfChange ?? []))))
    }

    func setStage(_ input: Operations.SetStage.Input) async throws -> Operations.SetStage.Output {
        let member = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        try await StageService(deps: deps).set(body.stage ?? "", for: member.id)
        return .noContent(.init())
    }

    func getMentorProfile(_ input: Operations.GetMentorProfile.Input) async throws -> Operations.GetMentorProfile.Output {
        let member = try APICaller.member()
        guard let profile = try await profiles.own(member) else { throw AppError.notFound }
        return .ok(.init(body: .json(try Self.profile(profile, mentor: member.pseudonym, days: nil))))
    }

    func setMentorProfile(_ input: Operations.SetMentorProfile.Input) async throws -> Operations.SetMentorProfile.Output {
        let member = try APICaller.member()
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        let profile = try await profiles.save(.init(
            experiences: b.experiences ?? [], pathways: b.pathways ?? [], languages: b.languages ?? [], timeZone: b.timeZone ?? "",
            availability: b.availability ?? [], capacity: b.capacity.map(String.init) ?? "", paused: b.paused ?? false,
            gender: b.gender?.rawValue ?? "", sameGenderOnly: b.sameGenderOnly ?? false, story: b.story ?? "", clockID: b.clockId ?? "",
            recoveryRange: b.recoveryRange?.rawValue ?? ""), for: member)
        return .ok(.init(body: .json(try Self.profile(profile, mentor: member.pseudonym, days: nil))))
    }

    func getMentor(_ input: Operations.GetMentor.Input) async throws -> Operations.GetMentor.Output {
        let profile = try await profiles.visible(try APIPath.id(input.path.id), to: try APICaller.member().id)
        return .ok(.init(body: .json(try Self.profile(profile, mentor: profile.user.pseudonym, days: profiles.recoveryDays(profile)))))
    }

    func findMentors(_ input: Operations.FindMentors.Input) async throws -> Operations.FindMentors.Output {
        let member = try APICaller.member()
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        let matches = try await profiles.match(.init(
            experiences: b.experiences ?? [], pathways: b.pathways ?? [], languages: b.languages ?? [], availability: b.availability ?? [],
            gender: b.gender ?? "", sameGender: b.sameGender ?? false, stage: b.stage ?? ""), for: member)
        return .ok(.init(body: .json(try matches.map { match, profile in
            .init(mentor: profile.user.pseudonym, profileId: try profile.requireID().apiID, reasons: match.reasons, score: match.score)
        })))
    }

    func listMentorships(_ input: Operations.ListMentorships.Input) async throws -> Operations.ListMentorships.Output {
        let member = try APICaller.member()
        return .ok(.init(body: .json(try await mentorships.mine(member.id).map { try Self.mentorship($0, viewer: member.id) })))
    }

    func requestMentorship(_ input: Operations.RequestMentorship.Input) async throws -> Operations.RequestMentorship.Output {
        let member = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        guard let profile = UUID(uuidString: body.profileId) else {
            throw AppError.invalid([FieldError(field: "profile_id", message: "Choose a mentor from the matches.")])
        }
        let pair = try await mentorships.request(profile: profile, message: body.message ?? "", by: member)
        return .created(.init(body: .json(try await mentorship(try pair.requireID(), viewer: member.id))))
    }

    func getMentorship(_ input: Operations.GetMentorship.Input) async throws -> Operations.GetMentorship.Output {
        .ok(.init(body: .json(try await mentorship(try APIPath.id(input.path.id), viewer: try APICaller.member().id))))
    }

    func acceptMentorship(_ input: Operations.AcceptMentorship.Input) async throws -> Operations.AcceptMentorship.Output {
        .ok(.init(body: .json(try await answer(input.path.id, .accept))))
    }

    func declineMentorship(_ input: Operations.DeclineMentorship.Input) async throws -> Operations.DeclineMentorship.Output {
        .ok(.init(body: .json(try await answer(input.path.id, .decline))))
    }

    func withdrawMentorship(_ input: Operations.WithdrawMentorship.Input) async throws -> Operations.WithdrawMentorship.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        try await mentorships.withdraw(id, by: member)
        return .ok(.init(body: .json(try await mentorship(id, viewer: member.id))))
    }

    func endMentorship(_ input: Operations.EndMentorship.Input) async throws -> Operations.EndMentorship.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        _ = try await mentorships.pair(id, for: member.id)
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        try await mentorships.end(id, note: body.note ?? "", by: member)
        return .ok(.init(body: .json(try await mentorship(id, viewer: member.id))))
    }

    func setMentorshipRhythm(_ input: Operations.SetMentorshipRhythm.Input) async throws -> Operations.SetMentorshipRhythm.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        _ = try await mentorships.pair(id, for: member.id)
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        try await mentorships.setRhythm(id, rhythm: body.rhythm?.rawValue ?? "", dueTime: body.dueTime ?? "", by: member)
        return .ok(.init(body: .json(try await mentorship(id, viewer: member.id))))
    }

    func listMentorshipCheckIns(_ input: Operations.ListMentorshipCheckIns.Input) async throws -> Operations.ListMentorshipCheckIns.Output {
        let checkIns = try await mentorships.checkIns(try APIPath.id(input.path.id), for: try APICaller.member().id)
        return .ok(.init(body: .json(try checkIns.map(Self.pairCheckIn))))
    }

    func createMentorshipCheckIn(_ input: Operations.CreateMentorshipCheckIn.Input) async throws -> Operations.CreateMentorshipCheckIn.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        _ = try await mentorships.pair(id, for: member.id)
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        let checkIn = try await mentorships.checkIn(id, feeling: String(body.feeling), note: body.note ?? "", by: member)
        return .created(.init(body: .json(try Self.pairCheckIn(checkIn))))
    }

    private func answer(_ id: String, _ answer: MentorshipService.Answer) async throws -> Components.Schemas.Mentorship {
        let member = try APICaller.member()
        let pair = try await mentorships.answer(try APIPath.id(id), answer, by: member)
        return try await mentorship(try pair.requireID(), viewer: member.id)
    }

    private func mentorship(_ id: UUID, viewer: UUID) async throws -> Components.Schemas.Mentorship {
        let pair = try await mentorships.pair(id, for: viewer)
        return try Self.mentorship(pair, viewer: viewer, status: pair.status == .active ? try await mentorships.accountability(pair) : nil)
    }

    private static func mentorship(_ m: Mentorship, viewer: UUID, status: Accountability.Status? = nil) throws -> Components.Schemas.Mentorship {
        .init(checkInDue: m.$mentee.id == viewer ? status?.due : nil, dueTime: m.dueTime, id: try m.requireID().apiID,
              mentee: m.mentee.pseudonym, mentor: m.mentor.pseudonym, message: m.message,
              quietDays: m.$mentor.id == viewer ? status?.quietDays : nil, requestedAt: m.requestedAt, rhythm: m.rhythm?.rawValue,
              role: m.$mentor.id == viewer ? .mentor : .mentee, status: try .init(mirroring: m.status))
    }

    private static func profile(_ p: MentorProfile, mentor: String, days: Int?) throws -> Components.Schemas.MentorProfile {
        .init(availability: WeeklySlots(p.availability).keys.sorted(), capacity: p.capacity, experiences: p.experiences.map(\.rawValue),
              id: try p.requireID().apiID, languages: p.languages, mentor: mentor, pathways: p.pathways.map(\.rawValue), paused: p.paused,
              recoveryDays: days, story: p.story, timeZone: p.timeZone)
    }

    private static func pairCheckIn(_ c: PairCheckIn) throws -> Components.Schemas.PairCheckIn {
        .init(at: c.at, feeling: c.feeling, id: try c.requireID().apiID, note: c.note)
    }
}
