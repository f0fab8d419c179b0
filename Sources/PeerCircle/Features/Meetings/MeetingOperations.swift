import Foundation
import PeerCircleAPI

/// A meeting, a member's saved meetings, their calendar link and their attendance over the API:
/// the generated operations mapped to the meeting catalog, `MyMeetingsService` and
/// `AttendanceService`. The directory list (`GET /api/v1/meetings`) stays a hand-written route: it
/// serves one compressed body made once for everyone asking the same in the same minute.
extension APIOperations {
    private var mine: MyMeetingsService { MyMeetingsService(deps: deps) }
    private var attendance: AttendanceService { AttendanceService(deps: deps) }

    func getMeeting(_ input: Operations.GetMeeting.Input) async throws -> Operations.GetMeeting.Output {
        let id = try APIPath.id(input.path.id)
        guard let meeting = try await deps.meetingCatalog().listing(id)?.draft else { throw AppError.notFound }
        return .ok(.init(body: .json(Self.meeting(meeting, id: id, next: MeetingSchedule.next(meeting, after: deps.now())?.start))))
    }

    func listMyMeetings(_ input: Operations.ListMyMeetings.Input) async throws -> Operations.ListMyMeetings.Output {
        let saved = try await mine.list(for: try APICaller.member())
        return .ok(.init(body: .json(try saved.map { Self.meeting($0.draft, id: try $0.requireID(), next: nil) })))
    }

    func saveMeeting(_ input: Operations.SaveMeeting.Input) async throws -> Operations.SaveMeeting.Output {
        try await mine.save(try APIPath.id(input.path.id), for: try APICaller.member())
        return .noContent(.init())
    }

    func unsaveMeeting(_ input: Operations.UnsaveMeeting.Input) async throws -> Operations.UnsaveMeeting.Output {
        try await mine.remove(try APIPath.id(input.path.id), for: try APICaller.member())
        return .noContent(.init())
    }

    /// A new private calendar address; the one before stops working.
    func createCalendarLink(_ input: Operations.CreateCalendarLink.Input) async throws -> Operations.CreateCalendarLink.Output {
        let token = try await mine.resetCalendarToken(for: try APICaller.member())
        return .created(.init(body: .json(.init(url: deps.absoluteURL(SiteURL.calendarFeed(token: token), authority: APICaller.current?.authority)))))
    }

    func listMyAttendance(_ input: Operations.ListMyAttendance.Input) async throws -> Operations.ListMyAttendance.Output {
        .ok(.init(body: .json(try await attendance.list(for: try APICaller.member()).map(Self.attendance))))
    }

    func recordAttendance(_ input: Operations.RecordAttendance.Input) async throws -> Operations.RecordAttendance.Output {
        let record = try await attendance.record(try APIPath.id(input.path.id), member: try APICaller.member(), mode: .inPerson)
        return .created(.init(body: .json(try Self.attendance(record))))
    }

    static func meeting(_ m: MeetingDraft, id: UUID, next: Date?) -> Components.Schemas.Meeting {
        .init(address: m.fullAddress, attendance: m.attendance.rawValue, conferencePhone: m.conferencePhone, conferenceUrl: m.conferenceURL,
              days: m.days, endTime: m.endTime, id: id.apiID, location: m.location, name: m.name, nextStart: next, notes: m.notes,
              slug: m.slug, time: m.startTime, timeZone: m.timeZone,
              types: .init(additionalProperties: Dictionary(m.types.map { ($0, MeetingTypes.meaning($0)) }, uniquingKeysWith: { a, _ in a })))
    }

    private static func attendance(_ r: AttendanceRecord) throws -> Components.Schemas.AttendanceRecord {
        .init(date: r.localDate, facilitator: r.facilitator, id: try r.requireID().apiID, meeting: r.meetingName,
              mode: try .init(mirroring: r.mode), time: r.localTime, timeZone: r.timeZone)
    }
}

extension APIOperations {
    /// The feed arrives as JSON inside the body and is read by the same parser as a pasted or CLI feed.
    func importMeetings(_ input: Operations.ImportMeetings.Input) async throws -> Operations.ImportMeetings.Output {
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        guard b.feed.count <= MeetingGuideFeed.maxEntries else {
            throw AppError.invalid([FieldError(field: "feed", message: MeetingGuideFeed.FeedError.tooLong(b.feed.count).description)])
        }
        let feed = try JSONEncoder().encode(b.feed)
        let report = try await MeetingImportService(deps: deps).run(
            .init(feed: feed, name: b.name, timeZone: b.timeZone), by: try APICaller.member())
        return .ok(.init(body: .json(.init(
            created: report.created, skipped: report.skipped.prefix(200).map { .init(reason: $0.reason, slug: $0.slug) },
            skippedTotal: report.skipped.count, unchanged: report.unchanged, updated: report.updated))))
    }
}
