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
        let attended: [String]
    }

    struct Overview: Sendable {
        let standing: HouseStanding
        let next: Gathering
        let past: [Gathering]
        /// Every motion decided, newest first, matching the search.
        let decisions: [HouseMotionService.Motion]
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

    func overview(_ houseID: UUID, query: String, member: Member) async throws -> Overview {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.requireInside()
        let today = member.today(now: deps.now())
        let nextID = try await deps.writer.transaction { db in
            try await HouseStanding.takeTurn(houseID, deps: deps, on: db)
            guard let house = try await SoberHouse.find(houseID, on: db) else { throw AppError.notFound }
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
            }, motions: motions.filter { $0.meetingID == id }, attended: attendance.filter { $0.$meeting.id == id }.map(\.user.pseudonym).sorted())
        }
        let q = query.trimmingCharacters(in: .whitespaces)
        let matches = { (text: String) in q.isEmpty || text.range(of: q, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
        guard let next = views.first(where: { $0.id == nextID }) else { throw AppError.notFound }
        let past = views.filter { $0.heldOn < next.heldOn }.filter { m in
            matches(m.minutes) || m.agenda.contains { matches($0.text) } || m.motions.contains { matches($0.text) }
        }
        let decisions = motions.filter { $0.result != nil && matches($0.text) }.sorted { $0.heldOn > $1.heldOn }
        let residents = standing.may(.secretary)
            ? try await HouseService(deps: deps).residents(of: houseID, viewer: member).map { (id: $0.userID, name: $0.pseudonym) } : []
        return Overview(standing: standing, next: next, past: past, decisions: decisions, query: q, residents: residents)
    }

    func addItem(_ houseID: UUID, text: String, member: Member) async throws {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.requireInside()
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...500).contains(text.count), !text.contains("\u{0}") else {
            throw AppError.invalid([FieldError(field: "text", message: "Write the item in 3–500 characters.")])
        }
        let today = member.today(now: deps.now())
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
        check.check(meeting.heldOn <= member.today(now: deps.now()).description, "minutes", "Minutes are written once the meeting has been held.")
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(text.count <= 20000 && !text.contains("\u{0}"), "minutes", "Use at most 20 000 characters.")
        try check.finish()
        meeting.minutes = text
        try await meeting.save(on: deps.db)
        return standing.houseID
    }
}
