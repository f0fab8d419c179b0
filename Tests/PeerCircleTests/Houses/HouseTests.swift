import FluentKit
import Foundation
import OpenAPIRuntime
import PeerCircleClient
import Testing
@testable import PeerCircle

/// Issue 16, first part: finding a sober living house, and its lead keeping the listing true.
@Suite struct HouseTests {
    static let start = instant("2026-06-15T12:00:00Z")

    static func form(_ name: String, area: String, serves: [String] = ["men"], mat: Bool = false, cost: String = "150",
                     beds: String = "6", vacancies: String = "2", lead: String = "") -> [(String, String)] {
        [("name", name), ("area", area), ("address", "12 Hidden Lane, \(area)"), ("weekly_cost", cost), ("currency", "USD"),
         ("beds", beds), ("vacancies", vacancies), ("rules", "No alcohol or drugs. House meeting on Sundays."),
         ("how_to_apply", "Apply here; residents interview you."), ("lead", lead), ("narr_level", "2")]
            + serves.map { ("serves", $0) } + [("mat", mat ? "welcome" : "not_stated")]
    }

    /// An administrator lists two houses; returns their ids (Oak: men, MAT, 2 free; Elm: women, full).
    static func listTwo(_ admin: Client, lead: String) async throws -> (oak: String, elm: String) {
        let oak = try await admin.post("/houses/new", form("Oak House", area: "Riverside", mat: true, lead: lead))
        #expect(oak.status == .seeOther, "\(oak.text.prefix(400))")
        let elm = try await admin.post("/houses/new", form("Elm House", area: "Hilltop", serves: ["women", "lgbtq"], cost: "220", vacancies: "0"))
        #expect(elm.status == .seeOther)
        let id = { (reply: Reply) in String((reply.location ?? "").dropFirst("/houses/".count).prefix(36)) }
        return (id(oak), id(elm))
    }

    static func userID(_ pseudonym: String, _ client: Client) async throws -> String {
        try #require(try await User.query(on: client.database.db).filter(\.$pseudonym == pseudonym).first()).requireID().uuidString.lowercased()
    }

    @Test func visitorsFindHousesByWhatMattersButNeverTheStreet() async throws {
        try await TestApp.run(now: ManualClock(Self.start)) { admin in
            try await admin.join("Ada Admin")
            try await admin.grant(.admin, to: "Ada Admin")
            let ids = try await Self.listTwo(admin, lead: "")
            let visitor = admin.another()
            let all = try await visitor.get("/houses").text
            #expect(all.contains("Oak House") && all.contains("Elm House"))
            #expect(!all.contains("Hidden Lane"))
            #expect(all.contains("2 of 6 beds free") && all.contains("Full"))
            #expect(all.range(of: "Oak House")?.lowerBound ?? all.endIndex < all.range(of: "Elm House")?.lowerBound ?? all.startIndex)  // a free bed first
            for (query, shows, hides) in [("area=river", "Oak House", "Elm House"), ("serves=women", "Elm House", "Oak House"),
                                          ("mat=yes", "Oak House", "Elm House"), ("vacancy=yes", "Oak House", "Elm House"),
                                          ("max_cost=200", "Oak House", "Elm House"), ("area=HILL", "Elm House", "Oak House")] {
                let page = try await visitor.get("/houses?\(query)").text
                #expect(page.contains(shows) && !page.contains(hides), "\(query)")
            }
            let bad = try await visitor.get("/houses?max_cost=lots&serves=dragons")
            #expect(bad.status == .unprocessableContent && bad.text.contains("id=\"max_cost-error\"") && bad.text.contains("value=\"lots\""))
            let page = try await visitor.get("/houses/\(ids.oak)").text
            #expect(page.contains("Riverside") && !page.contains("Hidden Lane") && page.contains("MAT/MOUD) is welcome"))
            #expect(try await visitor.get("/houses/\(ids.elm)").text.contains("has not said whether residents on MAT/MOUD are welcome"))
            #expect(page.contains("NARR level II"))
            let member = admin.another()
            try await member.joinAPI("Plain Member")
            let json = try await member.api(.get, "/api/v1/houses/\(ids.oak)").json()
            #expect(json["address"] == nil && json["name"] as? String == "Oak House" && json["may_manage"] as? Bool == false)
            let listed = try await member.app.api.listHouses(query: .init(matWelcome: true)).ok.body.json
            #expect(listed.map(\.name) == ["Oak House"] && listed.allSatisfy { $0.address == nil })
            #expect(try await member.app.api.listHouses(query: .init(serves: .women, vacancyNow: true)).ok.body.json.isEmpty)
            #expect(try await member.app.api.listHouses(query: .init(maxWeeklyCost: 20_000)).ok.body.json.map(\.name) == ["Oak House"])
        }
    }

