import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import Synchronization
import NIOCore
import NIOHTTP1

/// The HTTP server with the limits a public service needs, which Hummingbird's WebSocket upgrade
/// pipeline does not give on its own (it turns NIO's error handling off, so a request whose headers
/// are too large was never answered and its connection hung forever):
/// - a request whose header block is too large gets `431`, anything unreadable `400`, and the
///   connection closes;
/// - a request must finish its headers within `headerTimeout` (slow-loris), and an idle kept-alive
///   connection closes after `idleTimeout`;
/// - one address may hold at most `maxConnectionsPerAddress` connections (not loopback or a declared
///   proxy, which speak for many people).
enum GuardedServer {
    struct Limits: Sendable {
        var headerTimeout: TimeAmount = .seconds(30)
        var idleTimeout: TimeAmount = .seconds(75)
        var maxConnectionsPerAddress = 64
        var exemptAddresses: Set<String> = []
    }

    static func builder<Context: WebSocketRequestContext>(webSocketRouter: Router<Context>, limits: Limits) -> HTTPServerBuilder {
        let counts = ConnectionCounts()
        let webSocketResponder = webSocketRouter.buildResponder()
        return HTTPServerBuilder { responder in
            GuardedChannel(
                base: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder,
                    configuration: .init(http1: .init(idleTimeout: limits.idleTimeout), ws: .init())),
                limits: limits, counts: counts)
        }
    }
}

/// Live connections per remote address.
final class ConnectionCounts: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func open(_ address: String, max: Int) -> Bool {
        counts.withLock { counts in
            let current = counts[address, default: 0]
            guard current < max else { return false }
            counts[address] = current + 1
            return true
        }
    }

    func close(_ address: String) {
        counts.withLock { counts in
            let left = counts[address, default: 1] - 1
            counts[address] = left > 0 ? left : nil
        }
    }
}

struct GuardedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let limits: GuardedServer.Limits
    let counts: ConnectionCounts

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let address = channel.remoteAddress?.ipAddress
            let exempt = address.map { $0 == "127.0.0.1" || $0 == "::1" || limits.exemptAddresses.contains($0) } ?? true
            let counted = exempt ? nil : address
            if let counted, !counts.open(counted, max: limits.maxConnectionsPerAddress) {
                channel.close(promise: nil)
                return value
            }
            try channel.pipeline.syncOperations.addHandler(RawAnswerHandler(), position: .first)
            try channel.pipeline.syncOperations.addHandler(
                RequestGuardHandler(headerTimeout: limits.headerTimeout, counted: counted, counts: counts), position: .last)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// Sits next to the socket so an answer can be written as bytes, below the HTTP encoder.
final class RawAnswerHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny
    typealias OutboundOut = ByteBuffer
}

/// Answers requests the HTTP decoder refused, and closes connections that never finish their headers.
final class RequestGuardHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    private let headerTimeout: TimeAmount
    private let counted: String?
    private let counts: ConnectionCounts
    private var timer: Scheduled<Void>?
    private var answered = false

    init(headerTimeout: TimeAmount, counted: String?, counts: ConnectionCounts) {
        self.headerTimeout = headerTimeout
        self.counted = counted
        self.counts = counts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: headerTimeout) { channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Something got through the decoder: the headers were complete in time.
        timer?.cancel()
        timer = nil
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        if let counted { counts.close(counted) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let parse = (error as? HTTPParserError) ?? ((error as? ByteToMessageDecoderError).flatMap { error -> HTTPParserError? in
            if case .dataReceivedInErrorState(let inner, _) = error { return inner as? HTTPParserError }
            return nil
        })
        guard let parse else { return context.fireErrorCaught(error) }
        guard !answered else { return }
        answered = true
        timer?.cancel()
        let status = parse == .headerOverflow ? "431 Request Header Fields Too Large" : "400 Bad Request"
        let body = parse == .headerOverflow ? "The request headers are too large.\n" : "The request could not be read.\n"
        let text = "HTTP/1.1 \(status)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        let channel = context.channel
        guard let raw = try? context.pipeline.syncOperations.context(handlerType: RawAnswerHandler.self) else {
            channel.close(promise: nil)
            return
        }
        raw.writeAndFlush(NIOAny(ByteBuffer(string: text))).whenComplete { _ in channel.close(promise: nil) }
    }
}
