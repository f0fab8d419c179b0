import Crypto
import FluentKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PeerCircle

/// A push service on loopback: records each POST and answers what the test chose for its path.
actor PushInbox {
    struct Delivery: Sendable {
        let path: String
        let headers: [String: String]
        let body: Data
    }

    private(set) var deliveries: [Delivery] = []
    private var answers: [String: Int] = [:]

    func add(_ delivery: Delivery) -> Int {
        deliveries.append(delivery)
        return answers[delivery.path] ?? 201
    }

    func answer(_ path: String, _ status: Int) { answers[path] = status }

    /// Waits (a few seconds at most) until `count` pushes arrived.
    func wait(for count: Int) async throws -> [Delivery] {
        for _ in 0..<100 where deliveries.count < count { try await Task.sleep(for: .milliseconds(50)) }
        return deliveries
    }
}

enum PushSupport {
    typealias S = NotificationSupport

    /// A browser's side of a subscription: its key pair and auth secret.
    struct Browser: Sendable {
        private let raw = P256.KeyAgreement.PrivateKey().rawRepresentation
        var key: P256.KeyAgreement.PrivateKey { (try? P256.KeyAgreement.PrivateKey(rawRepresentation: raw)) ?? .init() }
        let auth = WebPushCrypto.randomBytes(16)
        let endpoint: String
        var p256dh: String { Token.base64URL(key.publicKey.x963Representation) }

        func read(_ delivery: PushInbox.Delivery) throws -> [String: Any] {
            let plain = try PushReader.decrypt(delivery.body, key: key, auth: auth)
            return try #require(try JSONSerialization.jsonObject(with: plain) as? [String: Any])
        }
    }

    /// Runs `body` with a push service on loopback and an app allowed to post to it.
    static func run(now clock: ManualClock = ManualClock(instant("2026-06-15T16:00:00Z")), instanceName: String? = nil,
                    _ body: @escaping @Sendable (Client, PushInbox, String) async throws -> Void) async throws {
        let inbox = PushInbox()
        let router = Router()
        router.post("/push/:device") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let status = await inbox.add(.init(path: request.uri.path, headers: headers, body: Data(bytes.readableBytesView)))
            return Response(status: .init(code: status))
        }
        let service = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await service.test(.live) { pushClient in
            let origin = "http://127.0.0.1:\(try #require(pushClient.port))"
            try await TestApp.run(now: clock, configure: { configuration in
                S.configure(&configuration)
                configuration.pushServices = [origin]
                if let instanceName { configuration.instanceName = instanceName }
            }) { client in try await body(client, inbox, origin) }
        }
    }

    static func relay(_ client: Client, _ clock: ManualClock, origin: String) throws -> PushRelay {
        PushRelay(deps: try S.deps(client, clock, pushServices: [origin]))
    }

    /// Turns pushes on from the settings page, as push.js does.
    @discardableResult
    static func subscribe(_ client: Client, _ browser: Browser) async throws -> Reply {
        try await client.post("/settings/push", [("endpoint", browser.endpoint), ("p256dh", browser.p256dh), ("auth", Token.base64URL(browser.auth))])
    }

    /// The outbox empties soon (a push leaves it just after its service answered).
    static func outboxEmpties(_ client: Client) async throws -> Bool {
        for _ in 0..<40 where try await PushOutbox.query(on: client.database.db).count() > 0 { try await Task.sleep(for: .milliseconds(50)) }
        return try await PushOutbox.query(on: client.database.db).count() == 0
    }

    static func subscriptions(_ client: Client) async throws -> [PushSubscription] {
        try await PushSubscription.query(on: client.database.db).with(\.$user).all()
    }
}

@Suite struct PushTests {
    typealias S = NotificationSupport
    typealias P = PushSupport

