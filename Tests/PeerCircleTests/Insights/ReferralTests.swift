import FluentKit
import Foundation
import Testing
@testable import PeerCircle

@Suite struct ReferralTests {
    static let header = "name,type,area,languages,cost,telehealth,phone,website,email,address,description\n"
    static let good = header + """
    Harbour Counselling,therapy,Brighton,"English, Polish",Sliding scale,yes,+44 1273 000000,https://harbour.example.org,,,"Counselling for people in recovery, and ""their"" families"
    Bridge MOUD Clinic,moud,Hove,English,NHS,no,01273 111111,,,"1 Bridge St, Hove",Buprenorphine and methadone
    Naloxone Point,harm_reduction,Brighton,English,Free,no,,https://naloxone.example.org,,,
    """

    @Test func csvParsesQuotesCommasLineBreaksAndApostrophes() throws {
        let rows = try CSVText.rows("\u{FEFF}a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",'+44 1,x\n\n")
        #expect(rows.count == 2)
        #expect(rows.first?.cells == ["a", "b, c", "say \"hi\""])
        #expect(rows.last?.cells == ["two\nlines", "+44 1", "x"])
        #expect(rows.last?.line == 2)
        #expect(throws: CSVText.BadFile.self) { try CSVText.rows("a,\"open\n") }
        // What `field` writes reads back the same, formula characters included.
        let values = ["=SUM(A1)", "+44", "-", "@x", "plain", "quote \" inside", "comma, inside"]
        let line = CSVText.line(values)
        #expect(try CSVText.rows(line).first?.cells == values)
        #expect(line.hasPrefix("\"'=SUM(A1)\""))
    }

    @Test func anImportReportsAndASecondImportChangesNothingAndExportRoundTrips() async throws {
        try await TestApp.run { admin in
            try await admin.join("Operator")
            try await admin.grant(.admin, to: "Operator")
            var page = try await admin.post("/admin/referrals/import", [("csv", Self.good)])
            #expect(page.status == .ok && page.text.contains("Created 3, updated 0, unchanged 0."))
            page = try await admin.post("/admin/referrals/import", [("csv", Self.good)])
            #expect(page.text.contains("Created 0, updated 0, unchanged 3."))
            let csv = try await admin.get("/admin/referrals.csv")
            #expect(csv.status == .ok && csv.text.hasPrefix("\"name\",\"type\""))
            page = try await admin.post("/admin/referrals/import", [("csv", csv.text)])
            #expect(page.text.contains("Created 0, updated 0, unchanged 3."))
            let changed = Self.good.replacingOccurrences(of: "Sliding scale", with: "Free")
            page = try await admin.post("/admin/referrals/import", [("csv", changed)])
            #expect(page.text.contains("Created 0, updated 1, unchanged 2."))
            let stored = try #require(try await Referral.query(on: admin.database.db).filter(\.$name == "Harbour Counselling").first())
            #expect(stored.about == "Counselling for people in recovery, and \"their\" families" && stored.languages == "English, Polish" && stored.telehealth)
        }
    }

    @Test func anInvalidFileChangesNothingAndSaysWhy() async throws {
        try await TestApp.run { admin in
            try await admin.join("Operator")
            try await admin.grant(.admin, to: "Operator")
            _ = try await admin.post("/admin/referrals/import", [("csv", Self.good)])
            let bad = Self.header + """
            New Place,therapy,Lewes,,,,01273 222222,,,,
            Harbour Counselling,therapy,Brighton,,,,,javascript:alert(1),,,
            No Type,,Lewes,,,,,https://x.example.org,,,
            Shouty,therapy,Lewes,,,maybe,0123,,,,
            New Place,therapy,lewes,,,,0123,,,,
            """
            let page = try await admin.post("/admin/referrals/import", [("csv", bad)])
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("Nothing was imported"))
            #expect(page.text.contains("line 3 (Harbour Counselling): website"))
            #expect(page.text.contains("line 4 (No Type): type"))
            #expect(page.text.contains("line 5 (Shouty): telehealth"))
            #expect(page.text.contains("line 6: the same name and area as line 2"))
            #expect(try await Referral.query(on: admin.database.db).count() == 3)
            #expect(try await Referral.query(on: admin.database.db).filter(\.$name == "Harbour Counselling").first()?.website == "https://harbour.example.org")
            let noHeader = try await admin.post("/admin/referrals/import", [("csv", "Just,a,row\n")])
            #expect(noHeader.status == .unprocessableContent && noHeader.text.contains("the header lacks"))
            let unclosed = try await admin.post("/admin/referrals/import", [("csv", Self.header + "\"open,therapy,x\n")])
            #expect(unclosed.text.contains("never closed"))
            #expect(try await Referral.query(on: admin.database.db).count() == 3)
        }
    }

