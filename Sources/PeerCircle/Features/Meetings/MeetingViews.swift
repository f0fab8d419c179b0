import Foundation
import Hummingbird
import Plot

enum MeetingViews {
    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    static func directory(
        _ page: PageContext, page paging: MeetingCatalog.Page?, query: [String: String], form: Node<HTML.BodyContext>, zone: TimeZone, now: Date,
        events: [EventFacts] = [], status: HTTPResponse.Status = .ok
    ) -> HTMLPage {
        let entries = paging?.entries ?? [], appointments = paging?.appointments ?? []
        let today = LocalDate(now, in: zone)
        let inProgress = entries.filter { $0.status == .inProgress }
        let rest = entries.filter { $0.status != .inProgress }
        // Grouped by the viewer's calendar day, worked out by arithmetic (a Calendar per row is slow).
        let byDay = Dictionary(grouping: rest) { TimeText.dayNumber($0.occurrence.start, zone) }
            .reduce(into: [LocalDate: [DirectoryEntry]]()) { days, group in
                if let first = group.value.first { days[LocalDate(first.occurrence.start, in: zone)] = group.value }
            }
        return Layout.render(
            "Find a meeting", page, status: status,
            .p(.class("hint"), .text("Times are shown in \(TimeText.zoneName(zone.identifier)) time.")),
            form,
            .if(entries.isEmpty && appointments.isEmpty, .p(.text("No meetings match. Try fewer filters, or look at online meetings."))),
            .if(!inProgress.isEmpty, .section(.h2("In progress now"), list(inProgress, zone: zone))),
            .forEach(byDay.keys.sorted()) { day in
                .section(.h2(.text(heading(day, today: today))), list(byDay[day] ?? [], zone: zone))
            },
            .unwrap(paging) { pager($0, query: query) },
            .if(!events.isEmpty, .section(
                .h2("Events in the next 30 days"),
                .ul(.class("meetings"), .forEach(events) { e in
                    .li(.strong(.text(TimeText.format(e.startsAt, zone, "EEE d MMM, HH:mm"))), .text(" "),
                        .a(.href(SiteURL.event(e.id).path), .text(e.title)), .text(" — \(e.groupName)"))
                })
            )),
            .if(!appointments.isEmpty, .section(
                .h2("By appointment"),
                .ul(.class("meetings"), .forEach(appointments) { id, m in
                    .li(.a(.href(SiteURL.meeting(id).path), .text(m.name)), .text(" — " + place(m)))
                })
            )),
            .script(.src(SiteURL.nearScript.path))
        )
    }

    /// The filters, with the person's choices kept and any reason next to its field. It depends on
    /// the query and the towns only, so the route keeps it rendered per query (`MeetingCatalog.form`).
    static func filterForm(query: [String: String], errors: [FieldError] = [], towns: String) -> Node<HTML.BodyContext> {
        let errors = Forms.errors(errors)
        return .form(
            .class("filters"), .action(SiteURL.meetings.path), .method(.get),
            Forms.summary(errors),
            Forms.select("day", label: "Day", options: [(value: "", label: "Any day")] + dayNames.enumerated().map { (value: String($0.offset), label: $0.element) },
                         selected: query["day"] ?? "", errors: errors),
            Forms.select("time", label: "Time of day", options: [(value: "", label: "Any time")] + MeetingFilter.TimeOfDay.allCases.map { (value: $0.rawValue, label: $0.title) },
                         selected: query["time"] ?? "", errors: errors),
            Forms.groupedSelect("type", label: "Type", any: "Any type", groups: MeetingTypes.grouped,
                                selected: query["type"] ?? "", errors: errors),
            Forms.select("pathway", label: "Pathway", options: [(value: "", label: "Any pathway")] + Group.Pathway.allCases.map { (value: $0.rawValue, label: $0.title) },
                         selected: query["pathway"] ?? "", errors: errors),
            Forms.select("language", label: "Language", options: [(value: "", label: "Any language")] + GroupInput.languageNames.sorted { $0.value < $1.value }.map { (value: $0.key, label: $0.value) },
                         selected: query["language"] ?? "", errors: errors),
            Forms.select("mode", label: "How", options: [(value: "", label: "In person or online"), (value: "in_person", label: "In person"), (value: "online", label: "Online")],
                         selected: query["mode"] ?? "", errors: errors),
            .fieldset(
                .class("choices near"),
                .element(named: "legend", text: "Near a place (optional)"),
                .button(.type(.button), .id("near-me"), .class("secondary"), .attribute(named: "hidden", value: "hidden"), .text("Near me")),
                .span(.id("near-status"), .class("hint"), .attribute(named: "aria-live", value: "polite")),
                Forms.input("near", label: "Town or postcode", value: query["near"] ?? "", errors: errors,
                            hint: "Places this PeerCircle's meetings list.", attributes: [.attribute(named: "list", value: "towns"), .attribute(named: "maxlength", value: "80")]),
                .element(named: "datalist", nodes: [.id("towns"), .raw(towns)]),
                Forms.input("km", label: "Within (km)", value: query["km"] ?? "", errors: errors, attributes: [.attribute(named: "inputmode", value: "decimal")]),
                .element(named: "details", nodes: [
                    .if(errors["lat"] != nil || errors["lng"] != nil, .attribute(named: "open", value: "open")),
                    .element(named: "summary", text: "Advanced: latitude and longitude"),
                    Forms.input("lat", label: "Latitude", value: query["lat"] ?? "", errors: errors, attributes: [.attribute(named: "inputmode", value: "decimal")]),
                    Forms.input("lng", label: "Longitude", value: query["lng"] ?? "", errors: errors, attributes: [.attribute(named: "inputmode", value: "decimal")])])
            ),
            .button(.type(.submit), .text("Show meetings"))
        )
    }

