import FluentKit
import Foundation
import HTTPTypes
import PeerCircleClient
import Testing
@testable import PeerCircle

/// Issue 16: applying to a house — the residents' vote (threshold, quorum, deadline, one vote each),
/// the lead's decision, kind declines, and the move-in with the agreement accepted.
@Suite struct HouseApplicationTests {
    /// A Monday.
    static let start = instant("2026-06-15T12:00:00Z")

    /// A house (Oak) with a lead and residents who moved in on 1 June, run as `admission`.
    struct House {
        let id: String
        let admin: Client
        let lead: Client
        let residents: [Client]
    }

    static func house(_ admin: Client, residents names: [String], admission: String = "vote", quorum: String = "50",
                      agreement: String = "We stay sober, share the chores and the costs, and meet on Sundays.") async throws -> House {
        try await admin.join("Ada Admin")
        try await admin.grant(.admin, to: "Ada Admin")
        let lead = admin.another()
        try await lead.join("Lee Lead")
        try await admin.grant(.houseLead, to: "Lee Lead")
        let made = try await admin.post("/houses/new", HouseTests.form("Oak House", area: "Riverside", lead: "Lee Lead"))
        let id = String((made.location ?? "").dropFirst("/houses/".count).prefix(36))
        var residents: [Client] = []
        for name in names {
            let person = admin.another()
            try await person.join(name)
            #expect(try await lead.post("/houses/\(id)/residents", ["pseudonym": name, "moved_in_on": "2026-06-01"]).status == .seeOther)
            residents.append(person)
        }
        let saved = try await lead.post("/houses/\(id)/settings", [
            ("admission", admission), ("threshold", "80"), ("quorum", quorum), ("vote_days", "3"), ("arrears_limit", "100"),
            ("meeting_weekday", "0"), ("relapse_policy", "We talk first: a support conversation, then a plan with a mentor."),
            ("agreement", agreement)])
        #expect(saved.status == .seeOther, "\(saved.text.prefix(600))")
        return House(id: id, admin: admin, lead: lead, residents: residents)
    }

    static func apply(_ person: Client, to house: String, needs: String = "Ninety days sober, working and looking for a home with structure.") async throws -> Reply {
        try await person.post("/houses/\(house)/apply", ["move_in_wanted": "2026-07-01", "needs": needs, "sober_since": "2026-03-01", "on_mat": "yes"])
    }

    static func applicationID(_ client: Client) async throws -> String {
        try #require(try await HouseApplication.query(on: client.database.db).sort(\.$createdAt, .descending).first()).requireID().uuidString.lowercased()
    }