    @Test func aMessageRequestPushesEncryptedSignedAndSayingNothingOfItself() async throws {
        let clock = ManualClock(instant("2026-06-15T16:00:00Z"))
        try await P.run(now: clock) { reader, inbox, origin in
            try await S.join(reader, "Reader", email: "reader@example.org")
            let browser = P.Browser(endpoint: origin + "/push/reader")
            // The page carries the instance's key for the browser, the same the API gives.
            let page = try await reader.get("/settings/notifications")
            let key = try #require(try await reader.api(.get, "/api/v1/push/key").json()["public_key"] as? String)
            #expect(page.text.contains("data-key=\"\(key)\"") && page.text.contains("Turn on pushes on this device") && page.text.contains("/assets/push.js"))
            let on = try await P.subscribe(reader, browser)
            #expect(on.status == .seeOther && on.location?.contains("push-on") == true, "\(on.text.prefix(300))")
            #expect(try await reader.get("/settings/notifications").text.contains("(this device)"))

            let writer = try await S.writer(reader, "Writer")
            _ = try await S.write(writer, to: "Reader", "my relapse last night")
            try await P.relay(reader, clock, origin: origin).drain()
            let delivered = try await inbox.wait(for: 1)
            let push = try #require(delivered.first)
            #expect(delivered.count == 1 && push.path == "/push/reader")
            #expect(push.headers["content-encoding"] == "aes128gcm" && push.headers["ttl"] == "86400" && push.headers["urgency"] == "normal")
            let topic = try #require(push.headers["topic"])
            #expect(topic.count == 32 && topic.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            let (claims, sentKey) = try PushReader.vapid(try #require(push.headers["authorization"]))
            #expect(claims["aud"] as? String == origin && claims["sub"] as? String == S.site && sentKey == key)

            let message = try browser.read(push)
            let line = try #require(try await S.lines(reader, "Reader").first)
            #expect(message["title"] as? String == "PeerCircle")
            #expect(message["body"] as? String == NotificationWording.pushBody(.messageRequest, site: "PeerCircle", preview: nil))
            #expect(message["url"] as? String == "/notifications/\(try line.requireID().uuidString.lowercased())")
            #expect(message["urgent"] as? Bool == false && message["tag"] as? String == topic)
            let text = String(decoding: try PushReader.decrypt(push.body, key: browser.key, auth: browser.auth), as: UTF8.self)
            #expect(!text.contains("Writer") && !text.contains("relapse"))
            // Sent, so gone from the outbox; the device shows when it last got one.
            #expect(try await P.outboxEmpties(reader))
            #expect(try await P.subscriptions(reader).first?.lastPushedAt != nil)
        }
    }

    @Test func previewsSayWhatItIsAndACallForSupportIsUrgentAndShortLived() async throws {
        let clock = ManualClock(instant("2026-06-15T16:00:00Z"))
        try await P.run(now: clock) { reader, inbox, origin in
            try await S.join(reader, "Reader")
            let browser = P.Browser(endpoint: origin + "/push/r")
            try await P.subscribe(reader, browser)
            let saved = try await reader.api(.put, "/api/v1/me/notification-settings",
                                             json: ["channels": [[String: String]](), "daily_digest": false, "digest_hour": 8, "urgent_through_quiet": false, "push_previews": true])
            #expect(try saved.status == .ok && (saved.json()["push_previews"] as? Bool) == true, "\(saved.text)")
            // A PUT that leaves previews out keeps them.
            let kept = try await reader.api(.put, "/api/v1/me/notification-settings",
                                            json: ["channels": [[String: String]](), "daily_digest": false, "digest_hour": 9, "urgent_through_quiet": false])
            #expect((try kept.json()["push_previews"] as? Bool) == true)
            let writer = try await S.writer(reader, "Writer")
            _ = try await S.write(writer, to: "Reader", "hello")
            let readerID = try #require(try await S.lines(reader, "Reader").first?.$user.id)
            try await S.service(reader, clock).notify([readerID], .init(kind: .sosAlert, text: "Writer asks for support", link: .sos, topic: "alert:1"))
            try await P.relay(reader, clock, origin: origin).drain()
            let delivered = try await inbox.wait(for: 2)
            #expect(delivered.count == 2)
            let messages = try delivered.map { try browser.read($0) }
            let request = try #require(messages.first { $0["urgent"] as? Bool == false })
            #expect((request["body"] as? String)?.contains("Writer") == true, "previews name the writer, as the centre does")
            let urgent = try #require(delivered.first { $0.headers["urgency"] == "high" })
            #expect(urgent.headers["ttl"] == "3600")
            #expect(try browser.read(urgent)["urgent"] as? Bool == true)
        }
    }

