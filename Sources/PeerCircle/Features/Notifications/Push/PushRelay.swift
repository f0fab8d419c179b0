import AsyncHTTPClient
import Crypto
import FluentKit
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import SQLKit

/// Sends waiting pushes to the browsers' push services (RFC 8030), encrypted for each device
/// (RFC 8291) and signed as this instance (RFC 8292). Each push is claimed first, so instances
/// sharing the database send it once; a device its service says is gone is forgotten.
struct PushRelay: Sendable {
    let deps: AppDependencies
    var logger = Logger(label: "peercircle.push")

    /// No redirects (an endpoint must not lead anywhere the allow-list did not say), short timeouts.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(10))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Tries after a failure: 30 s, 1, 2, 4 minutes, then the push is dropped.
    static let attempts = 5

    enum Outcome: Equatable { case sent, gone, dropped, retry }

    /// Sends what is waiting, oldest first. Returns how many the push services took.
    @discardableResult
    func drain(limit: Int = 100) async throws -> Int {
        let now = deps.now()
        let waiting = try await PushOutbox.query(on: deps.db)
            .group(.or) { $0.filter(\.$claimedUntil == nil).filter(\.$claimedUntil < now) }
            .sort(\.$createdAt).limit(limit).with(\.$subscription).all()
        guard !waiting.isEmpty else { return 0 }
        let key = try await PushService(deps: deps).key()
        var sent = 0
        for push in waiting {
            let id = try push.requireID()
            guard try await claim(id, now: now) else { continue }
            // One its TTL outlived is of no use any more (a call for support an hour late).
            let expired = push.createdAt.addingTimeInterval(TimeInterval(push.ttl)) < now
            let outcome: Outcome = if expired { .dropped } else { await send(push, key: key) }
            switch outcome {
            case .sent:
                sent += 1
                try await PushOutbox.query(on: deps.db).filter(\.$id == id).delete()
                try await PushSubscription.query(on: deps.db).filter(\.$id == push.$subscription.id).set(\.$lastPushedAt, to: now).update()
            case .gone:
                // The browser unsubscribed or was reset: its waiting pushes go with it.
                try await PushSubscription.query(on: deps.db).filter(\.$id == push.$subscription.id).delete()
            case .dropped:
                try await PushOutbox.query(on: deps.db).filter(\.$id == id).delete()
            case .retry where push.attempts + 1 >= Self.attempts:
                try await PushOutbox.query(on: deps.db).filter(\.$id == id).delete()
            case .retry:
                let wait = 30.0 * pow(2, Double(push.attempts))
                try await PushOutbox.query(on: deps.db).filter(\.$id == id)
                    .set(\.$attempts, to: push.attempts + 1).set(\.$claimedUntil, to: now.addingTimeInterval(wait)).update()
            }
        }
        return sent
    }

    /// Takes one push for two minutes; false when another instance holds it or it is gone.
    private func claim(_ id: UUID, now: Date) async throws -> Bool {
        let rows = try await (try deps.db.sql).update(PushOutbox.schema).set("claimed_until", to: now.addingTimeInterval(120))
            .where("id", .equal, id)
            .where { $0.where("claimed_until", .is, SQLLiteral.null).orWhere("claimed_until", .lessThan, now) }
            .returning("id").all()
        return !rows.isEmpty
    }

    /// One POST to the device's push service. Logs carry the service's host and status, never the
    /// endpoint (whoever has it can push to the device) nor what the push says.
    func send(_ push: PushOutbox, key: P256.Signing.PrivateKey) async -> Outcome {
        let device = push.subscription
        let host = URL(string: device.endpoint)?.host ?? "?"
        guard PushEndpoint.allowed(device.endpoint, services: deps.configuration.pushServices), let url = URL(string: device.endpoint) else {
            logger.warning("a push service is no longer allowed; the device is forgotten", metadata: ["host": .string(host)])
            return .gone
        }
        guard let userAgentKey = Token.data(base64URL: device.p256dh), let auth = Token.data(base64URL: device.auth),
              let body = try? WebPushCrypto.encrypt(Data(push.payload.utf8), userAgentKey: userAgentKey, authSecret: auth),
              let authorization = try? WebPushCrypto.vapid(endpoint: url, key: key, subject: subject, now: deps.now()) else {
            logger.warning("a push could not be encrypted for its device; the device is forgotten", metadata: ["host": .string(host)])
            return .gone
        }
        var request = HTTPClientRequest(url: device.endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.headers.add(name: "Content-Encoding", value: "aes128gcm")
        request.headers.add(name: "TTL", value: String(push.ttl))
        request.headers.add(name: "Urgency", value: push.urgency)
        request.headers.add(name: "Topic", value: push.topic)
        request.headers.add(name: "Authorization", value: authorization)
        request.body = .bytes(ByteBuffer(bytes: Array(body)))
        do {
            let response = try await Self.client.execute(request, timeout: .seconds(15))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            switch response.status.code {
            case 200..<300: return .sent
            case 404, 410: return .gone
            case 429, 500...: 
                logger.info("a push service asked to try later", metadata: ["host": .string(host), "status": "\(response.status.code)"])
                return .retry
            default:
                logger.warning("a push service refused a push", metadata: ["host": .string(host), "status": "\(response.status.code)"])
                return .dropped
            }
        } catch {
            logger.info("a push service could not be reached; will try again", metadata: ["host": .string(host)])
            return .retry
        }
    }

    /// Who to contact about these pushes (RFC 8292 `sub`): the instance's address, else its sender's.
    private var subject: String? {
        if let url = deps.configuration.publicURL, url.hasPrefix("https://") { return url }
        let from = deps.configuration.mailFrom
        guard let start = from.lastIndex(of: "<"), let end = from.lastIndex(of: ">"), start < end else {
            return from.contains("@") && !from.contains(" ") ? "mailto:" + from : nil
        }
        let address = from[from.index(after: start)..<end]
        return address.contains("@") ? "mailto:" + address : nil
    }
}

/// Every two seconds: pushes waiting to go (a call for support should not wait longer).
struct PushRelayService: Service {
    let relay: PushRelay
    var interval: Duration = .seconds(2)

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await relay.drain() } catch { relay.logger.warning("could not read the push outbox: \(DatabaseErrorText.describe(error))") }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
