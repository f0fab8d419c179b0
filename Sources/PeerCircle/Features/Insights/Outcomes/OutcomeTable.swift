import Foundation

/// The outcomes report as rows, with suppression applied once, here — the page and the CSV both
/// read these, so neither can show a figure the other hides.
enum OutcomeTable {
    struct Row: Sendable, Equatable {
        let measure: String
        let group: String
        let members: OutcomeStats.Cell
        let value: OutcomeStats.Cell
        var low: OutcomeStats.Cell = .shown("")
        var high: OutcomeStats.Cell = .shown("")
        var published = ""
    }

    static func rows(_ r: OutcomeService.Report) -> [Row] {
        let k = r.minimum
        func count(_ n: Int) -> OutcomeStats.Cell { n < k ? .suppressed : .shown(String(n)) }
        func proportion(_ measure: String, _ group: String, _ p: OutcomeStats.Proportion, published: Double? = nil) -> Row {
            guard p.total >= k else {
                return Row(measure: measure, group: group, members: .suppressed, value: .suppressed, low: .suppressed, high: .suppressed,
                           published: published.map(OutcomeStats.percent) ?? "")
            }
            let ci = p.interval
            return Row(measure: measure, group: group, members: .shown(String(p.total)),
                       value: .shown("\(OutcomeStats.percent(p.rate)) (\(p.count))"),
                       low: .shown(OutcomeStats.percent(ci.low)), high: .shown(OutcomeStats.percent(ci.high)),
                       published: published.map(OutcomeStats.percent) ?? "")
        }
        var rows = [
            Row(measure: "Members", group: "all", members: count(r.members), value: count(r.members)),
            Row(measure: "Active members", group: "any activity in the last 30 days", members: count(r.active), value: count(r.active)),
        ]
        rows += r.retention.map { proportion("Retention", "still active after \($0.days) days", $0.proportion) }
        let soberTotal = r.sober.map(\.count).reduce(0, +)
        rows += r.sober.map { bucket in
            Row(measure: "Days sober (longest current clock)", group: bucket.label, members: count(soberTotal),
                value: bucket.hidden ? .suppressed : .shown(String(bucket.count)))
        }
        if let barc = r.barc, barc.members >= k {
            rows.append(Row(measure: "BARC-10, first to latest", group: "took it twice or more", members: .shown(String(barc.members)),
                            value: .shown(String(format: "%.1f → %.1f (%+.1f); %d improved", barc.firstMean, barc.latestMean,
                                                 barc.latestMean - barc.firstMean, barc.improved))))
        } else {
            rows.append(Row(measure: "BARC-10, first to latest", group: "took it twice or more", members: .suppressed, value: .suppressed))
        }
        rows.append(Row(measure: "Meetings attended", group: "last 30 days", members: count(r.meetings.members),
                        value: r.meetings.members < k ? .suppressed : .shown(String(r.meetings.attendances))))
        let sosShown = r.sos.members >= k
        rows.append(Row(measure: "SOS alerts", group: "last 90 days", members: count(r.sos.members),
                        value: sosShown ? .shown("\(r.sos.alerts) alerts, \(r.sos.answered) answered") : .suppressed))
        rows.append(Row(measure: "SOS time to first response", group: "median and 90th percentile, minutes", members: count(r.sos.members),
                        value: sosShown ? .shown(minutes(r.sos.medianMinutes)) : .suppressed,
                        low: .shown(""), high: sosShown ? .shown(minutes(r.sos.p90Minutes)) : .suppressed))
        rows += r.sustained.map {
            proportion("Sustained recovery (no clock reset in 90 days)", "\($0.level.title.lowercased()) engagement", $0.proportion,
                       published: OutcomeService.published[$0.level])
        }
        return rows
    }

    private static func minutes(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "none answered" }

    static let header = ["measure", "group", "members", "value", "ci_low_95", "ci_high_95", "published"]

    static func csv(_ r: OutcomeService.Report) -> String {
        CSVText.line(header) + rows(r).map { row in
            CSVText.line([row.measure, row.group, cell(row.members, k: r.minimum), cell(row.value, k: r.minimum), cell(row.low, k: r.minimum),
                          cell(row.high, k: r.minimum), row.published])
        }.joined()
    }

    private static func cell(_ c: OutcomeStats.Cell, k: Int) -> String {
        switch c {
        case .shown(let text): text
        case .suppressed: "suppressed (fewer than \(k) members)"
        }
    }
}