    @Test func aVacancyNotUpdatedForTwoWeeksIsUnknown() async throws {
        let clock = ManualClock(Self.start)
        try await TestApp.run(now: clock) { admin in
            try await admin.join("Ada Admin")
            try await admin.grant(.admin, to: "Ada Admin")
            let lead = admin.another()
            try await lead.join("Lee Lead")
            try await admin.grant(.houseLead, to: "Lee Lead")
            let ids = try await Self.listTwo(admin, lead: "Lee Lead")
            clock.advance(seconds: 15 * 86_400)
            let stale = try await lead.get("/houses").text
            #expect(stale.contains("Vacancy unknown") && !stale.contains("2 of 6 beds free"))
            #expect(!(try await lead.get("/houses?vacancy=yes").text.contains("Oak House")))
            // The lead says it again: known and dated.
            #expect(try await lead.post("/houses/\(ids.oak)/vacancies", ["vacancies": "1"]).status == .seeOther)
            let fresh = try await lead.get("/houses/\(ids.oak)").text
            #expect(fresh.contains("1 of 6 beds free (updated 30 Jun)"))
            let refused = try await lead.post("/houses/\(ids.oak)/vacancies", ["vacancies": "7"])
            #expect(refused.status == .unprocessableContent && refused.text.contains("id=\"vacancies-error\""))
            #expect(try await lead.get("/houses/\(ids.oak)").text.contains("1 of 6 beds free"))
        }
    }

