import Foundation
import Hummingbird
import Plot

/// "Download my data" on the web.
struct DataExportRoutes: Sendable {
    let deps: AppDependencies
    var exports: DataExportService { DataExportService(deps: deps) }

    private func page(_ context: MemberContext, notice: String?, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) async throws -> HTMLPage {
        DataExportViews.page(PageContext(context), latest: try await exports.latest(for: context.member), zone: context.member.timeZone,
                             notice: notice, errors: errors, status: status)
    }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.myData.path)) { request, context in
            try await page(context, notice: request.notice)
        }
        members.post(RouterPath(SiteURL.myData.path)) { _, context in
            do {
                _ = try await exports.request(for: context.member, password: context.form["password"])
                return redirect(to: SiteURL.myData.with(.exportRequested))
            } catch AppError.invalid(let errors) {
                return try await page(context, notice: nil, errors: errors, status: .unprocessableContent).response
            } catch AppError.tooManyRequests(let wait, let message) {
                var response = try await page(context, notice: nil, errors: [FieldError(field: "password", message: message)],
                                              status: .tooManyRequests).response
                response.headers[.retryAfter] = String(wait)
                return response
            }
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.myDataDownload))) { _, context in
            DataExportViews.zip(try await exports.download(try context.id(), for: context.member), now: deps.now())
        }
    }
}

enum DataExportViews {
    static func page(_ page: PageContext, latest: DataExportService.Status?, zone: TimeZone, notice: String?, errors: [FieldError],
                     status: HTTPResponse.Status) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Download my data", page, status: status,
            Banner.notice(notice),
            .p(.text("A copy of everything PeerCircle keeps that is yours or about you — your account, clocks, check-ins, check-ups, plan, messages, posts, strategies, mentorships, circle, attendance, sharing and notifications — as a ZIP of JSON files, with spreadsheets of your check-ins and clocks and a README explaining each file.")),
            .p(.class("hint"), .text("It is kept on the server for ten minutes after you download it, or for a day, then deleted. Keep the file somewhere private: it holds your own words.")),
            .unwrap(latest) { latest in
                switch latest.state {
                case .pending: .p(.attribute(named: "role", value: "status"), .strong(.text("Being prepared.")), .text(" You'll get a notification when it's ready; this page shows it too."))
                case .failed: .p(.class("error"), .text("That copy could not be made. Please ask again; if it keeps failing, tell your community's team."))
                case .ready: .p(.a(.class("button"), .href(SiteURL.myDataDownload(latest.id).path),
                                   .text("Download my data (\(max(1, latest.size / 1024)) KB)")),
                                .text(" — ready until \(TimeText.format(latest.expiresAt, zone, "d MMM HH:mm")); it is deleted from the server ten minutes after you download it."))
                }
            },
            Forms.form(SiteURL.myData.path, csrf: page.csrfToken,
                Forms.summary(errors),
                Forms.input("password", label: "Your password", value: "", errors: errors, type: .password,
                            hint: "Asked again, because the copy holds everything.", required: true,
                            attributes: [.attribute(named: "autocomplete", value: "current-password")]),
                .button(.type(.submit), .text(latest == nil ? "Prepare a copy of my data" : "Prepare a new copy"))))
    }

    /// The ZIP as an attachment, never cached.
    static func zip(_ data: Data, now: Date) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        headers[.contentDisposition] = "attachment; filename=\"peercircle-data-\(TimeText.iso(now).prefix(10)).zip\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
