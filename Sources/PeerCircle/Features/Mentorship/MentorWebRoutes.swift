import FluentKit
import Foundation
import Hummingbird

/// Find a mentor, read a profile and ask; publish and pause one's own profile; one's stage.
struct MentorWebRoutes: Sendable {
    let deps: AppDependencies
    var profiles: MentorProfileService { MentorProfileService(deps: deps) }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.mentors.path)) { request, context in
            let query = FormData(urlEncoded: request.uri.query ?? "")
            var input = Self.seekerInput(query)
            if query["search"].isEmpty {
                input.stage = try await StageService(deps: deps).current(of: context.member.id)?.rawValue ?? ""
                input.languages = ["en"]
                return MentorViews.find(PageContext(context), input: input, results: nil)
            }
            do {
                return MentorViews.find(PageContext(context), input: input, results: try await profiles.suggestions(input, for: context.member))
            } catch AppError.invalid(let errors) {
                return MentorViews.find(PageContext(context), input: input, results: nil, errors: errors)
            }
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.mentor))) { _, context in
            try await profilePage(context, try context.id())
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.mentorRequest))) { _, context in
            let id = try context.id()
            do {
                _ = try await MentorshipService(deps: deps).request(profile: id, message: context.form["message"], by: context.member)
                return redirect(to: SiteURL.mentorships.with(.requestSent))
            } catch let error as AppError where !error.fields.isEmpty {
                return try await profilePage(context, id, message: context.form["message"], errors: error.fields, status: error.status).response
            }
        }
        members.get(RouterPath(SiteURL.myMentorProfile.path)) { request, context in
            guard context.member.has(.mentor) else { throw AppError.notFound }
            let profile = try await profiles.own(context.member)
            let input = profile.map(Self.input) ?? .init(timeZone: context.member.timeZone.identifier)
            return MentorViews.edit(PageContext(context), input: input, clocks: try await clocks(context.member), paused: profile?.paused,
                                    notice: request.notice)
        }
        members.post(RouterPath(SiteURL.myMentorProfile.path)) { _, context in
            let f = context.form
            let input = MentorProfileService.Input(
                experiences: f.all("experiences"), pathways: f.all("pathways"), languages: f.all("languages"), timeZone: f["time_zone"],
                availability: f.all("availability"), capacity: f["capacity"], paused: f["paused"] == "yes", gender: f["gender"],
                sameGenderOnly: f["same_gender_only"] == "yes", story: f["story"], clockID: f["clock_id"], recoveryRange: f["recovery_range"])
            do {
                _ = try await profiles.save(input, for: context.member)
                return redirect(to: SiteURL.myMentorProfile.with(.profileSaved))
            } catch AppError.invalid(let errors) {
                return MentorViews.edit(PageContext(context), input: input, clocks: try await clocks(context.member),
                                        paused: try await profiles.own(context.member)?.paused, errors: errors).response
            }
        }
        members.post(RouterPath(SiteURL.myMentorPause.path)) { request, context in
            let resume = request.uri.queryParameters.get("resume") != nil
            try await profiles.setPaused(!resume, for: context.member)
            return redirect(to: SiteURL.myMentorProfile.with(resume ? .resumed : .paused))
        }
        members.get(RouterPath(SiteURL.myStage.path)) { request, context in
            MentorViews.stage(PageContext(context), history: try await StageService(deps: deps).history(of: context.member.id).map { ($0.setAt, $0.stage) },
                              zone: context.member.timeZone, notice: request.notice)
        }
        members.post(RouterPath(SiteURL.myStage.path)) { _, context in
            try await StageService(deps: deps).set(context.form["stage"], for: context.member.id)
            return redirect(to: SiteURL.myStage.with(.stageSaved))
        }
    }

    private func profilePage(_ context: MemberContext, _ id: UUID, message: String = "", errors: [FieldError] = [],
                             status: HTTPResponse.Status = .ok) async throws -> HTMLPage {
        MentorViews.profile(PageContext(context), try await profiles.page(id, for: context.member.id), message: message, errors: errors, status: status)
    }

    private func clocks(_ member: Member) async throws -> [(id: UUID, label: String)] {
        try await ClockService(deps: deps).clocks(of: member).map { (try $0.requireID(), $0.label) }
    }

    static func input(_ p: MentorProfile) -> MentorProfileService.Input {
        .init(experiences: p.experiences.map(\.rawValue), pathways: p.pathways.map(\.rawValue), languages: p.languages,
              timeZone: p.timeZone, availability: Array(WeeklySlots(p.availability).keys), capacity: String(p.capacity),
              paused: p.paused, gender: p.gender?.rawValue ?? "", sameGenderOnly: p.sameGenderOnly, story: p.story,
              clockID: p.$clock.id?.uuidString ?? "", recoveryRange: p.recoveryRange?.rawValue ?? "")
    }

    static func seekerInput(_ f: FormData) -> MentorProfileService.SeekerInput {
        .init(experiences: f.all("experiences"), pathways: f.all("pathways"), languages: f.all("languages"),
              availability: f.all("availability"), gender: f["gender"], sameGender: f["same_gender"] == "yes", stage: f["stage"])
    }
}
