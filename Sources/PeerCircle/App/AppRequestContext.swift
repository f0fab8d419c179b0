import Foundation
import Hummingbird

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
    /// Decodes a JSON body, turning every failure into a 400 that names the field.
    func decodeJSON<T: Decodable>(_ type: T.Type, context: some RequestContext) async throws -> T {
        var request = self
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: 64 * 1024) } catch {
            throw AppError.badRequest(code: "body_too_large", field: nil, message: "The request body is too large.")
        }
        guard buffer.readableBytes > 0 else {
            throw AppError.badRequest(code: "body_required", field: nil, message: "A JSON body is required.")
        }
        do {
            return try JSONCoding.decoder.decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw AppError(decoding: error)
        }
    }
}

extension AppError {
    init(decoding error: DecodingError) {
        func name(_ path: [any CodingKey]) -> String? {
            let parts = path.map { $0.intValue.map(String.init) ?? $0.stringValue.snakeCased }
            return parts.isEmpty ? nil : parts.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            self = .badRequest(code: "invalid_type", field: name(c.codingPath), message: "Wrong type of value.")
        case .keyNotFound(let key, let c):
            let field = name(c.codingPath + [key])
            self = .badRequest(code: "missing_field", field: field, message: "This field is required.")
        case .dataCorrupted(let c):
            if c.codingPath.isEmpty {
                self = .badRequest(code: "malformed_json", field: nil, message: "The body is not valid JSON.")
            } else {
                self = .badRequest(code: "invalid_value", field: name(c.codingPath), message: "This value cannot be read.")
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
            return trusted.isEmpty && (peer == "127.0.0.1" || peer == "::1") ? nil : peer
        }
        let forwarded = headers[values: .init("X-Forwarded-For")!].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return forwarded.last { !trusted.contains($0) } ?? peer
    }
}
