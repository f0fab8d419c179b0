import Foundation

/// The engagement level, from a rule anyone can read: over the last 30 days, four areas of taking
/// part, each counted and compared with a target. Pure — the counts come from `EngagementService`.
enum EngagementRule {
    static let windowDays = 30

    enum Level: String, Sendable, CaseIterable, Comparable {
        case low, moderate, high

        var title: String {
            switch self {
            case .high: "High"
            case .moderate: "Moderate"
            case .low: "Low"
            }
        }

        private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    /// What one member did in the window.
    struct Counts: Sendable, Equatable {
        /// Days with a meeting attended (recorded attendance or a live room joined).
        var meetingDays = 0
        /// Days with a daily check-in, a pledge or an evening review.
        var checkInDays = 0
        /// Check-ins with a mentor or mentee, and messages sent to them.
        var mentorContacts = 0
        /// Posts, replies and coping strategies shared.
        var communityActions = 0
        /// The last time any of these happened, if in the window.
        var lastActive: Date?
    }

    enum Area: String, Sendable, CaseIterable {
        case meetings, checkIns = "check_ins", mentor, community

        var title: String {
            switch self {
            case .meetings: "Meetings"
            case .checkIns: "Check-ins and pledges"
            case .mentor: "Contact with a mentor or sponsor"
            case .community: "Taking part in the community"
            }
        }

        /// How many in 30 days count as taking part regularly.
        var target: Int {
            switch self {
            case .meetings: 4
            case .checkIns: 10
            case .mentor: 2
            case .community: 2
            }
        }

        var unit: (one: String, many: String) {
            switch self {
            case .meetings: ("day with a meeting", "days with a meeting")
            case .checkIns: ("day checked in", "days checked in")
            case .mentor: ("contact", "contacts")
            case .community: ("post or shared strategy", "posts or shared strategies")
            }
        }

        func count(in c: Counts) -> Int {
            switch self {
            case .meetings: c.meetingDays
            case .checkIns: c.checkInDays
            case .mentor: c.mentorContacts
            case .community: c.communityActions
            }
        }
    }

    /// High: three or four areas at their target; moderate: one or two; low: none.
    static func level(_ c: Counts) -> Level {
        let met = Area.allCases.filter { $0.count(in: c) >= $0.target }.count
        return met >= 3 ? .high : met >= 1 ? .moderate : .low
    }

    /// The rule in a sentence, as the member and the outcomes page show it.
    static let explanation = "Over the last \(windowDays) days, four areas count: meetings (\(Area.meetings.target) days), check-ins or pledges (\(Area.checkIns.target) days), contact with a mentor or sponsor (\(Area.mentor.target) times) and taking part in the community (\(Area.community.target) posts or strategies). Three or four areas at their number is high engagement, one or two is moderate, none is low."

    /// What would raise the level: the areas not yet at their number, fewest still needed first.
    static func toRaise(_ c: Counts) -> [String] {
        Area.allCases.filter { $0.count(in: c) < $0.target }
            .sorted { $0.target - $0.count(in: c) < $1.target - $1.count(in: c) }
            .map { area in
                let more = area.target - area.count(in: c)
                return "\(area.title): \(more) more \(more == 1 ? area.unit.one : area.unit.many)"
            }
    }
}
