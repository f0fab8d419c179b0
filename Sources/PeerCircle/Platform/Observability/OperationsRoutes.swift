import Foundation
import Hummingbird
import Prometheus

/// Health, readiness, metrics and the stylesheet: what operators and browsers fetch, not members.
struct OperationsRoutes: Sendable {
    let deps: AppDependencies
    let metrics: PrometheusCollectorRegistry

    static let stylesheet: String = {
        guard let url = Bundle.module.url(forResource: "site", withExtension: "css", subdirectory: "Resources/Public/css")
            ?? Bundle.module.url(forResource: "site", withExtension: "css"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }()

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
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
        }
        router.get(RouterPath(stringLiteral: SiteURL.stylesheet.path)) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Self.stylesheet)))
        }
    }
}
