import Foundation

/// Path parameters as the generated operations give them (text).
enum APIPath {
    /// An id in a path; anything that is not a UUID is simply not found, as on the web.
    static func id(_ text: String) throws(AppError) -> UUID {
        guard let id = UUID(uuidString: text) else { throw AppError.notFound }
        return id
    }
}

extension UUID {
    /// An id as the API writes it: lowercase, as RFC 4122 asks and as the web's links have it.
    var apiID: String { uuidString.lowercased() }
}

/// A value the document and a service both name, such as a status.
struct UndocumentedValue: Error, CustomStringConvertible {
    let value: String
    var description: String { "The OpenAPI document has no value “\(value)”." }
}

extension RawRepresentable where RawValue == String {
    /// A service's value as the document's enum with the same spelling. One the document lacks is a
    /// defect to be seen (500, and the schema tests fail), never quietly answered as another value.
    init(mirroring value: some RawRepresentable<String>) throws {
        guard let mirrored = Self(rawValue: value.rawValue) else { throw UndocumentedValue(value: value.rawValue) }
        self = mirrored
    }
}
