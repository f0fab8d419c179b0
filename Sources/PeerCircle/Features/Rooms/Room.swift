import FluentKit
import Foundation

/// A meeting's live online room. Opened and closed by a facilitator; can be locked (no new entries)
/// and limited to the group's members. Nothing is recorded: only the text events below are kept,
/// and only until the retention period after the room closes.
// See User for why @unchecked.
final class Room: Model, @unchecked Sendable {
    static let schema = "rooms"

    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: Meeting
    @Field(key: "is_open") var isOpen: Bool
    @Field(key: "is_locked") var isLocked: Bool
    @Field(key: "members_only") var membersOnly: Bool
    /// The last sequence number handed out. Only ever incremented, atomically in SQL
    /// (`RoomService.nextSequence`), so numbers never repeat across requests, instances or sessions.
    @Field(key: "last_seq") var lastSeq: Int
    @OptionalField(key: "opened_at") var openedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(meetingID: UUID) {
        self.$meeting.id = meetingID
        isOpen = false
        isLocked = false
        membersOnly = false
        lastSeq = 0
    }
}

/// Someone in a room, under the name they chose for this room.
// See User for why @unchecked.
final class RoomParticipant: Model, @unchecked Sendable {
    static let schema = "room_participants"

    @ID(key: .id) var id: UUID?
    @Parent(key: "room_id") var room: Room
    @Parent(key: "user_id") var user: User
    @Field(key: "display_name") var displayName: String
    @Field(key: "is_facilitator") var isFacilitator: Bool
    @Field(key: "is_muted") var isMuted: Bool
    @Field(key: "is_removed") var isRemoved: Bool
    /// Removed and not allowed back until the room next opens.
    @Field(key: "is_blocked") var isBlocked: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(roomID: UUID, userID: UUID, displayName: String, isFacilitator: Bool) {
        self.$room.id = roomID
        self.$user.id = userID
        self.displayName = displayName
        self.isFacilitator = isFacilitator
        isMuted = false
        isRemoved = false
        isBlocked = false
    }
}

/// One thing that happened in a room, numbered per room. Stored before it is broadcast, so a client
/// that reconnects asks for everything after the last number it saw.
// See User for why @unchecked.
final class RoomEvent: Model, @unchecked Sendable {
    static let schema = "room_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "room_id") var room: Room
    @Field(key: "seq") var seq: Int
    @Field(key: "kind") var kind: RoomProtocol.EventKind
    @OptionalField(key: "actor_id") var actorID: UUID?
    /// The name the actor chose for this room, so history reads the same later.
    @OptionalField(key: "actor_name") var actorName: String?
    @OptionalField(key: "target_id") var targetID: UUID?
    @OptionalField(key: "text") var text: String?
    @OptionalField(key: "number") var number: Int?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(roomID: UUID, seq: Int, kind: RoomProtocol.EventKind, actor: RoomParticipant?, targetID: UUID?, text: String?, number: Int?, at: Date) {
        self.$room.id = roomID
        self.seq = seq
        self.kind = kind
        self.actorID = actor?.id
        self.actorName = actor?.displayName
        self.targetID = targetID
        self.text = text
        self.number = number
        self.createdAt = at
    }
}

struct CreateRooms: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Room.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, .id, onDelete: .cascade))
            .field("is_open", .bool, .required)
            .field("is_locked", .bool, .required)
            .field("members_only", .bool, .required)
            .field("last_seq", .int, .required)
            .field("opened_at", .datetime)
            .field("closed_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "meeting_id")
            .create()
        try await database.schema(RoomParticipant.schema)
            .id()
            .field("room_id", .uuid, .required, .references(Room.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("display_name", .string, .required)
            .field("is_facilitator", .bool, .required)
            .field("is_muted", .bool, .required)
            .field("is_removed", .bool, .required)
            .field("is_blocked", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "room_id", "user_id")
            .create()
        try await database.schema(RoomEvent.schema)
            .id()
            .field("room_id", .uuid, .required, .references(Room.schema, .id, onDelete: .cascade))
            .field("seq", .int, .required)
            .field("kind", .string, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string)
            .field("target_id", .uuid)
            .field("text", .string)
            .field("number", .int)
            .field("created_at", .datetime, .required)
            .unique(on: "room_id", "seq")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RoomEvent.schema).delete()
        try await database.schema(RoomParticipant.schema).delete()
        try await database.schema(Room.schema).delete()
    }
}