    /// "Showing 101–200 of 1,420" with links to the pages either side, keeping the filters.
    private static func pager(_ list: MeetingCatalog.Page, query: [String: String]) -> Node<HTML.BodyContext> {
        guard list.total > DirectoryPage.size else { return .empty }
        let number = list.offset / DirectoryPage.size + 1
        func link(_ number: Int, _ label: String) -> Node<HTML.BodyContext> {
            var items = query.filter { $0.key != "page" && !$0.value.isEmpty }.sorted { $0.key < $1.key }
                .map { URLQueryItem(name: $0.key, value: $0.value) }
            items.append(URLQueryItem(name: "page", value: String(number)))
            var components = URLComponents()
            components.path = SiteURL.meetings.path
            components.queryItems = items
            return .a(.class("button secondary"), .href(components.string ?? SiteURL.meetings.path), .text(label))
        }
        return .nav(.class("pager"), .attribute(named: "aria-label", value: "More meetings"),
                    .p(.text("Showing \(list.offset + 1)–\(list.offset + list.entries.count) of \(list.total) in the next 7 days.")),
                    .p(.if(number > 1, link(number - 1, "← Sooner")), .text(" "),
                       .if(list.next != nil, link(number + 1, "Later meetings →"))))
    }

    private static func heading(_ day: LocalDate, today: LocalDate) -> String {
        switch today.days(to: day) {
        case 0: "Later today"
        case 1: "Tomorrow"
        default: day.longText
        }
    }

    /// The rows are written by hand from parts escaped once per meeting (`DirectoryRow`): the
    /// directory is the most visited page, and building a hundred rows of nodes cost most of it.
    private static func list(_ entries: [DirectoryEntry], zone: TimeZone) -> Node<HTML.BodyContext> {
        var html = ""
        html.reserveCapacity(entries.count * 300)
        for e in entries {
            html += "<li><strong><time datetime=\"" + TimeText.iso(e.occurrence.start) + "\">" + TimeText.clock(e.occurrence.start, zone)
                + "</time></strong> " + e.row.head
            if let badge = badge(e.status) { html += "<span class=\"badge\">" + HTMLEscape.text(badge) + "</span>" }
            if let km = e.distanceKm { html += "<span class=\"hint\">" + String(format: " %.1f km", km) + "</span>" }
            html += e.row.tail + "</li>"
        }
        return .ul(.class("meetings"), .raw(html))
    }

    private static func badge(_ status: DirectoryEntry.Status) -> String? {
        switch status {
        case .inProgress: "In progress"
        case .startingIn(let minutes): "Starting in \(minutes) min"
        case .later: nil
        }
    }

    static func place(_ m: MeetingDraft) -> String {
        let where_ = m.location ?? m.city ?? m.region ?? ""
        switch m.attendance {
        case .online: return "Online"
        case .hybrid: return where_.isEmpty ? "In person and online" : "\(where_) and online"
        case .inactive: return "Temporarily closed"
        case .inPerson: return where_.isEmpty ? "In person" : where_
        }
    }

