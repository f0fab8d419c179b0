import Foundation
import Hummingbird

/// The public meeting directory, on the web and as JSON. Meetings are public listings, like an
/// intergroup's printed schedule; nothing about who attends is here.
struct MeetingRoutes: Sendable {
    let deps: AppDependencies
    var directory: MeetingDirectory {
        get throws { MeetingDirectory(db: try deps.db) }
    }

    struct EntryDTO: Codable, Sendable {
        @LowercaseID var id: UUID
        let name: String
        let slug: String
        let start: Date
        let end: Date
        let status: String
        let minutesToStart: Int?
        let attendance: String
        let place: String
        let types: [String]
        let distanceKm: Double?
    }

    struct DirectoryDTO: ResponseCodable, Sendable {
        let timeZone: String
        let meetings: [EntryDTO]
    }

    struct MeetingDTO: ResponseCodable, Sendable {
        @LowercaseID var id: UUID
        let slug: String
        let name: String
        let days: [Int]
        let time: String?
        let endTime: String?
        let timeZone: String
        let attendance: String
        let location: String?
        let address: String?
        let conferenceUrl: String?
        let conferencePhone: String?
        let types: [String: String]
        let notes: String?
        let nextStart: Date?

        init(_ m: MeetingDraft, id: UUID, next: Date?) {
            self.id = id
            slug = m.slug
            name = m.name
            days = m.days
            time = m.startTime
            endTime = m.endTime
            timeZone = m.timeZone
            attendance = m.attendance.rawValue
            location = m.location
            address = m.fullAddress
            conferenceUrl = m.conferenceURL
            conferencePhone = m.conferencePhone
            types = Dictionary(m.types.map { ($0, MeetingTypes.meaning($0)) }, uniquingKeysWith: { a, _ in a })
            notes = m.notes
            nextStart = next
        }
    }

    func register(web: RouterGroup<AppRequestContext>, api: RouterGroup<AppRequestContext>) {
        web.get(RouterPath(SiteURL.meetings.path)) { request, context in
            let query = Self.query(request)
            let zone = zone(request, context)
            let now = deps.now()
            var pageContext = PageContext(context)
            pageContext.zone = zone
            let towns = try await MeetingPlaces(db: deps.db).towns()
            do {
                let filter = try MeetingFilter(query: try await located(query))
                // A big intergroup lists a thousand meetings a week: a page at a time, soonest first.
                let all = try await directory.upcoming(filter, zone: zone, now: now)
                let page = DirectoryPage(total: all.count, requested: query["page"])
                return MeetingViews.directory(
                    pageContext, entries: Array(all[page.range]), page: page,
                    appointments: page.isLast ? try await directory.byAppointment(filter) : [], query: query, zone: zone, now: now,
                    events: page.number == 1 ? try await EventService(deps: deps).upcoming(days: 30) : [], towns: towns)
            } catch AppError.invalid(let errors) {
                return MeetingViews.directory(pageContext, entries: [], page: DirectoryPage(total: 0, requested: nil), appointments: [], query: query, zone: zone,
                                              now: now, towns: towns, errors: errors, status: .unprocessableContent)
            }
        }
        web.get(RouterPath(SiteURL.pattern(SiteURL.meeting))) { request, context in
            let id = try context.id()
            let meeting = try await directory.meeting(id)
            let now = deps.now()
            let next = MeetingSchedule.next(meeting, after: now)
            let saved = try await context.member.asyncMap { try await MyMeetingsService(deps: deps).isSaved(id, by: $0) }
            var page = PageContext(context)
            page.zone = zone(request, context)
            return MeetingViews.detail(page, id: id, meeting: meeting, next: next, now: now,
                                       viewerZone: zone(request, context), saved: saved)
        }
        api.get("/meetings") { request, context in
            let filter = try MeetingFilter(query: Self.query(request))
            let zone = zone(request, context)
            let entries = try await directory.upcoming(filter, zone: zone, now: deps.now())
            return DirectoryDTO(timeZone: zone.identifier, meetings: entries.map { e in
                let (status, minutes): (String, Int?) = switch e.status {
                case .inProgress: ("in_progress", nil)
                case .startingIn(let m): ("starting_soon", m)
                case .later: ("later", nil)
                }
                return EntryDTO(id: e.id, name: e.meeting.name, slug: e.meeting.slug, start: e.occurrence.start,
                                end: e.occurrence.end, status: status, minutesToStart: minutes,
                                attendance: e.meeting.attendance.rawValue, place: MeetingViews.place(e.meeting),
                                types: e.meeting.types, distanceKm: e.distanceKm)
            })
        }
        api.get("/meetings/:id") { _, context in
            let id = try context.id()
            let m = try await directory.meeting(id)
            let now = deps.now()
            return MeetingDTO(m, id: id, next: MeetingSchedule.next(m, after: now)?.start)
        }
    }

    /// A town or postcode (`near`) becomes a point from this instance's own meeting addresses;
    /// coordinates given (the "near me" button) win over it.
    private func located(_ query: [String: String]) async throws -> [String: String] {
        let near = (query["near"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !near.isEmpty, (query["lat"] ?? "").isEmpty, (query["lng"] ?? "").isEmpty else { return query }
        guard let place = try await MeetingPlaces(db: deps.db).locate(near) else {
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
