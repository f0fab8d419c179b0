import Foundation
import Hummingbird

/// `/api/meeting-guide.json`: this instance's meetings for the Meeting Guide app and TSML sites,
/// made once per change of the meetings (see `MeetingCatalog.feed`), with ETag and gzip.
struct MeetingFeedRoutes: Sendable {
    let deps: AppDependencies
    static let path = "/api/meeting-guide.json"

    func register(_ router: Router<AppRequestContext>) {
        router.get(RouterPath(Self.path)) { request, _ in
            try await deps.meetingCatalog().feed.response(to: request, extra: [.accessControlAllowOrigin: "*"])
        }
    }
}
