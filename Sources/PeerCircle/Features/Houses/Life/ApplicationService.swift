import FluentKit
import Foundation

/// Applying to a house: the member's words go to the house only; the lead decides, or the residents
/// vote (one vote each, a threshold among the votes cast, a quorum, a deadline). The applicant sees
/// the outcome and never the votes.
struct ApplicationService: Sendable {
    let deps: AppDependencies

    /// Kind reasons a house gives when it cannot offer a place.
    enum DeclineReason: String, Sendable, CaseIterable {
        case noBed = "no_bed", serves, support, timing, vote, other
        var text: String {
            switch self {
            case .noBed: "There is no bed free for the date you asked for."
            case .serves: "The house serves a different group of people."
            case .support: "The house cannot give the support you asked for right now."
            case .timing: "The residents felt this is not the right time for this house."
            case .vote: "The residents' vote did not reach the agreement the house needs to offer a place."
            case .other: "The house has written its reason below."
            }
        }
    }

    struct Input: Sendable, Equatable {
        var moveInWanted = ""
        var needs = ""
        var soberSince = ""
        var onMAT = "not_said"
    }

    /// What the applicant sees: the outcome, never the votes.
    struct Mine: Sendable {
        let id: UUID
        let houseID: UUID
        let houseName: String
        let status: HouseApplication.Status
        let moveInWanted: String
        let declineReason: DeclineReason?
        let declineNote: String?
        let moveInOn: String?
        /// The agreement to accept before moving in.
        let agreement: HouseSettingsService.Agreement?
    }

    /// An application as the house's residents and lead see it.
    struct Entry: Sendable {
        let id: UUID
        let pseudonym: String
        let moveInWanted: String
        let needs: String
        let soberSince: String?
        let onMAT: String
        let status: HouseApplication.Status
        let voteClosesAt: Date?
        let electorate: Int
        let votesCast: Int
        let yesVotes: Int?
        let noVotes: Int?
        let declineReason: DeclineReason?
        let declineNote: String?
        let youVoted: Bool
        let youMayVote: Bool
        let youDecide: Bool
        let submittedAt: Date
    }

    static let waiting: [HouseApplication.Status] = [.open, .voting, .noQuorum, .accepted]

    /// An offer not confirmed within this long lapses (the address is no longer shown; the lead can offer again).
    static let offerLasts: TimeInterval = 30 * 86_400

    // MARK: - The applicant

    func apply(to houseID: UUID, _ input: Input, by member: Member) async throws -> UUID {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        let today = HouseStanding.today(deps)
        var check = Validation()
        let staying = try await HouseResident.query(on: deps.db).filter(\.$house.$id == houseID).filter(\.$user.$id == member.id)
            .filter(\.$movedOutOn == nil).first() != nil
        check.check(!standing.isResident && !staying, "move_in_wanted", "You already live here, or are moving in.")
        let wanted = LocalDate(input.moveInWanted.trimmingCharacters(in: .whitespaces))
        check.check(wanted.map { $0 >= today && $0 <= today.adding(days: 366) } ?? false, "move_in_wanted",
                    "Enter the date you'd like to move in, as YYYY-MM-DD, from today to a year ahead.")
        let needs = input.needs.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check((10...2000).contains(needs.count) && !needs.contains("\u{0}"), "needs",
                    "Tell the house a little about yourself and what you need (10–2 000 characters).")
        let sober = input.soberSince.trimmingCharacters(in: .whitespaces)
        check.check(sober.isEmpty || LocalDate(sober).map { $0 <= today && $0.year >= 1900 } == true, "sober_since",
                    "Enter a date as YYYY-MM-DD, today or earlier, or leave it empty.")
        check.check(["yes", "no", "not_said"].contains(input.onMAT), "on_mat", "Choose one of the answers.")
        try check.finish()
        let moveIn = try wanted.checked("move_in_wanted")
        return try await deps.writer.transaction { db in
            guard try await HouseApplication.query(on: db).filter(\.$house.$id == houseID).filter(\.$user.$id == member.id)
                .filter(\.$status ~~ Self.waiting).first() == nil else {
                throw AppError.invalid([FieldError(field: "needs", message: "You have already applied to this house; its answer is on your application page.")])
            }
            guard let house = try await SoberHouse.find(houseID, on: db) else { throw AppError.notFound }
            let app = HouseApplication()
            (app.$house.id, app.$user.id, app.moveInWanted, app.needs) = (houseID, member.id, moveIn.description, needs)
            (app.soberSince, app.onMAT) = (sober.isEmpty ? nil : sober, input.onMAT)
            app.status = .open
            if house.admission == .vote { try await openVote(app, house: house, on: db) }
            try await app.create(on: db)
            return try app.requireID()
        }
    }

