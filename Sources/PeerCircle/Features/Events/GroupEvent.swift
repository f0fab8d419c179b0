import FluentKit
import Foundation

/// A one-off peer-led event (a workshop, a sober social) with a limited number of places.
// See User for why @unchecked.
final class GroupEvent: Model, @unchecked Sendable {
    static let schema = "group_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    @Field(key: "title") var title: String
    @Field(key: "description") var eventDescription: String
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    @Field(key: "time_zone") var timeZone: String
    @OptionalField(key: "place") var place: String?
    @Field(key: "capacity") var capacity: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// Someone's answer to an event: a place, or a place in the queue for one.
// See User for why @unchecked.
final class EventRSVP: Model, @unchecked Sendable {
    static let schema = "event_rsvps"

    enum Status: String, Codable, Sendable { case going, waitlist }

    @ID(key: .id) var id: UUID?
    @Parent(key: "event_id") var event: GroupEvent
    @Parent(key: "user_id") var user: User
    @Field(key: "status") var status: Status
    /// Order of arrival: places and the waitlist are first come, first served.
    @Field(key: "requested_at") var requestedAt: Date

    init() {}

    init(eventID: UUID, userID: UUID, status: Status, at: Date) {
        self.$event.id = eventID
        self.$user.id = userID
        self.status = status
        self.requestedAt = at
    }
}

struct CreateGroupEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(GroupEvent.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, .id, onDelete: .cascade))
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("time_zone", .string, .required)
            .field("place", .string)
            .field("capacity", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(EventRSVP.schema)
            .id()
            .field("event_id", .uuid, .required, .references(GroupEvent.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("status", .string, .required)
            .field("requested_at", .datetime, .required)
            .unique(on: "event_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EventRSVP.schema).delete()
        try await database.schema(GroupEvent.schema).delete()
    }
}

/// An event as pages show it, with its group's name (loaded with it: `EventService.event`, `upcoming`).
struct EventFacts: Sendable {
    let id: UUID
    let groupID: UUID
    let groupName: String
    let title: String
    let description: String
    let startsAt: Date
    let endsAt: Date
    let timeZone: String
    let place: String?
    let capacity: Int

    init(_ e: GroupEvent) throws {
        (id, groupID, groupName, title, description) = (try e.requireID(), e.$group.id, e.group.name, e.title, e.eventDescription)
        (startsAt, endsAt, timeZone, place, capacity) = (e.startsAt, e.endsAt, e.timeZone, e.place, e.capacity)
    }
}
