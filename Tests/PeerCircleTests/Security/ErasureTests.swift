import FluentKit
import Foundation
import SQLKit
import Testing
@testable import PeerCircle

/// Issue 10: deleting an account erases the member's data in every table.
@Suite struct ErasureTests {
    struct Name: Decodable { let name: String }
    struct Column: Decodable { let name: String }

    static func tables(_ sql: any SQLDatabase) async throws -> [String] {
        if sql.dialect.name == "sqlite" {
            return try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all(decoding: Name.self).map(\.name)
                .filter { !$0.hasPrefix("sqlite_") && !$0.hasPrefix("_fluent") && !$0.hasPrefix("search_fts_") }
        }
        return try await sql.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()")
            .all(decoding: Name.self).map(\.name).filter { !$0.hasPrefix("_fluent") }
    }

    static func columns(_ table: String, _ sql: any SQLDatabase) async throws -> Set<String> {
        if sql.dialect.name == "sqlite" {
            return Set(try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all(decoding: Column.self).map(\.name))
        }
        return Set(try await sql.raw("SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: table)")
            .all(decoding: Column.self).map(\.name))
    }

    @Test func everyTableInTheCatalogueSaysHowErasureCoversIt() async throws {
        try await TestApp.withDatabase { database in
            let sql = try database.sql
            let tables = try await Self.tables(sql)
            #expect(tables.count > 40)
            for table in tables {
                guard let coverage = MemberData.registry[table] else {
                    Issue.record("table \(table) is not in MemberData.registry: decide how deleting an account covers it")
                    continue
                }
                if case .cascade(let columns) = coverage {
                    let present = try await Self.columns(table, sql)
                    for column in columns { #expect(present.contains(column), "\(table).\(column) does not exist") }
                }
            }
        }
    }

    @Test func aDeletedMembersWordsAreGoneFromEveryTable() async throws {
        try await TestApp.run { leaver in
            let response = try await leaver.api(.post, "/api/v1/accounts", json: ["pseudonym": "Leaving Member", "password": "correct horse", "email": "leaver@example.org"])
            leaver.bearer = try response.json()["token"] as? String
            try await leaver.grant(.moderator, to: "Leaving Member")
            let marker = "zebraquartz"
            let thread = try await leaver.startThread("Title \(marker)", body: "opening \(marker)")
            let other = leaver.another()
            _ = try await other.joinAPI()
            _ = try await other.replyTo(thread.thread, "a reply from someone else")
            _ = try await leaver.api(.post, "/api/v1/strategies", json: ["title": "Strategy \(marker)", "body": "body \(marker)", "situations": ["craving"]])
            _ = try await leaver.api(.post, "/api/v1/password-resets", json: ["account": "Leaving Member"])
            let leaverID = try #require(try await User.query(on: leaver.database.db).filter(\.$pseudonymKey == User.key(for: "Leaving Member")).first()?.requireID())
            #expect(try await RateEvent.query(on: leaver.database.db).all().contains { $0.key.hasSuffix(leaverID.uuidString) }, "the setup counted a strategy")
            let deleted = try await leaver.api(.delete, "/api/v1/me", json: ["password": "correct horse"])
            #expect(deleted.status.code < 300, "\(deleted.text)")
            // Rate and throttle rows keyed by the member go too (address-keyed ones age out).
            #expect(!(try await RateEvent.query(on: leaver.database.db).all().contains { $0.key.contains(leaverID.uuidString) }))
            #expect(!(try await LoginFailure.query(on: leaver.database.db).all().contains { $0.key.contains(leaverID.uuidString) || $0.key.contains("leaving member") }))
            // The thread stays readable for the person who replied; the opening post is removed by its author.
            let posts = try await other.thread(thread.thread)
            #expect(posts.count == 2)
            #expect(try await other.search(marker).isEmpty)
            let sql = try leaver.database.sql
            struct Count: Decodable { let n: Int }
            for table in try await Self.tables(sql) where table != "search_docs" {
                // One query per table: any column holding the marker or the email, as text.
                let columns = try await Self.columns(table, sql).sorted()
                let conditions = columns.flatMap { column in
                    ["%" + marker + "%", "%leaver@example.org%"].map { pattern in
                        SQLBinaryExpression(SQLFunction("CAST", args: SQLAlias(SQLIdentifier(column), as: SQLRaw("TEXT"))), .like, SQLBind(pattern))
                    }
                }
                let predicate = conditions.dropFirst().reduce(conditions[0] as any SQLExpression) { SQLBinaryExpression($0, .or, $1) }
                let found = try await sql.raw("SELECT count(*) AS n FROM \(ident: table) WHERE \(predicate)").first(decoding: Count.self)?.n ?? 0
                #expect(found == 0, "\(table) still holds the deleted member's words or email")
            }
        }
    }
}
