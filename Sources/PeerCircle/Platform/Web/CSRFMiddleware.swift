import Foundation
import Hummingbird

/// Double-submit CSRF protection for every web form, in one place: a random token lives in an
/// HttpOnly SameSite cookie and in a hidden field of each form; a POST whose field does not match
/// the cookie is refused before any handler runs. The parsed form is handed on in the context.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "pc_csrf"
    static let fieldName = "_csrf"
    let secureCookies: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !request.isAPI else { return try await next(request, context) }
        var context = context
        var request = request
        let existing = request.cookies[Self.cookieName]?.value
        context.csrfToken = existing ?? Token.generate()

        var response: Response
        if request.method == .post {
            let body: ByteBuffer
            // Room for a pasted meeting feed (the largest form); everything else is far smaller.
            do { body = try await request.collectBody(upTo: 4 * 1024 * 1024) } catch {
                throw HTTPError(.contentTooLarge, message: "This form is too large.")
            }
            let form = FormData(urlEncoded: String(buffer: body))
            if form.containsNUL {
                response = ErrorViews.page(PageContext(context), .badRequest(
                    code: "invalid_character", field: nil, message: "The form contains a character that cannot be saved (NUL). Please go back and retype it.")).response
            } else if Self.isExempt(request.uri.path) || existing.map({ Token.constantTimeEquals(form[Self.fieldName], $0) }) == true {
                context.form = form
                response = try await next(request, context)
            } else {
                response = ErrorViews.page(PageContext(context), .csrfMismatch).response
            }
        } else {
            response = try await next(request, context)
        }
        if existing == nil {
            response.setCookie(.init(
                name: Self.cookieName, value: context.csrfToken, path: "/", secure: secureCookies,
                httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// An email's one-click unsubscribe (RFC 8058): the mail client posts with no cookie and no form
    /// token; the secret in the address is what authorises it, and all it can do is stop emails.
    static func isExempt(_ path: String) -> Bool {
        path.hasPrefix("/unsubscribe/")
    }
}
