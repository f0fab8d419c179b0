import Crypto
import Foundation
import Testing
@testable import PeerCircle

/// What a browser does with a push: the receiving half of RFC 8291, written here to read what the
/// server sends. It is checked against the RFC's own example first, so it is no mirror of the sender.
enum PushReader {
    struct Failure: Error {}

    static func decrypt(_ body: Data, key: P256.KeyAgreement.PrivateKey, auth: Data) throws -> Data {
        let bytes = [UInt8](body)
        guard bytes.count > 21 else { throw Failure() }
        let salt = Data(bytes[0..<16])
        let recordSize = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let idLength = Int(bytes[20])
        guard recordSize == 4096, bytes.count >= 21 + idLength + 17 else { throw Failure() }
        let serverPublic = Data(bytes[21..<(21 + idLength)])
        let sealed = Data(bytes[(21 + idLength)...])
        let shared = try key.sharedSecretFromKeyAgreement(with: .init(x963Representation: serverPublic))
        let ikm = shared.hkdfDerivedSymmetricKey(using: SHA256.self, salt: auth,
                                                 sharedInfo: Data("WebPush: info\0".utf8) + key.publicKey.x963Representation + serverPublic,
                                                 outputByteCount: 32)
        let cek = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: Data("Content-Encoding: aes128gcm\0".utf8), outputByteCount: 16)
        let nonce = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: Data("Content-Encoding: nonce\0".utf8), outputByteCount: 12)
        let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: nonce.withUnsafeBytes { Data($0) }),
                                        ciphertext: sealed.dropLast(16), tag: sealed.suffix(16))
        let plain = [UInt8](try AES.GCM.open(box, using: cek))
        // The last record ends with 0x02 and then only zeros of padding.
        guard let delimiter = plain.lastIndex(where: { $0 != 0 }), plain[delimiter] == 2 else { throw Failure() }
        return Data(plain[..<delimiter])
    }

    /// The claims of a VAPID header, after checking its signature with the key it names.
    static func vapid(_ header: String) throws -> (claims: [String: Any], key: String) {
        guard header.hasPrefix("vapid t="), let comma = header.range(of: ", k=") else { throw Failure() }
        let token = String(header[header.index(header.startIndex, offsetBy: 8)..<comma.lowerBound])
        let key = String(header[comma.upperBound...])
        let parts = token.split(separator: ".").map(String.init)
        guard parts.count == 3, let head = Token.data(base64URL: parts[0]), let body = Token.data(base64URL: parts[1]),
              let signature = Token.data(base64URL: parts[2]), let raw = Token.data(base64URL: key) else { throw Failure() }
        let publicKey = try P256.Signing.PublicKey(x963Representation: raw)
        guard publicKey.isValidSignature(try P256.Signing.ECDSASignature(rawRepresentation: signature), for: Data((parts[0] + "." + parts[1]).utf8)),
              let header = try JSONSerialization.jsonObject(with: head) as? [String: String], header == ["typ": "JWT", "alg": "ES256"],
              let claims = try JSONSerialization.jsonObject(with: body) as? [String: Any] else { throw Failure() }
        return (claims, key)
    }
}

@Suite struct WebPushCryptoTests {
    /// RFC 8291, Appendix A, every value as printed there.
    enum Example {
        static let plaintext = "When I grow up, I want to be a watermelon"
        static let serverPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"
        static let serverPublic = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"
        static let browserPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"
        static let browserPublic = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
        static let salt = "DGv6ra1nlYgDCS1FRnbzlw"
        static let auth = "BTBZMqHH6r4Tts7J_aSIgg"
        static let body = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
    }

