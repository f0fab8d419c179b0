import Foundation
import Hummingbird
import Plot

enum ReferralViews {
    static let intro = "Services your community recommends, for when you want professional help beside peer support: treatment, medication for opioid use disorder, therapy and counselling, harm reduction and naloxone, family support and helplines."

    static func directory(_ page: PageContext, lines: [ReferralLine], filter: ReferralService.Filter, total: Int) -> HTMLPage {
        let kinds = [(value: "", label: "Any type")] + ReferralKind.allCases.map { (value: $0.rawValue, label: $0.title) }
        return Layout.render(
            "Professional help", page,
            .p(.text(intro)),
            .p(.class("notice"), .text("In danger or thinking of ending your life? "), .a(.href(SiteURL.crisis.path), .text("Crisis lines answer now")), .text(".")),
            .form(.action(SiteURL.help.path), .method(.get), .class("filters"),
                Forms.select("type", label: "Type", options: kinds, selected: filter.kind?.rawValue ?? "", errors: [:]),
                Forms.input("area", label: "Area", value: filter.area, errors: [:], hint: "A town or region, or \"online\"."),
                Forms.input("language", label: "Language", value: filter.language, errors: [:]),
                Forms.select("telehealth", label: "Telehealth", options: [(value: "", label: "In person or online"), (value: "yes", label: "Online or by phone only")],
                             selected: filter.telehealth ? "yes" : "", errors: [:]),
                .button(.type(.submit), .text("Show"))),
            .p(.class("hint"), .attribute(named: "role", value: "status"),
               .text(lines.count == total ? "\(total) service\(total == 1 ? "" : "s")." : "\(lines.count) of \(total) services match. "),
               .if(lines.count != total, .a(.href(SiteURL.help.path), .text("Show them all")))),
            .if(total == 0, .p(.text("Your community hasn't listed any services yet. Until it does, a doctor or the helplines on the crisis page can point you to local help."))),
            .div(.class("cards"), .forEach(lines) { card($0) }))
    }

    static func card(_ r: ReferralLine) -> Node<HTML.BodyContext> {
        .article(.class("card"),
            .h2(.text(r.name)),
            .p(.class("hint"), .text([r.kind.title, r.area, r.telehealth ? "telehealth" : nil].compactMap { $0 }.joined(separator: " · "))),
            .if(!r.about.isEmpty, .p(.text(r.about))),
            .dl(
                .if(!r.languages.isEmpty, .group(.dt("Languages"), .dd(.text(r.languages)))),
                .if(!r.cost.isEmpty, .group(.dt("Cost and insurance"), .dd(.text(r.cost)))),
                .if(!r.address.isEmpty, .group(.dt("Address"), .dd(.text(r.address))))),
            contact(r))
    }

    static func contact(_ r: ReferralLine) -> Node<HTML.BodyContext> {
        .p(
            .if(!r.phone.isEmpty, .group(.a(.href(tel(r.phone)), .text("Call \(r.phone)")), .text(" "))),
            .if(!r.website.isEmpty, .group(.a(.href(r.website), .attribute(named: "rel", value: "noopener noreferrer nofollow"),
                                              .text("Website")), .text(" "))),
            .if(!r.email.isEmpty, .a(.href("mailto:" + r.email), .text(r.email))))
    }

    /// A number to call as a phone dials it: digits and a leading plus.
    static func tel(_ phone: String) -> String { "tel:" + phone.filter { $0.isNumber || $0 == "+" } }

    /// A few services under a suggestion to talk to a professional.
    static func short(_ lines: [ReferralLine]) -> Node<HTML.BodyContext> {
        .if(!lines.isEmpty, .ul(.class("referrals"), .forEach(lines) { r in
            .li(.strong(.text(r.name)), .text(" — \(r.kind.title.lowercased()), \(r.area). "), .span(contactInline(r)))
        }))
    }

    private static func contactInline(_ r: ReferralLine) -> Node<HTML.BodyContext> {
        .group(
            .if(!r.phone.isEmpty, .a(.href(tel(r.phone)), .text(r.phone))),
            .if(!r.phone.isEmpty && !r.website.isEmpty, .text(" · ")),
            .if(!r.website.isEmpty, .a(.href(r.website), .attribute(named: "rel", value: "noopener noreferrer nofollow"), .text("website"))))
    }

    // MARK: - Administrators

