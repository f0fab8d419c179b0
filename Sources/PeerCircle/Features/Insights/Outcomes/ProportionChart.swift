import Foundation

/// Horizontal bars of proportions (0–100 %) drawn on the server as SVG, each with its 95% interval
/// as a whisker and, where given, a published figure as a diamond to compare with; a bar that is
/// suppressed is drawn as "not shown". Title and description for screen readers; the page has the
/// same figures in a table.
struct ProportionChart: Sendable {
    struct Bar: Sendable {
        let label: String
        /// Nil when the figure is suppressed.
        let proportion: OutcomeStats.Proportion?
        var reference: Double?
    }

    let id: String
    let title: String
    let summary: String
    let bars: [Bar]

    // Each row's label and figure sit above its bar, across the full width, so a phone's larger
    // labels are never cut off.
    private let width = 640.0, left = 12.0, right = 20.0, rowHeight = 58.0, top = 8.0, bottom = 22.0

    func svg() -> String {
        let e = AttributeText.escape
        let height = top + bottom + rowHeight * Double(bars.count)
        let plot = width - left - right
        func x(_ v: Double) -> String { String(format: "%.1f", left + plot * v) }
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title id=\"\(id)-title\">\(e(title))</title><desc id=\"\(id)-desc\">\(e(summary))</desc>"
        for tick in [0.0, 0.5, 1.0] {
            out += "<line class=\"grid\" x1=\"\(x(tick))\" x2=\"\(x(tick))\" y1=\"\(top)\" y2=\"\(String(format: "%.1f", height - bottom))\"/>"
            // The end labels lean inwards, so neither is cut off at the edge.
            let anchor = tick == 0 ? "start" : tick == 1 ? "end" : "middle"
            out += "<text class=\"axis\" x=\"\(x(tick))\" y=\"\(String(format: "%.1f", height - 6))\" text-anchor=\"\(anchor)\">\(Int(tick * 100))%</text>"
        }
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            let barTop = y + 26, barHeight = 20.0, middle = String(format: "%.1f", barTop + barHeight / 2)
            let figure = bar.proportion.map { "\(OutcomeStats.percent($0.rate)) of \($0.total)" } ?? "not shown (too few members)"
            out += "<text class=\"axis\" x=\"\(x(0))\" y=\"\(String(format: "%.1f", y + 18))\">\(e(bar.label)): \(e(figure))</text>"
            if let p = bar.proportion {
                out += "<rect class=\"bar\" x=\"\(x(0))\" y=\"\(String(format: "%.1f", barTop))\" width=\"\(String(format: "%.1f", plot * p.rate))\" height=\"\(String(format: "%.1f", barHeight))\"><title>\(e(bar.label)): \(e(figure))</title></rect>"
                let ci = p.interval
                out += "<line class=\"whisker\" x1=\"\(x(ci.low))\" x2=\"\(x(ci.high))\" y1=\"\(middle)\" y2=\"\(middle)\"/>"
            }
            if let reference = bar.reference {
                let cx = left + plot * reference, cy = barTop + barHeight / 2
                out += "<path class=\"reference\" d=\"M\(String(format: "%.1f", cx)) \(String(format: "%.1f", cy - 8)) l7 8 l-7 8 l-7 -8 z\"><title>Published: \(OutcomeStats.percent(reference))</title></path>"
            }
        }
        return out + "</svg>"
    }
}