    @Test func quietHoursAndChannelsDecideWhetherAPushIsQueuedAtAll() async throws {
        let clock = ManualClock(instant("2026-06-15T16:00:00Z"))  // noon in New York
        try await P.run(now: clock) { reader, inbox, origin in
            try await S.join(reader, "Reader", email: "reader@example.org")
            try await P.subscribe(reader, P.Browser(endpoint: origin + "/push/r"))
            let readerID = try #require(try await User.query(on: reader.database.db).first()?.requireID())
            let service = try S.service(reader, clock)
            // Waiting or already sent (the server's own relay may send it meanwhile). The outbox is read
            // first: a push leaves it only after the service took it, so none is missed or counted twice.
            func queued() async throws -> Int {
                let waiting = try await PushOutbox.query(on: reader.database.db).all().map(\.topic)
                return Set(waiting).union(await inbox.deliveries.compactMap { $0.headers["topic"] }).count
            }
            func settings(_ fields: [(String, String)]) async throws {
                var all = NotificationKind.allCases.map { ("channel_\($0.rawValue)", $0.defaultChannel.rawValue) }
                all.append(("digest_hour", "8"))
                for (name, value) in fields { all.removeAll { $0.0 == name }; all.append((name, value)) }
                let reply = try await reader.post("/settings/notifications", all)
                #expect(reply.status == .seeOther, "\(reply.text.prefix(500))")
            }
            // Replies stay in the centre by default: no push.
            try await service.notify([readerID], .init(kind: .postReply, text: "A reply", link: .community, topic: "t1"))
            #expect(try await queued() == 0)
            try await settings([("channel_post_reply", "push")])
            try await service.notify([readerID], .init(kind: .postReply, text: "A reply", link: .community, topic: "t2"))
            #expect(try await queued() == 1)
            try await settings([("channel_post_reply", "email")])
            try await service.notify([readerID], .init(kind: .postReply, text: "A reply", link: .community, topic: "t3"))
            #expect(try await queued() == 1)
            // Quiet hours around now: nothing is pushed, a call for support only when chosen.
            try await settings([("channel_post_reply", "push"), ("quiet_start", "11:00"), ("quiet_end", "13:00")])
            try await service.notify([readerID], .init(kind: .postReply, text: "A reply", link: .community, topic: "t4"))
            try await service.notify([readerID], .init(kind: .sosAlert, text: "Help", link: .sos, topic: "a1"))
            #expect(try await queued() == 1)
            try await settings([("channel_post_reply", "push"), ("quiet_start", "11:00"), ("quiet_end", "13:00"), ("urgent_through_quiet", "yes")])
            try await service.notify([readerID], .init(kind: .sosAlert, text: "Help", link: .sos, topic: "a2"))
            #expect(try await queued() == 2)
        }
    }

