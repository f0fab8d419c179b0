import Foundation

/// Comma-separated values both ways (RFC 4180), for spreadsheets people open and fill in.
enum CSVText {
    /// Characters a spreadsheet reads as the start of a formula.
    private static let formulaStart = "=+-@\t\r"

    /// One cell, always quoted; a leading formula character is made text with an apostrophe.
    static func field(_ value: String) -> String {
        let safe = value.first.map { formulaStart.contains($0) } == true ? "'" + value : value
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func line(_ values: [String]) -> String { values.map(field).joined(separator: ",") + "\r\n" }

    struct BadFile: Error, Equatable {
        let line: Int
        let reason: String
    }

    /// Rows of cells. Quoted cells may hold commas, quotes ("") and line breaks; a byte-order mark and
    /// blank lines are skipped; the apostrophe `field` adds before a formula character is taken off
    /// again, so a file written here reads back the same.
    static func rows(_ text: String) throws(BadFile) -> [(line: Int, cells: [String])] {
        var rows: [(line: Int, cells: [String])] = []
        var cells: [String] = [], cell = "", quoted = false, wasQuoted = false
        var line = 1, rowLine = 1
        var chars = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        chars.append("\n")
        var index = 0
        func endCell() {
            if !wasQuoted { cell = cell.trimmingCharacters(in: .whitespaces) }
            if cell.count > 1, cell.first == "'", let second = cell.dropFirst().first, formulaStart.contains(second) { cell.removeFirst() }
            cells.append(cell)
            cell = ""
            wasQuoted = false
        }
        while index < chars.count {
            let c = chars[index]
            if quoted {
                if c == "\"" {
                    if index + 1 < chars.count, chars[index + 1] == "\"" { cell.append("\""); index += 1 } else { quoted = false }
                } else {
                    if c.isNewline { line += 1 }
                    cell.append(c)
                }
            } else if c == "\"" && cell.trimmingCharacters(in: .whitespaces).isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
                cell = ""
            } else if c == "," {
                endCell()
            } else if c.isNewline {
                // "\r\n" is one Character in Swift; a lone "\r" or "\n" ends a row too.
                endCell()
                if !(cells.count == 1 && cells.first?.isEmpty == true) { rows.append((rowLine, cells)) }
                cells = []
                line += 1
                rowLine = line
            } else if wasQuoted {
                if !c.isWhitespace { throw BadFile(line: line, reason: "text after a closing quote") }
            } else {
                cell.append(c)
            }
            index += 1
        }
        if quoted { throw BadFile(line: rowLine, reason: "a quote is opened and never closed") }
        return rows
    }
}
