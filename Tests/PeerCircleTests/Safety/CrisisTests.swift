import Foundation
import Testing
@testable import PeerCircle

@Suite struct CrisisTests {
    @Test func crisisPageShowsTheDefaultCountrysLinesAndSaysWhatPeerCircleIsNot() async throws {
        try await TestApp.run { visitor in
            let page = try await visitor.get("/crisis")
            #expect(page.status == .ok)
            #expect(page.text.contains("988"))
            #expect(page.text.contains("Text HOME to 741741"))
            #expect(page.text.contains("1-800-662-4357"))
            #expect(page.text.contains("not a crisis or medical service"))
        }
    }

    @Test func linesFollowTheMembersCountryWithAFallbackForEveryoneElse() async throws {
        try await TestApp.run { client in
            #expect(try await client.get("/crisis?country=CA").text.contains("9-8-8"))
            #expect(try await client.get("/crisis?country=IE").text.contains("116 123"))
            #expect(try await client.get("/crisis?country=AU").text.contains("13 11 14"))
            let elsewhere = try await client.get("/crisis?country=DE")
            #expect(elsewhere.text.contains("findahelpline.com"))
            #expect(elsewhere.text.contains("local emergency number"))
            let api = try await client.api(.get, "/api/v1/crisis-lines?country=gb")
            #expect(try api.jsonArray("lines").first?["contact"] as? String == "116 123")
        }
    }

    @Test func operatorsOverrideLinesWithAFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID()).json")
        try Data("""
        {"US": [{"name": "County Warmline", "method": "call", "contact": "555-0100", "detail": "Peer-run, evenings"}],
         "default": [{"name": "Our intergroup", "method": "web", "contact": "help.example.org", "url": "https://help.example.org"}]}
        """.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try await TestApp.run(configure: { $0.crisisLinesFile = file.path }) { client in
            let us = try await client.get("/crisis")
            #expect(us.text.contains("County Warmline"))
            #expect(!us.text.contains("741741"))
            #expect(try await client.get("/crisis?country=FR").text.contains("Our intergroup"))
            #expect(try await client.get("/crisis?country=CA").text.contains("9-8-8"))
        }
        #expect(throws: ConfigurationError.self) { try CrisisDirectory(file: "/etc/hostname") }
    }
}
