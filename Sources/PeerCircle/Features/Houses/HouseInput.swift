import Foundation

/// A house's listing as typed on the web form or sent to the API, before validation.
struct HouseInput: Sendable, Equatable {
    var name = ""
    var area = ""
    var address = ""
    var serves: [String] = []
    var narrLevel = ""
    /// `SoberHouse.MAT`: welcome, not_accepted or not_stated.
    var mat = SoberHouse.MAT.notStated.rawValue
    /// Weekly cost as typed ("150" or "150.50").
    var weeklyCost = ""
    var currency = "USD"
    var beds = ""
    var vacancies = ""
    var rules = ""
    var howToApply = ""
    /// The lead's pseudonym (administrators only): empty for none, nil to leave it as it is.
    var lead: String?

    /// Every rule at once, with `also` (problems found elsewhere, such as the lead). `lead`: `nil` leaves
    /// the lead as it is; `.some(nil)` leaves the house without one.
    func validate(lead: UUID??, also: [FieldError] = []) throws(AppError) -> HouseDraft {
        var check = Validation()
        for problem in also { check.add(problem.field, problem.message) }
        let text = { (s: String) in s.trimmingCharacters(in: .whitespacesAndNewlines) }
        let (name, area, address, rules, howToApply) = (text(name), text(area), text(address), text(rules), text(howToApply))
        check.check((3...80).contains(name.count) && !name.contains(where: \.isNewline), "name", "Use between 3 and 80 characters on one line.")
        check.check((2...80).contains(area.count) && !area.contains(where: \.isNewline), "area",
                    "Name the neighbourhood or town (2–80 characters) — never the street: visitors see this.")
        check.check((5...200).contains(address.count), "address", "Enter the street address (5–200 characters); only residents and the lead see it.")
        let serves = SoberHouse.Serves.allCases.filter { self.serves.contains($0.rawValue) }
        check.check(!serves.isEmpty && self.serves.allSatisfy { SoberHouse.Serves(rawValue: $0) != nil }, "serves", "Choose who the house is for.")
        let mat = SoberHouse.MAT(rawValue: self.mat)
        check.check(mat != nil, "mat", "Say whether residents on MAT/MOUD are welcome, or leave it unsaid.")
        let level = narrLevel.isEmpty ? .some(nil) : Int(narrLevel).flatMap { (1...4).contains($0) ? .some($0) : nil }
        check.check(level != nil, "narr_level", "Choose a NARR level from I to IV, or none.")
        let cost = ClockInput.cents(weeklyCost)
        check.check(cost != nil && cost != .some(nil), "weekly_cost", "Enter the weekly cost, like 150 or 150.50.")
        check.check(ClockInput.currencies.contains(currency), "currency", "Choose a currency from the list.")
        let beds = Int(self.beds.trimmingCharacters(in: .whitespaces))
        check.check(beds.map { (1...50).contains($0) } ?? false, "beds", "Enter the number of beds, 1 to 50.")
        let vacancies = Int(self.vacancies.trimmingCharacters(in: .whitespaces))
        check.check(vacancies.map { $0 >= 0 && $0 <= (beds ?? 50) } ?? false, "vacancies", "Enter the beds free now, from 0 to the house's beds.")
        check.check(rules.count <= 2000, "rules", "Use at most 2 000 characters.")
        check.check(howToApply.count <= 1000, "how_to_apply", "Use at most 1 000 characters.")
        try check.finish()
        return HouseDraft(
            name: name, area: area, address: address, serves: serves, narrLevel: try level.checked("narr_level"), mat: try mat.checked("mat"),
            weeklyCost: try (try cost.checked("weekly_cost")).checked("weekly_cost"), currency: currency, beds: try beds.checked("beds"),
            vacancies: try vacancies.checked("vacancies"), rules: rules, howToApply: howToApply, lead: lead)
    }
}

/// A validated listing.
struct HouseDraft: Sendable, Equatable {
    let name: String
    let area: String
    let address: String
    let serves: [SoberHouse.Serves]
    let narrLevel: Int?
    let mat: SoberHouse.MAT
    let weeklyCost: Int
    let currency: String
    let beds: Int
    let vacancies: Int
    let rules: String
    let howToApply: String
    let lead: UUID??

    func apply(to h: SoberHouse, vacanciesSaid: Date) {
        (h.name, h.area, h.address, h.servesText) = (name, area, address, serves.map(\.rawValue).joined(separator: ","))
        (h.narrLevel, h.mat, h.weeklyCost, h.currency, h.beds) = (narrLevel, mat, weeklyCost, currency, beds)
        (h.vacancies, h.vacanciesUpdatedAt, h.rules, h.howToApply) = (vacancies, vacanciesSaid, rules, howToApply)
        if let lead { h.$lead.id = lead }
    }
}

extension HouseInput {
    init(_ h: HouseService.Listing, lead: String?) {
        self.init(name: h.name, area: h.area, address: h.address ?? "", serves: h.serves.map(\.rawValue), narrLevel: h.narrLevel.map(String.init) ?? "",
                  mat: h.mat.rawValue, weeklyCost: Money.plain(minor: h.weeklyCost), currency: h.currency,
                  beds: String(h.beds), vacancies: h.vacancies.map(String.init) ?? "", rules: h.rules, howToApply: h.howToApply, lead: lead)
    }
}
