import Foundation
import PeerCircleAPI

/// Group events over the API: the generated operations mapped to `EventService`.
extension APIOperations {
    private var events: EventService { EventService(deps: deps) }

    /// Anyone may read an event; a signed-in caller also sees their own answer.
    func getEvent(_ input: Operations.GetEvent.Input) async throws -> Operations.GetEvent.Output {
        .ok(.init(body: .json(try await event(try APIPath.id(input.path.id), for: APICaller.context?.member))))
    }

    func rsvpEvent(_ input: Operations.RsvpEvent.Input) async throws -> Operations.RsvpEvent.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        _ = try await events.rsvp(id, member: member)
        return .ok(.init(body: .json(try await event(id, for: member))))
    }

    func cancelRsvp(_ input: Operations.CancelRsvp.Input) async throws -> Operations.CancelRsvp.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        try await events.cancel(id, member: member)
        return .ok(.init(body: .json(try await event(id, for: member))))
    }

    func createEvent(_ input: Operations.CreateEvent.Input) async throws -> Operations.CreateEvent.Output {
        let member = try APICaller.member(), group = try APIPath.id(input.path.id)
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        let created = try await events.create(in: group, Self.input(body), by: member)
        return .created(.init(body: .json(try await event(try created.requireID(), for: member))))
    }

    func updateEvent(_ input: Operations.UpdateEvent.Input) async throws -> Operations.UpdateEvent.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        _ = try await events.update(id, Self.input(body), by: member)
        return .ok(.init(body: .json(try await event(id, for: member))))
    }

    func callOffEvent(_ input: Operations.CallOffEvent.Input) async throws -> Operations.CallOffEvent.Output {
        _ = try await events.callOff(try APIPath.id(input.path.id), by: try APICaller.member())
        return .noContent(.init())
    }

    private static func input(_ b: Components.Schemas.EventRequest) -> EventService.Input {
        .init(title: b.title, description: b.description ?? "", date: b.date, start: b.start, end: b.end, timeZone: b.timeZone,
              place: b.place ?? "", capacity: String(b.capacity))
    }

    private func event(_ id: UUID, for viewer: Member?) async throws -> Components.Schemas.Event {
        let event = try await events.event(id)
        let counts = try await events.counts(id)
        let standing = try await viewer.asyncMap { try await events.standing(id, $0.id) } ?? nil
        let place: Components.Schemas.Event.MyPlacePayload, position: Int?
        switch standing {
        case .going: (place, position) = (.going, nil)
        case .waiting(let n): (place, position) = (.waiting, n)
        case nil: (place, position) = (.none, nil)
        }
        return .init(capacity: event.capacity, description: event.eventDescription, endsAt: event.endsAt, going: counts.going,
                     groupId: event.$group.id.apiID, id: id.apiID, myPlace: place, place: event.place, startsAt: event.startsAt,
                     timeZone: event.timeZone, title: event.title, waiting: counts.waiting, waitlistPosition: position)
    }
}
