import FluentKit
import Foundation

/// Referrals from a spreadsheet (CSV with a header row). Every row is checked first; one wrong row
/// and nothing changes. Rows update the service with the same name and area, so importing the same
/// file again changes nothing.
struct ReferralImport: Sendable {
    let writer: Writer

    static let columns = ["name", "type", "area", "languages", "cost", "telehealth", "phone", "website", "email", "address", "description"]
    static let required = ["name", "type", "area"]
    static let maxRows = 5_000

    struct Report: Sendable, Equatable, CustomStringConvertible {
        var created = 0, updated = 0, unchanged = 0
        var ignoredColumns: [String] = []
        /// Row problems ("line 4: website: …"); when there are any, nothing was changed.
        var problems: [String] = []

        var description: String {
            if !problems.isEmpty {
                return (["Nothing was imported: \(problems.count) problem\(problems.count == 1 ? "" : "s") to fix first."] + problems.prefix(100))
                    .joined(separator: "\n")
            }
            if created + updated + unchanged == 0 { return "The file has a header and no services." }
            return "Created \(created), updated \(updated), unchanged \(unchanged)."
                + (ignoredColumns.isEmpty ? "" : " Ignored columns: \(ignoredColumns.joined(separator: ", ")).")
        }
    }

    /// The CSV header and rows for every referral (the same columns an import reads).
    static func export(_ lines: [ReferralLine]) -> String {
        CSVText.line(columns) + lines.map { r in
            CSVText.line([r.name, r.kind.rawValue, r.area, r.languages, r.cost, r.telehealth ? "yes" : "no", r.phone, r.website,
                          r.email, r.address, r.about])
        }.joined()
    }

    func run(_ text: String) async throws -> Report {
        var report = Report()
        let rows: [(line: Int, cells: [String])]
        do { rows = try CSVText.rows(text) } catch {
            report.problems = ["line \(error.line): \(error.reason)"]
            return report
        }
        guard let header = rows.first else {
            report.problems = ["the file is empty: it needs a header row (" + Self.columns.joined(separator: ",") + ") and one row per service"]
            return report
        }
        let names = header.cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = Self.required.filter { !names.contains($0) }
        if !missing.isEmpty {
            report.problems = ["line \(header.line): the header lacks " + missing.joined(separator: ", ") + " (columns: " + Self.columns.joined(separator: ",") + ")"]
            return report
        }
        report.ignoredColumns = names.filter { !Self.columns.contains($0) && !$0.isEmpty }
        guard rows.count - 1 <= Self.maxRows else {
            report.problems = ["the file has \(rows.count - 1) rows; import at most \(Self.maxRows) at a time"]
            return report
        }
        var cleaned: [ReferralService.Clean] = []
        var seen: [String: Int] = [:]
        for row in rows.dropFirst() {
            func cell(_ name: String) -> String {
                guard let index = names.firstIndex(of: name), row.cells.indices.contains(index) else { return "" }
                return row.cells[index]
            }
            if row.cells.count > names.count {
                report.problems.append("line \(row.line): \(row.cells.count) cells but the header has \(names.count)")
                continue
            }
            let input = ReferralService.Input(
                name: cell("name"), kind: cell("type"), area: cell("area"), languages: cell("languages"), cost: cell("cost"),
                telehealth: cell("telehealth"), phone: cell("phone"), website: cell("website"), email: cell("email"),
                address: cell("address"), about: cell("description"))
            do {
                let clean = try ReferralService.validate(input)
                if let earlier = seen[clean.matchKey] {
                    report.problems.append("line \(row.line): the same name and area as line \(earlier)")
                } else {
                    seen[clean.matchKey] = row.line
                    cleaned.append(clean)
                }
            } catch {
                let name = input.name.trimmingCharacters(in: .whitespaces)
                for field in error.fields {
                    report.problems.append("line \(row.line)\(name.isEmpty ? "" : " (\(name.prefix(60)))"): \(field.field == "kind" ? "type" : field.field): \(field.message)")
                }
            }
        }
        guard report.problems.isEmpty else { return report }
        let rowsToSave = cleaned
        let counts: (created: Int, updated: Int, unchanged: Int)
        do {
            counts = try await save(rowsToSave)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another import added the same service at the same moment: read again and update it instead.
            counts = try await save(rowsToSave)
        }
        (report.created, report.updated, report.unchanged) = (counts.created, counts.updated, counts.unchanged)
        return report
    }

    private func save(_ rowsToSave: [ReferralService.Clean]) async throws -> (created: Int, updated: Int, unchanged: Int) {
        try await writer.transaction { db in
            var counts = (created: 0, updated: 0, unchanged: 0)
            let existing = Dictionary(try await Referral.query(on: db).all().map { ($0.matchKey, $0) }, uniquingKeysWith: { a, _ in a })
            for clean in rowsToSave {
                if let found = existing[clean.matchKey] {
                    if clean.same(as: found) { counts.unchanged += 1; continue }
                    clean.apply(to: found)
                    try await found.save(on: db)
                    counts.updated += 1
                } else {
                    let referral = Referral()
                    clean.apply(to: referral)
                    try await referral.create(on: db)
                    counts.created += 1
                }
            }
            return counts
        }
    }
}
