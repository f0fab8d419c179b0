import FluentKit
import Foundation

/// The house's chores: a rotation shared fairly among whoever lives there each week (newcomers join,
/// leavers drop out), swaps both people agree to, and a weekly board of what is done and still to do.
struct ChoreService: Sendable {
    let deps: AppDependencies

    struct Turn: Sendable {
        let id: UUID
        let chore: String
        let pseudonym: String
        let userID: UUID
        let week: LocalDate
        let done: Bool
        let mine: Bool
    }

    struct Swap: Sendable {
        let id: UUID
        let askedBy: String
        let theirChore: String
        let yourChore: String
        let week: String
    }

    struct Board: Sendable {
        let standing: HouseStanding
        let week: LocalDate
        let turns: [Turn]
        let nextWeek: [Turn]
        let chores: [(id: UUID, name: String, everyWeeks: Int)]
        /// Swaps others asked of the viewer, waiting for their answer.
        let swapsForMe: [Swap]
    }

    func board(_ houseID: UUID, member: Member) async throws -> Board {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.requireInside()
        let week = HouseRules.week(of: HouseStanding.today(deps))
        try await deps.writer.transaction { db in
            try await HouseStanding.takeTurn(houseID, deps: deps, on: db)
            try await Self.plan(houseID, week: week, on: db)
            try await Self.plan(houseID, week: week.adding(days: 7), on: db)
        }
        let chores = try await HouseChore.query(on: deps.db).filter(\.$house.$id == houseID).filter(\.$active == true).sort(\.$name).all()
        let turns = try await HouseChoreTurn.query(on: deps.db).filter(\.$house.$id == houseID)
            .filter(\.$week ~~ [week.description, week.adding(days: 7).description]).with(\.$chore).with(\.$user).all()
        let view = { (t: HouseChoreTurn) in
            Turn(id: try t.requireID(), chore: t.chore.name, pseudonym: t.user.pseudonym, userID: t.$user.id, week: LocalDate(t.week) ?? week,
                 done: t.doneAt != nil, mine: t.$user.id == member.id)
        }
        let swaps = try await HouseChoreSwap.query(on: deps.db).filter(\.$house.$id == houseID).filter(\.$askedOf.$id == member.id)
            .with(\.$askedBy).with(\.$turn) { $0.with(\.$chore) }.with(\.$otherTurn) { $0.with(\.$chore) }.all()
        return Board(
            standing: standing, week: week,
            turns: try turns.filter { $0.week == week.description }.map(view).sorted { $0.chore < $1.chore },
            nextWeek: try turns.filter { $0.week != week.description }.map(view).sorted { $0.chore < $1.chore },
            chores: try chores.map { (id: try $0.requireID(), name: $0.name, everyWeeks: $0.everyWeeks) },
            swapsForMe: try swaps.map { Swap(id: try $0.requireID(), askedBy: $0.askedBy.pseudonym, theirChore: $0.turn.chore.name,
                                             yourChore: $0.otherTurn.chore.name, week: $0.otherTurn.week) })
    }

