import Foundation
import Hummingbird
import Plot

/// A mentor suggested to a seeker, with the reasons.
struct MentorSuggestion: Sendable {
    let id: UUID
    let pseudonym: String
    let reasons: [String]
}

/// A mentor's profile page as a member sees it (made by `MentorProfileService.page`).
struct MentorPage: Sendable {
    let id: UUID
    let userID: UUID
    let pseudonym: String
    let story: String
    let experiences: [Experience]
    let pathways: [Pathway]
    let languages: [String]
    let timeZone: String
    let availability: WeeklySlots
    let paused: Bool
    let recoveryRange: RecoveryRange?
    let days: Int?
    let spare: Int
    let canRequest: Bool
}

/// Pages for finding a mentor, reading a profile and publishing one.
enum MentorViews {
    static let experienceOptions = Experience.allCases.map { (value: $0.rawValue, label: $0.title.prefix(1).uppercased() + $0.title.dropFirst()) }
    static let pathwayOptions = Pathway.allCases.map { (value: $0.rawValue, label: $0.title) }
    static let languageOptions = GroupInput.languageNames.sorted { $0.value < $1.value }.map { (value: $0.key, label: $0.value) }
    static let genderOptions = [(value: "", label: "Prefer not to say")] + Gender.allCases.map { (value: $0.rawValue, label: $0.title) }
    static let stageOptions = [(value: "", label: "I'd rather not say")] + RecoveryStage.allCases.map { (value: $0.rawValue, label: $0.explanation) }

