import FluentKit
import Foundation
import OpenAPIRuntime
import PeerCircleClient
import Testing
@testable import PeerCircle

/// Check-ups, engagement and professional help through the generated client.
@Suite struct InsightAPITests {
    @Test func aMemberTakesCheckUpsAndReadsTheirEngagementThroughTheClient() async throws {
        try await TestApp.run { person in
            try await person.joinAPI("Api Member")
            let app = person.app.api
            let barc = try await app.takeAssessment(body: .json(.init(answers: Array(repeating: 5, count: 10), instrument: .barc10))).created.body.json
            #expect(barc.total == 50 && barc.band == "Strong" && !barc.suggestProfessional && barc.selfHarm == nil && barc.crisisLines == nil)
            var phq = Array(repeating: 2, count: 9)
            phq[8] = 1
            let taken = try await app.takeAssessment(body: .json(.init(answers: phq, difficulty: 2, instrument: .phq9))).created.body.json
            #expect(taken.total == 17 && taken.band == "Moderately severe" && taken.suggestProfessional)
            #expect(taken.selfHarm == true && (taken.crisisLines?.isEmpty == false))
            let mine = try await app.listAssessments().ok.body.json
            #expect(mine.map(\.instrument) == [.barc10, .phq9])
            #expect(try await app.listAssessments(query: .init(instrument: .gad7)).ok.body.json.isEmpty)

            guard case .unprocessableContent(let short) = try await app.takeAssessment(body: .json(.init(answers: [1, 2, 3], instrument: .gad7))) else {
                Issue.record("three answers to a seven-item questionnaire were kept"); return
            }
            #expect(try short.body.json.error.field == "answers")
            let offScale = try await person.api(.post, "/api/v1/me/assessments", json: ["instrument": "gad7", "answers": [0, 0, 0, 0, 0, 0, 5]])
            #expect(offScale.status == .unprocessableContent && offScale.errorField == "answers")
            let unknown = try await person.api(.post, "/api/v1/me/assessments", json: ["instrument": "audit", "answers": [0]])
            #expect(unknown.status == .unprocessableContent || unknown.status == .badRequest)
            #expect(try await app.listAssessments().ok.body.json.count == 2)

            let engagement = try await app.getMyEngagement().ok.body.json
            #expect(engagement.level == .low && engagement.areas.count == 4 && engagement.toRaise.count == 4)

            // Another member sees none of it.
            let other = person.another()
            try await other.joinAPI("Api Other")
            #expect(try await other.app.api.listAssessments().ok.body.json.isEmpty)
            #expect(try await other.api(.get, "/api/v1/me/engagement").status == .ok)
            let visitor = person.another()
            #expect(try await visitor.api(.get, "/api/v1/me/assessments").status == .unauthorized)
        }
    }

    @Test func theDirectoryIsPublicAndOnlyAdministratorsImport() async throws {
        try await TestApp.run { admin in
            try await admin.joinAPI("Api Admin")
            try await admin.grant(.admin, to: "Api Admin")
            let csv = ReferralTests.good
            let report = try await admin.app.api.importReferrals(body: .json(.init(csv: csv))).ok.body.json
            #expect(report.created == 3 && report.updated == 0 && report.unchanged == 0)
            guard case .unprocessableContent(let bad) = try await admin.app.api.importReferrals(
                body: .json(.init(csv: ReferralTests.header + "Only a name,,,,,,,,,,\n"))) else { Issue.record("a bad row was imported"); return }
            let fields = try bad.body.json.error.fields
            #expect(fields.allSatisfy { $0.field == "csv" } && fields.contains { $0.message.contains("line 2 (Only a name): type") })

            let visitor = admin.another()
            let all = try await visitor.app.api.listReferrals().ok.body.json
            #expect(all.count == 3 && all.contains { $0.name == "Bridge MOUD Clinic" && $0._type == .moud })
            #expect(try await visitor.app.api.listReferrals(query: .init(telehealth: true)).ok.body.json.map(\.name) == ["Harbour Counselling"])
            let nonsense = try await visitor.api(.get, "/api/v1/referrals?type=nonsense")
            #expect(nonsense.status == .unprocessableContent && nonsense.errorField == "type", "\(nonsense.status) \(nonsense.text)")

            let member = admin.another()
            try await member.joinAPI("Api Plain")
            let refused = try await member.api(.post, "/api/v1/admin/referral-imports", json: ["csv": csv.replacingOccurrences(of: "Hove", with: "Lewes")])
            #expect(refused.status == .notFound)
            #expect(try await Referral.query(on: admin.database.db).count() == 3)
        }
    }
}
