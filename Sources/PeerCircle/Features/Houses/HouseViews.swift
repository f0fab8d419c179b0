import Foundation
import Hummingbird
import Plot

/// The sober living directory, a house's page, its listing form and its residents.
enum HouseViews {
    static let servesOptions = SoberHouse.Serves.allCases.map { (value: $0.rawValue, label: $0.title) }
    static let levelOptions = [(value: "", label: "Not certified")] + (1...4).map { (value: String($0), label: "NARR level \(roman($0))") }

    static func roman(_ level: Int) -> String { ["I", "II", "III", "IV"][max(0, min(3, level - 1))] }

    static func cost(_ h: HouseService.Listing) -> String { "\(Money.format(cents: h.weeklyCost, currency: h.currency)) a week" }

    static func vacancyText(_ h: HouseService.Listing, zone: TimeZone) -> String {
        guard let free = h.vacancies else { return "Vacancy unknown — the house has not updated it for two weeks; ask them." }
        let when = TimeText.format(h.vacanciesUpdatedAt, zone, "d MMM")
        return free == 0 ? "Full (updated \(when))" : "\(free) of \(h.beds) bed\(h.beds == 1 ? "" : "s") free (updated \(when))"
    }

    static let matOptions = [(value: SoberHouse.MAT.notStated.rawValue, label: "Not said — people can ask"),
                             (value: SoberHouse.MAT.welcome.rawValue, label: "Welcome"),
                             (value: SoberHouse.MAT.notAccepted.rawValue, label: "Not accepted")]

    static func matText(_ h: HouseService.Listing) -> String {
        switch h.mat {
        case .welcome: "Medication for opioid use disorder (MAT/MOUD) is welcome."
        case .notAccepted: "This house does not take residents on MAT/MOUD."
        case .notStated: "The house has not said whether residents on MAT/MOUD are welcome — ask them."
        }
    }

