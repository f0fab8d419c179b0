import Foundation

/// What travels over a meeting room's WebSocket and the `/live` socket, as typed values. The
/// OpenAPI document describes the same messages (`x-websockets`, and the `Room…` and `Live…`
/// schemas the Swift client is generated from).
enum RoomProtocol {
    /// The first message a participant sends.
    struct Hello: Decodable, Sendable {
        var name: String?
        /// The last `seq` this person saw, to resume after a dropped connection.
        var since: Int?
        /// The member's consent to keep a record of attending (for their own history and slip).
        var attendance: Bool?
    }

    enum CommandType: String, Codable, Sendable, CaseIterable {
        case chat, raise, lower, react
        /// Facilitators only.
        case floor, mute, unmute, remove, lock, unlock, close
    }

    /// Every later message a participant sends.
    struct Command: Decodable, Sendable {
        let type: CommandType
        var text: String?
        var participant: UUID?
        var seconds: Int?
        var to: Int?
        var block: Bool?
        /// The member saw the gentle prompt and chose to send anyway.
        var ack: Bool?
    }

    enum EventKind: String, Codable, Sendable, CaseIterable {
        case opened, joined, left, chat, reaction, floor, removed, locked, unlocked, closed, muted, unmuted
        case handRaised = "hand_raised", handLowered = "hand_lowered"
    }

    /// Something that happened in the room, numbered in order (`seq`) for everyone in it.
    struct Event: Encodable, Sendable {
        let type = "event"
        let seq: Int
        let kind: EventKind
        let at: Date
        /// Ids are written in lowercase (`UUID.apiID`), as everywhere in the API.
        var participant: String?
        var name: String?
        var target: String?
        var targetName: String?
        var text: String?
        /// For a reaction: the `seq` of the share it thanks.
        var to: Int?
        /// For a removal: 1 when the facilitator also blocked them from coming back.
        var blocked: Int?
        /// For the floor: how long it is given.
        var seconds: Int?
    }

    struct Person: Encodable, Sendable {
        let id: String
        let name: String
    }

    /// The answer to `Hello`: who this participant is and the room as it is now.
    struct Welcome: Encodable, Sendable {
        let type = "welcome"
        let participant: String
        let name: String
        let facilitator: Bool
        let rules: [String]
        let people: [Person]
        let queue: [String]
        let floor: String?
        let seq: Int

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            try c.encode(participant, forKey: .participant)
            try c.encode(name, forKey: .name)
            try c.encode(facilitator, forKey: .facilitator)
            try c.encode(rules, forKey: .rules)
            try c.encode(people, forKey: .people)
            try c.encode(queue, forKey: .queue)
            try c.encode(floor, forKey: .floor)  // null while nobody has it
            try c.encode(seq, forKey: .seq)
        }

        enum CodingKeys: String, CodingKey { case type, participant, name, facilitator, rules, people, queue, floor, seq }
    }

    /// A command refused (`error`), or entry refused (`refused`, and the connection ends).
    struct Refusal: Encodable, Sendable {
        enum Kind: String, Encodable, Sendable { case error, refused }
        let type: Kind
        let code: String
        let message: String
    }

    /// Words not sent yet: the screen worries about them, and only their author is asked gently.
    struct Care: Encodable, Sendable {
        enum Kind: String, Encodable, Sendable { case concern, overdose }
        let type = "care"
        let kind: Kind
        let text: String
        let message: String
    }

    /// A notice on whatever page a member has open (`/live`): an SOS for them to answer, or news of their own.
    struct LiveNotice: Encodable, Sendable {
        enum Kind: String, Encodable, Sendable {
            case sos, sosHere = "sos-here", sosHandled = "sos-handled", sosUpdate = "sos-update"
        }
        let type: Kind
        let alert: String
        let path: String
        let text: String
    }

    /// One message as text: snake_case keys in a fixed order, ids in lowercase, times in ISO 8601.
    static func text(_ message: some Encodable) -> String {
        String(decoding: (try? encoder.encode(message)) ?? Data("{}".utf8), as: UTF8.self)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
