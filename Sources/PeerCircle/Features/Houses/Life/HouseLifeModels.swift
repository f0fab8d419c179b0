import FluentKit
import Foundation

// The house's own life: how it admits people, its agreement, applications and votes, officers,
// chores, money and meetings. Everything here is private to the house's residents and lead.
// See User for why the models are @unchecked Sendable.

/// How a house accepts applicants: its lead decides, or its residents vote (Oxford House model).
enum Admission: String, Codable, Sendable, CaseIterable {
    case lead, vote
}

/// A version of the house agreement; a new text is a new version, never an edit of an accepted one.
final class HouseAgreement: Model, @unchecked Sendable {
    static let schema = "house_agreements"
    @ID(key: .id) var id: UUID?
    @Parent(key: "house_id") var house: SoberHouse
    @Field(key: "version") var version: Int
    @Field(key: "text") var text: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

/// A resident or an accepted applicant said they accept a version of the agreement, and when.
final class HouseAgreementAck: Model, @unchecked Sendable {
    static let schema = "house_agreement_acks"
    @ID(key: .id) var id: UUID?
    @Parent(key: "house_id") var house: SoberHouse
    @Parent(key: "user_id") var user: User
    @Field(key: "version") var version: Int
    @Field(key: "acknowledged_at") var acknowledgedAt: Date
    init() {}
}

final class HouseApplication: Model, @unchecked Sendable {
    static let schema = "house_applications"

    enum Status: String, Codable, Sendable {
        /// Waiting for the lead's decision.
        case open
        /// The residents are voting until `voteClosesAt`.
        case voting
        /// The vote closed without enough votes cast; the lead decides or opens the vote again.
        case noQuorum = "no_quorum"
        case accepted, declined, withdrawn
        /// Offered a place, not confirmed within `ApplicationService.offerLasts`.
        case lapsed
        /// Accepted, the move-in date confirmed and the agreement accepted.
        case confirmed
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "house_id") var house: SoberHouse
    @Parent(key: "user_id") var user: User
    @Field(key: "move_in_wanted") var moveInWanted: String
    /// In the applicant's words: private to the house's residents and lead.
    @Field(key: "needs") var needs: String
    @OptionalField(key: "sober_since") var soberSince: String?
    /// "yes", "no" or "not_said".
    @Field(key: "on_mat") var onMAT: String
    @Enum(key: "status") var status: Status
    /// The day the vote opened (the house's zone): residents living there by then vote.
    @OptionalField(key: "vote_opened_on") var voteOpenedOn: String?
    @OptionalField(key: "vote_closes_at") var voteClosesAt: Date?
    /// The house's rules when the vote opened: a change while it is open does not change its outcome.
    @OptionalField(key: "vote_threshold") var voteThreshold: Int?
    @OptionalField(key: "vote_quorum") var voteQuorum: Int?
    /// Residents who may vote, counted when the vote opened (for the quorum).
    @OptionalField(key: "electorate") var electorate: Int?
    /// Yes and no votes when the vote closed, kept for the residents' record.
    @OptionalField(key: "yes_votes") var yesVotes: Int?
    @OptionalField(key: "no_votes") var noVotes: Int?
    @OptionalField(key: "decline_reason") var declineReason: String?
    @OptionalField(key: "decline_note") var declineNote: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "move_in_on") var moveInOn: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

/// One resident's vote on an application: one each (a unique index), never shown by name.
final class HouseApplicationVote: Model, @unchecked Sendable {
    static let schema = "house_application_votes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "application_id") var application: HouseApplication
    @Parent(key: "user_id") var user: User
    @Field(key: "yes") var yes: Bool
    init() {}
}

/// An officer elected by the house for a term (Oxford House: six months).
final class HouseOfficer: Model, @unchecked Sendable {
    static let schema = "house_officers"