    /// The member's latest application to the house: the outcome and what to do next.
    func mine(at houseID: UUID, member: Member) async throws -> Mine? {
        guard let house = try await SoberHouse.find(houseID, on: deps.db) else { throw AppError.notFound }
        guard var app = try await HouseApplication.query(on: deps.db).filter(\.$house.$id == houseID).filter(\.$user.$id == member.id)
            .sort(\.$createdAt, .descending).first() else { return nil }
        app = try await settled(app)
        let agreement = app.status == .accepted ? try await HouseSettingsService(deps: deps).agreement(of: houseID) : nil
        return Mine(id: try app.requireID(), houseID: houseID, houseName: house.name, status: app.status, moveInWanted: app.moveInWanted,
                    declineReason: app.declineReason.flatMap(DeclineReason.init), declineNote: app.declineNote, moveInOn: app.moveInOn,
                    agreement: agreement)
    }

    /// The applicant withdraws: a waiting application, an offer, or a move-in still to come.
    func withdraw(at houseID: UUID, member: Member) async throws {
        if try await HouseResident.query(on: deps.db).filter(\.$house.$id == houseID).filter(\.$user.$id == member.id)
            .filter(\.$movedOutOn == nil).filter(\.$movedInOn > HouseStanding.today(deps).description).first() != nil {
            return try await HouseService(deps: deps).cancelMoveIn(houseID, user: member.id)
        }
        try await deps.writer.transaction { db in
            guard let app = try await HouseApplication.query(on: db).filter(\.$house.$id == houseID).filter(\.$user.$id == member.id)
                .filter(\.$status ~~ Self.waiting).first() else { throw AppError.notFound }
            app.status = .withdrawn
            try await app.save(on: db)
        }
    }

    /// An accepted applicant sets their move-in date and accepts the house agreement's current version:
    /// from then on they are one of the house's residents.
    func confirm(at houseID: UUID, moveInOn text: String, acceptedVersion: String, member: Member) async throws {
        let today = HouseStanding.today(deps)
        let agreement = try await HouseSettingsService(deps: deps).agreement(of: houseID)
        var check = Validation()
        let day = LocalDate(text.trimmingCharacters(in: .whitespaces))
        check.check(day.map { $0 >= today && $0 <= today.adding(days: 90) } ?? false, "move_in_on",
                    "Enter your move-in date as YYYY-MM-DD, from today to 90 days ahead.")
        check.check(agreement.map { String($0.version) == acceptedVersion } ?? true, "accept",
                    "Read the house agreement and tick the box to accept it.")
        try check.finish()
        let moveIn = try day.checked("move_in_on")
        try await deps.writer.transaction { db in
            try await HouseStanding.takeTurn(houseID, deps: deps, on: db)
            guard let app = try await HouseApplication.query(on: db).filter(\.$house.$id == houseID).filter(\.$user.$id == member.id)
                .filter(\.$status == .accepted).first(), let house = try await SoberHouse.find(houseID, on: db),
                  app.decidedAt.map({ deps.now().timeIntervalSince($0) < Self.offerLasts }) ?? false else { throw AppError.notFound }
            if let current = try await HouseSettingsService.currentAgreement(houseID, on: db) {
                guard current.version == agreement?.version else { throw AppError.changedAtOnce }
                try await HouseSettingsService.acknowledge(houseID, version: current.version, member: member.id, at: deps.now(), on: db)
            }
            (app.status, app.moveInOn) = (.confirmed, moveIn.description)
            try await app.save(on: db)
            if try await HouseResident.query(on: db).filter(\.$house.$id == houseID).filter(\.$user.$id == member.id)
                .filter(\.$movedOutOn == nil).first() == nil {
                try await HouseResident(houseID: houseID, userID: member.id, movedInOn: moveIn).create(on: db)
                (house.vacancies, house.vacanciesUpdatedAt) = (max(0, house.vacancies - 1), deps.now())
                try await house.save(on: db)
            }
            try await LedgerService.resplit(houseID, from: HouseRules.month(of: moveIn), on: db)
            try await LedgerService.reviewArrears(houseID, today: today, on: db)
        }
    }

    // MARK: - The house

    func list(at houseID: UUID, member: Member) async throws -> [Entry] {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.requireInside()
        // Never one's own: an applicant who lives here later does not see how the house voted on them.
        let apps = try await HouseApplication.query(on: deps.db).filter(\.$house.$id == houseID).filter(\.$user.$id != member.id).with(\.$user)
            .sort(\.$createdAt, .descending).range(..<100).all()
        var entries: [Entry] = []
        for app in apps { entries.append(try await entry(try await settled(app), standing: standing)) }
        return entries
    }

