import Foundation

/// The outcomes report as rows, with suppression applied once, here — the page and the CSV both
/// read these, so neither can show a figure the other hides.
enum OutcomeTable {
    struct Row: Sendable, Equatable {
        let measure: String
        let group: String
        let members: OutcomeStats.Cell
        /// As the page says it ("77% (40)").
        let value: OutcomeStats.Cell
        /// The same as numbers, for a spreadsheet.
        var count: OutcomeStats.Cell = .shown("")
        var percent: OutcomeStats.Cell = .shown("")
        var low: OutcomeStats.Cell = .shown("")
        var high: OutcomeStats.Cell = .shown("")
        var published = ""
    }

    static func rows(_ r: OutcomeService.Report) -> [Row] {
        let k = r.minimum
        func count(_ n: Int) -> OutcomeStats.Cell { n < k ? .suppressed : .shown(String(n)) }
        /// A share is shown only when both sides of it hold k members or more: "10 of 13" would
        /// also say that 3 did not.
        func proportion(_ measure: String, _ group: String, _ p: OutcomeStats.Proportion, published: Double? = nil) -> Row {
            let published = published.map(OutcomeStats.percent) ?? ""
            guard shows(p, k) else {
                return Row(measure: measure, group: group, members: count(p.total), value: .suppressed, count: .suppressed, percent: .suppressed,
                           low: .suppressed, high: .suppressed, published: published)
            }
            let ci = p.interval
            return Row(measure: measure, group: group, members: .shown(String(p.total)),
                       value: .shown("\(OutcomeStats.percent(p.rate)) (\(p.count))"), count: .shown(String(p.count)),
                       percent: .shown(String(format: "%.1f", p.rate * 100)),
                       low: .shown(String(format: "%.1f", ci.low * 100)), high: .shown(String(format: "%.1f", ci.high * 100)), published: published)
        }
        var rows = [
            Row(measure: "Members", group: "all", members: count(r.members), value: count(r.members), count: count(r.members)),
            Row(measure: "Active members", group: "any activity in the last 30 days", members: count(r.members), value: count(r.active),
                count: count(r.active)),
        ]
        rows += r.retention.map { proportion("Retention", "still active after \($0.days) days", $0.proportion) }
        let soberTotal = r.sober.map(\.count).reduce(0, +)
        rows += r.sober.map { bucket in
            let cell: OutcomeStats.Cell = bucket.hidden ? .suppressed : .shown(String(bucket.count))
            return Row(measure: "Days sober (longest current clock)", group: bucket.label, members: count(soberTotal), value: cell, count: cell)
        }
        if let barc = r.barc, barc.members >= k {
            let improved = OutcomeStats.Proportion(count: barc.improved, total: barc.members)
            let said = String(format: "%.0f → %.0f", barc.firstMean, barc.latestMean)
                + (shows(improved, k) ? "; \(barc.improved) improved" : "")
            rows.append(Row(measure: "BARC-10, first to latest (mean)", group: "took it twice or more", members: .shown(String(barc.members)),
                            value: .shown(said), count: shows(improved, k) ? .shown(String(barc.improved)) : .suppressed,
                            percent: shows(improved, k) ? .shown(String(format: "%.1f", improved.rate * 100)) : .suppressed))
        } else {
            rows.append(Row(measure: "BARC-10, first to latest (mean)", group: "took it twice or more", members: .suppressed, value: .suppressed,
                            count: .suppressed))
        }
        let meetings: OutcomeStats.Cell = r.meetings.members < k ? .suppressed : .shown(String(r.meetings.attendances))
        rows.append(Row(measure: "Meetings attended", group: "last 30 days", members: count(r.meetings.members), value: meetings, count: meetings))
        let sosShown = r.sos.members >= k
        rows.append(Row(measure: "SOS alerts", group: "last 90 days", members: count(r.sos.members),
                        value: sosShown ? .shown("\(r.sos.alerts) alerts, \(r.sos.answered) answered") : .suppressed,
                        count: sosShown ? .shown(String(r.sos.alerts)) : .suppressed))
        for (group, minutes) in [("median, minutes", r.sos.medianMinutes), ("90th percentile, minutes", r.sos.p90Minutes)] {
            let cell: OutcomeStats.Cell = sosShown ? .shown(minutes.map { String(format: "%.1f", $0) } ?? "none answered") : .suppressed
            rows.append(Row(measure: "SOS time to first response", group: group, members: count(r.sos.members), value: cell, count: cell))
        }
        rows += r.sustained.map {
            proportion("Sustained recovery (no clock reset in 90 days)", "\($0.level.title.lowercased()) engagement", $0.proportion,
                       published: OutcomeService.published[$0.level])
        }
        return rows
    }

    /// Both the members with the outcome and those without are k or more.
    static func shows(_ p: OutcomeStats.Proportion, _ k: Int) -> Bool { p.count >= k && p.total - p.count >= k }

    static let header = ["measure", "group", "members", "value", "count", "percent", "ci_low_95_percent", "ci_high_95_percent", "published"]

    static func csv(_ r: OutcomeService.Report) -> String {
        CSVText.line(header) + rows(r).map { row in
            CSVText.line([row.measure, row.group] + [row.members, row.value, row.count, row.percent, row.low, row.high].map { cell($0, k: r.minimum) }
                         + [row.published])
        }.joined()
    }

    private static func cell(_ c: OutcomeStats.Cell, k: Int) -> String {
        switch c {
        case .shown(let text): text
        case .suppressed: "suppressed (fewer than \(k) members, or it would reveal such a group)"
        }
    }
}
