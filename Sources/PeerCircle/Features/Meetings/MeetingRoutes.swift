import Foundation
import Hummingbird

/// The public meeting directory, on the web and as JSON. Meetings are public listings, like an
/// intergroup's printed schedule; nothing about who attends is here.
struct MeetingRoutes: Sendable {
    let deps: AppDependencies

    func register(web: RouterGroup<AppRequestContext>, api: RouterGroup<AppRequestContext>) {
        web.get(RouterPath(SiteURL.meetings.path)) { request, context -> Response in
            let query = Self.query(request)
            let zone = zone(request, context)
            let now = deps.now()
            let catalog = try await deps.meetingCatalog()
            // Every visitor asking the same thing in the same minute sees the same page: it is made once.
            // Members' pages carry their own header and are always made for them.
            guard context.member == nil else { return try await directoryPage(PageContext(context), query, zone, now, catalog).response }
            let events = try await deps.upcomingEvents()
            // Made for nobody in particular: no visitor's CSRF token can end up in the shared page.
            var made: HTMLPage?
            let cached = try await catalog.shared(Self.sharedKey("web", query, zone, now) + "|\(events.stamp)", contentType: "text/html; charset=utf-8") {
                let page = try await directoryPage(PageContext(member: nil, csrfToken: ""), query, zone, now, catalog)
                made = page
                return page.status == .ok ? Data(page.html.utf8) : nil
            }
            return cached?.response(to: request) ?? made?.response ?? Response(status: .internalServerError)
        }
        web.get(RouterPath(SiteURL.pattern(SiteURL.meeting))) { request, context in
            let id = try context.id()
            guard let meeting = try await deps.meetingCatalog().listing(id)?.draft else { throw AppError.notFound }
            let now = deps.now()
            let next = MeetingSchedule.next(meeting, after: now)
            let saved = try await context.member.asyncMap { try await MyMeetingsService(deps: deps).isSaved(id, by: $0) }
            var page = PageContext(context)
            page.zone = zone(request, context)
            return MeetingViews.detail(page, id: id, meeting: meeting, next: next, now: now,
                                       viewerZone: zone(request, context), saved: saved)
        }
        api.get("/meetings") { request, context in
            let query = Self.query(request)
            var check = Validation()
            let limit = query["limit"].map { Int($0.prefix(6)) } ?? 100
            check.check(limit.map { (1...500).contains($0) } ?? false, "limit", "Ask for 1 to 500 meetings at a time.")
            let cursor = query["cursor"].map(DirectoryCursor.init)
            check.check(cursor.map { $0 != nil } ?? true, "cursor", "Use the next_cursor of the page before, unchanged.")
            try check.finish()
            let filter = try MeetingFilter(query: query)
            let zone = zone(request, context)
            let position: MeetingCatalog.Position = cursor.flatMap { $0 }.map { .after($0) } ?? .page(1)
            let (catalog, now) = (try await deps.meetingCatalog(), deps.now())
            // The same list for everyone asking the same in the same minute: made and compressed once.
            let body = try await catalog.shared(Self.sharedKey("api", query, zone, now), contentType: "application/json; charset=utf-8") {
                Data(DirectoryJSON.json(catalog.upcoming(filter, zone: zone, now: now, at: position, limit: limit ?? 100), zone: zone).utf8)
            }
            return body?.response(to: request) ?? Response(status: .internalServerError)
        }
    }

    /// Names everything a shared directory body shows: where it is served, what was asked, the zone, the minute.
    static func sharedKey(_ kind: String, _ query: [String: String], _ zone: TimeZone, _ now: Date) -> String {
        kind + "|" + query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            + "|\(zone.identifier)|\(Int(now.timeIntervalSince1970 / 60))"
    }

    private func directoryPage(_ page: PageContext, _ query: [String: String], _ zone: TimeZone, _ now: Date,
                               _ catalog: MeetingCatalog) async throws -> HTMLPage {
        var pageContext = page
        pageContext.zone = zone
        do {
            let filter = try MeetingFilter(query: try located(query, catalog))
            // A big intergroup lists a thousand meetings a week: a page at a time, soonest first.
            let number = query["page"].flatMap { Int($0.prefix(6)) } ?? 1
            let page = catalog.upcoming(filter, zone: zone, now: now, at: .page(number))
            let form = catalog.form(for: query) { MeetingViews.filterForm(query: query, towns: catalog.townOptions).render() }
            return MeetingViews.directory(pageContext, page: page, query: query, form: .raw(form), zone: zone, now: now,
                                          events: page.offset == 0 ? try await deps.upcomingEvents().events : [])
        } catch AppError.invalid(let errors) {
            return MeetingViews.directory(pageContext, page: nil, query: query,
                                          form: MeetingViews.filterForm(query: query, errors: errors, towns: catalog.townOptions),
                                          zone: zone, now: now, status: .unprocessableContent)
        }
    }

    /// A town or postcode (`near`) becomes a point from this instance's own meeting addresses;
    /// coordinates given (the "near me" button) win over it.
    private func located(_ query: [String: String], _ catalog: MeetingCatalog) throws -> [String: String] {
        let near = (query["near"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !near.isEmpty, (query["lat"] ?? "").isEmpty, (query["lng"] ?? "").isEmpty else { return query }
        guard let place = MeetingPlaces.locate(near, in: catalog.places) else {
            throw AppError.invalid([FieldError(field: "near", message: "No meeting here lists a place called that. Try a nearby town, or the start of a postcode.")])
        }
        var located = query
        located["lat"] = String(place.latitude)
        located["lng"] = String(place.longitude)
        if (located["km"] ?? "").isEmpty { located["km"] = "15" }
        return located
    }

    /// The viewer's zone: theirs when logged in, their browser's for a visitor, else the instance's.
    private func zone(_ request: Request, _ context: AppRequestContext) -> TimeZone {
        VisitorZone.of(request, member: context.member, fallback: deps.defaultTimeZone)
    }

    static func query(_ request: Request) -> [String: String] { request.formQuery }
}
