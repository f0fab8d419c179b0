import Foundation

/// Comma-separated values both ways (RFC 4180), for spreadsheets people open and fill in.
enum CSVText {
    /// Characters a spreadsheet reads as the start of a formula.
    private static let formulaStart = "=+-@\t\r"

    /// One cell, always quoted; a leading formula character is made text with an apostrophe (by
    /// Unicode scalar: "=" with a combining mark after it is still a formula to a spreadsheet).
    static func field(_ value: String) -> String {
        let safe = value.unicodeScalars.first.map { formulaStart.unicodeScalars.contains($0) } == true ? "'" + value : value
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func line(_ values: [String]) -> String { values.map(field).joined(separator: ",") + "\r\n" }

    struct BadFile: Error, Equatable {
        let line: Int
        let reason: String
    }

    /// Rows of cells. Quoted cells may hold commas, quotes ("") and line breaks; a byte-order mark and
    /// blank lines are skipped; the apostrophe `field` adds before a formula character is taken off
    /// again, so a file written here reads back the same. Read by Unicode scalar (a comma followed
    /// by a combining mark is still a comma) in one pass, whatever the input.
    static func rows(_ text: String) throws(BadFile) -> [(line: Int, cells: [String])] {
        var rows: [(line: Int, cells: [String])] = []
        var cells: [String] = []
        var cell = String.UnicodeScalarView()
        var quoted = false, wasQuoted = false, hasText = false
        var line = 1, rowLine = 1
        let formula = Set(formulaStart.unicodeScalars)
        var scalars = Array(text.unicodeScalars.drop(while: { $0 == "\u{FEFF}" }))
        scalars.append("\n")
        func endCell() {
            var value = String(cell)
            if !wasQuoted { value = value.trimmingCharacters(in: .whitespaces) }
            let start = value.unicodeScalars.prefix(2)
            if start.count == 2, start.first == "'", let second = start.last, formula.contains(second) {
                value = String(value.unicodeScalars.dropFirst())
            }
            cells.append(value)
            cell = String.UnicodeScalarView()
            (wasQuoted, hasText) = (false, false)
        }
        var index = 0
        while index < scalars.count {
            let c = scalars[index]
            if quoted {
                if c == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" { cell.append("\""); index += 1 } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    cell.append(c)
                }
            } else if c == "\"" && !hasText && !wasQuoted {
                quoted = true
                wasQuoted = true
                cell = String.UnicodeScalarView()
            } else if c == "," {
                endCell()
            } else if c == "\n" || c == "\r" {
                if c == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                endCell()
                if !(cells.count == 1 && cells.first?.isEmpty == true) { rows.append((rowLine, cells)) }
                cells = []
                line += 1
                rowLine = line
            } else if wasQuoted {
                if !c.properties.isWhitespace { throw BadFile(line: line, reason: "text after a closing quote") }
            } else {
                if !c.properties.isWhitespace { hasText = true }
                cell.append(c)
            }
            index += 1
        }
        if quoted { throw BadFile(line: rowLine, reason: "a quote is opened and never closed") }
        return rows
    }
}
