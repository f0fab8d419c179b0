import Foundation
import Hummingbird

extension RequestContext {
    /// The `:id` path parameter; anything that is not a UUID is simply not found.
    func id(_ name: String = "id") throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else { throw AppError.notFound }
        return id
    }
}

extension Request {
    /// `?done=code` after a redirect, turned into a fixed sentence.
    var notice: String? {
        uri.queryParameters.get("done").flatMap(Notices.text(for:))
    }
}
