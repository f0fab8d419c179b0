import Foundation
import Testing
@testable import PeerCircle

/// Issue 11 (parts): the crisis page puts the emergency number first, and stage names are members' words.
@Suite struct FirstHourTests {
    @Test func theCrisisPageLeadsWithTheCountrysEmergencyNumber() async throws {
        try await TestApp.run { visitor in
            let uk = try await visitor.get("/crisis?country=GB").text
            #expect(uk.contains(#"href="tel:999""#))
            #expect(uk.contains("Shout") && uk.contains("85258") && uk.contains("NHS 111"))
            let australia = try await visitor.get("/crisis?country=AU").text
            #expect(australia.contains(#"href="tel:000""#))
            // Emergency first: before the list of lines.
            let us = try await visitor.get("/crisis?country=US").text
            let emergency = try #require(us.range(of: "tel:911"))
            let lifeline = try #require(us.range(of: "988 Suicide"))
            #expect(emergency.lowerBound < lifeline.lowerBound)
            let unknown = try await visitor.get("/crisis?country=ZZ").text
            #expect(unknown.contains("local emergency number"))
        }
    }

    @Test func recoveryStagesAreNamedForMembersNotClinicians() async throws {
        try await TestApp.run { member in
            try await member.join()
            let page = try await member.get("/my/stage").text
            for clinical in ["Dismissal", "Patient", "Client", "precontemplation", "contemplation"] {
                #expect(!page.contains(clinical), "\(clinical) shown to a member")
            }
            #expect(page.contains("Just looking") && page.contains("Starting out") && page.contains("Building my recovery"))
        }
    }
}