    static func find(_ p: PageContext, input: MentorProfileService.SeekerInput, results: [MentorSuggestion]?,
                     errors: [FieldError] = []) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Find a mentor", p, status: errors.isEmpty ? .ok : .unprocessableContent,
            .p(.text("Tell us a little, and we'll suggest mentors who have walked a similar road — with the reasons for each. Nothing you choose here is saved or shown to anyone.")),
            .unwrap(results) { results in
                .section(
                    .h2("Suggestions"),
                    .if(results.isEmpty, .p(.text("No mentor matches right now. Mentors free up and new ones join — try fewer choices, or look again in a few days."))),
                    .ol(.class("cards"), .forEach(results) { mentor in
                        .li(.class("card"),
                            .h3(.a(.href(SiteURL.mentor(mentor.id).path), .text(mentor.pseudonym))),
                            .ul(.forEach(mentor.reasons) { .li(.text($0)) }))
                    })
                )
            },
            .if(results != nil, .h2("Change what you're looking for")),
            .form(
                .action(SiteURL.mentors.path), .method(.get),
                .input(.type(.hidden), .name("search"), .value("1")),
                Forms.summary(errors),
                Forms.choices("experiences", legend: "What would you like help with?", options: experienceOptions,
                              selected: Set(input.experiences), errors: errors, multiple: true),
                Forms.choices("pathways", legend: "Pathways you follow or are curious about", options: pathwayOptions,
                              selected: Set(input.pathways), errors: errors, multiple: true),
                Forms.choices("languages", legend: "Languages you speak", options: languageOptions,
                              selected: Set(input.languages), errors: errors, multiple: true),
                Forms.select("stage", label: "Where you are", options: stageOptions, selected: input.stage, errors: errors,
                             hint: "Prefilled from your private stage. It helps suggest someone further along, but not too far."),
                availabilityGrid(selected: Set(input.availability), legend: "When could you talk? (your time)", errors: errors),
                Forms.select("gender", label: "Your gender (optional)", options: genderOptions, selected: input.gender, errors: errors),
                Forms.choices("same_gender", legend: "Preference", options: [(value: "yes", label: "Only suggest mentors of my gender")],
                              selected: input.sameGender ? ["yes"] : [], errors: errors, multiple: true),
                .button(.type(.submit), .class("primary"), .text("Suggest mentors"))
            ),
        )
    }

    static func profile(_ p: PageContext, _ profile: MentorPage, message: String = "",
                        errors: [FieldError] = [], status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        let time = profile.days.map { d in d >= 365 ? "\(d / 365) year\(d / 365 == 1 ? "" : "s") in recovery" : "\(d) days in recovery" }
            ?? profile.recoveryRange.map { "\($0.title) in recovery" }
        return Layout.render(
            profile.pseudonym, p, status: status,
            .p(.span(.class("badge"), .text("Peer mentor")), .unwrap(time) { .text(" · \($0)") }),
            .if(!profile.story.isEmpty, .p(.class("note"), .text(profile.story))),
            .dl(
                .dt("Lived experience"), .dd(.text(profile.experiences.map(\.title).joined(separator: ", ").ifEmpty("Not stated"))),
                .dt("Pathways"), .dd(.text(profile.pathways.map(\.title).joined(separator: ", "))),
                .dt("Languages"), .dd(.text(profile.languages.compactMap { GroupInput.languageNames[$0] }.joined(separator: ", "))),
                .dt("Time zone"), .dd(.text(TimeText.zoneName(profile.timeZone))),
                .dt("Usually free"), .dd(.text(availabilityText(profile.availability)))
            ),
            .if(profile.paused, .p(.class("notice"), .text("\(profile.pseudonym) is taking a break from new requests. Their boundaries matter — please try another mentor."))),
            .if(!profile.paused && profile.spare == 0, .p(.class("notice"), .text("\(profile.pseudonym) has no room for another mentee right now."))),
            .if(profile.canRequest, Forms.form(
                SiteURL.mentorRequest(profile.id).path, csrf: p.csrfToken,
                Forms.summary(errors),
                .unwrap(errors["mentor"]) { .p(.class("error"), .id("mentor-error"), .text($0)) },
                Forms.textarea("message", label: "Say hello (optional)", value: message, errors: errors,
                               hint: "What you're hoping for. They'll see this with your pseudonym.", maxLength: MentorshipService.maxMessage),
                .button(.type(.submit), .class("primary"), .text("Ask \(profile.pseudonym) to mentor me"))
            )),
            .p(.a(.href(SiteURL.mentors.path), .text("Back to suggestions"))),
            Forms.postButton(SiteURL.blocks.path + "?user=" + profile.userID.uuidString.lowercased(), label: "Block \(profile.pseudonym)",
                             csrf: p.csrfToken, style: "link")
        )
    }

    static func edit(_ p: PageContext, input: MentorProfileService.Input, clocks: [(id: UUID, label: String)], paused: Bool?, errors: [FieldError] = [],
                     notice: String? = nil) -> HTMLPage {
        let errors = Forms.errors(errors)
        let clockOptions = [(value: "", label: "Don't show a clock")] + clocks.map { (value: $0.id.uuidString, label: $0.label) }
        let ranges = [(value: "", label: "—")] + RecoveryRange.allCases.map { (value: $0.rawValue, label: $0.title) }
        return Layout.render(
            "Your mentor profile", p, status: errors.isEmpty ? .ok : .unprocessableContent,
            Banner.notice(notice),
            .unwrap(paused) { paused in
                .div(.class("card"),
                     .p(.text(paused ? "You're paused: no new requests reach you." : "You're taking requests.")),
                     Forms.postButton(SiteURL.myMentorPause.path + (paused ? "?resume=1" : ""),
                                      label: paused ? "Resume taking requests" : "Pause new requests", csrf: p.csrfToken))
            },
            Forms.form(
                SiteURL.myMentorProfile.path, csrf: p.csrfToken,
                Forms.summary(errors),
                Forms.choices("experiences", legend: "Lived experience you're willing to share (optional)", options: experienceOptions,
                              selected: Set(input.experiences), errors: errors, multiple: true),
                Forms.choices("pathways", legend: "Your pathways", options: pathwayOptions, selected: Set(input.pathways), errors: errors, multiple: true),
                Forms.choices("languages", legend: "Languages", options: languageOptions, selected: Set(input.languages), errors: errors, multiple: true),
                Forms.select("clock_id", label: "Show time in recovery from a clock", options: clockOptions, selected: input.clockID, errors: errors),
                Forms.select("recovery_range", label: "…or as a range", options: ranges, selected: input.recoveryRange, errors: errors),
                Forms.select("time_zone", label: "Time zone", options: Forms.timeZoneOptions, selected: input.timeZone, errors: errors),
                availabilityGrid(selected: Set(input.availability), legend: "When you're usually free (your time)", errors: errors),
                Forms.input("capacity", label: "How many mentees at once", value: input.capacity, errors: errors, type: .number, required: true),
                Forms.select("gender", label: "Your gender (optional)", options: genderOptions, selected: input.gender, errors: errors),
                Forms.choices("same_gender_only", legend: "Boundaries", options: [(value: "yes", label: "Only mentor people of my gender")],
                              selected: input.sameGenderOnly ? ["yes"] : [], errors: errors, multiple: true),
                Forms.textarea("story", label: "A short story (optional)", value: input.story, errors: errors,
                               hint: "What helped you, and how you like to support people.", maxLength: 2000),
                .input(.type(.hidden), .name("paused"), .value(input.paused ? "yes" : "")),
                .button(.type(.submit), .class("primary"), .text("Save profile"))
            )
        )
    }

    static func stage(_ p: PageContext, history: [(setAt: Date, stage: RecoveryStage?)], zone: TimeZone, notice: String?) -> HTMLPage {
        Layout.render(
            "Where I am", p, Banner.notice(notice),
            .p(.text("Optional and private: only you see it. It helps suggest mentors and reading that fit. Change it whenever you like.")),
            Forms.form(
                SiteURL.myStage.path, csrf: p.csrfToken,
                Forms.choices("stage", legend: "Right now I'm…", options: stageOptions,
                              selected: [history.first?.stage?.rawValue ?? ""], errors: [:], multiple: false),
                .button(.type(.submit), .class("primary"), .text("Save"))
            ),
            .if(!history.isEmpty, .section(
                .h2("History"),
                .ul(.forEach(history) { entry in
                    .li(.text("\(TimeText.format(entry.setAt, zone, "d MMMM yyyy")): \(entry.stage?.title ?? "Rather not say")"))
                }))))
    }

    /// Days × parts of the day as a table of checkboxes named `availability`.
    static func availabilityGrid(selected: Set<String>, legend: String, errors: Forms.Errors) -> Node<HTML.FormContext> {
        .fieldset(
            .class(errors["availability"] == nil ? "choices" : "choices invalid"),
            .element(named: "legend", text: legend),
            .unwrap(errors["availability"]) { .p(.class("error"), .text($0)) },
            .div(.class("scroll-x"), .table(.class("grid"),
                .tr(.th(.text("")), .forEach(WeeklySlots.Part.allCases) { .th(.text($0.title.capitalized)) }),
                .forEach(WeeklySlots.dayNames) { day in
                    .tr(.th(.text(day)), .forEach(WeeklySlots.Part.allCases) { part in
                        let key = "\(day.lowercased())-\(part)"
                        return .td(.input(.type(.checkbox), .name("availability"), .value(key), .checked(selected.contains(key)),
                                          .attribute(named: "aria-label", value: "\(day) \(part.title)")))
                    })
                }))
        )
    }

    static func availabilityText(_ slots: WeeklySlots) -> String {
        guard !slots.isEmpty else { return "Not stated" }
        return WeeklySlots.Part.allCases.compactMap { part in
            let days = WeeklySlots.dayNames.indices.filter { slots.slots[$0 * 4 + part.rawValue] }.map { WeeklySlots.dayNames[$0] }
            return days.isEmpty ? nil : "\(part.title) (\(days.count == 7 ? "every day" : days.joined(separator: ", ")))"
        }.joined(separator: "; ")
    }
}

extension String {
    func ifEmpty(_ fallback: String) -> String { isEmpty ? fallback : self }
}