    @Test func residentsVoteOnceEachAndTheApplicantSeesOnlyTheOutcome() async throws {
        let clock = ManualClock(Self.start)
        try await TestApp.run(now: clock) { admin in
            let h = try await Self.house(admin, residents: ["Rae One", "Rae Two", "Rae Three", "Rae Four", "Rae Five"])
            let applicant = admin.another(), outsider = admin.another()
            try await applicant.join("Ana Applicant")
            try await outsider.join("Otto Outsider")
            let sent = try await Self.apply(applicant, to: h.id)
            #expect(sent.location == "/houses/\(h.id)/application?done=applied")
            #expect(try await applicant.get("/houses/\(h.id)/application").text.contains("Your application is with the house"))
            let app = try await Self.applicationID(admin)
            let listed = try await h.residents[0].get("/houses/\(h.id)/applications").text
            #expect(listed.contains("Ana Applicant") && listed.contains("0 of 5 have voted") && listed.contains("Your vote is waiting"))
            // The applicant's words are the house's: not the applicant's to see the votes on, nobody else's at all.
            for person in [applicant, outsider] {
                #expect(try await person.get("/house-applications/\(app)").status == .notFound)
                #expect(try await person.get("/houses/\(h.id)/applications").status == .notFound)
                #expect(try await person.post("/house-applications/\(app)/vote", ["vote": "yes"]).status == .notFound)
            }
            let detail = try await h.residents[0].get("/house-applications/\(app)").text
            #expect(detail.contains("Ninety days sober") && detail.contains("Takes MAT/MOUD") && detail.contains("name=\"vote\""))
            // A resident who moves in after the vote opened does not vote; the quorum was counted without them.
            let newcomer = admin.another()
            try await newcomer.join("Nell Newcomer")
            clock.advance(seconds: 86_400)
            #expect(try await h.lead.post("/houses/\(h.id)/residents", ["pseudonym": "Nell Newcomer", "moved_in_on": "2026-06-16"]).status == .seeOther)
            #expect(try await newcomer.post("/house-applications/\(app)/vote", ["vote": "yes"]).status == .unprocessableContent)
            for resident in h.residents.prefix(4) {
                #expect(try await resident.post("/house-applications/\(app)/vote", ["vote": "yes"]).location == "/house-applications/\(app)?done=voted")
            }
            let twice = try await h.residents[0].post("/house-applications/\(app)/vote", ["vote": "no"])
            #expect(twice.status == .unprocessableContent && twice.text.contains("You have already voted"))
            let nonsense = try await h.residents[4].post("/house-applications/\(app)/vote", ["vote": "maybe"])
            #expect(nonsense.status == .unprocessableContent && nonsense.text.contains("id=\"vote-error\""))
            #expect(try await applicant.get("/houses/\(h.id)/application").text.contains("Your application is with the house"))
            #expect(!(try await applicant.get("/houses/\(h.id)").text.contains("Hidden Lane")))
            // The fifth says no: everyone has voted, so the vote ends now — 4 of 5 is the 80 % the house needs.
            #expect(try await h.residents[4].post("/house-applications/\(app)/vote", ["vote": "no"]).status == .seeOther)
            let outcome = try await applicant.get("/houses/\(h.id)/application").text
            #expect(outcome.contains("has offered you a place") && outcome.contains("version 1") && !outcome.contains("4 yes"))
            #expect(try await applicant.get("/houses/\(h.id)").text.contains("Hidden Lane"))
            #expect(try await h.residents[1].get("/house-applications/\(app)").text.contains("4 yes, 1 no of 5 residents"))
            let votes = try await HouseApplicationVote.query(on: admin.database.db).all()
            #expect(votes.count == 5)
            // Confirming needs the agreement accepted, and a date from today.
            let unticked = try await applicant.post("/houses/\(h.id)/application/confirm", ["move_in_on": "2026-07-01"])
            #expect(unticked.status == .unprocessableContent && unticked.text.contains("id=\"accept-error\""))
            let past = try await applicant.post("/houses/\(h.id)/application/confirm", ["move_in_on": "2026-06-01", "accept": "1"])
            #expect(past.status == .unprocessableContent && past.text.contains("id=\"move_in_on-error\""))
            let confirmed = try await applicant.post("/houses/\(h.id)/application/confirm", ["move_in_on": "2026-07-01", "accept": "1"])
            #expect(confirmed.location == "/houses/\(h.id)?done=move-in-confirmed")
            let ack = try #require(try await HouseAgreementAck.query(on: admin.database.db).with(\.$user).all().first { $0.user.pseudonym == "Ana Applicant" })
            #expect(ack.version == 1 && ack.acknowledgedAt == clock.now)
            // Until the move-in day they are moving in, not living there: the address, not the house's private pages.
            #expect(try await applicant.get("/houses/\(h.id)").text.contains("Hidden Lane"))
            for page in ["residents", "applications", "agreement", "chores", "meetings"] {
                #expect(try await applicant.get("/houses/\(h.id)/\(page)").status == .notFound, "\(page)")
            }
            #expect(try await applicant.post("/houses/\(h.id)/motions", ["motion": "Paint the hall", "majority": "simple"]).status == .notFound)
            clock.set(instant("2026-07-01T08:00:00Z"))
            #expect(try await applicant.get("/houses/\(h.id)/residents").text.contains("Rae Five"))
            #expect(try await applicant.get("/houses/\(h.id)/agreement").text.contains("You have accepted this version"))
            // A new version of the agreement is offered to everyone again.
            let changed = try await h.lead.post("/houses/\(h.id)/settings", [
                ("admission", "vote"), ("threshold", "80"), ("quorum", "50"), ("vote_days", "3"), ("arrears_limit", "100"), ("meeting_weekday", "0"),
                ("relapse_policy", ""), ("agreement", "Version two: guests leave by ten.")])
            #expect(changed.status == .seeOther)
            let asked = try await applicant.get("/houses/\(h.id)/agreement").text
            #expect(asked.contains("has changed since you accepted version 1") && asked.contains("Version two"))
            #expect(try await applicant.post("/houses/\(h.id)/agreement", ["version": "1"]).status == .unprocessableContent)
            #expect(try await applicant.post("/houses/\(h.id)/agreement", ["version": "2"]).location == "/houses/\(h.id)/agreement?done=agreement-accepted")
        }
    }

