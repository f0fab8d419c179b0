import Foundation
import Hummingbird
import NIOCore

/// The context every request starts with: who is asking (if anyone), the CSRF token, the parsed form.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var member: Member?
    var csrfToken: String = ""
    var form = FormData()
    /// The address the connection came from (a proxy's, when one is in front).
    let peerAddress: String?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress?.ipAddress
    }

    public var responseEncoder: JSONEncoder { JSONCoding.encoder }
    public var requestDecoder: JSONDecoder { JSONCoding.decoder }
}

/// "Logged in" as a type: a route in a group with this context cannot run without a member.
struct MemberContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let member: Member
    let csrfToken: String
    let form: FormData
    let peerAddress: String?

    init(context: AppRequestContext) throws {
        guard let member = context.member else { throw AppError.unauthenticated }
        self.peerAddress = context.peerAddress
        self.coreContext = context.coreContext
        self.member = member
        self.csrfToken = context.csrfToken
        self.form = context.form
    }

    var responseEncoder: JSONEncoder { JSONCoding.encoder }
    var requestDecoder: JSONDecoder { JSONCoding.decoder }
}

/// One JSON dialect for the whole API: snake_case keys, ISO 8601 dates.
enum JSONCoding {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

extension Request {
    static let maxJSONBody = 64 * 1024

    /// What every API body must be before it is decoded: JSON (415 otherwise), with no NUL in any
    /// text (PostgreSQL refuses it and nothing a person writes needs it). Checked by `APIBodyRules`
    /// before any generated operation decodes a body.
    static func checkJSONBody(_ data: Data, contentType: String?) throws(AppError) {
        guard isJSON(contentType) else { throw AppError.unsupportedMediaType }
        if data.contains(0) || (String(decoding: data, as: UTF8.self).lowercased().contains("\\u0000")
            && (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])).map(TextRules.containsNUL) == true) {
            throw AppError.badRequest(code: "invalid_character", field: nil, message: "Text cannot contain the NUL character.")
        }
    }

    /// The path of the first number that is not a whole number an `Int` can hold.
    static func unfittingNumber(in value: Any, path: String? = nil) -> String? {
        switch value {
        case is Bool:
            return nil
        case let number as NSNumber:
            let double = number.doubleValue
            return double.rounded() != double || abs(double) > 9e15 ? (path ?? "body") : nil
        case let list as [Any]:
            for (index, item) in list.enumerated() {
                if let found = unfittingNumber(in: item, path: (path.map { $0 + "." } ?? "") + String(index)) { return found }
            }
            return nil
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let found = unfittingNumber(in: object[key] as Any, path: (path.map { $0 + "." } ?? "") + key) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return media == "application/json" || (media.hasPrefix("application/") && media.hasSuffix("+json"))
    }
}

/// Rules for text arriving from anywhere (forms, JSON, query strings).
enum TextRules {
    /// U+0000: no person types it and PostgreSQL refuses it in text.
    static func hasNUL(_ text: String) -> Bool { text.unicodeScalars.contains("\0") }

    /// Whether any string inside a decoded JSON value holds U+0000.
    static func containsNUL(_ value: Any) -> Bool {
        switch value {
        case let text as String: hasNUL(text)
        case let list as [Any]: list.contains(where: containsNUL)
        case let object as [String: Any]: object.keys.contains(where: hasNUL) || object.values.contains(where: containsNUL)
        default: false
        }
    }
}

extension AppError {
    /// A body that did not decode: Foundation reports a number that does not fit its field (3.5 for
    /// a whole number, 1e30) as corrupt data with no path, so the field is named from the JSON itself.
    init(decoding error: DecodingError, body: Data) {
        if case .dataCorrupted(let c) = error, c.codingPath.isEmpty,
           let object = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]),
           let field = Request.unfittingNumber(in: object) {
            self = .invalid([FieldError(field: field, message: "Use a whole number in range.")])
        } else {
            self.init(decoding: error)
        }
    }

    init(decoding error: DecodingError) {
        func name(_ path: [any CodingKey]) -> String? {
            // An item of a list of plain values ("warnings.0") is named by its list, as the forms name it.
            var path = path
            while path.last?.intValue != nil { path = Array(path.dropLast()) }
            let parts = path.map { $0.intValue.map(String.init) ?? $0.stringValue.snakeCased }
            return parts.isEmpty ? nil : parts.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            if let field = name(c.codingPath) {
                self = .invalid([FieldError(field: field, message: "Wrong type of value.")])
            } else {
                self = .badRequest(code: "invalid_type", field: nil, message: "The body must be a JSON object.")
            }
        case .keyNotFound(let key, let c):
            let field = name(c.codingPath + [key]) ?? key.stringValue
            self = .invalid([FieldError(field: field, message: "This field is required.")])
        case .dataCorrupted(let c):
            if let field = name(c.codingPath) {
                self = .invalid([FieldError(field: field, message: "This value cannot be read (a whole number, a date or one of the listed values may be expected).")])
            } else {
                self = .badRequest(code: "malformed_json", field: nil, message: "The body is not valid JSON.")
            }
        @unknown default:
            self = .badRequest(code: "malformed_json", field: nil, message: "The body is not valid JSON.")
        }
    }
}

extension String {
    /// `dailyCost` → `daily_cost`, to name fields the way the API spells them.
    var snakeCased: String {
        var result = ""
        for character in self {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}

extension Request {
    /// The client's address for throttling: the connection's peer, or — when that peer is a proxy
    /// the operator trusts — the nearest untrusted address in `X-Forwarded-For`. Nil when unknown,
    /// or when the peer is this machine and no proxy is configured (a proxy nobody declared would
    /// make every member look like one address).
    func clientAddress(peer: String?, trusted: Set<String>) -> String? {
        guard let peer else { return nil }
        guard trusted.contains(peer) else {
            return trusted.isEmpty && (peer == "127.0.0.1" || peer == "::1") ? nil : Self.network(peer)
        }
        let forwarded = headers.filter { $0.name.canonicalName == "x-forwarded-for" }.flatMap { $0.value.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return Self.network(forwarded.last { !trusted.contains($0) } ?? peer)
    }

    /// The unit limits count by: an IPv4 address, or the /64 an IPv6 address is in (one home or
    /// phone holds a whole /64, so counting single IPv6 addresses would count nothing).
    static func network(_ address: String) -> String {
        guard address.contains(":"), let parsed = try? SocketAddress(ipAddress: address, port: 0),
              case .v6(let v6) = parsed else { return address }
        let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0.prefix(8)) }
        return stride(from: 0, to: 8, by: 2).map { String(format: "%02x%02x", bytes[$0], bytes[$0 + 1]) }.joined(separator: ":") + "::/64"
    }
}