    func entry(_ id: UUID, member: Member) async throws -> (Entry, HouseStanding) {
        guard let app = try await HouseApplication.query(on: deps.db).filter(\.$id == id).with(\.$user).first(),
              app.$user.id != member.id else { throw AppError.notFound }
        let standing = try await HouseStanding.of(app.$house.id, member, deps: deps)
        try standing.requireInside()
        return (try await entry(try await settled(app), standing: standing), standing)
    }

    /// A resident's vote: residents who lived there when the vote opened, once each, before it closes.
    func vote(_ id: UUID, yes: String, member: Member) async throws -> UUID {
        let (entry, standing) = try await entry(id, member: member)
        guard entry.youMayVote else {
            throw AppError.invalid([FieldError(field: "vote", message: entry.youVoted ? "You have already voted." : "This vote is not open to you.")])
        }
        guard ["yes", "no"].contains(yes) else { throw AppError.invalid([FieldError(field: "vote", message: "Choose yes or no.")]) }
        try await deps.writer.transaction { db in
            guard let app = try await HouseApplication.find(id, on: db), app.status == .voting,
                  app.voteClosesAt.map({ deps.now() < $0 }) == true else {
                throw AppError.invalid([FieldError(field: "vote", message: "This vote has closed.")])
            }
            guard try await HouseApplicationVote.query(on: db).filter(\.$application.$id == id).filter(\.$user.$id == member.id).first() == nil else {
                throw AppError.invalid([FieldError(field: "vote", message: "You have already voted.")])
            }
            let vote = HouseApplicationVote()
            (vote.$application.id, vote.$user.id, vote.yes) = (id, member.id, yes == "yes")
            try await vote.create(on: db)
        }
        if let app = try await HouseApplication.find(id, on: deps.db) { _ = try await settled(app) }
        return standing.houseID
    }

    /// The lead decides (a house where the lead admits, or a vote without its quorum), or withdraws an
    /// offer not yet confirmed.
    func decide(_ id: UUID, accept: String, reason: String, note: String, member: Member) async throws -> UUID {
        let (entry, standing) = try await entry(id, member: member)
        guard entry.youDecide else { throw AppError.notFound }
        var check = Validation()
        check.check(["yes", "no"].contains(accept), "accept", "Choose to offer a place or not.")
        check.check(entry.status != .accepted || accept == "no", "accept", "They have been offered a place already; you can withdraw the offer.")
        let why = DeclineReason(rawValue: reason)
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(accept != "no" || (why != nil && why != .vote), "reason", "Choose a reason; the applicant sees it.")
        check.check(why != .other || !note.isEmpty, "note", "Write the reason in a kind sentence or two.")
        check.check(note.count <= 500, "note", "Use at most 500 characters.")
        try check.finish()
        try await deps.writer.transaction { db in
            try await HouseStanding.takeTurn(standing.houseID, deps: deps, on: db)
            guard let app = try await HouseApplication.find(id, on: db), [.open, .noQuorum].contains(app.status) || (app.status == .accepted && accept == "no")
            else { throw AppError.changedAtOnce }
            app.status = accept == "yes" ? .accepted : .declined
            (app.declineReason, app.declineNote) = accept == "yes" ? (nil, nil) : (why?.rawValue, note.isEmpty ? nil : note)
            app.decidedAt = deps.now()
            try await app.save(on: db)
        }
        // The applicant hears there is an answer (the page says which, and why) — even from someone a
        // block stands between: it is their own application.
        if let applicant = try await HouseApplication.find(id, on: deps.db)?.$user.id {
            await NotificationService(deps: deps).tell([applicant], .init(
                kind: .house, text: "There is an answer to your application for a house", link: .houseThing(.application, id),
                topic: "house-application:" + id.uuidString.lowercased()))
        }
        return standing.houseID
    }

    /// A vote that closed without its quorum is held again, with a new deadline.
    func reopen(_ id: UUID, member: Member) async throws -> UUID {
        let (entry, standing) = try await entry(id, member: member)
        guard standing.manages, entry.status == .noQuorum else { throw AppError.notFound }
        try await deps.writer.transaction { db in
            guard let app = try await HouseApplication.find(id, on: db), app.status == .noQuorum,
                  let house = try await SoberHouse.find(app.$house.id, on: db) else { throw AppError.changedAtOnce }
            try await HouseApplicationVote.query(on: db).filter(\.$application.$id == id).delete()
            // A house that has since chosen to let its lead decide: the lead decides.
            app.status = .open
            if house.admission == .vote { try await openVote(app, house: house, on: db) }
            try await app.save(on: db)
        }
        return standing.houseID
    }