    /// Gives each chore due in `week` and not yet given to whoever is most behind their fair share.
    static func plan(_ houseID: UUID, week: LocalDate, on db: any Database) async throws {
        let chores = try await HouseChore.query(on: db).filter(\.$house.$id == houseID).filter(\.$active == true).sort(\.$name).all()
        let given = Set(try await HouseChoreTurn.query(on: db).filter(\.$house.$id == houseID).filter(\.$week == week.description).all().map(\.$chore.id))
        let due = try chores.filter { c in
            !given.contains(try c.requireID()) && LocalDate(c.startsWeek).map { HouseRules.due(starts: $0, every: c.everyWeeks, week: week) } == true
        }
        guard !due.isEmpty else { return }
        let stays = try await HouseStanding.stays(houseID, on: db)
        let present = HouseRules.present(stays, week: week)
        guard !present.isEmpty else { return }
        let history = try await HouseChoreTurn.query(on: db).filter(\.$house.$id == houseID).filter(\.$week < week.description).all()
        let weeks = Dictionary(grouping: history, by: \.week).sorted { $0.key < $1.key }.compactMap { key, turns in
            LocalDate(key).map { HouseRules.ChoreWeek(present: HouseRules.present(stays, week: $0), turns: turns.map { (chore: $0.$chore.id, user: $0.$user.id) }) }
        }
        var lastDid: [UUID: [UUID: LocalDate]] = [:]
        for turn in history { if let day = LocalDate(turn.week) { lastDid[turn.$chore.id, default: [:]][turn.$user.id] = max(day, lastDid[turn.$chore.id]?[turn.$user.id] ?? day) } }
        let plan = HouseRules.assign(chores: try due.map { try $0.requireID() }, present: present, owed: HouseRules.owed(weeks), lastDid: lastDid)
        for (chore, user) in plan.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            let turn = HouseChoreTurn()
            (turn.$chore.id, turn.$house.id, turn.week, turn.$user.id) = (chore, houseID, week.description, user)
            try await turn.create(on: db)
        }
    }

    /// A leaver's turns from the week they leave on go back to the rotation.
    static func release(_ houseID: UUID, user: UUID, from day: LocalDate, on db: any Database) async throws {
        try await HouseChoreTurn.query(on: db).filter(\.$house.$id == houseID).filter(\.$user.$id == user)
            .filter(\.$week >= HouseRules.week(of: day).description).filter(\.$doneAt == nil).delete()
    }

    func addChore(_ houseID: UUID, name: String, everyWeeks: String, member: Member) async throws {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.require(.chores)
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        var check = Validation()
        check.check((2...80).contains(name.count) && !name.contains(where: \.isNewline), "name", "Name the chore in 2–80 characters.")
        let every = Int(everyWeeks)
        check.check([1, 2, 4].contains(every ?? 0), "every_weeks", "Choose how often.")
        try check.finish()
        let week = HouseRules.week(of: HouseStanding.today(deps))
        let chore = HouseChore()
        (chore.$house.id, chore.name, chore.everyWeeks, chore.startsWeek, chore.active) = (houseID, name, try every.checked("every_weeks"), week.description, true)
        try await chore.save(on: deps.db)
    }

    func retire(_ choreID: UUID, member: Member) async throws -> UUID {
        guard let chore = try await HouseChore.find(choreID, on: deps.db) else { throw AppError.notFound }
        let standing = try await HouseStanding.of(chore.$house.id, member, deps: deps)
        try standing.requireInside()
        try standing.require(.chores)
        let week = HouseRules.week(of: HouseStanding.today(deps)).description
        try await deps.writer.transaction { db in
            chore.active = false
            try await chore.save(on: db)
            try await HouseChoreTurn.query(on: db).filter(\.$chore.$id == choreID).filter(\.$week > week).delete()
        }
        return standing.houseID
    }

    /// Marks a turn done (or not): the person whose turn it is, or the chore coordinator.
    func markDone(_ turnID: UUID, done: Bool, member: Member) async throws -> UUID {
        guard let turn = try await HouseChoreTurn.find(turnID, on: deps.db) else { throw AppError.notFound }
        let standing = try await HouseStanding.of(turn.$house.id, member, deps: deps)
        try standing.requireInside()
        guard turn.$user.id == member.id || standing.may(.chores) else { throw AppError.notFound }
        turn.doneAt = done ? (turn.doneAt ?? deps.now()) : nil
        try await turn.save(on: deps.db)
        return standing.houseID
    }

    /// Asks another resident to swap one of your turns for one of theirs; nothing changes until they agree.
    func askSwap(_ houseID: UUID, turn turnText: String, for otherID: String, member: Member) async throws {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.requireInside()
        guard let turnID = UUID(uuidString: turnText), let turn = try await HouseChoreTurn.find(turnID, on: deps.db), turn.$house.id == houseID,
              turn.$user.id == member.id, turn.doneAt == nil else {
            throw AppError.invalid([FieldError(field: "my_turn", message: "Choose one of your chores that is not done yet.")])
        }
        let other = try await UUID(uuidString: otherID).asyncMap { try await HouseChoreTurn.find($0, on: deps.db) } ?? nil
        guard let other, other.$house.id == turn.$house.id, other.$user.id != member.id, other.doneAt == nil else {
            throw AppError.invalid([FieldError(field: "other_turn", message: "Choose another resident's chore that is not done yet.")])
        }
        try await deps.writer.transaction { db in
            try await HouseChoreSwap.query(on: db).filter(\.$turn.$id == turnID).delete()
            let swap = HouseChoreSwap()
            (swap.$house.id, swap.$turn.id, swap.$otherTurn.id) = (turn.$house.id, turnID, try other.requireID())
            (swap.$askedBy.id, swap.$askedOf.id) = (member.id, other.$user.id)
            try await swap.create(on: db)
        }
        await NotificationService(deps: deps).tell([other.$user.id], .init(
            kind: .house, text: "\(member.pseudonym) asked to swap a chore with you", link: .housePart(houseID, .chores),
            topic: "house-swap:" + turnID.uuidString.lowercased()), actor: member.id)
    }

    /// The other resident agrees (the two turns change hands) or declines.
    func answerSwap(_ swapID: UUID, agree: Bool, member: Member) async throws -> UUID {
        guard let swap = try await HouseChoreSwap.find(swapID, on: deps.db), swap.$askedOf.id == member.id else { throw AppError.notFound }
        let houseID = swap.$house.id
        try await HouseStanding.of(houseID, member, deps: deps).requireInside()
        try await deps.writer.transaction { db in
            try await HouseStanding.takeTurn(houseID, deps: deps, on: db)
            guard let swap = try await HouseChoreSwap.find(swapID, on: db) else { throw AppError.changedAtOnce }
            if agree, let mine = try await HouseChoreTurn.find(swap.$otherTurn.id, on: db), let theirs = try await HouseChoreTurn.find(swap.$turn.id, on: db),
               mine.$user.id == member.id, theirs.$user.id == swap.$askedBy.id, mine.doneAt == nil, theirs.doneAt == nil {
                (mine.$user.id, theirs.$user.id) = (swap.$askedBy.id, member.id)
                try await mine.save(on: db)
                try await theirs.save(on: db)
            }
            try await HouseChoreSwap.query(on: db).filter(\.$turn.$id ~~ [swap.$turn.id, swap.$otherTurn.id]).delete()
            try await HouseChoreSwap.query(on: db).filter(\.$otherTurn.$id ~~ [swap.$turn.id, swap.$otherTurn.id]).delete()
        }
        return houseID
    }
}
