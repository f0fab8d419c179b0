import Foundation

/// Path parameters as the generated operations give them (text).
enum APIPath {
    /// An id in a path; anything that is not a UUID is simply not found, as on the web.
    static func id(_ text: String) throws(AppError) -> UUID {
        guard let id = UUID(uuidString: text) else { throw AppError.notFound }
        return id
    }
}
