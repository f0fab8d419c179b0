import Foundation
import Hummingbird
import Plot

/// A rendered page as a response.
struct HTMLPage: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    let html: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response
    }

    /// The page as a response, for handlers that answer with either a page or a redirect.
    var response: Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// A 303 after a successful form post, so a reload does not post again.
func redirect(to path: String) -> Response {
    Response(status: .seeOther, headers: [.location: path])
}

/// What every page needs to draw the frame around its content.
struct PageContext: Sendable {
    let member: Member?
    let csrfToken: String
    /// For a visitor's page that shows times: the zone it was drawn in (`zone.js` reloads once if the browser's differs).
    var zone: TimeZone? = nil

    init(member: Member?, csrfToken: String) {
        self.member = member
        self.csrfToken = csrfToken
    }

    init(_ context: MemberContext) {
        self.init(member: context.member, csrfToken: context.csrfToken)
    }

    init(_ context: AppRequestContext) {
        self.init(member: context.member, csrfToken: context.csrfToken)
    }
}