    static func detail(
        _ page: PageContext, id: UUID, meeting m: MeetingDraft, next: MeetingSchedule.Occurrence?, now: Date,
        viewerZone: TimeZone, saved: Bool? = nil
    ) -> HTMLPage {
        let zone = TimeZone(identifier: m.timeZone) ?? .gmt
        let schedule = m.days.isEmpty || m.startTime == nil
            ? "By appointment"
            : "\(m.days.map { dayNames[$0] + "s" }.joined(separator: ", ")) at \(m.startTime ?? "")\(m.endTime.map { "–\($0)" } ?? "") (\(TimeText.zoneName(m.timeZone)) time)"
        let address = m.fullAddress
        return Layout.render(
            m.name, page,
            .p(.strong(.text(schedule))),
            .unwrap(next) { next in
                next.start <= now
                    ? .p(.span(.class("badge"), .text("On now")), .text(" until \(TimeText.clock(next.end, viewerZone)) your time"))
                    : .p(.text("Next: \(TimeText.format(next.start, viewerZone, "EEEE d MMMM, HH:mm")) your time"
                               + (zone.identifier == viewerZone.identifier ? "" : " (\(TimeText.format(next.start, zone, "HH:mm")) local)")))
            },
            .p(.text(m.attendance.title)),
            .p(.class("openness"), .text(MeetingTypes.openness(m))),
            .p(.a(.href(SiteURL.room(id).path), .text("Live room for this meeting"))),
            .if(saved != nil, Forms.postButton(SiteURL.attend(id).path, label: "I was at this meeting today", csrf: page.csrfToken)),
            .unwrap(saved) { saved in
                saved
                    ? Forms.postButton(SiteURL.meetingRemove(id).path, label: "Remove from my meetings", csrf: page.csrfToken)
                    : Forms.postButton(SiteURL.meetingSave(id).path, label: "Add to my meetings", csrf: page.csrfToken, style: "primary")
            },
            .if(m.isInPerson && !address.isEmpty, .section(
                .h2("Where"),
                .unwrap(m.location) { .p(.text($0)) },
                .p(.text(address)),
                .unwrap(m.locationNotes) { .p(.class("note"), .text($0)) }
            )),
            .if(m.isOnline, .section(
                .h2("Join online"),
                .unwrap(m.conferenceURL) { url in .p(.a(.href(url), .attribute(named: "rel", value: "nofollow noopener noreferrer"), .text("Join the video meeting"))) },
                // The link keeps the one-tap codes after the commas; people read just the number.
                .unwrap(m.conferencePhone) { phone in
                    .p(.text("By phone: "), .a(.href("tel:" + phone.filter { "0123456789+,*#".contains($0) }),
                                               .text(String(phone.split(separator: ",").first ?? Substring(phone)))))
                },
                // Meeting IDs and passwords stay folded away, so they are not on screen for anyone looking on.
                .if(m.conferenceURLNotes != nil || m.conferencePhoneNotes != nil, .details(
                    .summary(.text("Show details (meeting ID, password)")),
                    .unwrap(m.conferenceURLNotes) { .p(.class("note"), .text($0)) },
                    .unwrap(m.conferencePhoneNotes) { .p(.class("note"), .text($0)) }))
            )),
            .if(!MeetingTypes.shown(m).isEmpty, .section(
                .h2("What kind of meeting"),
                .forEach(MeetingTypes.Kind.allCases) { kind in
                    let codes = MeetingTypes.shown(m).filter { MeetingTypes.kind($0) == kind }
                    return .if(!codes.isEmpty, .group(
                        .h3(.text(kind.title)),
                        .ul(.class("types"), .forEach(codes) { .li(.text(MeetingTypes.meaning($0))) })))
                }
            )),
            .unwrap(m.notes) { .section(.h2("Notes"), .p(.class("note"), .text($0))) },
            .unwrap(m.groupName) { .p(.class("hint"), .text("Group: \($0)")) },
            .p(.a(.href(SiteURL.meetings.path), .text("All meetings")))
        )
    }
}

/// A directory row's fixed parts — the link, the place, the types — escaped once per meeting when
/// the catalog is built.
struct DirectoryRow: Sendable {
    let head: String
    let tail: String

    init(id: UUID, meeting m: MeetingDraft) {
        head = "<a href=\"" + AttributeText.link(SiteURL.meeting(id).path) + "\">" + HTMLEscape.text(m.name) + "</a>"
            + HTMLEscape.text(" — " + MeetingViews.place(m))
        var tail = ""
        let shown = MeetingTypes.shown(m)
        if !shown.isEmpty { tail += "<span class=\"hint\">" + HTMLEscape.text(" · " + shown.map(MeetingTypes.meaning).joined(separator: ", ")) + "</span>" }
        if m.types.contains("C") { tail += "<span class=\"hint\"> · Closed</span>" }
        if m.types.contains("O") { tail += "<span class=\"hint\"> · Open</span>" }
        self.tail = tail
    }
}
