import Foundation
import Hummingbird
import Prometheus

/// Health, readiness, metrics and the stylesheet: what operators and browsers fetch, not members.
struct OperationsRoutes: Sendable {
    let deps: AppDependencies
    let metrics: PrometheusCollectorRegistry

    static let stylesheet = asset("site", "css", "text/css; charset=utf-8")
    static let roomScript = asset("room", "js", "text/javascript; charset=utf-8")
    static let liveScript = asset("live", "js", "text/javascript; charset=utf-8")
    static let zoneScript = asset("zone", "js", "text/javascript; charset=utf-8")
    static let nearScript = asset("near", "js", "text/javascript; charset=utf-8")
    static let pushScript = asset("push", "js", "text/javascript; charset=utf-8")
    static let serviceWorker = asset("sw", "js", "text/javascript; charset=utf-8")
    static let icons = [192, 512].map { (size: $0, body: asset("icon-\($0)", "png", "image/png")) }
    private static let started = Date()

    /// A file from `Resources/Public`, read and compressed once; served from memory so any working
    /// directory works, with an ETag so a browser revalidates it in one small round trip.
    private static func asset(_ name: String, _ type: String, _ contentType: String) -> CachedBody {
        let url = Bundle.module.url(forResource: name, withExtension: type, subdirectory: "Resources/Public/\(type)")
        return CachedBody(url.flatMap { try? Data(contentsOf: $0) } ?? Data(), contentType: contentType, modified: started)
    }

    /// What a phone needs to install PeerCircle as an app: the operator's name (so the home screen
    /// says no more than the emails do), the start page, and the icons.
    static func manifest(name: String) -> CachedBody {
        struct Icon: Encodable { let src: String; let sizes: String; let type = "image/png"; let purpose = "any maskable" }
        struct Manifest: Encodable {
            let name: String
            let shortName: String
            let startUrl = "/"
            let scope = "/"
            let display = "standalone"
            let backgroundColor = "#fbfaf7"
            let themeColor = "#2f6f5e"
            let icons: [Icon]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let body = Manifest(name: name, shortName: String(name.prefix(12)),
                            icons: icons.map { Icon(src: SiteURL.appIcon($0.size).path, sizes: "\($0.size)x\($0.size)") })
        return CachedBody((try? encoder.encode(body)) ?? Data(), contentType: "application/manifest+json", modified: started)
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
        for (path, asset) in [(SiteURL.stylesheet.path, Self.stylesheet), (SiteURL.roomScript.path, Self.roomScript),
                              (SiteURL.liveScript.path, Self.liveScript), (SiteURL.zoneScript.path, Self.zoneScript),
                              (SiteURL.nearScript.path, Self.nearScript), (SiteURL.pushScript.path, Self.pushScript)]
            + Self.icons.map({ (SiteURL.appIcon($0.size).path, $0.body) }) {
            router.get(RouterPath(stringLiteral: path)) { request, _ in
                asset.response(to: request, cacheControl: "public, max-age=3600")
            }
        }
        // Browsers look for a new service worker on every visit: never cached, so a fix reaches them.
        router.get(RouterPath(SiteURL.serviceWorker.path)) { request, _ in Self.serviceWorker.response(to: request, cacheControl: "no-cache") }
        let manifest = Self.manifest(name: deps.configuration.instanceName)
        router.get(RouterPath(SiteURL.manifest.path)) { request, _ in manifest.response(to: request, cacheControl: "public, max-age=3600") }
    }
}
