import Foundation

/// Questionnaire totals over time as server-drawn SVG: the instrument's bands as shaded strips with
/// their names, one dot per result placed by its date, a title and description for screen readers
/// (the page has the same numbers in a table).
struct ScoreChart: Sendable {
    struct Point: Sendable, Equatable {
        let day: LocalDate
        let total: Int
    }

    let id: String
    let title: String
    let range: ClosedRange<Int>
    let bands: [(range: ClosedRange<Int>, name: String)]
    let points: [Point]
    /// Days marked with a dashed line and a label (a clock reset), told without judgment.
    var marks: [(day: LocalDate, label: String)] = []
    /// What the chart shows in words, when "results" is not the right word for its points.
    var said: String?
    /// Points joined in one line (results over time), or in pairs (each a run of its own).
    var joined = true

    // Band names sit inside their bands, so a phone's larger labels are never cut off at the edge.
    private let width = 640.0, height = 220.0, left = 48.0, right = 12.0, top = 10.0, bottom = 24.0

    var summary: String {
        guard let first = points.first, let last = points.last else { return "No results yet." }
        if points.count == 1 { return "One result: \(first.total) on \(first.day.longText)." }
        return "\(points.count) results from \(first.day.longText) (\(first.total)) to \(last.day.longText) (\(last.total)); lowest \(points.map(\.total).min() ?? 0), highest \(points.map(\.total).max() ?? 0)."
    }

    func svg() -> String {
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let firstDay = points.first?.day ?? marks.first?.day
        let lastDay = points.last?.day ?? marks.last?.day
        let span = max(1, (firstDay.flatMap { f in lastDay.map { f.days(to: $0) } }) ?? 1)
        func x(_ day: LocalDate) -> Double {
            guard let firstDay else { return left }
            return left + plotWidth * Double(firstDay.days(to: day)) / Double(span)
        }
        func y(_ v: Double) -> Double {
            top + plotHeight * (1 - (v - Double(range.lowerBound)) / Double(range.upperBound - range.lowerBound))
        }
        let e = AttributeText.escape
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title id=\"\(id)-title\">\(e(title))</title><desc id=\"\(id)-desc\">\(e(said ?? summary))</desc>"
        for (index, band) in bands.enumerated() {
            let high = y(Double(band.range.upperBound) + (band.range.upperBound == range.upperBound ? 0 : 0.5))
            let low = y(Double(band.range.lowerBound) - (band.range.lowerBound == range.lowerBound ? 0 : 0.5))
            out += "<rect class=\"band band-\(index % 5)\" x=\"\(f(left))\" y=\"\(f(high))\" width=\"\(f(plotWidth))\" height=\"\(f(low - high))\"/>"
            out += "<text class=\"axis band-name\" x=\"\(f(left + 6))\" y=\"\(f(high + 14))\">\(e(band.name)) (\(band.range.lowerBound)–\(band.range.upperBound))</text>"
        }
        for v in [range.lowerBound, range.upperBound] {
            out += "<text class=\"axis\" x=\"\(f(left - 6))\" y=\"\(f(y(Double(v)) + 4))\" text-anchor=\"end\">\(v)</text>"
        }
        if let firstDay, let lastDay {
            out += "<text class=\"axis\" x=\"\(f(left))\" y=\"\(f(height - 6))\">\(e(firstDay.shortText))</text>"
            out += "<text class=\"axis\" x=\"\(f(width - right))\" y=\"\(f(height - 6))\" text-anchor=\"end\">\(e(lastDay.shortText))</text>"
        }
        for mark in marks {
            out += "<line class=\"mark\" x1=\"\(f(x(mark.day)))\" x2=\"\(f(x(mark.day)))\" y1=\"\(f(top))\" y2=\"\(f(height - bottom))\"><title>\(e(mark.label))</title></line>"
        }
        let lines = joined ? [points] : stride(from: 0, to: points.count, by: 2).map { Array(points[$0..<min($0 + 2, points.count)]) }
        for line in lines where line.count > 1 {
            out += "<polyline class=\"line\" points=\"" + line.map { "\(f(x($0.day))),\(f(y(Double($0.total))))" }.joined(separator: " ") + "\"/>"
        }
        for point in points {
            out += "<circle class=\"dot\" cx=\"\(f(x(point.day)))\" cy=\"\(f(y(Double(point.total))))\" r=\"4\"><title>\(e(point.day.longText)): \(point.total)</title></circle>"
        }
        return out + "</svg>"
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
