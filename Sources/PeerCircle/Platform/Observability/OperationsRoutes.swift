import Foundation
import Hummingbird
import Prometheus

/// Health, readiness, metrics and the stylesheet: what operators and browsers fetch, not members.
struct OperationsRoutes: Sendable {
    let deps: AppDependencies
    let metrics: PrometheusCollectorRegistry

    static let stylesheet = asset("site", "css")
    static let roomScript = asset("room", "js")
    static let liveScript = asset("live", "js")
    static let zoneScript = asset("zone", "js")
    static let nearScript = asset("near", "js")

    /// A file from `Resources/Public`, read once; served from memory so any working directory works.
    private static func asset(_ name: String, _ type: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: type, subdirectory: "Resources/Public/\(type)"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }

    private func mayReadMetrics(_ request: Request, peer: String?) -> Bool {
        if let token = deps.configuration.metricsToken {
            return Token.constantTimeEquals(request.headers[.authorization] ?? "", "Bearer " + token)
        }
        // A proxy on this machine would make every visitor look local: behind one, set the token.
        guard let peer else { return true }
        return (peer == "127.0.0.1" || peer == "::1") && !deps.configuration.trustedProxies.contains(peer)
    }

    func register(_ router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/readyz") { _, _ in
            do {
                try await deps.database.ping()
                return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ready\n")))
            } catch {
                return Response(status: .serviceUnavailable, headers: [.contentType: "text/plain"],
                                body: .init(byteBuffer: ByteBuffer(string: "database unavailable\n")))
            }
        }
        router.get("/metrics") { request, context in
            // For the operator only: a scraper with the token, or a connection from this machine.
            guard mayReadMetrics(request, peer: context.peerAddress) else { throw AppError.notFound }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
        }
        router.get(RouterPath(stringLiteral: SiteURL.stylesheet.path)) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Self.stylesheet)))
        }
        for (path, script) in [(SiteURL.roomScript.path, Self.roomScript), (SiteURL.liveScript.path, Self.liveScript),
                               (SiteURL.zoneScript.path, Self.zoneScript), (SiteURL.nearScript.path, Self.nearScript)] {
            router.get(RouterPath(stringLiteral: path)) { _, _ in
                Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                         body: .init(byteBuffer: ByteBuffer(string: script)))
            }
        }
    }
}
