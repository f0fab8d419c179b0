import FluentKit
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

/// Issue 11: an SOS never promises what did not happen.
@Suite struct HonestSOSTests {
    @Test func withNobodyToReachTheSOSSaysSoAndPutsTheLinesFirst() async throws {
        try await TestApp.run { member in
            try await member.join()
            let confirm = try await member.get("/sos").text
            #expect(confirm.contains("nobody on PeerCircle can be alerted"))
            #expect(confirm.contains("tel:911"))
            let sent = try await member.post("/sos", ["need": "talk", "message": ""])
            let page = try await member.get(try #require(sent.location)).text
            #expect(page.contains("Nobody could be alerted"))
            #expect(!page.contains("on its way") && !page.contains("let the on-call"))
            #expect(page.contains("tel:911") && page.contains("988"))
        }
    }

    @Test func theAlertPageNamesWhoWasToldAndWhoAnswered() async throws {
        try await TestApp.run { asker in
            try await asker.joinBoth("Asker")
            let friend = asker.another()
            try await friend.joinBoth("Friendly")
            _ = try await asker.api(.post, "/api/v1/circle/invitations", json: ["pseudonym": "Friendly"])
            let invitation = try #require(try await CircleMember.query(on: asker.database.db).first())
            let invitationID = try invitation.requireID()
            #expect(try await friend.api(.post, "/api/v1/circle/invitations/\(invitationID.uuidString.lowercased())/accept").status.code < 300)
            #expect(try await asker.get("/sos").text.contains("The 1 person in your circle will be alerted"))
            let sent = try await asker.post("/sos", ["need": "talk", "message": ""])
            let path = try #require(sent.location)
            let page = try await asker.get(path).text
            #expect(page.contains("Friendly in your circle was alerted at"))
            #expect(page.contains("Nobody has answered yet"))
            _ = try await friend.post(path + "/here", [(String, String)]())
            #expect(try await asker.get(path).text.contains("Friendly is here for you"))
        }
    }
}

@Suite struct ZoneNameTests {
    @Test func timeZonesAreShownAsPeopleReadThem() async throws {
        #expect(TimeText.zoneName("America/New_York") == "New York (America)")
        #expect(TimeText.zoneName("America/Argentina/Buenos_Aires") == "Buenos Aires (America, Argentina)")
        #expect(TimeText.zoneName("UTC") == "UTC")
        try await TestApp.run { member in
            try await member.join()
            let settings = try await member.get("/settings").text
            #expect(settings.contains(">New York (America)</option>"))
            #expect(!settings.contains(">America/New_York<"))
        }
    }
}
