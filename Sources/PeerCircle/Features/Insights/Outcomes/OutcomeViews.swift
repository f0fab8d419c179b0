import Foundation
import Plot

enum OutcomeViews {
    static func page(_ page: PageContext, _ report: OutcomeService.Report) -> HTMLPage {
        let rows = OutcomeTable.rows(report)
        let sustained = report.sustained.map { s in
            ProportionChart.Bar(label: "\(s.level.title) engagement", proportion: OutcomeTable.shows(s.proportion, report.minimum) ? s.proportion : nil,
                                reference: OutcomeService.published[s.level])
        }
        let retention = report.retention.map { r in
            ProportionChart.Bar(label: "After \(r.days) days", proportion: OutcomeTable.shows(r.proportion, report.minimum) ? r.proportion : nil)
        }
        return Layout.render(
            "Programme outcomes", page,
            .p(.text("Aggregates only, on \(report.today.longText). No figure rests on fewer than \(report.minimum) members (a dash, and \"not shown\" in the charts): a share is shown only when both those with and those without the outcome number \(report.minimum) or more, and where hiding one count of a breakdown would let it be worked out from the others, the next smallest is hidden too.")),
            .p(.a(.class("button"), .href(SiteURL.outcomesCSV.path), .text("Download as CSV"))),
            .h2("Sustained recovery by engagement"),
            .p(.text("Sustained recovery here means: among members whose first clock began at least 90 days ago, no clock reset in the last 90 days. Engagement is today's level by the rule every member can read on their own page: " + EngagementRule.explanation)),
            .p(.text("The diamonds are the figures PeerCircle's founding articles on peer support give for sustained recovery — about 75 % with high, 60 % with moderate and 45 % with low engagement — to compare with, not targets. The whiskers are 95 % confidence intervals (Wilson): a small programme's interval is wide, so compare the interval, not only the percentage.")),
            .element(named: "figure", nodes: [
                .element(named: "figcaption", text: "Sustained recovery by engagement level, with the published figures"),
                .raw(ProportionChart(id: "sustained", title: "Sustained recovery by engagement level",
                                     summary: sustainedSummary(rows), bars: sustained).svg()),
            ]),
            .element(named: "figure", nodes: [
                .element(named: "figcaption", text: "Retention: members still active after 30, 90 and 180 days"),
                .raw(ProportionChart(id: "retention", title: "Retention", summary: "Share of members who joined at least that long ago and were active after that day.",
                                     bars: retention).svg()),
            ]),
            .div(.class("scroll-x"), .table(
                .caption(.text("Every figure")),
                .thead(.tr(.th("Measure"), .th("Group"), .th("Members"), .th("Value"), .th("95% interval"), .th("Published"))),
                .tbody(.forEach(rows) { row in
                    .tr(.td(.text(row.measure)), .td(.text(row.group)), .td(.text(row.members.text)), .td(.text(row.value.text)),
                        .td(.text(interval(row))), .td(.text(row.published)))
                }))),
            .p(.class("hint"), .text("These figures describe your members, not what caused their recovery: people who take part more may differ in other ways.")))
    }

    private static func interval(_ row: OutcomeTable.Row) -> String {
        switch (row.low, row.high) {
        case (.shown(let low), .shown(let high)) where !low.isEmpty: "\(low)–\(high) %"
        case (.suppressed, _): "—"
        default: ""
        }
    }

    private static func sustainedSummary(_ rows: [OutcomeTable.Row]) -> String {
        rows.filter { $0.measure.hasPrefix("Sustained") }
            .map { "\($0.group): \($0.value == .suppressed ? "not shown" : $0.value.text) (published \($0.published))" }
            .joined(separator: "; ")
    }
}
