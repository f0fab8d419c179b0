import FluentKit
import Foundation
import Hummingbird

/// `/api/meeting-guide.json`: this instance's meetings for the Meeting Guide app and TSML sites.
struct MeetingFeedRoutes: Sendable {
    let deps: AppDependencies
    static let path = "/api/meeting-guide.json"

    func register(_ router: Router<AppRequestContext>) {
        router.get(RouterPath(Self.path)) { _, _ in
            let meetings = try await Meeting.query(on: deps.db).sort(\.$slug).all()
            // Slugs are unique per feed; where two feeds share one, the feed's name keeps them apart.
            let counts = Dictionary(meetings.map { ($0.slug, 1) }, uniquingKeysWith: +)
            let drafts = meetings.map { meeting in
                var draft = meeting.draft
                if counts[meeting.slug, default: 0] > 1 { draft.slug = "\(meeting.source)-\(meeting.slug)" }
                return draft
            }
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8", .accessControlAllowOrigin: "*"],
                body: .init(byteBuffer: ByteBuffer(bytes: MeetingGuideFeed.export(drafts))))
        }
    }
}
