import Foundation
import SQLKit
import ZIPFoundation

/// Builds the ZIP of one member's data from `MemberData.exports`: a JSON file per area (an object
/// keyed by table), spreadsheets of check-ins and clocks, and a README saying what each file holds.
struct DataExportBuilder: Sendable {
    let sql: any SQLDatabase
    let member: UUID
    let now: Date

    typealias Row = [String: any Sendable]

    /// The files, by name, before they are zipped.
    func files() async throws -> [String: Data] {
        var byFile: [String: [String: [Row]]] = [:]
        for (table, export) in MemberData.exports.sorted(by: { $0.key < $1.key }) {
            guard case .file(let file, let filter) = export else { continue }
            byFile[file, default: [:]][table] = try await rows(table, filter)
        }
        var files: [String: Data] = [:]
        for (file, tables) in byFile {
            files[file] = try JSONSerialization.data(withJSONObject: tables, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        }
        files["clocks.csv"] = Data(Self.csv(byFile["clocks.json"]?["clocks"] ?? [], ["label", "kind", "started_on", "daily_cost_cents", "currency"]).utf8)
        files["check-ins.csv"] = Data(Self.csv((byFile["check-ins.json"]?["check_ins"] ?? []).sorted { "\($0["local_date"] ?? "")" < "\($1["local_date"] ?? "")" },
                                               ["local_date", "mood", "craving", "sober", "safe", "triggers", "tags", "gratitude", "note"]).utf8)
        files["README.txt"] = Data(readme(files.keys.sorted()).utf8)
        return files
    }

    /// The ZIP itself (deflated).
    func zip() async throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, data) in try await files().sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(with: "peercircle-data/" + name, type: .file, uncompressedSize: Int64(data.count), modificationDate: now,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<min(data.count, Int(position) + size))
            }
        }
        guard let bytes = archive.data else { throw AppError.internal }
        return bytes
    }

    private func rows(_ table: String, _ filter: MemberData.Filter) async throws -> [Row] {
        let query: SQLQueryString = switch filter {
        case .column(let column):
            "SELECT * FROM \(ident: table) WHERE \(ident: column) = \(bind: member)"
        case .either(let a, let b):
            "SELECT * FROM \(ident: table) WHERE \(ident: a) = \(bind: member) OR \(ident: b) = \(bind: member)"
        case .via(let column, let parent, let key, let parentColumns):
            "SELECT * FROM \(ident: table) WHERE \(ident: column) IN (SELECT \(ident: key) FROM \(ident: parent) WHERE \(Self.anyEquals(parentColumns, member)))"
        }
        return try await sql.raw(query).all().map(Self.row)
    }

    private static func anyEquals(_ columns: [String], _ member: UUID) -> SQLQueryString {
        var text: SQLQueryString = ""
        for (index, column) in columns.enumerated() {
            if index > 0 { text.appendInterpolation(unsafeRaw: " OR ") }
            text.appendInterpolation(ident: column)
            text.appendInterpolation(unsafeRaw: " = ")
            text.appendInterpolation(bind: member)
        }
        return text
    }

    /// One row as JSON values, secrets left out. Column types are not known here, so each value is
    /// read as what its name says (an id, a time) and otherwise as the first type that fits.
    private static func row(_ row: any SQLRow) -> Row {
        var result: Row = [:]
        for column in row.allColumns where !MemberData.secretColumns.contains(column) {
            result[column] = value(row, column)
        }
        return result
    }

    private static func value(_ row: any SQLRow, _ column: String) -> any Sendable {
        if (try? row.decodeNil(column: column)) == true { return NSNull() }
        if column == "id" || column.hasSuffix("_id"), let id = try? row.decode(column: column, as: UUID.self) { return id.uuidString.lowercased() }
        if column.hasSuffix("_at") || column.hasSuffix("_until"), let date = try? row.decode(column: column, as: Date.self) { return TimeText.iso(date) }
        if let number = try? row.decode(column: column, as: Int.self) { return number }
        if let number = try? row.decode(column: column, as: Double.self) { return number }
        if let text = try? row.decode(column: column, as: String.self) { return text }
        if let flag = try? row.decode(column: column, as: Bool.self) { return flag }
        if let id = try? row.decode(column: column, as: UUID.self) { return id.uuidString.lowercased() }
        if let date = try? row.decode(column: column, as: Date.self) { return TimeText.iso(date) }
        return NSNull()
    }

    private static func csv(_ rows: [Row], _ columns: [String]) -> String {
        CSVText.line(columns) + rows.map { row in
            CSVText.line(columns.map { column in
                switch row[column] {
                case nil, is NSNull: ""
                case let value?: "\(value)"
                }
            })
        }.joined()
    }

    private func readme(_ names: [String]) -> String {
        let lines = names.filter { $0 != "README.txt" }.map { "- \($0): \(MemberData.fileNotes[$0] ?? "")" }
        return """
            Your data from PeerCircle, as of \(TimeText.iso(now)).

            Each .json file holds, for each table of PeerCircle's database, the rows that are yours or are about you
            (keyed by the table's name). Ids link rows across files: a message's conversation_id is a conversation's id.
            Passwords, sign-in secrets and one-time links are never included.

            \(lines.joined(separator: "\n"))

            What is not here, and why: a search index that repeats your posts, counters of recent sign-in attempts,
            one-time links, mail waiting to be sent, live rooms' words (deleted after each meeting), where you stopped
            reading each thread, and the secret of your authenticator app and calendar address.
            """
    }
}
