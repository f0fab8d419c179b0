import FluentKit
import Foundation

/// Motions at house meetings: any resident moves one, residents vote once each (openly or by secret
/// ballot), the secretary or president closes the vote, and the result — with the house's quorum
/// checked — goes into the decisions log. Also who came to a meeting.
struct HouseMotionService: Sendable {
    let deps: AppDependencies

    struct Motion: Sendable {
        let id: UUID
        let meetingID: UUID
        let heldOn: String
        let text: String
        let majority: HouseMotion.Majority
        let secret: Bool
        let movedBy: String?
        let result: HouseMotion.Result?
        let yes: Int
        let no: Int
        let abstentions: Int
        let electorate: Int?
        let votesCast: Int
        /// In an open vote, once closed: who voted how.
        let openVotes: [(name: String, choice: String)]
        let youVoted: Bool
        let youMayVote: Bool
        let youMayClose: Bool
    }

    static let choices = ["yes", "no", "abstain"]

    func move(_ houseID: UUID, text: String, majority: String, secret: Bool, member: Member) async throws {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        guard standing.isResident || standing.manages else { throw AppError.notFound }
        var check = Validation()
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check((3...500).contains(text.count) && !text.contains("\u{0}"), "motion", "Write the motion in 3–500 characters.")
        let majority = HouseMotion.Majority(rawValue: majority)
        check.check(majority != nil, "majority", "Choose the majority it needs.")
        try check.finish()
        let needs = try majority.checked("majority")
        let today = HouseStanding.today(deps)
        try await deps.writer.transaction { db in
            try await HouseStanding.takeTurn(houseID, deps: deps, on: db)
            guard let house = try await SoberHouse.find(houseID, on: db) else { throw AppError.notFound }
            let motion = HouseMotion()
            motion.$meeting.id = try await HouseMeetingService.next(house, today: today, on: db).requireID()
            (motion.text, motion.majority, motion.secret, motion.$movedBy.id) = (text, needs, secret, member.id)
            (motion.openedOn, motion.quorum) = (today.description, house.voteQuorum)
            motion.electorate = try await Self.voters(houseID, since: today.description, on: db).count
            try await motion.create(on: db)
        }
    }

    /// One vote each, from someone living in the house, while the motion is open.
    func vote(_ motionID: UUID, choice: String, member: Member) async throws -> UUID {
        let (_, houseID) = try await find(motionID)
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.requireInside()
        guard standing.isResident else { throw AppError.invalid([FieldError(field: "choice", message: "Only residents vote.")]) }
        guard Self.choices.contains(choice) else { throw AppError.invalid([FieldError(field: "choice", message: "Choose yes, no or abstain.")]) }
        try await deps.writer.transaction { db in
            try await HouseStanding.takeTurn(houseID, deps: deps, on: db)
            guard let motion = try await HouseMotion.find(motionID, on: db), motion.result == nil else {
                throw AppError.invalid([FieldError(field: "choice", message: "This vote has closed.")])
            }
            guard try await Self.voters(houseID, since: motion.openedOn ?? "", on: db).contains(member.id) else {
                throw AppError.invalid([FieldError(field: "choice", message: "Only residents who lived here when it was moved vote on it.")])
            }
            guard try await HouseMotionVote.query(on: db).filter(\.$motion.$id == motionID).filter(\.$user.$id == member.id).first() == nil else {
                throw AppError.invalid([FieldError(field: "choice", message: "You have already voted.")])
            }
            let vote = HouseMotionVote()
            (vote.$motion.id, vote.$user.id, vote.choice) = (motionID, member.id, motion.secret ? nil : choice)
            try await vote.create(on: db)
            if motion.secret {
                switch choice {
                case "yes": motion.yesVotes = (motion.yesVotes ?? 0) + 1
                case "no": motion.noVotes = (motion.noVotes ?? 0) + 1
                default: motion.abstentions = (motion.abstentions ?? 0) + 1
                }
                try await motion.save(on: db)
            }
        }
        return houseID
    }

    /// The secretary, the president or the lead closes the vote: quorum first, then the majority.
    func close(_ motionID: UUID, member: Member) async throws -> UUID {
        let (_, houseID) = try await find(motionID)
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.requireInside()
        guard standing.may(.secretary) || standing.may(.president) else { throw AppError.notFound }
        try await deps.writer.transaction { db in
            try await HouseStanding.takeTurn(houseID, deps: deps, on: db)
            guard let motion = try await HouseMotion.find(motionID, on: db), motion.result == nil,
                  let house = try await SoberHouse.find(houseID, on: db) else { return }
            let (yes, no, abstain) = try await Self.tally(motion, on: db)
            let electorate = motion.electorate ?? 0
            let cast = yes + no + abstain
            motion.result = cast > 0 && cast * 100 >= (motion.quorum ?? house.voteQuorum) * electorate
                ? (motion.majority.carries(yes: yes, no: no) ? .carried : .failed) : .noQuorum
            (motion.yesVotes, motion.noVotes, motion.abstentions, motion.electorate) = (yes, no, abstain, electorate)
            try await motion.save(on: db)
        }
        return houseID
    }

