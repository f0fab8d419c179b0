import Crypto
import Foundation

/// The two pieces of cryptography Web Push needs, with nothing else in them: encrypting a message
/// for one browser (RFC 8291, `aes128gcm` content coding of RFC 8188) and the VAPID token that tells
/// the push service which server sends it (RFC 8292, an ES256 JSON Web Token). Pure: the keys, the
/// salt and the clock come in, so the RFC's own example can check it byte for byte.
enum WebPushCrypto {
    enum Failure: Error, Equatable { case badKey, badSecret, tooLong }

    /// The push services' limit for the encrypted body is 4 096 bytes; one record of that size holds
    /// this much text after the header, the padding delimiter and the tag.
    static let maximumPayload = 3_993

    /// A message for the browser that holds `userAgentKey` (its `p256dh`, 65 bytes) and `authSecret`
    /// (16 bytes), from a key made for this message only (`serverKey`) and a random 16-byte `salt`.
    static func encrypt(_ plaintext: Data, userAgentKey: Data, authSecret: Data,
                        serverKey: P256.KeyAgreement.PrivateKey = .init(), salt: Data = randomBytes(16)) throws(Failure) -> Data {
        guard plaintext.count <= maximumPayload else { throw .tooLong }
        guard authSecret.count == 16, salt.count == 16 else { throw .badSecret }
        guard userAgentKey.count == 65, let browser = try? P256.KeyAgreement.PublicKey(x963Representation: userAgentKey),
              let shared = try? serverKey.sharedSecretFromKeyAgreement(with: browser) else { throw .badKey }
        let serverPublic = serverKey.publicKey.x963Representation
        // RFC 8291 §3.3–3.4: the browser's auth secret mixes into the shared secret first…
        let keyInfo = Data("WebPush: info".utf8) + [0] + userAgentKey + serverPublic
        let ikm = shared.hkdfDerivedSymmetricKey(using: SHA256.self, salt: authSecret, sharedInfo: keyInfo, outputByteCount: 32)
        // …then RFC 8188 §2.2–2.3 draws the content key and the nonce from it with the salt.
        let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: Data("Content-Encoding: aes128gcm".utf8) + [0], outputByteCount: 16)
        let nonce = HKDF<SHA256>.deriveKey(inputKeyMaterial: ikm, salt: salt, info: Data("Content-Encoding: nonce".utf8) + [0], outputByteCount: 12)
        // One record, the last: the text, then the delimiter 0x02 (no padding).
        guard let sealed = try? AES.GCM.seal(plaintext + [2], using: key, nonce: try AES.GCM.Nonce(data: nonce.withUnsafeBytes { Data($0) })) else {
            throw .badKey
        }
        // Header: salt, record size (4 096, big-endian), key id length, key id = the server's public key.
        let recordSize: [UInt8] = [0, 0, 0x10, 0]
        return salt + recordSize + [UInt8(serverPublic.count)] + serverPublic + sealed.ciphertext + sealed.tag
    }

    /// `Authorization: vapid t=…, k=…` for a request to `endpoint`, good for twelve hours.
    static func vapid(endpoint: URL, key: P256.Signing.PrivateKey, subject: String?, now: Date) throws(Failure) -> String {
        guard let audience = audience(of: endpoint) else { throw .badKey }
        struct Claims: Encodable { let aud: String; let exp: Int; let sub: String? }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let body = try? encoder.encode(Claims(aud: audience, exp: Int(now.timeIntervalSince1970) + 12 * 3600, sub: subject)) else { throw .badKey }
        let input = Token.base64URL(Data(#"{"typ":"JWT","alg":"ES256"}"#.utf8)) + "." + Token.base64URL(body)
        guard let signature = try? key.signature(for: Data(input.utf8)) else { throw .badKey }
        // JWS wants the raw 64-byte r‖s, not DER.
        return "vapid t=\(input).\(Token.base64URL(signature.rawRepresentation)), k=\(Token.base64URL(key.publicKey.x963Representation))"
    }

    /// The origin the token is for: scheme, host and a port other than the scheme's own.
    static func audience(of url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty else { return nil }
        let port = url.port.flatMap { ($0 == 443 && scheme == "https") || ($0 == 80 && scheme == "http") ? nil : $0 }
        return "\(scheme)://\(host)" + (port.map { ":\($0)" } ?? "")
    }

    static func randomBytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