    @Test func onlyItsLeadOrAnAdministratorRunsAHouseAndOnlyItsPeopleSeeWhoLivesThere() async throws {
        try await TestApp.run(now: ManualClock(Self.start)) { admin in
            try await admin.join("Ada Admin")
            try await admin.grant(.admin, to: "Ada Admin")
            let lead = admin.another(), otherLead = admin.another(), resident = admin.another(), second = admin.another(), member = admin.another()
            try await lead.join("Lee Lead")
            try await otherLead.join("Olga Otherlead")
            try await resident.join("Rae Resident")
            try await second.join("Sam Second")
            try await member.join("Mo Member")
            for name in ["Lee Lead", "Olga Otherlead"] { try await admin.grant(.houseLead, to: name) }
            let ids = try await Self.listTwo(admin, lead: "Lee Lead")
            // The lead's name is for the house's own people: a lead usually lives there.
            #expect(!(try await member.get("/houses/\(ids.oak)").text.contains("Lee Lead")))
            #expect(try await admin.get("/houses/\(ids.oak)").text.contains("<dd>Lee Lead</dd>"))
            // The lead records move-ins; a future date or a second move-in is refused.
            for name in ["Rae Resident", "Sam Second"] {
                #expect(try await lead.post("/houses/\(ids.oak)/residents", ["pseudonym": name, "moved_in_on": "2026-06-01"]).status == .seeOther)
            }
            let again = try await lead.post("/houses/\(ids.oak)/residents", ["pseudonym": "Rae Resident", "moved_in_on": "2026-06-02"])
            #expect(again.status == .unprocessableContent && again.text.contains("They already live here."))
            let future = try await lead.post("/houses/\(ids.oak)/residents", ["pseudonym": "Mo Member", "moved_in_on": "2026-07-01"])
            #expect(future.status == .unprocessableContent && future.text.contains("id=\"moved_in_on-error\""))
            #expect(try await resident.get("/houses/\(ids.oak)").text.contains("12 Hidden Lane, Riverside"))
            #expect(try await resident.get("/houses/\(ids.oak)/residents").text.contains("Sam Second"))
            #expect(!(try await resident.get("/houses/\(ids.elm)").text.contains("Hidden Lane")))
            // Everyone else — another lead, a member, a resident, and the lead at a house not theirs: not found, nothing changes.
            let attempts: [(Client, String)] = [(otherLead, ids.oak), (member, ids.oak), (resident, ids.oak), (lead, ids.elm)]
            for (person, house) in attempts {
                #expect(try await person.get("/houses/\(house)/edit").status == .notFound)
                #expect(try await person.post("/houses/\(house)/edit", Self.form("Taken", area: "Elsewhere")).status == .notFound)
                #expect(try await person.post("/houses/\(house)/vacancies", ["vacancies": "0"]).status == .notFound)
                #expect(try await person.post("/houses/\(house)/residents", ["pseudonym": "Mo Member", "moved_in_on": "2026-06-02"]).status == .notFound)
                #expect(try await person.post("/houses/\(house)/residents/move-out",
                                              ["user": try await Self.userID("Sam Second", admin), "moved_out_on": "2026-06-10"]).status == .notFound)
            }
            for person in [otherLead, member] {
                #expect(try await person.get("/houses/\(ids.oak)/residents").status == .notFound)
                #expect(!(try await person.get("/houses/\(ids.oak)").text.contains("Hidden Lane")))
            }
            let residents = try await lead.get("/houses/\(ids.oak)/residents").text
            #expect(residents.contains("Rae Resident") && residents.contains("Sam Second") && !residents.contains("Mo Member"))
            let oak = try await admin.get("/houses/\(ids.oak)").text
            #expect(oak.contains("2 of 6 beds free") && oak.contains("Oak House") && !oak.contains("Taken"))
            #expect(try await member.get("/houses/new").status == .notFound)
            #expect(try await lead.get("/houses/new").status == .notFound)
            let visitor = admin.another()
            #expect(try await visitor.get("/houses/\(ids.oak)/residents").status == .seeOther)  // to log in
            // The lead edits the listing but cannot hand the house to someone else, nor bring back an old count.
            #expect(try await lead.post("/houses/\(ids.oak)/vacancies", ["vacancies": "1"]).status == .seeOther)
            #expect(try await lead.post("/houses/\(ids.oak)/edit", Self.form("Oak House", area: "Riverside North", vacancies: "5", lead: "Olga Otherlead")).status == .seeOther)
            let edited = try await admin.get("/houses/\(ids.oak)").text
            #expect(edited.contains("Riverside North") && edited.contains("<dd>Lee Lead</dd>") && edited.contains("1 of 6 beds free"))
            // A move-out: the reason is the lead's, not the other residents'; the address goes with the stay.
            #expect(try await lead.post("/houses/\(ids.oak)/residents/move-out",
                                        ["user": try await Self.userID("Rae Resident", admin), "moved_out_on": "2026-06-10",
                                         "reason": "Private reason words"]).status == .seeOther)
            #expect(try await lead.get("/houses/\(ids.oak)/residents").text.contains("Private reason words"))
            #expect(!(try await second.get("/houses/\(ids.oak)/residents").text.contains("Private reason words")))
            #expect(!(try await resident.get("/houses/\(ids.oak)").text.contains("Hidden Lane")))
            #expect(try await resident.get("/houses/\(ids.oak)/residents").status == .notFound)
            // Taking the role away takes the house with it.
            #expect(try await admin.post("/admin/roles", ["pseudonym": "Lee Lead", "role": "house_lead", "action": "revoke"]).status == .seeOther)
            try await admin.grant(.houseLead, to: "Lee Lead")
            #expect(try await lead.get("/houses/\(ids.oak)/edit").status == .notFound)
            #expect(!(try await admin.get("/houses/\(ids.oak)").text.contains("<dd>Lee Lead</dd>")))
        }
    }

    /// A move-in sent several times at once makes one stay.
    @Test func aMoveInSentAtOnceIsRecordedOnce() async throws {
        try await TestApp.run(now: ManualClock(Self.start)) { admin in
            try await admin.join("Ada Admin")
            try await admin.grant(.admin, to: "Ada Admin")
            let person = admin.another()
            try await person.join("Rae Resident")
            let ids = try await Self.listTwo(admin, lead: "")
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await admin.post("/houses/\(ids.oak)/residents", ["pseudonym": "Rae Resident", "moved_in_on": "2026-06-01"]).status.code }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 303 }.count == 1 && statuses.allSatisfy { [303, 409, 422].contains($0) }, "\(statuses)")
            let stays = try await HouseResident.query(on: admin.database.db).filter(\.$movedOutOn == nil).count()
            #expect(stays == 1)
        }
    }

    @Test func amountsAreReadAsPeopleWriteThem() {
        let cases: [(String, Int?)] = [("150", 15_000), ("150.5", 15_050), ("12,50", 1_250), ("1,200", 120_000), ("1,200.50", 120_050),
                                       ("1.200,50", 120_050), ("1.234.567", nil), ("1,2,3", nil), ("1.2.3", nil), ("-5", nil), ("12a", nil),
                                       ("100001", nil), (".5", nil), ("5.", nil), ("١٢", nil)]
        for (typed, expected) in cases {
            let read = ClockInput.cents(typed)
            #expect(read == .some(expected) || (expected == nil && read == nil), "\(typed) → \(String(describing: read))")
        }
        #expect(ClockInput.cents("") == .some(nil))
        #expect(Money.plain(minor: 12_050) == "120.50" && Money.plain(minor: 7) == "0.07" && Money.plain(minor: 10_000_000) == "100000.00")
    }

    @Test func badAndHostileInputIsRefusedOrShownAsText() async throws {
        try await TestApp.run(now: ManualClock(Self.start)) { admin in
            try await admin.join("Ada Admin")
            try await admin.grant(.admin, to: "Ada Admin")
            let bad = try await admin.post("/houses/new", [("name", "<b"), ("area", ""), ("address", "x"), ("serves", "dragons"), ("weekly_cost", "-5"),
                                                          ("currency", "XYZ"), ("beds", "0"), ("vacancies", "9"), ("narr_level", "7"), ("lead", "Nobody Here")])
            #expect(bad.status == .unprocessableContent)
            for field in ["name", "area", "address", "serves", "weekly_cost", "currency", "beds", "vacancies", "narr_level"] {
                #expect(bad.text.contains("id=\"\(field)-error\""), "\(field)")
            }
            #expect(bad.text.contains("value=\"&lt;b\""))
            let comma = try await admin.post("/houses/new", Self.form("Birch House", area: "Glen", cost: "1,200"))
            #expect(comma.status == .seeOther)
            #expect(try await admin.get("/houses").text.contains("$1,200.00 a week"))
            let noLead = try await admin.post("/houses/new", Self.form("Pine House", area: "Dale", lead: "Nobody Here"))
            #expect(noLead.status == .unprocessableContent && noLead.text.contains("id=\"lead-error\""))
            #expect(!(try await admin.get("/houses").text.contains("Pine House")))
            let hostile = "\"><script>alert(1)</script>"
            #expect(try await admin.post("/houses/new", Self.form("Safe \(hostile)", area: "Vale \(hostile)")).status == .seeOther)
            for path in ["/houses", "/houses?area=\(hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"] {
                let page = try await admin.get(path).text
                #expect(!page.contains("<script>alert(1)"), "\(path)")
            }
            let listed = try JSONSerialization.jsonObject(with: Data(try await admin.api(.get, "/api/v1/houses").text.utf8)) as? [[String: Any]] ?? []
            #expect(listed.contains { $0["name"] as? String == "Safe \(hostile)" && $0["area"] as? String == "Vale \(hostile)" })
        }
    }

    @Test func theAPIKeepsTheSameRules() async throws {
        try await TestApp.run(now: ManualClock(Self.start)) { admin in
            try await admin.joinAPI("Ada Admin")
            try await admin.grant(.admin, to: "Ada Admin")
            let lead = admin.another(), member = admin.another()
            try await lead.joinAPI("Lee Lead")
            try await admin.grant(.houseLead, to: "Lee Lead")
            try await member.joinAPI("Mo Member")
            let write = Components.Schemas.HouseWrite(
                address: "3 Quiet Road", area: "Harbour", beds: 4, currency: .gbp, howToApply: "Write to us.", lead: "Lee Lead", mat: .welcome,
                name: "Harbour House", narrLevel: 1, rules: "Chores shared.", serves: [.everyone], vacancies: 1, weeklyCost: 12_050)
            guard case .notFound = try await lead.app.api.createHouse(body: .json(write)) else { Issue.record("a lead listed a house"); return }
            guard case .notFound = try await member.app.api.createHouse(body: .json(write)) else { Issue.record("a member listed a house"); return }
            let house = try await admin.app.api.createHouse(body: .json(write)).created.body.json
            #expect(house.weeklyCost == 12_050 && house.address == "3 Quiet Road" && house.lead == "Lee Lead" && house.vacancies == 1)
            var noBeds = write
            noBeds.vacancies = nil
            guard case .unprocessableContent(let missing) = try await admin.app.api.createHouse(body: .json(noBeds)) else {
                Issue.record("a house listed without its beds free"); return
            }
            #expect(try missing.body.json.error.field == "vacancies")
            let seen = try await member.app.api.getHouse(path: .init(id: house.id)).ok.body.json
            #expect(seen.address == nil && seen.lead == nil && seen.mat == .welcome)
            #expect(try await lead.app.api.listHouses(query: .init()).ok.body.json.first?.mayManage == true)
            let set = try await lead.app.api.setHouseVacancies(path: .init(id: house.id), body: .json(.init(vacancies: 0))).ok.body.json
            #expect(set.vacancies == 0 && set.mayManage)
            guard case .unprocessableContent(let tooMany) = try await lead.app.api.setHouseVacancies(path: .init(id: house.id), body: .json(.init(vacancies: 9))) else {
                Issue.record("more free beds than beds"); return
            }
            #expect(try tooMany.body.json.error.field == "vacancies")
            guard case .notFound = try await member.app.api.setHouseVacancies(path: .init(id: house.id), body: .json(.init(vacancies: 1))) else {
                Issue.record("a member set vacancies"); return
            }
            guard case .notFound = try await member.app.api.listHouseResidents(path: .init(id: house.id)) else {
                Issue.record("a member listed the residents"); return
            }
            #expect(try await lead.app.api.listHouseResidents(path: .init(id: house.id)).ok.body.json.isEmpty)
            var changed = write
            changed.lead = "Ada Admin"  // a lead cannot hand the house on
            changed.area = "Harbour East"
            changed.vacancies = 3  // beds free are said on their own
            let updated = try await lead.app.api.updateHouse(path: .init(id: house.id), body: .json(changed)).ok.body.json
            #expect(updated.area == "Harbour East" && updated.lead == "Lee Lead" && updated.vacancies == 0)
            // An administrator's update that leaves lead out keeps it.
            changed.lead = nil
            #expect(try await admin.app.api.updateHouse(path: .init(id: house.id), body: .json(changed)).ok.body.json.lead == "Lee Lead")
            guard case .notFound = try await lead.app.api.getHouse(path: .init(id: UUID().uuidString.lowercased())) else { Issue.record("a house from nowhere"); return }
        }
    }

    @Test func theExampleHousesAreAddedOnce() async throws {
        try await TestApp.run { visitor in
            let writer = Writer(db: try visitor.database.db, gate: nil)
            #expect(try await HouseDemo.seed(writer, now: Date()) == 3)
            #expect(try await HouseDemo.seed(writer, now: Date()) == 0)
            let page = try await visitor.get("/houses?vacancy=yes").text
            #expect(page.contains("Maple House (example)") && page.contains("Cedar House (example)") && !page.contains("Willow House"))
            #expect(!page.contains("Example Street") && !page.contains("Example Lane"))
            // Life in Maple House, and a member who asks to live there sees it from inside.
            let member = visitor.another()
            try await member.join("Demo Tryer")
            let id = try #require(UUID(uuidString: try await Self.userID("Demo Tryer", visitor)))
            let now = instant("2026-06-15T12:00:00Z")  // the test app's clock
            let first = try await HouseDemoLife.seed(writer, now: now, zone: TimeZone(identifier: "UTC") ?? .current, resident: id, unusableHash: "x")
            #expect(first.count == 2)
            #expect(try await HouseDemoLife.seed(writer, now: now, zone: TimeZone(identifier: "UTC") ?? .current, resident: id, unusableHash: "x").isEmpty)
            let house = try #require(try await SoberHouse.query(on: visitor.database.db).filter(\.$name == "Maple House (example)").first()).requireID()
            let path = "/houses/\(house.uuidString.lowercased())"
            let chores = try await member.get(path + "/chores").text
            #expect(chores.contains("Kitchen") && chores.contains("Not yet"))
            #expect(try await member.get(path + "/money").text.contains("Your share still to pay"))
            let ours = try await member.get(path + "/agreement").text
            #expect(ours.contains("Six months sober today") && ours.contains("Please read and accept the agreement") && ours.contains("Treasurer: Bea at Maple"))
            #expect(try await member.get(path + "/meetings").text.contains("Plan a house barbecue"))
            #expect(try await member.get(path).text.contains("Example Street"))
        }
    }
}
