import AsyncKit
import FluentKit
import FluentSQLiteDriver
import Foundation
import Hummingbird
import Logging
import OpenAPIRuntime
import Plot

/// Turns every error into the response a person or client expects: JSON under `/api`, a page
/// elsewhere, a redirect to log in for pages that need it. Nothing but the error's kind is logged.
/// It runs twice: inside sign-in and CSRF (so its pages know who is signed in) and outside them, so
/// that nothing they throw (a database that cannot answer at that moment) leaves as a bare 500.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let appError = classify(error, context: context)
            if request.isAPI {
                var response = try context.responseEncoder.encode(APIErrorBody(appError), from: request, context: context)
                response.status = appError.status
                addRetryAfter(appError, to: &response)
                return response
            }
            if appError == .unauthenticated {
                let next = request.method == .get ? request.uri.path : SiteURL.home.path
                return redirect(to: SiteURL.login.path + "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-"))) ?? ""))
            }
            var response = ErrorViews.page(PageContext(context), appError).response
            addRetryAfter(appError, to: &response)
            return response
        }
    }

    private func classify(_ error: any Error, context: Context) -> AppError {
        switch error {
        case let error as AppError:
            return error
        case let error as ServerError:
            // A generated operation's error: `APIBodyRules` has already said what went wrong.
            return classify(error.underlyingError, context: context)
        case let error as HTTPError:
            switch error.status {
            case .notFound: return .notFound
            case .contentTooLarge:
                return .badRequest(code: "body_too_large", field: nil, message: "The request is too large.")
            case .unauthorized: return .unauthenticated
            default:
                return .badRequest(code: "bad_request", field: nil, message: error.body ?? "The request could not be read.")
            }
        case let error as any DatabaseError where error.isConstraintFailure:
            // Two requests made the same thing at the same moment (two taps, two devices): the other
            // one won, nothing was lost, and trying again gives the answer. Never a 500.
            context.logger.notice("concurrent change refused by a database constraint")
            return .changedAtOnce
        case let error as SQLiteError where Self.writerTaken.contains(error.reason):
            // SQLite's one writer (or, in a shared in-memory database, a table) was taken at that
            // instant; nothing changed. Never a 500.
            context.logger.notice("SQLite was busy with another write")
            return .changedAtOnce
        case is ConnectionPoolTimeoutError:
            // Every connection was held by long work (an import on SQLite) past the pool's wait.
            context.logger.notice("no database connection in time")
            return .busy
        default:
            // Only the type: messages can carry member data (product rule 7).
            context.logger.error("unhandled error", metadata: ["error.type": "\(type(of: error))"])
            return .internal
        }
    }

    private static let writerTaken: Set<SQLiteError.Reason> = [
        .busy, .busyInRecovery, .busyInSnapshot, .busyTimeout, .locked, .lockedBySharedCache,
    ]

    private func addRetryAfter(_ error: AppError, to response: inout Response) {
        if case .tooManyRequests(let wait, _) = error { response.headers[.retryAfter] = String(wait) }
        if case .methodNotAllowed(let allowed) = error { response.headers[.allow] = allowed.joined(separator: ", ") }
        if case .busy = error { response.headers[.retryAfter] = "2" }
    }
}

enum ErrorViews {
    static func page(_ page: PageContext, _ error: AppError) -> HTMLPage {
        let (title, text): (String, String) = switch error {
        case .notFound: ("Not found", "There is nothing here, or it is not shared with you.")
        case .tooManyRequests(_, let message): ("Please wait a moment", message)
        case .csrfMismatch: ("Please try again", error.message)
        case .internal: ("Something went wrong", "Something went wrong on our side. What was already saved is safe. Please try again.")
        default: ("That didn't work", error.message)
        }
        return Layout.render(title, page, status: error.status,
                             .p(.text(text)),
                             .p(.a(.href(SiteURL.home.path), .text("Go to the start page"))))
    }
}