    static func directory(_ p: PageContext, houses: [HouseService.Listing], filter: HouseInputFilter, errors: [FieldError] = [],
                          zone: TimeZone) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Sober living houses", p, status: errors.isEmpty ? .ok : .unprocessableContent,
            .p(.text("Peer-run recovery residences: people committed to sobriety live together and share the chores, the costs and the decisions. The street address is given to residents once a house has said yes.")),
            .form(.class("filters"), .action(SiteURL.houses.path), .method(.get),
                Forms.summary(errors),
                Forms.input("area", label: "Area (town or neighbourhood)", value: filter.area, errors: errors),
                Forms.select("serves", label: "Who it serves", options: [(value: "", label: "Anyone")] + servesOptions, selected: filter.serves, errors: errors),
                Forms.input("max_cost", label: "Weekly cost at most", value: filter.maxCost, errors: errors, attributes: [.attribute(named: "inputmode", value: "decimal")]),
                Forms.choices("vacancy", legend: "Beds", options: [(value: "yes", label: "Only houses with a bed free now")],
                              selected: filter.vacancy ? ["yes"] : [], errors: errors, multiple: true),
                Forms.choices("mat", legend: "Medication", options: [(value: "yes", label: "Only houses that welcome MAT/MOUD")],
                              selected: filter.mat ? ["yes"] : [], errors: errors, multiple: true),
                .button(.type(.submit), .text("Show houses"))),
            houses.isEmpty ? .p(.text("No house matches. Try fewer choices, or a nearby area.")) : .ul(.class("cards"), .forEach(houses) { h in
                .li(.class("card"),
                    .h2(.a(.href(SiteURL.house(h.id).path), .text(h.name))),
                    .if(h.isResident, .p(.strong(.text("Your house")))),
                    .p(.text("\(h.area) · \(h.serves.map(\.title).joined(separator: ", ")) · \(cost(h))")),
                    .p(.strong(.text(vacancyText(h, zone: zone)))),
                    .p(.class("hint"), .text(matText(h) + (h.narrLevel.map { " NARR level \(roman($0))." } ?? ""))))
            }),
            .if(p.member?.has(.admin) == true, .p(.a(.class("button"), .href(SiteURL.newHouse.path), .text("List a house"))))
        )
    }

    static func house(_ p: PageContext, _ h: HouseService.Listing, notice: String?, errors: [FieldError] = [], zone: TimeZone) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            h.name, p, status: errors.isEmpty ? .ok : .unprocessableContent, Banner.notice(notice),
            .if(h.isResident || h.runsLife, HouseLifeViews.menu(h.id)),
            .if(h.isResident, .p(.strong(.text("You live here.")))),
            .p(.strong(.text(vacancyText(h, zone: zone)))),
            .dl(.class("facts"),
                .dt("Area"), .dd(.text(h.area)),
                .unwrap(h.address) { .group(.dt("Address (residents and the lead only)"), .dd(.text($0))) },
                .dt("Who it serves"), .dd(.text(h.serves.map(\.title).joined(separator: ", "))),
                .dt("Cost"), .dd(.text(cost(h) + " per resident")),
                .dt("Medication"), .dd(.text(matText(h))),
                .dt("Standards"), .dd(.text(h.narrLevel.map { "Certified NARR level \(roman($0))" } ?? "Not certified")),
                .unwrap(h.leadName) { .group(.dt("House lead"), .dd(.text($0))) }
            ),
            .if(!h.rules.isEmpty, .section(.h2("House rules"), .p(.class("note"), .text(h.rules)))),
            .if(!h.relapsePolicy.isEmpty, .section(.h2("If someone relapses"), .p(.class("note"), .text(h.relapsePolicy)))),
            .section(.h2("How to apply"), .p(.text(h.howToApply.isEmpty ? "Apply here; the house answers on your application page." : h.howToApply)),
                .p(.class("hint"), .text(h.admission == .vote
                    ? "The residents vote on each application; \(h.voteThreshold) % of the votes cast must say yes. You see the outcome, never the votes."
                    : "The house lead decides on each application.")),
                .if(!h.isResident && !h.mayManage, p.member == nil
                    ? .p(.a(.href(SiteURL.login.path + "?next=" + SiteURL.housePart(h.id, .apply).path), .text("Sign in to apply")))
                    : .p(.a(.class("button"), .href(SiteURL.housePart(h.id, .apply).path), .text("Apply to live here")), .text(" "),
                         .a(.href(SiteURL.housePart(h.id, .application).path), .text("Your application"))))),

            .if(h.maySayBeds, .section(.class("card"),
                .h2("Beds free now"),
                Forms.form(SiteURL.houseVacancies(h.id).path, csrf: p.csrfToken,
                    Forms.input("vacancies", label: "Beds free (of \(h.beds))", value: h.vacancies.map(String.init) ?? "", errors: errors, type: .number),
                    .button(.type(.submit), .class("primary"), .text("Update"))),
                .if(h.mayManage, .p(.a(.href(SiteURL.houseEdit(h.id).path), .text("Edit the listing")))))),
            .p(.a(.href(SiteURL.houses.path), .text("All houses")))
        )
    }

    static func form(_ p: PageContext, id: UUID?, input: HouseInput, admin: Bool, errors: [FieldError] = [],
                     status: HTTPResponse.Status = .ok) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            id == nil ? "List a house" : "Edit the listing", p, status: status,
            Forms.form(
                id.map { SiteURL.houseEdit($0).path } ?? SiteURL.newHouse.path, csrf: p.csrfToken,
                Forms.summary(errors),
                Forms.input("name", label: "Name", value: input.name, errors: errors, required: true),
                Forms.input("area", label: "Area", value: input.area, errors: errors,
                            hint: "The neighbourhood or town. Visitors see this, never the street.", required: true),
                Forms.input("address", label: "Street address", value: input.address, errors: errors,
                            hint: "Only residents, the house lead and administrators see it.", required: true),
                Forms.choices("serves", legend: "Who it serves", options: servesOptions, selected: Set(input.serves), errors: errors, multiple: true),
                Forms.select("narr_level", label: "NARR certification", options: levelOptions, selected: input.narrLevel, errors: errors),
                Forms.select("mat", label: "Residents on medication for opioid use disorder (MAT/MOUD)", options: matOptions,
                             selected: input.mat, errors: errors),
                Forms.input("weekly_cost", label: "Weekly cost per resident", value: input.weeklyCost, errors: errors, required: true, attributes: [.attribute(named: "inputmode", value: "decimal")]),
                Forms.select("currency", label: "Currency", options: ClockInput.currencies.map { (value: $0, label: $0) }, selected: input.currency, errors: errors),
                Forms.input("beds", label: "Beds", value: input.beds, errors: errors, type: .number, required: true),
                .if(id == nil, Forms.input("vacancies", label: "Beds free now", value: input.vacancies, errors: errors, type: .number, required: true)),
                Forms.textarea("rules", label: "House rules (a summary)", value: input.rules, errors: errors, maxLength: 2000),
                Forms.textarea("how_to_apply", label: "How to apply", value: input.howToApply, errors: errors, maxLength: 1000),
                .if(admin, Forms.input("lead", label: "House lead (pseudonym, optional)", value: input.lead ?? "", errors: errors,
                                       hint: "A member holding the house lead role.")),
                .button(.type(.submit), .class("primary"), .text("Save"))))
    }

    static func residents(_ p: PageContext, house: HouseService.Listing, residents: [HouseService.Resident], former: [HouseService.FormerResident],
                          errors: [FieldError] = [], typed: FormData = FormData(), notice: String?, today: LocalDate) -> HTMLPage {
        let errors = Forms.errors(errors)
        // Two forms: the one sent is drawn again with what was typed.
        let out = typed.values["moved_out_on"] != nil
        return Layout.render(
            "Residents of \(house.name)", p, status: errors.isEmpty ? .ok : .unprocessableContent, Banner.notice(notice),
            .if(house.isResident || house.runsLife, HouseLifeViews.menu(house.id)),
            .p(.class("hint"), .text("Only the house's residents and its lead see who lives here.")),
            residents.isEmpty ? .p(.text("Nobody is recorded as living here yet.")) : .ul(.forEach(residents) { r in
                .li(.text("\(r.pseudonym) — \(r.movedInOn > today.description ? "moving in on" : "since") \(LocalDate(r.movedInOn)?.longText ?? r.movedInOn)"))
            }),
            .if(house.mayManage, .group(
                .section(.h2("Someone moved in"), Forms.form(SiteURL.houseResidents(house.id).path, csrf: p.csrfToken,
                    Forms.summary(out ? [:] : errors),
                    Forms.input("pseudonym", label: "Their pseudonym", value: typed["pseudonym"], errors: errors, required: true),
                    Forms.input("moved_in_on", label: "Moved in on", value: out || typed.values["moved_in_on"] == nil ? today.description : typed["moved_in_on"],
                                errors: errors, type: .date),
                    .button(.type(.submit), .class("primary"), .text("Add to the house")))),
                .if(!residents.isEmpty, .section(.h2("Someone moved out"), Forms.form(SiteURL.houseMoveOut(house.id).path, csrf: p.csrfToken,
                    Forms.select("user", label: "Who", options: residents.map { (value: $0.userID.uuidString.lowercased(), label: $0.pseudonym) },
                                 selected: typed["user"], errors: errors),
                    Forms.input("moved_out_on", label: "Moved out on", value: out ? typed["moved_out_on"] : today.description, errors: errors, type: .date),
                    Forms.input("reason", label: "Reason (for you and administrators only)", value: typed["reason"], errors: errors),
                    .button(.type(.submit), .class("secondary"), .text("Record the move-out"))))),
                .if(!former.isEmpty, .section(.h2("Moved out"), .p(.class("hint"), .text("Only you and administrators see this.")),
                    .ul(.forEach(former) { f in
                        .li(.text("\(f.pseudonym): \(f.movedInOn) to \(f.movedOutOn)\(f.reason.map { " — \($0)" } ?? "")"))
                    }))))),
            .p(.a(.href(SiteURL.house(house.id).path), .text("Back to the house")))
        )
    }
}

/// The directory's filters as typed, so the form shows them again.
struct HouseInputFilter: Sendable, Equatable {
    var area = ""
    var serves = ""
    var maxCost = ""
    var vacancy = false
    var mat = false

    /// The filter, or the fields that cannot be read.
    func validate() throws(AppError) -> HouseService.Filter {
        var check = Validation()
        let serves = self.serves.isEmpty ? nil : SoberHouse.Serves(rawValue: self.serves)
        check.check(self.serves.isEmpty || serves != nil, "serves", "Choose from the list.")
        let cost = ClockInput.cents(maxCost)
        check.check(cost != nil, "max_cost", "Enter an amount like 150, or leave it empty.")
        check.check(area.count <= 80, "area", "Use at most 80 characters.")
        try check.finish()
        return HouseService.Filter(area: area, serves: serves, matWelcome: mat, vacancyNow: vacancy,
                                   maxWeeklyCost: cost ?? nil)
    }
}
