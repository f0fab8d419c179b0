import FluentKit
import Foundation

/// The weekly house meeting: any resident adds to the next agenda, the secretary writes the minutes,
/// and past minutes are searchable by the house's residents.
struct HouseMeetingService: Sendable {
    let deps: AppDependencies

    struct Item: Sendable {
        let text: String
        let addedBy: String?
        let automatic: Bool
    }

    /// A meeting as the house sees it: its agenda and minutes.
    struct Gathering: Sendable {
        let id: UUID
        let heldOn: String
        let minutes: String
        let agenda: [Item]
        let motions: [HouseMotionService.Motion]
        let attended: [(id: UUID, name: String)]
    }

    struct Overview: Sendable {
        let standing: HouseStanding
        let next: Gathering
        let past: [Gathering]
        /// Every motion still open, whatever meeting it was moved for.
        let open: [HouseMotionService.Motion]
        /// Every motion decided, newest first, matching the search.
        let decisions: [HouseMotionService.Motion]
        /// The latest meeting that has been held (today's included): the one minutes and attendance are for.
        let held: Gathering?
        let query: String
        /// The house's residents now, for the attendance list.
        let residents: [(id: UUID, name: String)]
    }

    /// The next meeting (on the house's meeting day, today or later), made the first time anyone asks.
    static func next(_ house: SoberHouse, today: LocalDate, on db: any Database) async throws -> HouseMeeting {
        let day = today.adding(days: (house.meetingWeekday - today.weekday + 7) % 7).description
        let houseID = try house.requireID()
        if let meeting = try await HouseMeeting.query(on: db).filter(\.$house.$id == houseID).filter(\.$heldOn == day).first() { return meeting }
        let meeting = HouseMeeting()
        (meeting.$house.id, meeting.heldOn, meeting.minutes) = (houseID, day, "")
        try await meeting.create(on: db)
        return meeting
    }

    /// The house has a new meeting day: the meeting still to come moves to it, with its agenda and motions.
    static func moveUpcoming(_ house: SoberHouse, today: LocalDate, on db: any Database) async throws {
        let houseID = try house.requireID()
        // Strictly after today: today's meeting may already have been held, with minutes and attendance.
        let upcoming = try await HouseMeeting.query(on: db).filter(\.$house.$id == houseID).filter(\.$heldOn > today.description)
            .sort(\.$heldOn).all()
        let target = try await next(house, today: today.adding(days: 1), on: db)
        let targetID = try target.requireID()
        for meeting in upcoming where meeting.id != targetID {
            let id = try meeting.requireID()
            // The money rule's items: one per person and meeting, so one already on the new date stays and this one goes.
            let there = try await HouseAgendaItem.query(on: db).filter(\.$meeting.$id == targetID).filter(\.$about.$id != nil).all().compactMap(\.$about.id)
            if !there.isEmpty { try await HouseAgendaItem.query(on: db).filter(\.$meeting.$id == id).filter(\.$about.$id ~~ there).delete() }
            try await HouseAgendaItem.query(on: db).filter(\.$meeting.$id == id).set(\.$meeting.$id, to: targetID).update()
            try await HouseMotion.query(on: db).filter(\.$meeting.$id == id).set(\.$meeting.$id, to: targetID).update()
            try await meeting.delete(on: db)
        }
    }

