import Foundation
import Hummingbird

/// A problem with one input field, shown next to the field on the web and named in API errors.
public struct FieldError: Sendable, Codable, Equatable {
    public var field: String
    public var message: String
}

/// Domain errors; the HTTP layer maps each once to a status and a message (ErrorMiddleware).
enum AppError: Error, Equatable {
    /// Missing, or hidden from this viewer: the two look the same on purpose.
    case notFound
    case unauthenticated
    /// Input that breaks a rule; nothing was changed.
    case invalid([FieldError])
    /// Input that clashes with what is stored (a second check-in for the same day).
    case conflict(code: String, field: String?, message: String)
    /// A body that could not be read at all (malformed JSON, wrong type).
    case badRequest(code: String, field: String?, message: String)
    case tooManyRequests(retryAfter: Int, message: String)
    /// An API body that is not JSON.
    case unsupportedMediaType
    /// A path that exists, asked with a method it does not answer.
    case methodNotAllowed(allowed: [String])
    /// A form posted without a matching CSRF token.
    case csrfMismatch
    /// The server could not get to the database in time (every connection busy with long work):
    /// nothing was done, and asking again in a moment works.
    case busy
    /// Our fault; the details stay in the logs (as a type name only).
    case `internal`

    var status: HTTPResponse.Status {
        switch self {
        case .notFound: .notFound
        case .unauthenticated: .unauthorized
        case .invalid: .unprocessableContent
        case .conflict: .conflict
        case .badRequest: .badRequest
        case .tooManyRequests: .tooManyRequests
        case .csrfMismatch: .forbidden
        case .unsupportedMediaType: .unsupportedMediaType
        case .methodNotAllowed: .methodNotAllowed
        case .busy: .serviceUnavailable
        case .internal: .internalServerError
        }
    }

    var code: String {
        switch self {
        case .notFound: "not_found"
        case .unauthenticated: "unauthenticated"
        case .invalid: "validation_failed"
        case .conflict(let code, _, _), .badRequest(let code, _, _): code
        case .tooManyRequests: "too_many_requests"
        case .csrfMismatch: "csrf_mismatch"
        case .unsupportedMediaType: "unsupported_media_type"
        case .methodNotAllowed: "method_not_allowed"
        case .busy: "busy"
        case .internal: "internal_error"
        }
    }

    var message: String {
        switch self {
        case .notFound: "Not found."
        case .unauthenticated: "Please log in."
        case .invalid(let errors): errors.first.map { "\($0.field): \($0.message)" } ?? "Invalid input."
        case .conflict(_, _, let message), .badRequest(_, _, let message), .tooManyRequests(_, let message): message
        case .csrfMismatch: "This form has expired. Please go back, reload the page and try again."
        case .unsupportedMediaType: "Send the body as JSON (Content-Type: application/json)."
        case .methodNotAllowed(let allowed): "This address answers \(allowed.joined(separator: ", ")) only."
        case .busy: "The server is busy for a moment. Nothing was changed; please try again."
        case .internal: "Something went wrong on our side. Please try again."
        }
    }

    var fields: [FieldError] {
        switch self {
        case .invalid(let errors): errors
        case .conflict(_, let field?, let message), .badRequest(_, let field?, let message):
            [FieldError(field: field, message: message)]
        default: []
        }
    }
}

/// Collects every problem with an input before failing, so a person sees them all at once.
struct Validation {
    private(set) var errors: [FieldError] = []

    mutating func check(_ condition: Bool, _ field: String, _ message: String) {
        if !condition { add(field, message) }
    }

    mutating func add(_ field: String, _ message: String) {
        // One message per field is enough to act on.
        guard !errors.contains(where: { $0.field == field }) else { return }
        errors.append(FieldError(field: field, message: message))
    }

    func finish() throws(AppError) {
        if !errors.isEmpty { throw AppError.invalid(errors) }
    }
}

extension Optional {
    /// A value `Validation` has already checked. Should it ever be missing, the input is refused
    /// with a 422 naming the field — never a trap, which would stop the server for everyone.
    func checked(_ field: String) throws(AppError) -> Wrapped {
        guard let self else { throw AppError.invalid([FieldError(field: field, message: "This value is missing or not one of the choices.")]) }
        return self
    }
}

extension AppError {
    /// The same thing changed from two places at once and the other won: nothing was lost, and
    /// trying again gives the answer (409, never a 500).
    static let changedAtOnce = AppError.conflict(
        code: "changed_at_once", field: nil, message: "That changed at the same moment from somewhere else. Please try again.")
}