    // MARK: - Votes

    private func openVote(_ app: HouseApplication, house: SoberHouse, on db: any Database) async throws {
        let today = HouseStanding.today(deps).description
        let electorate = try await voters(house.requireID(), since: today, applicant: app.$user.id, on: db).count
        guard electorate > 0 else { return }  // nobody to vote yet: the lead decides
        (app.status, app.voteOpenedOn) = (.voting, today)
        (app.voteThreshold, app.voteQuorum) = (house.voteThreshold, house.voteQuorum)
        app.electorate = electorate
        app.voteClosesAt = deps.now().addingTimeInterval(TimeInterval(house.voteDays) * 86_400)
        (app.yesVotes, app.noVotes) = (nil, nil)
    }

    /// Who may vote: residents living in the house now who already lived there the day the vote opened
    /// (the quorum was counted from them; a newcomer or someone still to move in does not vote).
    private func voters(_ houseID: UUID, since opened: String?, applicant: UUID, on db: any Database) async throws -> Set<UUID> {
        guard let opened else { return [] }
        return Set(try await HouseResident.query(on: db).filter(\.$house.$id == houseID).filter(\.$movedOutOn == nil)
            .filter(\.$movedInOn <= opened).filter(\.$user.$id != applicant).all().map(\.$user.id))
    }

    /// The application with its vote ended if its deadline has passed or everyone has voted.
    private func settled(_ app: HouseApplication) async throws -> HouseApplication {
        if app.status == .accepted, let decided = app.decidedAt, deps.now().timeIntervalSince(decided) >= Self.offerLasts {
            // An offer not confirmed in time lapses: the address is no longer shown and they may apply again.
            let id = try app.requireID()
            try await deps.writer.transaction { db in
                try await HouseApplication.query(on: db).filter(\.$id == id).filter(\.$status == .accepted).set(\.$status, to: .lapsed).update()
            }
            return try await HouseApplication.query(on: deps.db).filter(\.$id == id).with(\.$user).first() ?? app
        }
        guard app.status == .voting else { return app }
        let id = try app.requireID()
        let changed = try await deps.writer.transaction { db -> Bool in
            guard let app = try await HouseApplication.find(id, on: db), app.status == .voting,
                  let house = try await SoberHouse.find(app.$house.id, on: db) else { return true }
            let votes = try await HouseApplicationVote.query(on: db).filter(\.$application.$id == id).all()
            let yes = votes.filter(\.yes).count
            let closed = app.voteClosesAt.map { deps.now() >= $0 } ?? true
            switch HouseRules.outcome(yes: yes, no: votes.count - yes, electorate: app.electorate ?? 0, threshold: app.voteThreshold ?? house.voteThreshold,
                                      quorum: app.voteQuorum ?? house.voteQuorum, closed: closed) {
            case .stillOpen: return false
            case .carried: app.status = .accepted
            case .failed: (app.status, app.declineReason) = (.declined, DeclineReason.vote.rawValue)
            case .noQuorum: app.status = .noQuorum
            }
            (app.yesVotes, app.noVotes, app.decidedAt) = (yes, votes.count - yes, deps.now())
            try await app.save(on: db)
            return true
        }
        guard changed else { return app }
        return try await HouseApplication.query(on: deps.db).filter(\.$id == id).with(\.$user).first() ?? app
    }

    private func entry(_ app: HouseApplication, standing: HouseStanding) async throws -> Entry {
        let id = try app.requireID()
        let votes = try await HouseApplicationVote.query(on: deps.db).filter(\.$application.$id == id).all()
        let youVoted = votes.contains { $0.$user.id == standing.member.id }
        let open = app.status == .voting && !youVoted && (app.voteClosesAt.map { deps.now() < $0 } ?? false)
        let mayVote = open ? try await voters(standing.houseID, since: app.voteOpenedOn, applicant: app.$user.id, on: deps.db).contains(standing.member.id) : false
        return Entry(
            id: id, pseudonym: app.user.pseudonym, moveInWanted: app.moveInWanted, needs: app.needs, soberSince: app.soberSince, onMAT: app.onMAT,
            status: app.status, voteClosesAt: app.voteClosesAt, electorate: app.electorate ?? 0, votesCast: votes.count,
            yesVotes: app.yesVotes, noVotes: app.noVotes, declineReason: app.declineReason.flatMap(DeclineReason.init), declineNote: app.declineNote,
            youVoted: youVoted, youMayVote: mayVote, youDecide: standing.manages && [.open, .noQuorum, .accepted].contains(app.status),
            submittedAt: app.createdAt ?? deps.now())
    }
}
