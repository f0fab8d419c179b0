import Foundation
import Hummingbird
import Plot

/// The administrators' page for importing a Meeting Guide feed (`MeetingImportService`, as the API).
struct MeetingImportRoutes: Sendable {
    let deps: AppDependencies

    struct Input: Sendable {
        var feed = ""
        var name = ""
        var timeZone = ""
    }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.adminMeetingImport.path)) { _, context in
            try context.member.require(.admin)
            return page(context, input: Input(timeZone: deps.configuration.defaultTimeZone), report: nil)
        }
        members.post(RouterPath(SiteURL.adminMeetingImport.path)) { _, context in
            let form = context.form
            let input = Input(feed: form["feed"], name: form["name"], timeZone: form["time_zone"])
            do {
                let report = try await MeetingImportService(deps: deps).run(
                    .init(feed: Data(input.feed.utf8), name: input.name, timeZone: input.timeZone), by: context.member)
                return page(context, input: Input(timeZone: input.timeZone), report: report).response
            } catch AppError.invalid(let errors) {
                return page(context, input: input, report: nil, errors: errors, status: .unprocessableContent).response
            }
        }
    }

    private func page(
        _ context: MemberContext, input: Input, report: MeetingImportReport?, errors: [FieldError] = [],
        status: HTTPResponse.Status = .ok
    ) -> HTMLPage {
        let p = PageContext(context)
        let errors = Forms.errors(errors)
        let zones = Forms.timeZoneOptions
        return Layout.render(
            "Import meetings", p, status: status,
            .unwrap(report) { report in
                .section(
                    .class("notice"), .attribute(named: "role", value: "status"),
                    .h2("Imported"),
                    .p(.text("Created \(report.created), updated \(report.updated), unchanged \(report.unchanged), skipped \(report.skipped.count).")),
                    .ul(.forEach(report.skipped.prefix(200).map { $0 }) { item in
                        .li(.text("\(item.slug ?? "(no slug)"): \(item.reason)"))
                    })
                )
            },
            .p(.text("Paste a Meeting Guide JSON feed. Meetings are matched by slug within the feed's name: importing the same feed again updates what changed and creates nothing twice. A file that is not a feed changes nothing.")),
            Forms.form(
                SiteURL.adminMeetingImport.path, csrf: p.csrfToken,
                Forms.summary(errors),
                Forms.input("name", label: "Feed name", value: input.name, errors: errors, hint: "For example: Sussex Intergroup."),
                Forms.select("time_zone", label: "Time zone for meetings that do not name one", options: zones,
                             selected: input.timeZone, errors: errors),
                Forms.textarea("feed", label: "Feed (JSON)", value: input.feed, errors: errors, maxLength: 4_000_000),
                .button(.type(.submit), .text("Import"))
            )
        )
    }
}