    @Test func everyKindReachesTheCentreTheMailSinkAndThePushServiceWhenChosen() async throws {
        let clock = ManualClock(instant("2026-06-15T16:00:00Z"))
        try await P.run(now: clock) { reader, inbox, origin in
            try await S.join(reader, "Reader", email: "every@example.org")
            let browser = P.Browser(endpoint: origin + "/push/every")
            try await P.subscribe(reader, browser)
            var fields = NotificationKind.allCases.map { ("channel_\($0.rawValue)", NotificationChannel.emailAndPush.rawValue) }
            fields.append(("digest_hour", "8"))
            #expect(try await reader.post("/settings/notifications", fields).status == .seeOther)
            let readerID = try #require(try await User.query(on: reader.database.db).first()?.requireID())
            let service = try S.service(reader, clock)
            for kind in NotificationKind.allCases {
                try await service.notify([readerID], .init(kind: kind, text: "About \(kind.rawValue)", link: .notifications, topic: "every:\(kind.rawValue)"))
            }
            try await P.relay(reader, clock, origin: origin).drain()
            let delivered = try await inbox.wait(for: NotificationKind.allCases.count)
            #expect(delivered.count == NotificationKind.allCases.count)
            let bodies = try delivered.map { try browser.read($0)["body"] as? String ?? "" }
            // Without previews no push names what it is about.
            #expect(bodies.allSatisfy { !$0.contains("About ") })
            #expect(Set(try await S.lines(reader, "Reader").map(\.kind)) == Set(NotificationKind.allCases))
            #expect(try await S.mail(to: "every@example.org", reader).count == NotificationKind.allCases.count)
        }
    }