    @Test func aVoteClosesAtItsDeadlineAndWithoutItsQuorumTheHouseDecidesAgain() async throws {
        let clock = ManualClock(Self.start)
        try await TestApp.run(now: clock) { admin in
            let h = try await Self.house(admin, residents: ["Rae One", "Rae Two", "Rae Three", "Rae Four"])
            let applicant = admin.another()
            try await applicant.join("Ana Applicant")
            #expect(try await Self.apply(applicant, to: h.id).status == .seeOther)
            let app = try await Self.applicationID(admin)
            #expect(try await h.residents[0].post("/house-applications/\(app)/vote", ["vote": "yes"]).status == .seeOther)
            clock.advance(seconds: 3 * 86_400 - 60)
            #expect(try await h.residents[1].get("/house-applications/\(app)").text.contains("1 of 4 have voted"))
            clock.advance(seconds: 61)
            // One of four voted; half were needed.
            #expect(try await h.residents[1].post("/house-applications/\(app)/vote", ["vote": "yes"]).status == .unprocessableContent)
            let closed = try await h.lead.get("/house-applications/\(app)").text
            #expect(closed.contains("without enough votes (1 of 4)") && closed.contains("Hold the vote again"))
            #expect(try await applicant.get("/houses/\(h.id)/application").text.contains("Your application is with the house"))
            #expect(try await h.residents[0].post("/house-applications/\(app)/reopen", [:]).status == .notFound)
            #expect(try await h.lead.post("/house-applications/\(app)/reopen", [:]).status == .seeOther)
            #expect(try await h.residents[0].post("/house-applications/\(app)/vote", ["vote": "yes"]).status == .seeOther)
            #expect(try await h.residents[1].post("/house-applications/\(app)/vote", ["vote": "no"]).status == .seeOther)
            clock.advance(seconds: 3 * 86_400)
            // Quorum met (2 of 4), but 1 yes of 2 is 50 %, short of 80 %.
            let declined = try await applicant.get("/houses/\(h.id)/application").text
            #expect(declined.contains("cannot offer you a place") && declined.contains("did not reach the agreement the house needs")
                    && declined.contains("not a judgment of you") && declined.contains("/houses?vacancy=yes"))
            #expect(!declined.contains("1 yes") && !declined.contains("50 %"))
            // Declined: they may apply again later.
            #expect(try await Self.apply(applicant, to: h.id).status == .seeOther)
        }
    }

    @Test func theLeadDecidesKindlyAndAnApplicationIsSentOnce() async throws {
        try await TestApp.run(now: ManualClock(Self.start)) { admin in
            let h = try await Self.house(admin, residents: ["Rae One"], admission: "lead")
            let applicant = admin.another()
            try await applicant.join("Ana Applicant")
            // Six taps at once: one application.
            let replies = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<6 { group.addTask { try await Self.apply(applicant, to: h.id).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0 == .seeOther }.count == 1 && replies.allSatisfy { [.seeOther, .unprocessableContent, .conflict].contains($0) }, "\(replies)")
            #expect(try await HouseApplication.query(on: admin.database.db).count() == 1)
            let app = try await Self.applicationID(admin)
            let page = try await h.lead.get("/house-applications/\(app)").text
            #expect(page.contains("Waiting for the lead") && page.contains("name=\"accept\"") && !page.contains("name=\"vote\""))
            // A resident sees it, but the lead decides.
            #expect(try await h.residents[0].post("/house-applications/\(app)/decide", ["accept": "yes"]).status == .notFound)
            let noReason = try await h.lead.post("/house-applications/\(app)/decide", ["accept": "no", "reason": "", "note": ""])
            #expect(noReason.status == .unprocessableContent && noReason.text.contains("id=\"reason-error\""))
            let otherEmpty = try await h.lead.post("/house-applications/\(app)/decide", ["accept": "no", "reason": "other", "note": " "])
            #expect(otherEmpty.status == .unprocessableContent && otherEmpty.text.contains("id=\"note-error\""))
            #expect(try await h.lead.post("/house-applications/\(app)/decide", ["accept": "no", "reason": "no_bed", "note": "Please ask again in August."]).status == .seeOther)
            let answer = try await applicant.get("/houses/\(h.id)/application").text
            #expect(answer.contains("There is no bed free for the date you asked for.") && answer.contains("Please ask again in August."))
            #expect(try await h.lead.post("/house-applications/\(app)/decide", ["accept": "yes"]).status == .notFound)
            // An offer, confirmed for a later day, then called off by the applicant: the bed is free again.
            #expect(try await Self.apply(applicant, to: h.id).status == .seeOther)
            let second = try await Self.applicationID(admin)
            #expect(try await h.lead.post("/house-applications/\(second)/decide", ["accept": "yes"]).status == .seeOther)
            let free = try #require(try await SoberHouse.query(on: admin.database.db).filter(\.$name == "Oak House").first()).vacancies
            #expect(try await applicant.post("/houses/\(h.id)/application/confirm", ["move_in_on": "2026-07-01", "accept": "1"]).status == .seeOther)
            #expect(try await SoberHouse.query(on: admin.database.db).filter(\.$name == "Oak House").first()?.vacancies == free - 1)
            #expect(try await applicant.post("/houses/\(h.id)/application/withdraw", [:]).status == .seeOther)
            #expect(try await SoberHouse.query(on: admin.database.db).filter(\.$name == "Oak House").first()?.vacancies == free)
            #expect(try await HouseResident.query(on: admin.database.db).count() == 1)
            // Withdrawing a waiting application.
            #expect(try await Self.apply(applicant, to: h.id).status == .seeOther)
            #expect(try await applicant.post("/houses/\(h.id)/application/withdraw", [:]).status == .seeOther)
            #expect(try await applicant.get("/houses/\(h.id)/application").text.contains("You withdrew your application"))
            #expect(try await applicant.post("/houses/\(h.id)/application/withdraw", [:]).status == .notFound)
            // A resident cannot apply to their own house; bad input is named and kept.
            let own = try await Self.apply(h.residents[0], to: h.id)
            #expect(own.status == .unprocessableContent && own.text.contains("You already live here"))
            let bad = try await applicant.post("/houses/\(h.id)/apply", ["move_in_wanted": "2025-01-01", "needs": "<b>hi", "sober_since": "tomorrow", "on_mat": "perhaps"])
            #expect(bad.status == .unprocessableContent)
            for field in ["move_in_wanted", "needs", "sober_since", "on_mat"] { #expect(bad.text.contains("id=\"\(field)-error\""), "\(field)") }
            #expect(bad.text.contains("&lt;b&gt;hi") && !bad.text.contains("<b>hi"))
        }
    }

    @Test func applicantsWordsAreEscapedWhereverTheHouseReadsThem() async throws {
        try await TestApp.run(now: ManualClock(Self.start)) { admin in
            let h = try await Self.house(admin, residents: ["Rae One"], agreement: "\"><script>alert(1)</script> be kind")
            let applicant = admin.another()
            try await applicant.join("Ana Applicant")
            let hostile = "\"><img src=x onerror=alert(1)> I need a quiet room & a fresh start"
            #expect(try await Self.apply(applicant, to: h.id, needs: hostile).status == .seeOther)
            let app = try await Self.applicationID(admin)
            let page = try await h.residents[0].get("/house-applications/\(app)").text
            #expect(page.contains("&gt;&lt;img src=x onerror=alert(1)&gt; I need a quiet room &amp; a fresh start") && !page.contains("<img src=x"))
            let agreement = try await h.residents[0].get("/houses/\(h.id)/agreement").text
            #expect(!agreement.contains("<script>alert(1)") && agreement.contains("&lt;script&gt;"))
        }
    }
    @Test func anApplicationAndMyMoneyThroughTheAPITellOnlyTheOutcome() async throws {
        try await TestApp.run(now: ManualClock(Self.start)) { admin in
            let h = try await Self.house(admin, residents: ["Rae One", "Rae Two"])
            let applicant = admin.another()
            try await applicant.joinAPI("Api Applicant")
            let path = "/api/v1/houses/\(h.id)/application"
            #expect(try await applicant.api(.get, path).status == .notFound)
            let bad = try await applicant.api(.post, path, json: ["move_in_wanted": "2026-07-01", "needs": "short"])
            #expect(bad.status == .unprocessableContent && bad.errorField == "needs")
            let past = try await applicant.api(.post, path, json: ["move_in_wanted": "2020-01-01", "needs": "Sixty days sober and working."])
            #expect(past.status == .unprocessableContent && past.errorField == "move_in_wanted")
            #expect(try await HouseApplication.query(on: admin.database.db).count() == 0)
            let made = try await applicant.app.api.applyToHouse(path: .init(id: h.id), body: .json(.init(
                moveInWanted: "2026-07-01", needs: "Sixty days sober and working.", onMat: .yes))).created.body.json
            #expect(made.status == .waiting && made.houseId == h.id)
            #expect(try await applicant.api(.post, path, json: ["move_in_wanted": "2026-07-01", "needs": "Sixty days sober and working."]).status
                    == .unprocessableContent)
            for resident in h.residents {
                #expect(try await resident.post("/house-applications/\(made.id)/vote", ["vote": "yes"]).status == .seeOther)
            }
            let offered = try await applicant.app.api.getMyHouseApplication(path: .init(id: h.id)).ok.body.json
            #expect(offered.status == .offered && offered.declineReason == nil)
            let raw = try await applicant.api(.get, path).text
            #expect(!raw.contains("yes_votes") && !raw.contains("electorate") && !raw.contains("voting"))
            // Money: the resident's own lines; anyone else 404.
            #expect(try await applicant.api(.get, "/api/v1/houses/\(h.id)/money").status == .notFound)
            let resident = admin.another()
            try await resident.joinAPI("Api Resident")
            #expect(try await h.lead.post("/houses/\(h.id)/residents", ["pseudonym": "Api Resident", "moved_in_on": "2026-06-01"]).status == .seeOther)
            #expect(try await h.lead.post("/houses/\(h.id)/bills", ["month": "2026-06", "what": "Rent", "amount": "90"]).status == .seeOther)
            let money = try await resident.app.api.getMyHouseMoney(path: .init(id: h.id)).ok.body.json
            #expect(money.balance == 3_000 && money.currency == "USD" && money.lines.map(\.days) == [30] && money.lines.map(\.what) == ["Rent"])
        }
    }
}
