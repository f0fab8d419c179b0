import FluentKit
import Foundation

/// One-off events: facilitators schedule them; members take a place or join the waitlist; a freed
/// place goes to the first person waiting.
struct EventService: Sendable {
    let deps: AppDependencies

    struct Input: Sendable, Equatable {
        var title = ""
        var description = ""
        var date = ""
        var start = ""
        var end = ""
        var timeZone = ""
        var place = ""
        var capacity = ""
    }

    /// What a valid form gives: the event's details, checked.
    private struct Details: Equatable {
        let title: String, description: String, startsAt: Date, endsAt: Date, timeZone: String, place: String?, capacity: Int

        /// What the event says now.
        init(_ event: GroupEvent) {
            self.init(title: event.title, description: event.eventDescription, startsAt: event.startsAt, endsAt: event.endsAt,
                      timeZone: event.timeZone, place: event.place, capacity: event.capacity)
        }

        init(title: String, description: String, startsAt: Date, endsAt: Date, timeZone: String, place: String?, capacity: Int) {
            (self.title, self.description, self.startsAt, self.endsAt) = (title, description, startsAt, endsAt)
            (self.timeZone, self.place, self.capacity) = (timeZone, place, capacity)
        }

        func apply(to event: GroupEvent) {
            event.title = title
            event.eventDescription = description
            event.startsAt = startsAt
            event.endsAt = endsAt
            event.timeZone = timeZone
            event.place = place
            event.capacity = capacity
        }
    }