    @Test func aGoneDeviceIsForgottenAndABusyServiceIsTriedAgainLater() async throws {
        let clock = ManualClock(instant("2026-06-15T16:00:00Z"))
        try await P.run(now: clock) { reader, inbox, origin in
            try await S.join(reader, "Reader")
            let gone = P.Browser(endpoint: origin + "/push/gone"), busy = P.Browser(endpoint: origin + "/push/busy")
            try await P.subscribe(reader, gone)
            // The second browser signs in as the same member on another device.
            let phone = reader.another()
            _ = try await phone.post("/login", [("pseudonym", "Reader"), ("password", "correct horse")])
            try await P.subscribe(phone, busy)
            #expect(try await P.subscriptions(reader).count == 2)
            await inbox.answer("/push/gone", 410)
            await inbox.answer("/push/busy", 503)
            let readerID = try #require(try await User.query(on: reader.database.db).first()?.requireID())
            try await S.service(reader, clock).notify([readerID], .init(kind: .message, text: "New", link: .messages, topic: "c1"))
            let relay = try P.relay(reader, clock, origin: origin)
            try await relay.drain()
            _ = try await inbox.wait(for: 2)
            // (The server's own relay may be the one that sent them: its answer is written just after.)
            for _ in 0..<40 {
                let retried = try await PushOutbox.query(on: reader.database.db).filter(\.$attempts == 1).count()
                if retried == 1, try await P.subscriptions(reader).count == 1 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let left = try await P.subscriptions(reader)
            #expect(left.map(\.endpoint) == [busy.endpoint], "the gone one is forgotten")
            let waiting = try #require(try await PushOutbox.query(on: reader.database.db).first())
            #expect(waiting.attempts == 1 && (waiting.claimedUntil ?? .distantPast) >= clock.now.addingTimeInterval(29))
            // Not before its time; then the service is back.
            try await relay.drain()
            #expect(await inbox.deliveries.count == 2)
            await inbox.answer("/push/busy", 201)
            clock.advance(seconds: 31)
            try await relay.drain()
            #expect(try await inbox.wait(for: 3).count == 3)
            #expect(try await P.outboxEmpties(reader))
        }
    }

    @Test func aPreviewTooLongForOnePushGoesWithoutItAndALapsedSignInGetsNothing() async throws {
        let clock = ManualClock(instant("2026-06-15T16:00:00Z"))
        try await P.run(now: clock) { reader, inbox, origin in
            try await S.join(reader, "Reader")
            let browser = P.Browser(endpoint: origin + "/push/r")
            try await P.subscribe(reader, browser)
            _ = try await reader.api(.put, "/api/v1/me/notification-settings",
                                     json: ["channels": [[String: String]](), "daily_digest": false, "digest_hour": 8, "urgent_through_quiet": false, "push_previews": true])
            let readerID = try #require(try await User.query(on: reader.database.db).first()?.requireID())
            let service = try S.service(reader, clock)
            // 300 characters of many combining marks each: far more than a push holds.
            let heavy = String(repeating: "e" + String(repeating: "\u{0301}", count: 20), count: 400)
            try await service.notify([readerID], .init(kind: .message, text: heavy, link: .messages, topic: "heavy"))
            try await P.relay(reader, clock, origin: origin).drain()
            let push = try #require(try await inbox.wait(for: 1).first)
            #expect(push.body.count <= 4096)
            #expect(try browser.read(push)["body"] as? String == NotificationWording.pushGeneric(site: "PeerCircle"))
            #expect(try await P.subscriptions(reader).count == 1, "the device is kept")

            // Past the sign-in's life (30 days): the device gets nothing, and housekeeping clears it away.
            clock.advance(seconds: 31 * 86_400)
            try await service.notify([readerID], .init(kind: .message, text: "Later", link: .messages, topic: "later"))
            #expect(try await PushOutbox.query(on: reader.database.db).count() == 0)
            try await housekeeping(try S.deps(reader, clock)).work()
            #expect(try await P.subscriptions(reader).isEmpty)
        }
    }

    @Test func manyAtOnceArePushedEachExactlyOnce() async throws {
        let clock = ManualClock(instant("2026-06-15T16:00:00Z"))
        try await P.run(now: clock) { reader, inbox, origin in
            try await S.join(reader, "Reader")
            let browser = P.Browser(endpoint: origin + "/push/r")
            try await P.subscribe(reader, browser)
            let readerID = try #require(try await User.query(on: reader.database.db).first()?.requireID())
            let service = try S.service(reader, clock)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    group.addTask { try await service.notify([readerID], .init(kind: .message, text: "New \(index)", link: .messages, topic: "c\(index)")) }
                }
                try await group.waitForAll()
            }
            // Three senders at once (as three instances would be): each push goes once.
            let relays = try (0..<3).map { _ in try P.relay(reader, clock, origin: origin) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for relay in relays { group.addTask { try await relay.drain() } }
                try await group.waitForAll()
            }
            let delivered = try await inbox.wait(for: 12)
            try await Task.sleep(for: .milliseconds(300))
            #expect(await inbox.deliveries.count == 12)
            #expect(Set(delivered.compactMap { $0.headers["topic"] }).count == 12)
            let bodies = Set(try delivered.map { try browser.read($0)["url"] as? String ?? "" })
            #expect(bodies.count == 12, "each push leads to its own notification")
        }
    }

    @Test func endpointsAndKeysFromOutsideAreCheckedAndNothingIsStoredWhenWrong() async throws {
        try await P.run { reader, _, origin in
            try await S.join(reader, "Reader")
            let good = P.Browser(endpoint: origin + "/push/r")
            for (endpoint, p256dh, auth, reason) in [
                ("http://169.254.169.254/latest/meta-data", good.p256dh, Token.base64URL(good.auth), "not one this server sends to"),
                (origin + ".evil.example/push", good.p256dh, Token.base64URL(good.auth), "not one this server sends to"),
                (origin + "/push/r", "BAAA", Token.base64URL(good.auth), "not a P-256 public key"),
                (origin + "/push/r", "\"><script>alert(1)</script>", Token.base64URL(good.auth), "not a P-256 public key"),
                (origin + "/push/r", good.p256dh, "short", "not 16 bytes"),
            ] {
                let reply = try await reader.post("/settings/push", [("endpoint", endpoint), ("p256dh", p256dh), ("auth", auth)])
                #expect(reply.status == .unprocessableContent && reply.text.contains("id=\"push-error\"") && reply.text.contains(reason), "\(endpoint) \(p256dh)")
                #expect(!reply.text.contains("<script>alert"))
            }
            #expect(try await P.subscriptions(reader).isEmpty)
            // The API names the field in its own terms.
            let api = [("http://10.0.0.1/x", good.p256dh, Token.base64URL(good.auth), "endpoint"),
                       (origin + "/push/r", "@@", Token.base64URL(good.auth), "keys.p256dh"),
                       (origin + "/push/r", good.p256dh, "", "keys.auth")]
            for (endpoint, p256dh, auth, field) in api {
                let reply = try await reader.api(.post, "/api/v1/me/push-subscriptions", json: ["endpoint": endpoint, "keys": ["p256dh": p256dh, "auth": auth]])
                #expect(reply.status == .unprocessableContent && reply.errorField == field, "\(reply.status) \(reply.text)")
            }
            let missing = try await reader.api(.post, "/api/v1/me/push-subscriptions", json: ["endpoint": origin + "/push/r"])
            #expect(missing.status == .unprocessableContent)
            #expect(try await P.subscriptions(reader).isEmpty)
            let made = try await reader.api(.post, "/api/v1/me/push-subscriptions",
                                            json: ["endpoint": good.endpoint, "expirationTime": NSNull(), "keys": ["p256dh": good.p256dh, "auth": Token.base64URL(good.auth)]])
            #expect(try made.status == .created && (made.json()["current"] as? Bool) == true, "\(made.text)")
        }
    }

    @Test func aBrowserThatReplacedItsSubscriptionMovesItsPushesWithTheOldSecretOnly() async throws {
        let clock = ManualClock(instant("2026-06-15T16:00:00Z"))
        try await P.run(now: clock) { reader, inbox, origin in
            try await S.join(reader, "Reader")
            let old = P.Browser(endpoint: origin + "/push/old"), fresh = P.Browser(endpoint: origin + "/push/new")
            try await P.subscribe(reader, old)
            let before = try #require(try await P.subscriptions(reader).first)
            let visitor = reader.another()
            func renew(_ oldEndpoint: String, _ oldAuth: String, to browser: P.Browser) async throws -> Reply {
                try await visitor.api(.post, "/api/v1/push/renew", json: ["old_endpoint": oldEndpoint, "old_auth": oldAuth, "endpoint": browser.endpoint,
                                                                           "keys": ["p256dh": browser.p256dh, "auth": Token.base64URL(browser.auth)]])
            }
            // Without the old secret, or for an address nobody has: not found, and nothing moves.
            #expect(try await renew(old.endpoint, Token.base64URL(fresh.auth), to: fresh).status == .notFound)
            #expect(try await renew(origin + "/push/nobody", Token.base64URL(old.auth), to: fresh).status == .notFound)
            #expect(try await renew(old.endpoint, "", to: fresh).status == .notFound)
            let elsewhere = P.Browser(endpoint: "http://10.0.0.1/push")
            let refused = try await renew(old.endpoint, Token.base64URL(old.auth), to: elsewhere)
            #expect(refused.status == .unprocessableContent && refused.errorField == "endpoint")
            #expect(try await P.subscriptions(reader).first?.endpoint == old.endpoint)
            // With it: the same device (same sign-in), at the new address with the new keys.
            #expect(try await renew(old.endpoint, Token.base64URL(old.auth), to: fresh).status == .noContent)
            let after = try #require(try await P.subscriptions(reader).first)
            #expect(after.id == before.id && after.$session.id == before.$session.id && after.endpoint == fresh.endpoint)
            #expect(try await renew(old.endpoint, Token.base64URL(old.auth), to: fresh).status == .notFound, "the old secret works once")
            let readerID = try #require(try await User.query(on: reader.database.db).first()?.requireID())
            try await S.service(reader, clock).notify([readerID], .init(kind: .message, text: "New", link: .messages, topic: "c1"))
            try await P.relay(reader, clock, origin: origin).drain()
            let push = try #require(try await inbox.wait(for: 1).first)
            #expect(push.path == "/push/new")
            #expect(try fresh.read(push)["urgent"] as? Bool == false)
        }
    }

    @Test func anotherMemberAVisitorAndASignedOutDeviceGetNothing() async throws {
        try await P.run { reader, _, origin in
            try await S.join(reader, "Reader")
            let browser = P.Browser(endpoint: origin + "/push/shared-phone")
            try await P.subscribe(reader, browser)
            let device = try #require(try await P.subscriptions(reader).first)
            let id = try device.requireID().uuidString.lowercased()
            let other = reader.another()
            try await S.join(other, "Other")
            #expect(try await other.api(.delete, "/api/v1/me/push-subscriptions/\(id)").status == .notFound)
            #expect(try await other.post("/settings/push/\(id)/remove", []).status == .notFound)
            #expect(try await other.api(.get, "/api/v1/me/push-subscriptions").text == "[]")
            #expect(!(try await other.get("/settings/notifications").text.contains("Stop pushes")))
            let visitor = reader.another()
            let anonymous = try await visitor.post("/settings/push", [("endpoint", origin + "/push/v"), ("p256dh", browser.p256dh), ("auth", Token.base64URL(browser.auth))])
            #expect(anonymous.status == .seeOther && anonymous.location?.hasPrefix("/login") == true)
            #expect(try await visitor.api(.get, "/api/v1/push/key").status == .unauthorized)
            #expect(try await P.subscriptions(reader).count == 1)

            // The same browser, now signed in as someone else, belongs to them alone.
            try await P.subscribe(other, browser)
            let now = try await P.subscriptions(reader)
            #expect(now.count == 1 && now.first?.user.pseudonym == "Other")
            // Signing out forgets the device's pushes.
            _ = try await other.post("/logout", [])
            #expect(try await P.subscriptions(reader).isEmpty)
            // Removing one's own: gone, and a second time not found.
            try await P.subscribe(reader, P.Browser(endpoint: origin + "/push/mine"))
            let mine = try #require(try await P.subscriptions(reader).first).requireID().uuidString.lowercased()
            #expect(try await reader.post("/settings/push/\(mine)/remove", []).status == .seeOther)
            #expect(try await reader.api(.delete, "/api/v1/me/push-subscriptions/\(mine)").status == .notFound)
        }
    }

    @Test func theAppInstallsUnderTheOperatorsNameAndATestPushArrives() async throws {
        let clock = ManualClock(instant("2026-06-15T16:00:00Z"))
        try await P.run(now: clock, instanceName: "Harbour \"Friends\"") { reader, inbox, origin in
            let manifest = try await reader.get("/manifest.webmanifest")
            #expect(manifest.headers[.contentType] == "application/manifest+json")
            let json = try manifest.json()
            #expect(json["name"] as? String == "Harbour \"Friends\"" && json["start_url"] as? String == "/" && json["display"] as? String == "standalone")
            for icon in json["icons"] as? [[String: String]] ?? [] {
                let image = try await reader.get(try #require(icon["src"]))
                #expect(image.status == .ok && image.headers[.contentType] == "image/png" && Array(image.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
            }
            #expect((json["icons"] as? [Any])?.count == 2)
            let worker = try await reader.get("/sw.js")
            #expect(worker.status == .ok && worker.headers[.contentType]?.hasPrefix("text/javascript") == true && worker.headers[.cacheControl] == "no-cache")
            #expect(worker.text.contains("showNotification") && !worker.text.contains("caches."), "shows pushes, keeps no copy of pages")
            #expect(try await reader.get("/crisis").text.contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\""))

            try await S.join(reader, "Reader")
            let browser = P.Browser(endpoint: origin + "/push/r")
            try await P.subscribe(reader, browser)
            let tested = try await reader.post("/settings/push/test", [])
            #expect(tested.status == .seeOther && tested.location?.contains("push-tested") == true)
            try await P.relay(reader, clock, origin: origin).drain()
            let push = try #require(try await inbox.wait(for: 1).first)
            let message = try browser.read(push)
            #expect(message["title"] as? String == "Harbour \"Friends\"" && message["body"] as? String == NotificationWording.pushTest(site: "Harbour \"Friends\""))
            for _ in 0..<4 { _ = try await reader.post("/settings/push/test", []) }
            #expect(try await reader.post("/settings/push/test", []).status == .tooManyRequests)
        }
    }
}
