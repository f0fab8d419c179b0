import Crypto
import FluentKit
import Foundation
import SQLKit

/// Web Push for members: the instance's VAPID key, the devices each member turned pushes on for, and
/// the pushes a notification queues for them (sent by `PushRelay`).
struct PushService: Sendable {
    let deps: AppDependencies

    /// Devices one member may have pushes on for; a new one beyond this replaces the oldest.
    static let devicesPerMember = 10

    /// What the service worker gets, encrypted: never more than "open PeerCircle" unless the member
    /// chose previews.
    struct Message: Codable, Sendable, Equatable {
        let title: String
        let body: String
        /// A path on this site the notification opens.
        let url: String
        /// Replaces an earlier notification about the same thing on the phone.
        let tag: String
        let urgent: Bool
    }

    struct Device: Sendable, Equatable {
        let id: UUID
        let device: String
        let createdAt: Date
        let lastPushedAt: Date?
        /// The one the member is using now.
        let current: Bool
    }

    // MARK: the instance's key

    private static let keyName = "vapid"

    /// The VAPID key pair, made on first need (the server makes it at start) and kept in the database,
    /// so every instance sharing it signs with the same key and subscriptions outlive restarts.
    func key() async throws -> P256.Signing.PrivateKey {
        let db = try deps.db
        if let row = try await InstanceKey.query(on: db).filter(\.$name == Self.keyName).first(),
           let raw = Token.data(base64URL: row.value), let key = try? P256.Signing.PrivateKey(rawRepresentation: raw) {
            return key
        }
        // Two instances starting at once: the second insert is ignored and both read the first.
        try await (try db.sql).insert(into: InstanceKey.schema).columns("id", "name", "value", "created_at")
            .values(SQLBind(UUID()), SQLBind(Self.keyName), SQLBind(Token.base64URL(P256.Signing.PrivateKey().rawRepresentation)), SQLBind(deps.now()))
            .ignoringConflicts(with: ["name"]).run()
        guard let row = try await InstanceKey.query(on: db).filter(\.$name == Self.keyName).first(),
              let raw = Token.data(base64URL: row.value) else { throw AppError.notFound }
        return try P256.Signing.PrivateKey(rawRepresentation: raw)
    }

    /// The public half, as browsers take it for `applicationServerKey` (base64url, 65 bytes uncompressed).
    func publicKey() async throws -> String { Token.base64URL(try await key().publicKey.x963Representation) }

    // MARK: devices

    /// Turns pushes on for the device the member is signed in on. The same browser again updates its
    /// keys; a browser another member had turned on moves to this one (one browser, one member).
    @discardableResult
    func subscribe(_ member: Member, endpoint: String, p256dh: String, auth: String) async throws -> Device {
        try check(endpoint: endpoint, p256dh: p256dh, auth: auth).finish()
        let now = deps.now()
        return try await deps.writer.replacing { db in
            let session = try await Session.find(member.sessionID, on: db)
            try await PushSubscription.query(on: db).filter(\.$endpoint == endpoint).delete()
            let row = PushSubscription()
            row.$user.id = member.id
            row.$session.id = member.sessionID
            row.endpoint = endpoint
            row.p256dh = p256dh
            row.auth = auth
            row.device = session?.client ?? "A browser"
            row.createdAt = now
            try await row.create(on: db)
            let all = try await PushSubscription.query(on: db).filter(\.$user.$id == member.id).sort(\.$createdAt, .descending).all()
            for old in all.dropFirst(Self.devicesPerMember) { try await old.delete(on: db) }
            return Device(id: try row.requireID(), device: row.device, createdAt: now, lastPushedAt: nil, current: true)
        }
    }

    /// The browser replaced its subscription (`pushsubscriptionchange` in the service worker): the
    /// device keeps its pushes at the new address. No sign-in is needed — the old subscription's
    /// address and auth secret, which only that browser holds, are the proof; anything else is not found.
    func renew(oldEndpoint: String, oldAuth: String, endpoint: String, p256dh: String, auth: String) async throws {
        let check = check(endpoint: endpoint, p256dh: p256dh, auth: auth)
        // The proof first: without it, nothing is said about the new subscription either.
        guard let device = try await PushSubscription.query(on: deps.db).filter(\.$endpoint == oldEndpoint).first(),
              Token.constantTimeEquals(device.auth, oldAuth) else { throw AppError.notFound }
        try check.finish()
        let id = try device.requireID()
        try await deps.writer.replacing { db in
            try await PushSubscription.query(on: db).filter(\.$endpoint == endpoint).filter(\.$id != id).delete()
            try await PushSubscription.query(on: db).filter(\.$id == id).filter(\.$auth == oldAuth)
                .set(\.$endpoint, to: endpoint).set(\.$p256dh, to: p256dh).set(\.$auth, to: auth).update()
        }
    }

    /// What a browser's subscription must be: an allowed push service, a P-256 key, a 16-byte secret.
    private func check(endpoint: String, p256dh: String, auth: String) -> Validation {
        var check = Validation()
        check.check(PushEndpoint.allowed(endpoint, services: deps.configuration.pushServices), "endpoint",
                    "This browser's push service is not one this server sends to.")
        check.check(Token.data(base64URL: p256dh).map { $0.count == 65 && (try? P256.KeyAgreement.PublicKey(x963Representation: $0)) != nil } ?? false,
                    "p256dh", "The browser's key is not a P-256 public key.")
        check.check(Token.data(base64URL: auth)?.count == 16, "auth", "The browser's auth secret is not 16 bytes.")
        return check
    }