    static func data(_ text: String) throws -> Data { try #require(Token.data(base64URL: text)) }

    @Test func encryptingTheRFCsExampleGivesItsBodyByteForByte() throws {
        let server = try P256.KeyAgreement.PrivateKey(rawRepresentation: try Self.data(Example.serverPrivate))
        #expect(Token.base64URL(server.publicKey.x963Representation) == Example.serverPublic)
        let body = try WebPushCrypto.encrypt(Data(Example.plaintext.utf8), userAgentKey: try Self.data(Example.browserPublic),
                                             authSecret: try Self.data(Example.auth), serverKey: server, salt: try Self.data(Example.salt))
        #expect(Token.base64URL(body) == Example.body)
    }

    @Test func theTestsReaderOpensTheRFCsExampleWithTheBrowsersKey() throws {
        let browser = try P256.KeyAgreement.PrivateKey(rawRepresentation: try Self.data(Example.browserPrivate))
        #expect(Token.base64URL(browser.publicKey.x963Representation) == Example.browserPublic)
        let plain = try PushReader.decrypt(try Self.data(Example.body), key: browser, auth: try Self.data(Example.auth))
        #expect(String(decoding: plain, as: UTF8.self) == Example.plaintext)
        // Another browser's key, or another auth secret, opens nothing.
        #expect(throws: (any Error).self) { try PushReader.decrypt(try Self.data(Example.body), key: .init(), auth: try Self.data(Example.auth)) }
        #expect(throws: (any Error).self) { try PushReader.decrypt(try Self.data(Example.body), key: browser, auth: Data(repeating: 1, count: 16)) }
    }

    @Test func everyMessageHasItsOwnKeyAndSaltAndStillOpens() throws {
        let browser = P256.KeyAgreement.PrivateKey(), auth = WebPushCrypto.randomBytes(16)
        let text = Data(#"{"body":"Sam sent you a message <b>&</b> ünïcode 🌱"}"#.utf8)
        let first = try WebPushCrypto.encrypt(text, userAgentKey: browser.publicKey.x963Representation, authSecret: auth)
        let second = try WebPushCrypto.encrypt(text, userAgentKey: browser.publicKey.x963Representation, authSecret: auth)
        #expect(first != second && first.prefix(16) != second.prefix(16))
        #expect(try PushReader.decrypt(first, key: browser, auth: auth) == text)
        #expect(try PushReader.decrypt(second, key: browser, auth: auth) == text)
        // The longest text that fits one 4 096-byte record, and one byte more.
        let longest = Data(repeating: 0x61, count: WebPushCrypto.maximumPayload)
        #expect(try WebPushCrypto.encrypt(longest, userAgentKey: browser.publicKey.x963Representation, authSecret: auth).count == 4096)
        #expect(throws: WebPushCrypto.Failure.tooLong) {
            try WebPushCrypto.encrypt(longest + [0x61], userAgentKey: browser.publicKey.x963Representation, authSecret: auth)
        }
    }

    @Test func keysThatAreNotKeysAreRefused() throws {
        let auth = WebPushCrypto.randomBytes(16), good = P256.KeyAgreement.PrivateKey().publicKey.x963Representation
        var offCurve = good
        offCurve[offCurve.index(before: offCurve.endIndex)] ^= 0x01
        for key in [Data(), Data(repeating: 4, count: 65), offCurve, good.prefix(33), good + [0]] {
            #expect(throws: WebPushCrypto.Failure.badKey) { try WebPushCrypto.encrypt(Data("x".utf8), userAgentKey: key, authSecret: auth) }
        }
        #expect(throws: WebPushCrypto.Failure.badSecret) { try WebPushCrypto.encrypt(Data("x".utf8), userAgentKey: good, authSecret: auth.prefix(15)) }
    }

    @Test func theVAPIDTokenIsSignedForThePushServicesOriginAndExpiresWithinADay() throws {
        let key = P256.Signing.PrivateKey(), now = Date(timeIntervalSince1970: 1_800_000_000)
        for (endpoint, audience) in [("https://fcm.googleapis.com/fcm/send/abc:def", "https://fcm.googleapis.com"),
                                     ("https://Updates.Push.Services.Mozilla.com:443/wpush/v2/x", "https://updates.push.services.mozilla.com"),
                                     ("http://127.0.0.1:8799/push/1?x=y", "http://127.0.0.1:8799")] {
            let header = try WebPushCrypto.vapid(endpoint: try #require(URL(string: endpoint)), key: key, subject: "mailto:ops@example.org", now: now)
            let (claims, sent) = try PushReader.vapid(header)
            #expect(claims["aud"] as? String == audience)
            #expect(claims["sub"] as? String == "mailto:ops@example.org")
            #expect(claims["exp"] as? Int == 1_800_000_000 + 12 * 3600)
            #expect(sent == Token.base64URL(key.publicKey.x963Representation))
            #expect(!header.contains("=") || header.filter { $0 == "=" }.count == 2, "base64url without padding: only t= and k=")
        }
        // Without a subject the claim is absent (not empty); a quote in it cannot break the JSON.
        let bare = try PushReader.vapid(try WebPushCrypto.vapid(endpoint: try #require(URL(string: "https://fcm.googleapis.com/x")), key: key, subject: nil, now: now))
        #expect(bare.claims["sub"] == nil)
        let odd = try PushReader.vapid(try WebPushCrypto.vapid(endpoint: try #require(URL(string: "https://fcm.googleapis.com/x")), key: key,
                                                               subject: "mailto:a\"b\\c@example.org", now: now))
        #expect(odd.claims["sub"] as? String == "mailto:a\"b\\c@example.org")
    }

    @Test func onlyTheAllowedPushServicesAreEverPostedTo() {
        let defaults = AppConfiguration().pushServices
        for endpoint in ["https://fcm.googleapis.com/fcm/send/abc", "https://updates.push.services.mozilla.com/wpush/v2/abc",
                         "https://web.push.apple.com/QGuD", "https://wns2-by3p.notify.windows.com/w/?token=abc"] {
            #expect(PushEndpoint.allowed(endpoint, services: defaults), "\(endpoint)")
        }
        for endpoint in ["http://fcm.googleapis.com/fcm/send/abc", "https://fcm.googleapis.com.evil.example/x", "https://evilfcm.googleapis.com/x",
                         "https://fcm.googleapis.com:8443/x", "https://user:pw@fcm.googleapis.com/x", "https://169.254.169.254/latest/meta-data",
                         "http://127.0.0.1:8080/admin", "file:///etc/passwd", "javascript:alert(1)", "", "fcm.googleapis.com/x",
                         "https://fcm.googleapis.com/" + String(repeating: "a", count: 3000),
                         // Escapes a resolver would read differently from the check: a NUL ends the host early.
                         "https://127.0.0.1%00.fcm.googleapis.com/x", "https://evil%0a.fcm.googleapis.com/x", "https://fcm%2egoogleapis.com/x",
                         "https://x@fcm.googleapis.com/x", "https://[::1]/x", "https://fcm.googleapis.com /x", "https://fcm.googleapis.com\t/x",
                         "https://ﬁcm.googleapis.com/x"] {
            #expect(!PushEndpoint.allowed(endpoint, services: defaults), "\(endpoint)")
        }
        // An origin in the list is matched exactly: scheme, host and port.
        let test = ["http://127.0.0.1:8799"]
        #expect(PushEndpoint.allowed("http://127.0.0.1:8799/push/1", services: test))
        for endpoint in ["http://127.0.0.1:8800/push/1", "https://127.0.0.1:8799/push/1", "http://127.0.0.1/push/1", "http://localhost:8799/push"] {
            #expect(!PushEndpoint.allowed(endpoint, services: test), "\(endpoint)")
        }
    }

    @Test func aPushGoesOutsideQuietHoursOnlyWhenItsChannelSaysSo() throws {
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        let night = instant("2026-06-15T23:30:00Z"), day = instant("2026-06-15T10:00:00Z")  // 01:30 and 12:00 in Berlin
        func choices(_ channel: NotificationChannel, urgent: Bool = false) -> NotificationDelivery.Choices {
            .init(channel: channel, hasEmail: true, quiet: QuietHours(start: 22 * 60, end: 7 * 60), dailyDigest: true, urgentThroughQuiet: urgent, zone: zone)
        }
        #expect(NotificationDelivery.push(for: .message, choices(.push), at: day))
        #expect(NotificationDelivery.push(for: .message, choices(.emailAndPush), at: day))
        #expect(!NotificationDelivery.push(for: .message, choices(.email), at: day))
        #expect(!NotificationDelivery.push(for: .message, choices(.inApp), at: day))
        #expect(!NotificationDelivery.push(for: .message, choices(.push), at: night))
        #expect(!NotificationDelivery.push(for: .sosAlert, choices(.push), at: night))
        #expect(NotificationDelivery.push(for: .sosAlert, choices(.push, urgent: true), at: night))
        #expect(!NotificationDelivery.push(for: .message, choices(.push, urgent: true), at: night))
        // The digest is for email: a push is not held for it.
        #expect(NotificationDelivery.email(for: .message, choices(.emailAndPush), at: day) == .digest)
    }
}
