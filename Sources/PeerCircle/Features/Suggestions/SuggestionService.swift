import FluentKit
import Foundation
import Hummingbird

/// One thing to try next, with why it is suggested.
struct Suggestion: Sendable, Equatable {
    let title: String
    let why: String
    let path: String
}

/// Suggestions on the start page, chosen by the member's own recovery stage and by what they
/// already have (a mentor, a plan; the clocks section already invites a first clock). The stage
/// is private: it is read for the member only, and nothing here is shown to anyone else.
struct SuggestionService: Sendable {
    let deps: AppDependencies

    static let limit = 3

    /// The stage the suggestions were chosen for (nil when the member hasn't said) and the suggestions.
    func suggestions(for member: Member) async throws -> (stage: RecoveryStage?, items: [Suggestion]) {
        guard let stage = try await StageService(deps: deps).current(of: member.id) else {
            return (nil, [Suggestion(title: "Tell us where you are in recovery, if you like",
                               why: "Private to you. It lets us suggest meetings, mentors and ideas that fit where you are.",
                               path: SiteURL.myStage.path)])
        }
        var list: [Suggestion] = []
        switch stage {
        case .dismissal:
            list.append(Suggestion(title: "Sit in on an open meeting", why: "Open meetings welcome anyone who is curious. You can just listen.",
                                   path: SiteURL.meetings.path + "?type=O"))
            if let introductions = try await category("introductions") {
                list.append(Suggestion(title: "Read how others started", why: "Members say what made them wonder, in their own words.",
                                       path: SiteURL.communityCategory(introductions).path))
            }
            list.append(Suggestion(title: "Check in for a week", why: "Noticing your mood and cravings day by day can answer the question for you.",
                                   path: SiteURL.checkIn.path))
        case .patient:
            list.append(Suggestion(title: "Find a newcomer meeting", why: "Newcomer meetings are made for the first weeks and months.",
                                   path: SiteURL.meetings.path + "?type=BE"))
            if try await !hasMentor(member) {
                list.append(Suggestion(title: "Find a mentor", why: "Someone further along, matched to what you're facing.", path: SiteURL.mentors.path))
            }
            list.append(Suggestion(title: "Ways through a craving", why: "What other members say helps, the most helpful first.",
                                   path: SiteURL.strategies.path + "?situation=" + Situation.craving.rawValue))
        case .client:
            if try await RecoveryPlan.query(on: deps.db).filter(\.$owner.$id == member.id).count() == 0 {
                list.append(Suggestion(title: "Write your recovery plan", why: "Goals, triggers and the people to call, in one place you can print.",
                                       path: SiteURL.myPlan.path))
            }
            list.append(Suggestion(title: "Share what works for you", why: "Your way through could be someone else's tonight.", path: SiteURL.newStrategy.path))
            if let wins = try await category("daily-wins") {
                list.append(Suggestion(title: "Tell someone about a win", why: "Small victories count, and they encourage people just starting.",
                                       path: SiteURL.communityCategory(wins).path))
            }
            list.append(Suggestion(title: "Ways through stress", why: "What other members say helps, the most helpful first.",
                                   path: SiteURL.strategies.path + "?situation=" + Situation.stress.rawValue))
        }
        return (stage, Array(list.prefix(Self.limit)))
    }

    private func hasMentor(_ member: Member) async throws -> Bool {
        try await Mentorship.query(on: deps.db).filter(\.$mentee.$id == member.id).filter(\.$status ~~ [.active, .requested]).count() > 0
    }

    private func category(_ slug: String) async throws -> UUID? {
        try await ForumCategory.query(on: deps.db).filter(\.$slug == slug).first()?.id
    }
}

/// The suggestions over the API, for apps' start screens.
