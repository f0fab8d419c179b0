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

    /// Pushes sent at once (a push service that never answers holds up only its own).
    static let parallel = 8

    /// Sends what is waiting: calls for support first ("high" sorts before "normal"), then oldest
    /// first, several at once. Returns how many the push services took.
    @discardableResult
    func drain(limit: Int = 100) async throws -> Int {
        let now = deps.now()
        let waiting = try await PushOutbox.query(on: deps.db)
            .group(.or) { $0.filter(\.$claimedUntil == nil).filter(\.$claimedUntil < now) }
            .sort(\.$urgency).sort(\.$createdAt).limit(limit).all()
        guard !waiting.isEmpty else { return 0 }
        // Raw bytes cross into the tasks (the key type is not Sendable).
        let key = try await PushService(deps: deps).key().rawRepresentation
        var sent = 0
        for start in stride(from: 0, to: waiting.count, by: Self.parallel) {
            let batch = Array(waiting[start..<min(start + Self.parallel, waiting.count)])
            sent += try await withThrowingTaskGroup(of: Bool.self) { group in
                for push in batch { group.addTask { try await deliver(push, key: key) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
        }
        return sent
    }

    /// Claims one push, sends it to its device as the device is now, and records the answer.
    private func deliver(_ push: PushOutbox, key raw: Data) async throws -> Bool {
        let id = try push.requireID()
        let key = try P256.Signing.PrivateKey(rawRepresentation: raw)
        // Each on its own clock reading: a long batch must not claim with a time already past.
        guard try await claim(id, now: deps.now()),
              let device = try await PushSubscription.find(push.$subscription.id, on: deps.db) else { return false }
        // What is left of its time to live; one that ran out is of no use any more (a call for support an hour late).
        let left = push.ttl - Int(deps.now().timeIntervalSince(push.createdAt))
        let outcome: Outcome = if left <= 0 { .dropped } else { await send(push, to: device, ttl: left, key: key) }
        let now = deps.now()
        switch outcome {
        case .sent:
            try await PushOutbox.query(on: deps.db).filter(\.$id == id).delete()
            try await PushSubscription.query(on: deps.db).filter(\.$id == device.requireID()).set(\.$lastPushedAt, to: now).update()
            return true
        case .gone:
            // The browser unsubscribed or was reset: its waiting pushes go with it.
            try await PushSubscription.query(on: deps.db).filter(\.$id == device.requireID()).delete()
        case .dropped:
            try await PushOutbox.query(on: deps.db).filter(\.$id == id).delete()
        case .retry where push.attempts + 1 >= Self.attempts:
            try await PushOutbox.query(on: deps.db).filter(\.$id == id).delete()
        case .retry:
            let wait = 30.0 * pow(2, Double(push.attempts))
            try await PushOutbox.query(on: deps.db).filter(\.$id == id)
                .set(\.$attempts, to: push.attempts + 1).set(\.$claimedUntil, to: now.addingTimeInterval(wait)).update()
        }
        return false
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
    func send(_ push: PushOutbox, to device: PushSubscription, ttl: Int, key: P256.Signing.PrivateKey) async -> Outcome {
        guard PushEndpoint.allowed(device.endpoint, services: deps.configuration.pushServices), let url = URL(string: device.endpoint) else {
            logger.warning("a device's push service is not (or no longer) allowed; the device is forgotten")
            return .gone
        }
        // Only after the check above: the host is then letters, digits, dots and hyphens.
        let host = url.host ?? "?"
        let body: Data
        do {
            guard let userAgentKey = Token.data(base64URL: device.p256dh), let auth = Token.data(base64URL: device.auth) else { return .gone }
            body = try WebPushCrypto.encrypt(Data(push.payload.utf8), userAgentKey: userAgentKey, authSecret: auth)
        } catch .tooLong {
            return .dropped
        } catch {
            logger.warning("a device's keys do not work; the device is forgotten", metadata: ["host": .string(host)])
            return .gone
        }
        guard let authorization = try? WebPushCrypto.vapid(endpoint: url, key: key, subject: subject, now: deps.now()) else { return .dropped }
        var request = HTTPClientRequest(url: device.endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.headers.add(name: "Content-Encoding", value: "aes128gcm")
        request.headers.add(name: "TTL", value: String(ttl))
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