    enum Office: String, Codable, Sendable, CaseIterable {
        case president, treasurer, secretary, chores = "chore_coordinator"
        var title: String {
            switch self {
            case .president: "President"
            case .treasurer: "Treasurer"
            case .secretary: "Secretary"
            case .chores: "Chore coordinator"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "house_id") var house: SoberHouse
    @Parent(key: "user_id") var user: User
    @Enum(key: "office") var office: Office
    @Field(key: "elected_on") var electedOn: String
    @Field(key: "term_ends_on") var termEndsOn: String
    init() {}
}

final class HouseChore: Model, @unchecked Sendable {
    static let schema = "house_chores"
    @ID(key: .id) var id: UUID?
    @Parent(key: "house_id") var house: SoberHouse
    @Field(key: "name") var name: String
    /// Due every this many weeks (1, 2 or 4), counted from `startsWeek`.
    @Field(key: "every_weeks") var everyWeeks: Int
    /// The Monday of the first week it is due.
    @Field(key: "starts_week") var startsWeek: String
    @Field(key: "active") var active: Bool
    init() {}
}

/// Whose turn a chore is in a week (the week's Monday); one per chore and week.
final class HouseChoreTurn: Model, @unchecked Sendable {
    static let schema = "house_chore_turns"
    @ID(key: .id) var id: UUID?
    @Parent(key: "chore_id") var chore: HouseChore
    @Parent(key: "house_id") var house: SoberHouse
    @Field(key: "week") var week: String
    @Parent(key: "user_id") var user: User
    @OptionalField(key: "done_at") var doneAt: Date?
    init() {}
}

/// A swap asked by one resident of another: their turns change hands only when the other agrees.
final class HouseChoreSwap: Model, @unchecked Sendable {
    static let schema = "house_chore_swaps"
    @ID(key: .id) var id: UUID?
    @Parent(key: "house_id") var house: SoberHouse
    @Parent(key: "turn_id") var turn: HouseChoreTurn
    @Parent(key: "other_turn_id") var otherTurn: HouseChoreTurn
    @Parent(key: "asked_by") var askedBy: User
    @Parent(key: "asked_of") var askedOf: User
    init() {}
}

/// One of the house's bills for a month, split among the residents who lived there that month.
final class HouseBill: Model, @unchecked Sendable {
    static let schema = "house_bills"
    @ID(key: .id) var id: UUID?
    @Parent(key: "house_id") var house: SoberHouse
    /// "YYYY-MM".
    @Field(key: "month") var month: String
    @Field(key: "what") var what: String
    /// Minor units of the house's currency.
    @Field(key: "amount") var amount: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

/// A resident's part of a bill. When an account is erased the share stays, unnamed, so the others'
/// shares and balances do not change.
final class HouseBillShare: Model, @unchecked Sendable {
    static let schema = "house_bill_shares"
    @ID(key: .id) var id: UUID?
    @Parent(key: "bill_id") var bill: HouseBill
    @OptionalParent(key: "user_id") var user: User?
    @Field(key: "days") var days: Int
    @Field(key: "amount") var amount: Int
    init() {}
}

final class HousePayment: Model, @unchecked Sendable {
    static let schema = "house_payments"
    @ID(key: .id) var id: UUID?
    @Parent(key: "house_id") var house: SoberHouse
    @OptionalParent(key: "user_id") var user: User?
    @Field(key: "amount") var amount: Int
    @Field(key: "paid_on") var paidOn: String
    @Field(key: "note") var note: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

/// A weekly house meeting, made when the house first looks at it.
final class HouseMeeting: Model, @unchecked Sendable {
    static let schema = "house_meetings"
    @ID(key: .id) var id: UUID?
    @Parent(key: "house_id") var house: SoberHouse
    @Field(key: "held_on") var heldOn: String
    @Field(key: "minutes") var minutes: String
    init() {}
}

final class HouseAgendaItem: Model, @unchecked Sendable {
    static let schema = "house_agenda_items"
    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: HouseMeeting
    @Field(key: "text") var text: String
    /// Who added it; nil for an item the house put there itself (money owed over the house's limit).
    @OptionalParent(key: "added_by") var addedBy: User?
    /// For an automatic item, whom it is about (one item per person and meeting).
    @OptionalParent(key: "about_id") var about: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

/// A motion put to a house meeting: residents vote once each; it is carried by the majority the
/// motion names, with the house's quorum. In a secret ballot nobody is shown who voted how.
final class HouseMotion: Model, @unchecked Sendable {
    static let schema = "house_motions"

    enum Majority: String, Codable, Sendable, CaseIterable {
        case simple, twoThirds = "two_thirds", threeQuarters = "three_quarters", fourFifths = "four_fifths"
        var title: String {
            switch self {
            case .simple: "More than half"
            case .twoThirds: "Two thirds"
            case .threeQuarters: "Three quarters"
            case .fourFifths: "Four fifths (80 %)"
            }
        }
        /// Whether `yes` of `yes + no` votes reaches it.
        func carries(yes: Int, no: Int) -> Bool {
            let cast = yes + no
            guard cast > 0 else { return false }
            switch self {
            case .simple: return yes * 2 > cast
            case .twoThirds: return yes * 3 >= cast * 2
            case .threeQuarters: return yes * 4 >= cast * 3
            case .fourFifths: return yes * 5 >= cast * 4
            }
        }
    }