    func overview(_ houseID: UUID, query: String, member: Member) async throws -> Overview {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.requireInside()
        let today = HouseStanding.today(deps)
        let nextID = try await deps.writer.transaction { db in
            try await HouseStanding.takeTurn(houseID, deps: deps, on: db)
            guard let house = try await SoberHouse.find(houseID, on: db) else { throw AppError.notFound }
            // A new week's meeting gets the money rule's items too.
            try await LedgerService.reviewArrears(houseID, today: today, on: db)
            return try await Self.next(house, today: today, on: db).requireID()
        }
        let meetings = try await HouseMeeting.query(on: deps.db).filter(\.$house.$id == houseID).sort(\.$heldOn, .descending).all()
        let ids = meetings.compactMap(\.id)
        let items = try await HouseAgendaItem.query(on: deps.db).filter(\.$meeting.$id ~~ ids).with(\.$addedBy).sort(\.$createdAt).all()
        let attendance = try await HouseAttendance.query(on: deps.db).filter(\.$meeting.$id ~~ ids).with(\.$user).all()
        let motions = try await HouseMotionService(deps: deps).motions(
            of: Dictionary(meetings.compactMap { m in m.id.map { ($0, m.heldOn) } }, uniquingKeysWith: { a, _ in a }), standing: standing)
        let views = try meetings.map { m in
            let id = try m.requireID()
            return Gathering(id: id, heldOn: m.heldOn, minutes: m.minutes, agenda: items.filter { $0.$meeting.id == id }.map {
                Item(text: $0.text, addedBy: $0.addedBy?.pseudonym, automatic: $0.$about.id != nil)
            }, motions: motions.filter { $0.meetingID == id },
               attended: attendance.filter { $0.$meeting.id == id }.map { (id: $0.$user.id, name: $0.user.pseudonym) }.sorted { $0.name < $1.name })
        }
        let q = query.trimmingCharacters(in: .whitespaces)
        let matches = { (text: String) in q.isEmpty || text.range(of: q, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
        guard let next = views.first(where: { $0.id == nextID }) else { throw AppError.notFound }
        let past = views.filter { $0.heldOn < next.heldOn }.filter { m in
            matches(m.minutes) || m.agenda.contains { matches($0.text) } || m.motions.contains { matches($0.text) }
        }
        let decisions = motions.filter { $0.result != nil && matches($0.text) }.sorted { $0.heldOn > $1.heldOn }
        let held = views.first { $0.heldOn <= today.description }
        // Who can be marked as having come: today's residents, and whoever was already marked (they may have moved out since).
        let now = standing.may(.secretary)
            ? try await HouseService(deps: deps).residents(of: houseID, viewer: member).filter { $0.movedInOn <= today.description }
                .map { (id: $0.userID, name: $0.pseudonym) } : []
        let residents = now + (held?.attended ?? []).filter { a in !now.contains { $0.id == a.id } }
        return Overview(standing: standing, next: next, past: past, open: motions.filter { $0.result == nil }, decisions: decisions, held: held,
                        query: q, residents: residents)
    }

    func addItem(_ houseID: UUID, text: String, member: Member) async throws {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.requireInside()
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...500).contains(text.count), !text.contains("\u{0}") else {
            throw AppError.invalid([FieldError(field: "text", message: "Write the item in 3–500 characters.")])
        }
        let today = HouseStanding.today(deps)
        try await deps.writer.transaction { db in
            try await HouseStanding.takeTurn(houseID, deps: deps, on: db)
            guard let house = try await SoberHouse.find(houseID, on: db) else { throw AppError.notFound }
            let item = HouseAgendaItem()
            (item.$meeting.id, item.text, item.$addedBy.id) = (try await Self.next(house, today: today, on: db).requireID(), text, member.id)
            try await item.create(on: db)
        }
    }

    /// The house a meeting belongs to, for someone inside it.
    func houseOf(_ meetingID: UUID, member: Member) async throws -> UUID {
        guard let meeting = try await HouseMeeting.find(meetingID, on: deps.db) else { throw AppError.notFound }
        try await HouseStanding.of(meeting.$house.id, member, deps: deps).requireInside()
        return meeting.$house.id
    }

    /// The secretary (or the lead) writes a meeting's minutes once it has been held.
    func saveMinutes(_ meetingID: UUID, text: String, member: Member) async throws -> UUID {
        guard let meeting = try await HouseMeeting.find(meetingID, on: deps.db) else { throw AppError.notFound }
        let standing = try await HouseStanding.of(meeting.$house.id, member, deps: deps)
        try standing.requireInside()
        try standing.require(.secretary)
        var check = Validation()
        check.check(meeting.heldOn <= HouseStanding.today(deps).description, "minutes", "Minutes are written once the meeting has been held.")
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(text.count <= 20000 && !text.contains("\u{0}"), "minutes", "Use at most 20 000 characters.")
        try check.finish()
        meeting.minutes = text
        try await meeting.save(on: deps.db)
        return standing.houseID
    }
}
