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
        uri.queryParameters.get("done").flatMap(Notice.init(code:))?.text
    }

    /// The query string as a browser's GET form sends it: `+` is a space (Hummingbird's
    /// `queryParameters` leaves it a plus, so "Rehoboth+Beach" would not be "Rehoboth Beach").
    /// The first value of each name wins.
    var formQuery: [String: String] {
        var result: [String: String] = [:]
        for pair in (uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring?) -> String? {
                String(text ?? "").replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let key = decode(parts.first), !key.isEmpty, result[key] == nil,
                  let value = decode(parts.count > 1 ? parts.last : "") else { continue }
            result[key] = value
        }
        return result
    }
}