    /// Residents living in the house since `day` (and still there).
    static func voters(_ houseID: UUID, since day: String, on db: any Database) async throws -> Set<UUID> {
        Set(try await HouseResident.query(on: db).filter(\.$house.$id == houseID).filter(\.$movedOutOn == nil)
            .filter(\.$movedInOn <= day).all().map(\.$user.id))
    }

    static func tally(_ motion: HouseMotion, on db: any Database) async throws -> (yes: Int, no: Int, abstain: Int) {
        let id = try motion.requireID()
        guard !motion.secret else { return (motion.yesVotes ?? 0, motion.noVotes ?? 0, motion.abstentions ?? 0) }
        let choices = try await HouseMotionVote.query(on: db).filter(\.$motion.$id == id).all().compactMap(\.choice)
        return (choices.filter { $0 == "yes" }.count, choices.filter { $0 == "no" }.count, choices.filter { $0 == "abstain" }.count)
    }

    /// The motions of these meetings, as `standing`'s member sees them.
    func motions(of meetings: [UUID: String], standing: HouseStanding) async throws -> [Motion] {
        guard !meetings.isEmpty else { return [] }
        let motions = try await HouseMotion.query(on: deps.db).filter(\.$meeting.$id ~~ Array(meetings.keys)).with(\.$movedBy).sort(\.$createdAt).all()
        let votes = try await HouseMotionVote.query(on: deps.db).filter(\.$motion.$id ~~ motions.compactMap(\.id)).with(\.$user).all()
        let mayClose = standing.may(.secretary) || standing.may(.president)
        return try motions.map { m in
            let id = try m.requireID()
            let mine = votes.filter { $0.$motion.id == id }
            // Counts are shown once the vote closes (a running secret count says nothing about anyone, but could sway the rest).
            let counted = m.secret || m.result == nil ? [] : mine.compactMap(\.choice)
            return Motion(
                id: id, meetingID: m.$meeting.id, heldOn: meetings[m.$meeting.id] ?? "", text: m.text, majority: m.majority, secret: m.secret,
                movedBy: m.movedBy?.pseudonym, result: m.result,
                yes: m.result == nil ? 0 : m.yesVotes ?? counted.filter { $0 == "yes" }.count,
                no: m.result == nil ? 0 : m.noVotes ?? counted.filter { $0 == "no" }.count,
                abstentions: m.result == nil ? 0 : m.abstentions ?? counted.filter { $0 == "abstain" }.count, electorate: m.electorate, votesCast: mine.count,
                openVotes: m.secret || m.result == nil ? [] : mine.compactMap { v in v.choice.map { (name: v.user.pseudonym, choice: $0) } },
                youVoted: mine.contains { $0.$user.id == standing.member.id },
                youMayVote: m.result == nil && standing.isResident && !mine.contains { $0.$user.id == standing.member.id },
                youMayClose: m.result == nil && mayClose)
        }
    }

    /// The secretary records who came to a meeting that has been held.
    func setAttendance(_ meetingID: UUID, present: [String], member: Member) async throws -> UUID {
        guard let meeting = try await HouseMeeting.find(meetingID, on: deps.db) else { throw AppError.notFound }
        let houseID = meeting.$house.id
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.requireInside()
        try standing.require(.secretary)
        guard meeting.heldOn <= HouseStanding.today(deps).description else {
            throw AppError.invalid([FieldError(field: "present", message: "Attendance is recorded once the meeting has been held.")])
        }
        let people = Set(try await HouseStanding.stays(houseID, on: deps.db).map(\.user))
        let chosen = Set(present.compactMap(UUID.init(uuidString:)))
        guard chosen.isSubset(of: people), chosen.count == present.count else {
            throw AppError.invalid([FieldError(field: "present", message: "Choose from the house's residents.")])
        }
        try await deps.writer.transaction { db in
            try await HouseAttendance.query(on: db).filter(\.$meeting.$id == meetingID).delete()
            for user in chosen {
                let row = HouseAttendance()
                (row.$meeting.id, row.$user.id) = (meetingID, user)
                try await row.create(on: db)
            }
        }
        return houseID
    }

    /// The house a motion belongs to, for someone inside it.
    func houseOf(_ motionID: UUID, member: Member) async throws -> UUID {
        let (_, houseID) = try await find(motionID)
        try await HouseStanding.of(houseID, member, deps: deps).requireInside()
        return houseID
    }

    private func find(_ motionID: UUID) async throws -> (HouseMotion, UUID) {
        guard let motion = try await HouseMotion.query(on: deps.db).filter(\.$id == motionID).with(\.$meeting).first() else { throw AppError.notFound }
        return (motion, motion.meeting.$house.id)
    }
}
