import Foundation
import Hummingbird
import Plot

/// A member's own attendance: check in at a meeting, list, print a proof-of-attendance slip.
struct AttendanceRoutes: Sendable {
    let deps: AppDependencies
    var attendance: AttendanceService { AttendanceService(deps: deps) }

    func register(_ members: RouterGroup<MemberContext>) {
        members.post(RouterPath(SiteURL.pattern(SiteURL.attend))) { _, context in
            try await attendance.record(try context.id(), member: context.member, mode: .inPerson)
            return redirect(to: SiteURL.myAttendance.with(.attended))
        }
        members.get(RouterPath(SiteURL.myAttendance.path)) { request, context in
            listPage(PageContext(context), records: try await attendance.list(for: context.member).map(AttendanceEntry.init), notice: request.notice)
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.attendanceSlip))) { request, context in
            let record = try AttendanceEntry(try await attendance.owned(try context.id(), by: context.member))
            let name = request.uri.queryParameters.get("name").map { String($0.prefix(80)) }
            return slipPage(PageContext(context), record: record, printedName: name ?? context.member.pseudonym)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.attendanceDelete))) { _, context in
            try await attendance.delete(try context.id(), by: context.member)
            return redirect(to: SiteURL.myAttendance.with(.attendanceDeleted))
        }
    }

    private func listPage(_ p: PageContext, records: [AttendanceEntry], notice: String?) -> HTMLPage {
        Layout.render(
            "My attendance", p,
            Banner.notice(notice),
            .p(.class("hint"), .text("Kept only because you asked, and seen only by you. Print a slip for a court, probation officer or treatment programme.")),
            .if(records.isEmpty, .p(.text("No attendance recorded yet."))),
            .ul(.class("meetings"), .forEach(records) { r in
                .li(.strong(.text("\(LocalDate(r.localDate)?.longText ?? r.localDate)")), .text(" — \(r.meetingName) "),
                    .a(.href(SiteURL.attendanceSlip(r.id).path), .text("Print slip")), .text(" "),
                    Forms.postButton(SiteURL.attendanceDelete(r.id).path, label: "Delete", csrf: p.csrfToken, style: "link"))
            })
        )
    }

    private func slipPage(_ p: PageContext, record r: AttendanceEntry, printedName: String) -> HTMLPage {
        Layout.render(
            "Proof of attendance", p,
            .section(
                .class("card slip"),
                .p(.text("This is to confirm that")),
                .p(.class("big"), .strong(.text(printedName))),
                .p(.text("attended the meeting")),
                .p(.strong(.text(r.meetingName))),
                .p(.text("on \(LocalDate(r.localDate)?.longText ?? r.localDate)\(r.localTime.map { " at \($0)" } ?? "") (\(r.timeZone) time), \(r.mode == .onlineRoom ? "online in PeerCircle" : "in person")")),
                .unwrap(r.facilitator) { .p(.text("Facilitator: \($0)")) },
                .p(.class("hint"), .text("Recorded by PeerCircle at the member's request. Reference \(r.id.uuidString.prefix(8).lowercased())."))
            ),
            .form(.class("no-print"), .action(SiteURL.attendanceSlip(r.id).path), .method(.get),
                  .div(.class("field"), .label(.for("name"), .text("Name to print (not saved)")),
                       .input(.type(.text), .id("name"), .name("name"), .value(printedName), .attribute(named: "maxlength", value: "80"))),
                  .button(.type(.submit), .class("secondary"), .text("Update the slip")))
        )
    }
}