    enum Result: String, Codable, Sendable {
        case carried, failed, noQuorum = "no_quorum"
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: HouseMeeting
    @Field(key: "text") var text: String
    @Enum(key: "majority") var majority: Majority
    @Field(key: "secret") var secret: Bool
    @OptionalParent(key: "moved_by") var movedBy: User?
    @OptionalEnum(key: "result") var result: Result?
    /// The counts: kept as votes come in for a secret ballot, set when the vote closes for an open one.
    @OptionalField(key: "yes_votes") var yesVotes: Int?
    @OptionalField(key: "no_votes") var noVotes: Int?
    @OptionalField(key: "abstentions") var abstentions: Int?
    /// Residents living there the day it was moved: they vote, and the quorum is counted from them.
    @OptionalField(key: "electorate") var electorate: Int?
    @OptionalField(key: "opened_on") var openedOn: String?
    /// The house's quorum when it was moved: a change to the rules does not change a vote under way.
    @OptionalField(key: "quorum") var quorum: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

/// Who has voted on a motion (one each). In an open vote the choice is here; in a secret ballot it is
/// only added to the motion's counts, so no stored row links a choice to a person (a separate ballot row
/// written in the same transaction would: same transaction id on PostgreSQL, same order on SQLite).
final class HouseMotionVote: Model, @unchecked Sendable {
    static let schema = "house_motion_votes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "motion_id") var motion: HouseMotion
    @Parent(key: "user_id") var user: User
    /// "yes", "no" or "abstain"; nil in a secret ballot.
    @OptionalField(key: "choice") var choice: String?
    init() {}
}

final class HouseAttendance: Model, @unchecked Sendable {
    static let schema = "house_meeting_attendance"
    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: HouseMeeting
    @Parent(key: "user_id") var user: User
    init() {}
}

/// A resident asking the house for support, privately: only the lead and the president see it.
final class HouseSupportRequest: Model, @unchecked Sendable {
    static let schema = "house_support_requests"
    @ID(key: .id) var id: UUID?
    @Parent(key: "house_id") var house: SoberHouse
    @Parent(key: "user_id") var user: User
    @Field(key: "note") var note: String
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

/// A milestone a resident chose to share with their house.
final class HouseMilestone: Model, @unchecked Sendable {
    static let schema = "house_milestones"
    @ID(key: .id) var id: UUID?
    @Parent(key: "house_id") var house: SoberHouse
    @Parent(key: "user_id") var user: User
    @Field(key: "text") var text: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

/// Motions, attendance, private support requests and milestones.
struct AddHouseMotions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(HouseMotion.schema).id()
            .field("meeting_id", .uuid, .required, .references(HouseMeeting.schema, .id, onDelete: .cascade))
            .field("text", .string, .required).field("majority", .string, .required).field("secret", .bool, .required)
            .field("moved_by", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("result", .string).field("yes_votes", .int).field("no_votes", .int).field("abstentions", .int).field("electorate", .int)
            .field("opened_on", .string).field("quorum", .int).field("created_at", .datetime).create()
        try await database.schema(HouseMotionVote.schema).id()
            .field("motion_id", .uuid, .required, .references(HouseMotion.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("choice", .string).unique(on: "motion_id", "user_id").create()
        try await database.schema(HouseAttendance.schema).id()
            .field("meeting_id", .uuid, .required, .references(HouseMeeting.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .unique(on: "meeting_id", "user_id").create()
        try await database.schema(HouseSupportRequest.schema).id()
            .field("house_id", .uuid, .required, .references(SoberHouse.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("note", .string, .required).field("answered_at", .datetime).field("created_at", .datetime).create()
        try await database.schema(HouseMilestone.schema).id()
            .field("house_id", .uuid, .required, .references(SoberHouse.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("text", .string, .required).field("created_at", .datetime).create()
    }

    func revert(on database: any Database) async throws {
        for schema in [HouseMilestone.schema, HouseSupportRequest.schema, HouseAttendance.schema,
                       HouseMotionVote.schema, HouseMotion.schema] {
            try await database.schema(schema).delete()
        }
    }
}
