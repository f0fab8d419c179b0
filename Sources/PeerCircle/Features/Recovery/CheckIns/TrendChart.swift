import Foundation

/// A small line chart drawn on the server as SVG: no script, readable by screen readers through its
/// title and description, with the same numbers in a table beside it.
struct TrendChart: Sendable {
    let id: String
    let title: String
    let summary: String
    let range: ClosedRange<Int>
    /// One value per day of the window, nil where there was no check-in.
    let values: [Int?]
    let firstDay: LocalDate

    private let width = 640.0, height = 200.0, left = 32.0, right = 8.0, top = 10.0, bottom = 24.0

    func svg() -> String {
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let step = values.count > 1 ? plotWidth / Double(values.count - 1) : 0
        func x(_ i: Int) -> Double { left + Double(i) * step }
        func y(_ v: Int) -> Double {
            top + plotHeight * (1 - Double(v - range.lowerBound) / Double(range.upperBound - range.lowerBound))
        }
        var out = """
        <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">
        <title id="\(id)-title">\(Self.escape(title))</title><desc id="\(id)-desc">\(Self.escape(summary))</desc>
        """
        for v in [range.lowerBound, (range.lowerBound + range.upperBound) / 2, range.upperBound] {
            out += "<line class=\"grid\" x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(f(y(v)))\" y2=\"\(f(y(v)))\"/>"
            out += "<text class=\"axis\" x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(v)</text>"
        }
        out += "<text class=\"axis\" x=\"\(left)\" y=\"\(f(height - 6))\">\(Self.escape(firstDay.shortText))</text>"
        out += "<text class=\"axis\" x=\"\(f(width - right))\" y=\"\(f(height - 6))\" text-anchor=\"end\">\(Self.escape(firstDay.adding(days: values.count - 1).shortText))</text>"
        // Missed days leave a gap in the line, nothing more.
        for segment in segments() {
            let points = segment.map { "\(f(x($0.0))),\(f(y($0.1)))" }.joined(separator: " ")
            if segment.count > 1 { out += "<polyline class=\"line\" points=\"\(points)\"/>" }
            for (i, v) in segment { out += "<circle class=\"dot\" cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"3\"/>" }
        }
        return out + "</svg>"
    }

    private func segments() -> [[(Int, Int)]] {
        var result: [[(Int, Int)]] = [], current: [(Int, Int)] = []
        for (i, value) in values.enumerated() {
            if let value { current.append((i, value)) } else if !current.isEmpty { result.append(current); current = [] }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }

    static func escape(_ text: String) -> String { AttributeText.escape(text) }
}