    static func admin(_ page: PageContext, lines: [ReferralLine], csv: String = "", report: ReferralImport.Report? = nil,
                      notice: String?, status: HTTPResponse.Status = .ok) -> HTMLPage {
        Layout.render(
            "Professional help directory", page, status: status,
            Banner.notice(notice),
            .unwrap(report) { report in
                .section(.class(report.problems.isEmpty ? "notice" : "error-summary"), .attribute(named: "role", value: report.problems.isEmpty ? "status" : "alert"),
                    .h2(.text(report.problems.isEmpty ? "Imported" : "Nothing was imported: \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") to fix first")),
                    report.problems.isEmpty
                        ? .p(.text(report.description))
                        : .ul(.forEach(report.problems.prefix(100).map { $0 }) { .li(.text($0)) }))
            },
            .p(.text("Members find these under Professional help, linked from the crisis page, the check-ups and the recovery plan. "),
               .a(.href(SiteURL.adminReferralNew.path), .text("Add a service")), .text(" · "),
               .a(.href(SiteURL.adminReferralsCSV.path), .text("Download as CSV"))),
            .div(.class("scroll-x"), .table(
                .caption(.text("\(lines.count) service\(lines.count == 1 ? "" : "s")")),
                .thead(.tr(.th("Name"), .th("Type"), .th("Area"), .th(.span(.class("visually-hidden"), .text("Change"))))),
                .tbody(.forEach(lines) { r in
                    .tr(.td(.text(r.name)), .td(.text(r.kind.title)), .td(.text(r.area)),
                        .td(.a(.href(SiteURL.adminReferral(r.id).path), .attribute(named: "aria-label", value: "Change \(r.name)"), .text("Change"))))
                }))),
            .section(
                .h2("Import from a spreadsheet"),
                .p(.text("A CSV file with a header row. Columns: " + ReferralImport.columns.joined(separator: ", ")
                         + ". Each service needs a name, a type, an area and at least one of phone, website, email or address. Types: "
                         + ReferralKind.allCases.map { "\($0.rawValue) (\($0.title.lowercased()))" }.joined(separator: ", ")
                         + "; telehealth is yes or no. A service with the same name and area is updated; if any row has a problem, nothing changes.")),
                Forms.form(SiteURL.adminReferralImport.path, csrf: page.csrfToken,
                    Forms.textarea("csv", label: "CSV", value: csv, errors: [:], maxLength: 2_000_000),
                    .button(.type(.submit), .text("Import")))))
    }

    static func form(_ page: PageContext, id: UUID?, input: ReferralService.Input, errors: [FieldError] = [],
                     status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        let kinds = [(value: "", label: "Choose a type")] + ReferralKind.allCases.map { (value: $0.rawValue, label: $0.title) }
        let action = id.map { SiteURL.adminReferral($0).path } ?? SiteURL.adminReferralNew.path
        return Layout.render(
            id == nil ? "Add a service" : "Change a service", page, status: status,
            Forms.form(action, csrf: page.csrfToken,
                Forms.summary(errors),
                Forms.input("name", label: "Name", value: input.name, errors: errors, required: true),
                Forms.select("kind", label: "Type", options: kinds, selected: input.kind, errors: errors),
                Forms.input("area", label: "Area it serves", value: input.area, errors: errors, hint: "A town, a region, or \"online\".", required: true),
                Forms.input("languages", label: "Languages", value: input.languages, errors: errors, hint: "For example: English, Spanish."),
                Forms.input("cost", label: "Cost and insurance", value: input.cost, errors: errors, hint: "For example: free; sliding scale; most insurance."),
                Forms.choices("telehealth", legend: "Telehealth (online or by phone)?", options: [(value: "yes", label: "Yes"), (value: "no", label: "No")],
                              selected: [input.telehealth.isEmpty ? "no" : input.telehealth], errors: errors, multiple: false),
                Forms.input("phone", label: "Phone", value: input.phone, errors: errors, type: .tel),
                Forms.input("website", label: "Website", value: input.website, errors: errors, type: .url),
                Forms.input("email", label: "Email", value: input.email, errors: errors, type: .email),
                Forms.input("address", label: "Address", value: input.address, errors: errors),
                Forms.textarea("description", label: "What it offers", value: input.about, errors: errors, maxLength: 1000),
                .button(.type(.submit), .class("primary"), .text("Save"))),
            .unwrap(id) { id in
                Forms.form(SiteURL.adminReferralDelete(id).path, csrf: page.csrfToken,
                    Forms.choices("confirm", legend: "Take it out of the directory", options: [(value: "yes", label: "Yes, members should no longer see it")],
                                  selected: [], errors: errors, multiple: true),
                    .button(.type(.submit), .class("secondary"), .text("Take it out")))
            },
            .p(.a(.href(SiteURL.adminReferrals.path), .text("Back to the directory"))))
    }
}