    @Test func membersAndVisitorsFilterTheDirectoryAndHostileTextStaysText() async throws {
        try await TestApp.run { admin in
            try await admin.join("Operator")
            try await admin.grant(.admin, to: "Operator")
            _ = try await admin.post("/admin/referrals/import", [("csv", Self.good)])
            let hostile = try await admin.post("/admin/referrals/new", [("name", "<b>Bold\" onmouseover=\"x"), ("kind", "helpline"), ("area", "Online"),
                                                                     ("phone", "0800 000"), ("website", "https://x.example.org/?a=\"><script>")])
            #expect(hostile.status == .unprocessableContent && hostile.text.contains("Enter a web address"))
            #expect(hostile.text.contains("value=\"&lt;b&gt;Bold&quot; onmouseover=&quot;x\""))
            _ = try await admin.post("/admin/referrals/new", [("name", "<b>Bold\" onmouseover=\"x"), ("kind", "helpline"), ("area", "Online"), ("phone", "0800 000")])
            let visitor = admin.another()
            var page = try await visitor.get("/help")
            #expect(page.status == .ok && page.text.contains("4 services."))
            #expect(!page.text.contains("<b>Bold") && page.text.contains("&lt;b&gt;Bold"))
            page = try await visitor.get("/help?type=moud")
            #expect(page.text.contains("Bridge MOUD Clinic") && !page.text.contains("Harbour Counselling"))
            page = try await visitor.get("/help?language=polish")
            #expect(page.text.contains("Harbour Counselling") && !page.text.contains("Bridge MOUD"))
            page = try await visitor.get("/help?telehealth=yes&area=brighton")
            #expect(page.text.contains("1 of 4 services match."))
            page = try await visitor.get("/help?area=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&type=%22%3E")
            #expect(page.status == .ok && !page.text.contains("<script>alert(1)"))
            // The crisis page and the plan point to it.
            #expect(try await visitor.get("/crisis").text.contains("href=\"/help\""))
        }
    }

    @Test func onlyAdministratorsKeepTheDirectory() async throws {
        try await TestApp.run { admin in
            try await admin.join("Operator")
            try await admin.grant(.admin, to: "Operator")
            _ = try await admin.post("/admin/referrals/import", [("csv", Self.good)])
            let id = try #require(try await Referral.query(on: admin.database.db).first()?.id).uuidString.lowercased()
            let member = admin.another()
            try await member.join()
            for path in ["/admin/referrals", "/admin/referrals/new", "/admin/referrals/\(id)", "/admin/referrals.csv"] {
                #expect(try await member.get(path).status == .notFound, "\(path)")
            }
            for path in ["/admin/referrals/import", "/admin/referrals/new", "/admin/referrals/\(id)", "/admin/referrals/\(id)/delete"] {
                #expect(try await member.post(path, [("csv", Self.header + "X,therapy,Y,,,,1,,,,"), ("name", "X"), ("kind", "therapy"), ("area", "Y"), ("phone", "1")]).status == .notFound, "\(path)")
            }
            #expect(try await Referral.query(on: admin.database.db).count() == 3)
            // Taking one out needs the box ticked; without it the page asks again and nothing changes.
            let unticked = try await admin.post("/admin/referrals/\(id)/delete", [:])
            #expect(unticked.status == .unprocessableContent && unticked.text.contains("Tick the box"))
            #expect(try await Referral.query(on: admin.database.db).count() == 3)
            #expect(try await admin.post("/admin/referrals/\(id)/delete", [("confirm", "yes")]).location == "/admin/referrals?done=referral-deleted")
            #expect(try await Referral.query(on: admin.database.db).count() == 2)
        }
    }
}

/// What an attacker's review found, kept found.
@Suite struct InsightHardeningTests {
    @Test func aQuoteWithACombiningMarkIsStillEscapedEverywhere() async throws {
        #expect(AttributeText.escape("\"\u{301} autofocus") == "&quot;\u{301} autofocus")
        #expect(AttributeText.escape("<\u{301}>") == "&lt;\u{301}&gt;")
        try await TestApp.run { visitor in
            let page = try await visitor.get("/help?area=%22%CC%81%20autofocus%20onfocus%3Dalert(1)%20x%3D")
            #expect(page.status == .ok && !page.text.contains("\"\u{301} autofocus") && page.text.contains("&quot;\u{301} autofocus"))
        }
    }

    @Test func csvIsReadByScalarInOnePass() throws {
        // A comma with a combining mark after it still ends the cell; "=" with one is still a formula.
        #expect(try CSVText.rows("a,\u{301}b\n").first?.cells.count == 2)
        #expect(CSVText.field("=\u{301}1+2").unicodeScalars.starts(with: "\"'=".unicodeScalars))
        // Many quotes inside an unquoted cell: read in one pass (this took minutes when each quote copied the cell).
        let quotes = String(repeating: "\"", count: 200_000)
        #expect(try CSVText.rows("name\nx" + quotes).last?.cells.first?.count == 200_001)
        let cells = try CSVText.rows("name\n\"" + String(repeating: "\"\"", count: 100_000) + "\"\n")
        #expect(cells.last?.cells.first?.count == 100_000)
    }

    @Test func contactsAreOnlyWhatTheySayTheyAre() {
        func problems(_ change: (inout ReferralService.Input) -> Void) -> [String] {
            var input = ReferralService.Input(name: "A", kind: "therapy", area: "B", phone: "0123")
            change(&input)
            do { _ = try ReferralService.validate(input); return [] } catch { return error.fields.map(\.field) }
        }
        #expect(problems { $0.email = "a@b.org?cc=x%40evil.org&body=hi" } == ["email"])
        #expect(problems { $0.email = "help@harbour.example.org" }.isEmpty)
        #expect(problems { $0.phone = "½ Ⅻ ٣" } == ["phone"])
        #expect(problems { $0.website = "https://example.org/a\"\u{301}/onmouseover=alert(1)" } == ["website"])
        #expect(problems { $0.website = "https://exämple.org" } == ["website"])
        #expect(problems { $0.website = "javascript:alert(1)" } == ["website"])
        #expect(problems { $0.kind = "counselling" }.isEmpty)
    }
}
