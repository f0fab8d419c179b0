import FluentKit
import Foundation
import SQLKit
import Testing
import ZIPFoundation
@testable import PeerCircle

@Suite struct ExportRegistryTests {
    /// Every table that holds something of a member's is in the copy or named as left out, with why.
    @Test func everyPersonalTableIsExportedOrDeclaredLeftOut() throws {
        for (table, coverage) in MemberData.registry {
            if case .notPersonal = coverage { continue }
            #expect(MemberData.exports[table] != nil, "table \(table) names a member but MemberData.exports does not say whether a copy includes it")
        }
        for table in MemberData.exports.keys { #expect(MemberData.registry[table] != nil, "\(table) is exported but is no table") }
        for case .file(let file, _) in MemberData.exports.values { #expect(MemberData.fileNotes[file] != nil, "\(file) has no line in the README") }
        for case .notExported(let why) in MemberData.exports.values { #expect(why.count > 10) }
    }
}

@Suite struct DataExportTests {
    static func unzip(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var files: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            files[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return files
    }

    static func ready(_ member: Client, _ id: String) async throws {
        for _ in 0..<100 {
            if try await member.api(.get, "/api/v1/me/exports/\(id)").json()["status"] as? String == "ready" { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the copy was never ready")
    }

    @Test func theCopyHoldsTheMembersDataInEveryAreaAndNothingOfAnyoneElse() async throws {
        let time = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: time) { member in
            try await member.joinBoth("Exporter")
            let mentorProfile = try await member.another().becomeMentor("Export Mentor")
            let friend = member.another(), stranger = member.another()
            try await friend.joinBoth("Export Friend")
            try await stranger.joinBoth("Export Stranger")
            try await member.grant(.mentor, to: "Exporter")
            // Something in every area.
            let clock = try await member.api(.post, "/api/v1/clocks", json: ["kind": "alcohol", "label": "Sober from wine", "started_on": "2026-05-01"])
            _ = try await member.api(.post, "/api/v1/check-ins", json: ["mood": 4, "craving": 2, "sober": "yes", "note": "walked by the sea"])
            _ = try await member.post("/today/pledge", [:])
            _ = try await member.api(.post, "/api/v1/me/assessments", json: ["instrument": "gad7", "answers": [1, 0, 1, 0, 0, 1, 0]])
            _ = try await member.api(.put, "/api/v1/me/recovery-plan", json: ["reasons": ["my sister's wedding"]])
            _ = try await member.api(.put, "/api/v1/me/recovery-plan", json: ["reasons": ["my sister's wedding", "my health"]])
            _ = try await NotificationSupport.write(member, to: "Export Friend", "a word only we share")
            let conversation = try #require(try await Conversation.query(on: member.database.db).first()).requireID().uuidString.lowercased()
            _ = try await friend.api(.post, "/api/v1/conversations/\(conversation)/messages", json: ["body": "a reply to the exporter"])
            _ = try await member.startThread("Exporter's own thread", body: "my first post here")
            _ = try await member.api(.post, "/api/v1/strategies", json: ["title": "Box breathing", "body": "In four, hold four.", "situations": ["anxiety"]])
            _ = try await member.ask(mentorProfile, message: "Could you mentor me?")
            _ = try await member.api(.post, "/api/v1/circle/invitations", json: ["pseudonym": "Export Friend"])
            _ = try await member.api(.post, "/api/v1/grants", json: ["grantee": "Export Friend", "scope": "clock",
                                                                      "item_id": try clock.json()["id"] as? String ?? "", "purpose": "support"])
            // The stranger's own things, which must not appear.
            _ = try await stranger.api(.post, "/api/v1/check-ins", json: ["mood": 1, "craving": 5, "sober": "no", "note": "STRANGER-SECRET-NOTE"])
            _ = try await stranger.api(.post, "/api/v1/clocks", json: ["kind": "alcohol", "label": "STRANGER-CLOCK", "started_on": "2026-01-01"])

            #expect(try await member.api(.post, "/api/v1/me/exports", json: ["password": "wrong"]).errorField == "password")
            let asked = try await member.api(.post, "/api/v1/me/exports", json: ["password": "correct horse"])
            #expect(asked.status == .accepted)
            let id = try #require(try asked.json()["id"] as? String)
            try await Self.ready(member, id)
            let zip = try await member.api(.get, "/api/v1/me/exports/\(id)/download")
            #expect(zip.status == .ok && zip.headers[.contentType] == "application/zip")
            let files = try Self.unzip(Data(zip.body.readableBytesView))
            let expected = Set(MemberData.exports.values.compactMap { if case .file(let f, _) = $0 { "peercircle-data/" + f } else { nil } })
                .union(["peercircle-data/README.txt", "peercircle-data/clocks.csv", "peercircle-data/check-ins.csv"])
            #expect(Set(files.keys) == expected)
            let all = files.values.joined(separator: "\n")
            for words in ["Sober from wine", "walked by the sea", "my sister's wedding", "my health", "a word only we share", "a reply to the exporter",
                          "my first post here", "Box breathing", "Could you mentor me?", "\"gad7\"", "Exporter's own thread"] {
                #expect(all.contains(words), "\(words) is missing")
            }
            for words in ["STRANGER-SECRET-NOTE", "STRANGER-CLOCK", "$2b$", "password_hash", "token_hash", "unsubscribe_key"] {
                #expect(!all.contains(words), "\(words) is in the copy")
            }
            #expect(files["peercircle-data/check-ins.csv"]?.hasPrefix("\"local_date\",\"mood\",\"craving\",\"sober\",\"safe\",\"triggers\",\"tags\",\"gratitude\",\"note\"\r\n") == true)
            #expect(files["peercircle-data/check-ins.csv"]?.contains("walked by the sea") == true)
            #expect(files["peercircle-data/clocks.csv"]?.contains("\"Sober from wine\",\"alcohol\",\"2026-05-01\"") == true)
            let plan = try #require(try JSONSerialization.jsonObject(with: Data((files["peercircle-data/plan.json"] ?? "").utf8)) as? [String: [[String: Any]]])
            #expect((plan["recovery_plan_versions"]?.count ?? 0) >= 1)
            #expect(files["peercircle-data/README.txt"]?.contains("messages.json: Your conversations") == true)
            // Downloaded: a second try works for ten minutes, then the copy is gone from the server.
            #expect(try await member.api(.get, "/api/v1/me/exports/\(id)/download").status == .ok)
            time.advance(seconds: 601)
            try await DataExportService(deps: try NotificationSupport.deps(member, time)).rounds()
            #expect(try await member.api(.get, "/api/v1/me/exports/\(id)/download").status == .notFound)
            #expect(try await DataExport.query(on: member.database.db).count() == 0)
        }
    }

    @Test func onTheWebTheCopyIsToldWhenReadyDownloadedOnceOnlyByItsOwnerAndRateLimited() async throws {
        try await TestApp.run { member in
            try await member.joinBoth("Web Exporter")
            let other = member.another()
            try await other.joinBoth("Not Them")
            #expect(try await member.post("/my/data", ["password": "correct horse"]).location == "/my/data?done=export-requested")
            let row = try #require(try await DataExport.query(on: member.database.db).first())
            let id = try row.requireID().uuidString.lowercased()
            try await Self.ready(member, id)
            // The notification follows the copy's "ready" a moment later.
            var told = false
            for _ in 0..<100 where !told {
                told = try await member.get("/notifications").text.contains("Your copy of your data is ready to download")
                if !told { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(told)
            let page = try await member.get("/my/data").text
            #expect(page.contains("href=\"/my/data/\(id)/download\""))
            #expect(try await other.get("/my/data/\(id)/download").status == .notFound)
            #expect(try await other.api(.get, "/api/v1/me/exports/\(id)").status == .notFound)
            let download = try await member.get("/my/data/\(id)/download")
            #expect(download.status == .ok && download.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"peercircle-data-") == true)
            #expect(download.headers[.cacheControl] == "no-store")
            // Without the password, nothing is asked for.
            let refused = try await member.post("/my/data", ["password": "not it"])
            #expect(refused.status == .unprocessableContent && refused.text.contains("id=\"password-error\""))
            // Three a day.
            for _ in 0..<2 {
                #expect(try await member.post("/my/data", ["password": "correct horse"]).status == .seeOther)
                for pending in try await DataExport.query(on: member.database.db).all() { try await Self.ready(member, try pending.requireID().uuidString.lowercased()) }
            }
            let limited = try await member.post("/my/data", ["password": "correct horse"])
            #expect(limited.status == .tooManyRequests && limited.text.contains("three times today"))
        }
    }
}
