import Foundation
import HTTPTypes
import Testing
@testable import PeerCircle

/// Trying one password on many pseudonyms from one place is slowed down too.
@Suite struct LoginThrottleTests {
    static func attempt(_ client: Client, _ pseudonym: String, from address: String?, password: String = "wrong password") async throws -> HTTPResponse.Status {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let address { headers[HTTPField.Name("X-Forwarded-For")!] = "198.51.100.1, \(address)" }
        let body = try String(decoding: JSONSerialization.data(withJSONObject: ["pseudonym": pseudonym, "password": password]), as: UTF8.self)
        return try await client.request(.post, "/api/v1/sessions", headers: headers, body: body).status
    }

    @Test func oneAddressTryingManyNamesIsSlowedButOthersAreNot() async throws {
        try await TestApp.run(configure: { $0.trustedProxies = ["127.0.0.1", "::1"] }, live: true) { client in
            try await client.joinBoth("Target")
            let allowance = 5 * AccountService.addressAllowance
            // Each name is tried once, well under its own limit, but the address adds up.
            for n in 0..<allowance { #expect(try await Self.attempt(client, "name\(n)", from: "203.0.113.7") == .unprocessableContent) }
            #expect(try await Self.attempt(client, "Target", from: "203.0.113.7", password: "correct horse") == .tooManyRequests)
            // Another address, and the member themself, are not held up.
            #expect(try await Self.attempt(client, "Target", from: "203.0.113.8", password: "correct horse") == .created)
        }
    }

    @Test func aForwardedForHeaderFromAnUntrustedPeerIsIgnored() async throws {
        // Only 10.9.9.9 is a trusted proxy: this connection's own address counts, whatever it claims.
        try await TestApp.run(configure: { $0.trustedProxies = ["10.9.9.9"] }, live: true) { client in
            let allowance = 5 * AccountService.addressAllowance
            for n in 0..<allowance { _ = try await Self.attempt(client, "spray\(n)", from: "203.0.113.\(n % 250)") }
            #expect(try await Self.attempt(client, "spray-last", from: "203.0.113.251") == .tooManyRequests)
        }
    }
}