    func devices(of member: Member) async throws -> [Device] {
        try await PushSubscription.query(on: deps.db).filter(\.$user.$id == member.id).sort(\.$createdAt, .descending).all()
            .map { Device(id: try $0.requireID(), device: $0.device, createdAt: $0.createdAt, lastPushedAt: $0.lastPushedAt,
                          current: $0.$session.id == member.sessionID) }
    }

    /// Stops pushes to one of the member's devices; another member's is not found.
    func remove(_ id: UUID, by member: Member) async throws {
        let gone = try await (try deps.db.sql).delete(from: PushSubscription.schema)
            .where("id", .equal, id).where("user_id", .equal, member.id).returning("id").all()
        guard !gone.isEmpty else { throw AppError.notFound }
    }

    // MARK: queueing

    /// Queues the line's push for each of its member's devices, inside the transaction that made it.
    func queue(_ line: MemberNotification, previews: Bool, on db: any Database) async throws {
        let site = deps.configuration.instanceName
        let message = { (tag: String) in
            Message(title: site, body: NotificationWording.pushBody(line.kind, site: site, preview: previews ? line.text : nil),
                    url: line.id.map { SiteURL.notification($0).path } ?? SiteURL.notifications.path, tag: tag, urgent: line.kind.isUrgent)
        }
        try await queue(to: line.$user.id, topic: line.topic, urgent: line.kind.isUrgent, message, on: db)
    }

    /// A push to every device of the member, so they can see pushes work.
    func test(_ member: Member) async throws {
        try await RateLimit.testPushesPerMember.take(member, now: deps.now(), on: deps.db)
        let site = deps.configuration.instanceName
        try await deps.writer.replacing { db in
            try await queue(to: member.id, topic: "test", urgent: false, { tag in
                Message(title: site, body: NotificationWording.pushTest(site: site), url: SiteURL.notificationSettings.path, tag: tag, urgent: false)
            }, on: db)
        }
    }

    private func queue(to user: UUID, topic: String, urgent: Bool, _ message: (String) -> Message, on db: any Database) async throws {
        // Only devices still signed in: a sign-in that lapsed (and was not yet cleared away) gets nothing.
        let devices = try await PushSubscription.query(on: db).filter(\.$user.$id == user)
            .join(Session.self, on: \PushSubscription.$session.$id == \Session.$id).filter(Session.self, \.$expiresAt > deps.now()).all()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for device in devices {
            let id = try device.requireID()
            // The push service sees the Topic header: a hash, different per device, says nothing of the thing.
            let tag = String(Token.base64URL(Data(SHA256.hash(data: Data((id.uuidString + topic).utf8)))).prefix(32))
            let full = message(tag)
            var payload = try encoder.encode(full)
            // A preview too long for one push (a title of many combining marks) goes without it.
            if payload.count > WebPushCrypto.maximumPayload {
                payload = try encoder.encode(Message(title: String(full.title.prefix(60)), body: NotificationWording.pushGeneric(site: full.title),
                                                     url: full.url, tag: tag, urgent: full.urgent))
            }
            let row = PushOutbox()
            row.$subscription.id = id
            row.payload = String(decoding: payload, as: UTF8.self)
            row.urgency = urgent ? "high" : "normal"
            // A call for support is no use a day late; anything else may wait a day for a phone that is off.
            row.ttl = urgent ? 3600 : 24 * 3600
            row.topic = tag
            row.createdAt = deps.now()
            row.attempts = 0
            try await row.create(on: db)
        }
    }
}

/// Which push services this server posts to (`AppConfiguration.pushServices`: by default the
/// browsers' own, Chrome and Edge's FCM, Firefox's, Safari's and Windows'). A member's browser names
/// its endpoint, so without this anyone could make the server send requests into the operator's network.
enum PushEndpoint {
    /// `services` holds host names (the host or any below it, over HTTPS) or whole origins
    /// (`http://127.0.0.1:8799`, matched exactly, for a test service).
    static func allowed(_ endpoint: String, services: [String]) -> Bool {
        // Printable ASCII only, and an authority of letters, digits, dots, hyphens and a port: no
        // userinfo, no percent-escapes (a decoded "%00" would end the host early for the resolver),
        // no brackets. Push services' addresses all look like this.
        guard endpoint.count <= 2048, endpoint.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f }),
              let schemeEnd = endpoint.range(of: "://") else { return false }
        let authority = endpoint[schemeEnd.upperBound...].prefix { !"/?#".contains($0) }
        guard !authority.isEmpty, authority.allSatisfy({ $0.isLetter || $0.isNumber || ".-:".contains($0) }),
              let url = URL(string: endpoint), let origin = WebPushCrypto.audience(of: url), let host = url.host?.lowercased(),
              authority.lowercased().hasPrefix(host) else { return false }
        return services.contains { service in
            let service = service.lowercased()
            if service.contains("://") { return origin == service }
            return url.scheme?.lowercased() == "https" && url.port.map({ $0 == 443 }) ?? true
                && (host == service || host.hasSuffix("." + service))
        }
    }
}
