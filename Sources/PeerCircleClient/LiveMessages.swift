import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What a meeting room's WebSocket (`/rooms/{meeting}/live`) sends, as the OpenAPI document's
/// `x-websockets` describes it: decode each text frame with `init(text:)`.
public enum RoomMessage: Sendable {
    case welcome(Components.Schemas.RoomWelcome)
    case event(Components.Schemas.RoomEvent)
    case refusal(Components.Schemas.RoomRefusal)
    case care(Components.Schemas.RoomCare)
    /// A message this version of the library does not know (from a newer server): safe to ignore.
    case unknown(type: String)

    public init(text: String) throws {
        let data = Data(text.utf8)
        switch try LiveCoding.decoder.decode(Tagged.self, from: data).type {
        case "welcome": self = .welcome(try LiveCoding.decoder.decode(Components.Schemas.RoomWelcome.self, from: data))
        case "event": self = .event(try LiveCoding.decoder.decode(Components.Schemas.RoomEvent.self, from: data))
        case "error", "refused": self = .refusal(try LiveCoding.decoder.decode(Components.Schemas.RoomRefusal.self, from: data))
        case "care": self = .care(try LiveCoding.decoder.decode(Components.Schemas.RoomCare.self, from: data))
        case let other: self = .unknown(type: other)
        }
    }
}

/// What the member's own channel (`/live`) sends.
public enum LiveMessage: Sendable {
    case notice(Components.Schemas.LiveNotice)
    case unknown(type: String)

    public init(text: String) throws {
        let data = Data(text.utf8)
        let type = try LiveCoding.decoder.decode(Tagged.self, from: data).type
        self = type.hasPrefix("sos") ? .notice(try LiveCoding.decoder.decode(Components.Schemas.LiveNotice.self, from: data)) : .unknown(type: type)
    }
}

extension PeerCircleAPI {
    /// The WebSocket address of a meeting's live room (`ws:` or `wss:` as the server's address is `http:` or `https:`).
    public static func roomURL(serverURL: URL, meeting: String) -> URL {
        socketURL(serverURL, path: "/rooms/\(meeting)/live")
    }

    /// The WebSocket address of the signed-in member's own live notices.
    public static func liveURL(serverURL: URL) -> URL {
        socketURL(serverURL, path: "/live")
    }

    /// The first frame to send in a room.
    public static func text(_ hello: Components.Schemas.RoomHello) throws -> String {
        String(decoding: try LiveCoding.encoder.encode(hello), as: UTF8.self)
    }

    /// Any later frame: chat, hands, reactions and (for facilitators) the room's controls.
    public static func text(_ command: Components.Schemas.RoomCommand) throws -> String {
        String(decoding: try LiveCoding.encoder.encode(command), as: UTF8.self)
    }

    private static func socketURL(_ serverURL: URL, path: String) -> URL {
        var parts = URLComponents(url: serverURL, resolvingAgainstBaseURL: false) ?? URLComponents()
        parts.scheme = parts.scheme == "https" ? "wss" : "ws"
        parts.path = (parts.path.hasSuffix("/") ? String(parts.path.dropLast()) : parts.path) + path
        return parts.url ?? serverURL
    }
}

private struct Tagged: Decodable { let type: String }

enum LiveCoding {
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()
}
