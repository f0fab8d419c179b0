import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOWebSocket

/// The request context for WebSocket upgrades: who is connecting, found from the session cookie.
struct RoomRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<RoomRequestContext>
    var member: Member?

    init(source: Source) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
    }
}

/// Finds the member before a WebSocket upgrade: an app's API token (`Authorization: Bearer …`),
/// or a browser's session cookie.
struct RoomAuthenticationMiddleware: RouterMiddleware {
    typealias Context = RoomRequestContext
    let accounts: AccountService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            context.member = try await accounts.member(forToken: token, kind: .api)
        } else if let token = request.cookies[AccountWebRoutes.sessionCookie]?.value, !token.isEmpty {
            context.member = try await accounts.member(forToken: token, kind: .web)
        }
        return try await next(request, context)
    }
}

/// One connection to a live room: the first message says who they are and the last sequence
/// number they saw; then stored events they missed, then live ones, with no gap and no repeat.
struct RoomSocket: Sendable {
    let rooms: RoomService
    let broadcaster: any Broadcaster

    static let path = "/rooms/:meeting/live"
    static func path(_ meetingID: UUID) -> String { "/rooms/\(meetingID.uuidString.lowercased())/live" }

    func router(accounts: AccountService) -> Router<RoomRequestContext> {
        let router = Router(context: RoomRequestContext.self)
        router.add(middleware: RoomAuthenticationMiddleware(accounts: accounts))
        router.ws(RouterPath(Self.path)) { request, context in
            request.mayUpgrade(for: context.member) ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { inbound, outbound, context in
            guard let member = context.requestContext.member,
                  let meetingID = context.requestContext.parameters.get("meeting").flatMap(UUID.init(uuidString:))
            else {
                try await outbound.close(.policyViolation, reason: "not allowed")
                return
            }
            try await serve(meetingID: meetingID, member: member, inbound: inbound, outbound: outbound)
        }
        return router
    }

    func serve(meetingID: UUID, member: Member, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        var messages = inbound.messages(maxSize: 64 * 1024).makeAsyncIterator()
        guard case .text(let first)? = try await messages.next(),
              let hello = try? JSONCoding.decoder.decode(RoomProtocol.Hello.self, from: Data(first.utf8))
        else {
            try await outbound.close(.protocolError, reason: "say hello first")
            return
        }
        let entry: RoomService.Entry
        do {
            entry = try await rooms.enter(meetingID, member: member, displayName: hello.name ?? "")
        } catch {
            try await outbound.write(.text(RoomProtocol.text(RoomProtocol.Refusal(type: .refused, code: error.rawValue, message: error.message))))
            try await outbound.close(.normalClosure, reason: error.rawValue)
            return
        }
        let roomID = try entry.room.requireID()
        let me = try entry.participant.requireID()
        if hello.attendance == true {
            try await AttendanceService(deps: rooms.deps).record(meetingID, member: member, mode: .onlineRoom)
        }
        // Listen before reading the backlog, so nothing falls between the two.
        let live = await broadcaster.subscribe(room: roomID)
        let state = try await rooms.state(of: roomID)
        try await outbound.write(.text(RoomProtocol.text(RoomProtocol.Welcome(
            participant: me.apiID, name: entry.participant.displayName, facilitator: entry.participant.isFacilitator,
            rules: RoomService.defaultRules, people: state.present.map { .init(id: $0.id.apiID, name: $0.name) },
            queue: state.queue.map(\.apiID), floor: state.floor?.apiID, seq: state.lastSeq))))
        // Someone reconnecting gets what they missed; someone new starts from now — what was
        // shared before they came in is not theirs to read.
        var lastSent = try await rooms.resumePoint(in: roomID, participant: me, since: hello.since, current: state.lastSeq)
        for message in try await rooms.events(in: roomID, after: lastSent) {
            try await outbound.write(.text(message.payload))
            lastSent = message.seq
        }
        let backlogEnd = lastSent
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var seen = backlogEnd
                for await message in live where message.seq > seen {
                    // A gap (this connection's buffer overflowed, or its instance lost the database for a
                    // moment) is filled from the store: every event, once, in order — never skipped.
                    let missed = message.seq > seen + 1 ? try await rooms.events(in: roomID, after: seen, through: message.seq - 1) : []
                    for event in missed + [message] where event.seq > seen {
                        seen = event.seq
                        try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: event.bytes)))
                        if Self.endsConnection(event.payload, for: me) {
                            try await outbound.close(.normalClosure, reason: "the room closed or you were removed")
                            return
                        }
                    }
                }
            }
            var pace = RoomChatPace(limit: rooms.deps.configuration.roomChatLimit)
            while let message = try await messages.next() {
                guard case .text(let text) = message,
                      let command = try? JSONCoding.decoder.decode(RoomProtocol.Command.self, from: Data(text.utf8))
                else {
                    try await outbound.write(.text(Self.refusal(.invalid)))
                    continue
                }
                // Every command writes to the room and reaches everyone in it: chat, hands and reactions alike.
                if !pace.allow(at: ContinuousClock.now) {
                    try await outbound.write(.text(Self.refusal(.tooFast)))
                    continue
                }
                if let refusal = try await rooms.act(command, by: me, in: roomID) {
                    if refusal == .care || refusal == .careOverdose {
                        // Only to the author: their words come back with the prompt, to send anyway or edit.
                        try await outbound.write(.text(RoomProtocol.text(RoomProtocol.Care(
                            kind: refusal == .careOverdose ? .overdose : .concern, text: command.text ?? "", message: refusal.message))))
                        continue
                    }
                    try await outbound.write(.text(Self.refusal(refusal)))
                    if refusal == .removed || refusal == .closed { break }
                }
            }
            group.cancelAll()
        }
        // Whoever leaves leaves the share queue too; everyone sees they went.
        try? await rooms.left(me, in: roomID)
    }

    /// What a person can send by hand: at most `limit` commands (chat, hands, reactions) in any `window`. Kept with the connection,
    /// so it costs nothing on the delivery path; a client that reconnects to dodge it is still
    /// one participant the facilitator can mute.
    struct RoomChatPace {
        init(limit: Int) { self.limit = limit }
        let limit: Int
        var window: Duration = .seconds(30)
        private var sent: [ContinuousClock.Instant] = []

        mutating func allow(at now: ContinuousClock.Instant) -> Bool {
            sent.removeAll { now - $0 > window }
            guard sent.count < limit else { return false }
            sent.append(now)
            return true
        }
    }

    static func refusal(_ refusal: RoomService.Refusal) -> String {
        RoomProtocol.text(RoomProtocol.Refusal(type: .error, code: refusal.rawValue, message: refusal.message))
    }

    /// The room closing, or this participant being removed, ends their connection.
    static func endsConnection(_ payload: String, for participant: UUID) -> Bool {
        // Every message passes here for every listener: parse only the two kinds that can end one.
        guard payload.contains(#""kind":"closed""#) || payload.contains(#""kind":"removed""#),
              let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any] else { return false }
        switch object["kind"] as? String {
        case "closed": return true
        case "removed": return object["target"] as? String == participant.uuidString.lowercased()
        default: return false
        }
    }
}