    private func details(_ input: Input) throws -> Details {
        var check = Validation()
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check((2...120).contains(title.count), "title", "Use between 2 and 120 characters.")
        check.check(input.description.count <= 2000, "description", "Use at most 2000 characters.")
        let zone = TimeZone(identifier: input.timeZone)
        check.check(zone != nil, "time_zone", "Choose a time zone from the list.")
        let day = LocalDate(input.date)
        check.check(day != nil, "date", "Enter the date as YYYY-MM-DD.")
        let start = (try? MeetingGuideFeed.time(input.start).get()).flatMap { $0 }.flatMap(MeetingSchedule.clock)
        check.check(start != nil, "start", "Enter the start time, e.g. 18:00.")
        let end = (try? MeetingGuideFeed.time(input.end).get()).flatMap { $0 }.flatMap(MeetingSchedule.clock)
        check.check(end != nil, "end", "Enter the end time, e.g. 20:00.")
        let capacity = Int(input.capacity.trimmingCharacters(in: .whitespaces))
        check.check(capacity.map { (1...10_000).contains($0) } ?? false, "capacity", "Enter how many places, from 1.")
        try check.finish()

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try zone.checked("time_zone")
        let date = try day.checked("date"), from = try start.checked("start"), to = try end.checked("end")
        let startsAt = try calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: from.0, minute: from.1)).checked("start")
        var endsAt = try calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: to.0, minute: to.1)).checked("end")
        if endsAt <= startsAt { endsAt = endsAt.addingTimeInterval(86_400) }
        guard startsAt > deps.now() else {
            throw AppError.invalid([FieldError(field: "date", message: "Choose a time in the future.")])
        }
        let place = input.place.trimmingCharacters(in: .whitespacesAndNewlines)
        return Details(title: title, description: input.description.trimmingCharacters(in: .whitespacesAndNewlines), startsAt: startsAt,
                       endsAt: endsAt, timeZone: input.timeZone, place: place.isEmpty ? nil : place, capacity: try capacity.checked("capacity"))
    }

    func create(in groupID: UUID, _ input: Input, by member: Member) async throws -> GroupEvent {
        try await GroupService(deps: deps).requireFacilitator(groupID, member)
        let details = try details(input)
        let event = GroupEvent()
        event.$group.id = groupID
        details.apply(to: event)
        try await deps.changing(.events) { db in try await event.create(on: db) }
        return event
    }

    /// The form for changing an event, filled with what it says now (in its own time zone).
    func input(for event: GroupEvent) -> Input {
        let zone = TimeZone(identifier: event.timeZone) ?? .gmt
        return Input(title: event.title, description: event.eventDescription, date: TimeText.format(event.startsAt, zone, "yyyy-MM-dd"),
                     start: TimeText.clock(event.startsAt, zone), end: TimeText.clock(event.endsAt, zone), timeZone: event.timeZone,
                     place: event.place ?? "", capacity: String(event.capacity))
    }

    /// A facilitator of its group changes an event that has not started; everyone going or waiting
    /// hears of it (unless nothing changed). Fewer places than people already going is refused:
    /// nobody loses their place by an edit.
    func update(_ eventID: UUID, _ input: Input, by member: Member) async throws -> GroupEvent {
        let event = try await facilitated(eventID, by: member)
        let details = try details(input)
        let going = try await counts(eventID).going
        guard details.capacity >= going else {
            throw AppError.invalid([FieldError(field: "capacity", message: "\(going) people are already going; keep at least \(going) places, or call the event off.")])
        }
        guard Details(event) != details else { return event }
        details.apply(to: event)
        try await deps.changing(.events) { db in try await event.save(on: db) }
        try await settle(event)
        // Everyone who answered, even someone who blocked the facilitator: the notice names nobody,
        // and not knowing an event moved can leave a person waiting alone at the wrong time.
        await NotificationService(deps: deps).tell(try await attendees(eventID).filter { $0 != member.id }, .init(
            kind: .eventChange, text: "“\(event.title)” has changed — see the new details", link: .event(eventID),
            topic: "event-change:" + eventID.uuidString.lowercased()))
        return event
    }

    /// A facilitator calls an event off: it is deleted with its answers, and everyone who had
    /// answered is told (the notice leads to the group, the event being gone).
    func callOff(_ eventID: UUID, by member: Member) async throws -> UUID {
        let event = try await facilitated(eventID, by: member)
        // Who to tell is read in the same transaction as the delete: nobody answers in between unheard.
        let told = try await deps.changing(.events) { db in
            let people = try await EventRSVP.query(on: db).filter(\.$event.$id == eventID).all().map { $0.$user.id }
            try await GroupEvent.query(on: db).filter(\.$id == eventID).delete()
            return people
        }
        let day = TimeText.format(event.startsAt, TimeZone(identifier: event.timeZone) ?? .gmt, "d MMM")
        // Its own topic: an unread "has changed" line must not swallow this one.
        await NotificationService(deps: deps).tell(told.filter { $0 != member.id }, .init(
            kind: .eventChange, text: "“\(event.title)” on \(day) was called off", link: .group(event.$group.id),
            topic: "event-off:" + eventID.uuidString.lowercased()))
        return event.$group.id
    }

    /// The event, when the member facilitates its group and it has not started; else not found or refused.
    func facilitated(_ eventID: UUID, by member: Member) async throws -> GroupEvent {
        let event = try await event(eventID)
        try await GroupService(deps: deps).requireFacilitator(event.$group.id, member)
        guard event.startsAt > deps.now() else {
            throw AppError.conflict(code: "event_started", field: nil, message: "This event has already started, so it can no longer be changed.")
        }
        return event
    }

    private func attendees(_ eventID: UUID) async throws -> [UUID] {
        try await EventRSVP.query(on: deps.db).filter(\.$event.$id == eventID).all().map { $0.$user.id }
    }

    func upcoming(group: UUID? = nil, days: Int = 60) async throws -> [GroupEvent] {
        var query = try GroupEvent.query(on: deps.db)
            .filter(\.$startsAt > deps.now()).filter(\.$startsAt < deps.now().addingTimeInterval(Double(days) * 86_400))
            .with(\.$group).sort(\.$startsAt)
        if let group { query = query.filter(\.$group.$id == group) }
        return try await query.all()
    }

    func event(_ id: UUID) async throws -> GroupEvent {
        guard let event = try await GroupEvent.query(on: deps.db).filter(\.$id == id).with(\.$group).first() else {
            throw AppError.notFound
        }
        return event
    }

    /// Where someone stands: nil (no answer), going, or their place on the waitlist (1 = next).
    enum Standing: Equatable, Sendable { case going, waiting(Int) }

    func standing(_ eventID: UUID, _ userID: UUID) async throws -> Standing? {
        let all = try await EventRSVP.query(on: deps.db).filter(\.$event.$id == eventID).sort(\.$requestedAt).all()
        guard let mine = all.first(where: { $0.$user.id == userID }) else { return nil }
        if mine.status == .going { return .going }
        let queue = all.filter { $0.status == .waitlist }
        return .waiting((queue.firstIndex { $0.$user.id == userID } ?? 0) + 1)
    }

    func counts(_ eventID: UUID) async throws -> (going: Int, waiting: Int) {
        let all = try await EventRSVP.query(on: deps.db).filter(\.$event.$id == eventID).all()
        return (all.filter { $0.status == .going }.count, all.filter { $0.status == .waitlist }.count)
    }

    /// Takes a place if one is free, otherwise joins the waitlist. Answering twice changes nothing.
    func rsvp(_ eventID: UUID, member: Member) async throws -> Standing {
        let event = try await event(eventID)
        guard event.startsAt > deps.now() else { throw AppError.conflict(code: "event_started", field: nil, message: "This event has already started.") }
        if let standing = try await standing(eventID, member.id) { return standing }
        do {
            try await deps.transaction { db in
                let going = try await EventRSVP.query(on: db).filter(\.$event.$id == eventID).filter(\.$status == .going).count()
                // Arrival order must be strict even when two answers share a clock tick.
                let latest = try await EventRSVP.query(on: db).filter(\.$event.$id == eventID).max(\.$requestedAt)
                let at = deps.now().strictlyAfter(latest)
                try await EventRSVP(eventID: eventID, userID: member.id, status: going < event.capacity ? .going : .waitlist,
                                    at: at).create(on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same person answering twice at once: the other answer stands.
            guard let standing = try await standing(eventID, member.id) else { throw AppError.changedAtOnce }
            return standing
        }
        try await settle(event)
        return try await standing(eventID, member.id) ?? .waiting(1)
    }

    /// Gives up a place (or a waitlist spot); the first person waiting gets the freed place.
    func cancel(_ eventID: UUID, member: Member) async throws {
        let event = try await event(eventID)
        try await EventRSVP.query(on: deps.db).filter(\.$event.$id == eventID).filter(\.$user.$id == member.id).delete()
        try await settle(event)
    }

    /// Makes the places match the capacity, first come first served. Run after every change, so
    /// two people taking the last place at once end up one going and one first in line.
    private func settle(_ event: GroupEvent) async throws {
        let eventID = try event.requireID()
        let promoted = try await deps.transaction { db -> [UUID] in
            // The capacity as it is now (a facilitator may have just changed it).
            guard let capacity = try await GroupEvent.find(eventID, on: db)?.capacity else { return [] }
            let all = try await EventRSVP.query(on: db).filter(\.$event.$id == eventID).sort(\.$requestedAt).all()
            var promoted: [UUID] = []
            for (index, rsvp) in all.enumerated() {
                let status: EventRSVP.Status = index < capacity ? .going : .waitlist
                if rsvp.status != status {
                    if status == .going { promoted.append(rsvp.$user.id) }
                    rsvp.status = status
                    try await rsvp.save(on: db)
                }
            }
            return promoted
        }
        // Someone who was waiting has a place now: they hear of it (a place nobody knows of goes unused).
        await NotificationService(deps: deps).tell(promoted, .init(
            kind: .waitlistPlace, text: "A place opened for you at “\(event.title)” — you're going", link: .event(eventID),
            topic: "event:" + eventID.uuidString.lowercased()))
    }
}
