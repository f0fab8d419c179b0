import Foundation

/// The arithmetic of the outcomes report, with no database: proportions with Wilson 95% intervals,
/// and small-cell suppression so no figure rests on fewer than `minimum` members.
enum OutcomeStats {
    /// A proportion with its 95% Wilson score interval (good for small n and for 0 % or 100 %).
    struct Proportion: Sendable, Equatable {
        let count: Int
        let total: Int

        var rate: Double { total == 0 ? 0 : Double(count) / Double(total) }

        var interval: (low: Double, high: Double) {
            guard total > 0 else { return (0, 0) }
            let z = 1.959963984540054, n = Double(total), p = rate
            let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
            let half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()) / (1 + z * z / n)
            return (max(0, centre - half), min(1, centre + half))
        }
    }

    /// A figure, or the reason it is not shown.
    enum Cell: Sendable, Equatable {
        case shown(String)
        case suppressed

        var text: String {
            switch self {
            case .shown(let text): text
            case .suppressed: "—"
            }
        }
    }

    /// Which counts of a breakdown (buckets of one population) may be shown: each below `minimum`
    /// is hidden, and when exactly one is hidden the next smallest goes too, so it cannot be worked
    /// out from the total.
    static func suppress(_ counts: [Int], minimum: Int) -> [Bool] {
        var hidden = counts.map { $0 > 0 && $0 < minimum }
        if hidden.filter({ $0 }).count == 1,
           let next = counts.indices.filter({ !hidden[$0] && counts[$0] > 0 }).min(by: { counts[$0] < counts[$1] }) {
            hidden[next] = true
        }
        return hidden
    }

    static func percent(_ value: Double) -> String { String(format: "%.0f%%", value * 100) }

    static func median(_ values: [Double]) -> Double? { quantile(values, 0.5) }

    /// The q-th quantile by the nearest-rank method.
    static func quantile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
