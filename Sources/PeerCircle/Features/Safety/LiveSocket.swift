import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOWebSocket
import ServiceLifecycle

/// A member's own live channel: every page of a signed-in member listens here (`live.js`), so an
/// SOS from someone in their circle appears within moments wherever they are on the site.
enum LiveSocket {
    static let path = "/live"

    static func register(_ router: Router<RoomRequestContext>, broadcaster: any Broadcaster) {
        router.ws(RouterPath(path)) { request, context in
            request.mayUpgrade(for: context.member) ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { inbound, outbound, context in
            guard let member = context.requestContext.member else { return }
            let live = await broadcaster.subscribe(room: member.id)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await message in live {
                        try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: message.bytes)))
                    }
                }
                // The page sends nothing; when it goes away, stop listening.
                for try await _ in inbound.messages(maxSize: 1024) {}
                group.cancelAll()
            }
        }
    }
}

/// Escalates unanswered SOS alerts on time, even when nobody is looking at a page.
func alertEscalator(_ deps: AppDependencies, every interval: Duration = .seconds(15)) -> PeriodicTask {
    PeriodicTask(interval: interval) { try await SafetyService(deps: deps).sweep() }
}
