import Foundation

/// A clock as typed by a person (web form or API), before validation.
struct ClockInput: Sendable, Equatable {
    var label = ""
    var kind = Clock.Kind.alcohol.rawValue
    var startedOn = ""
    var dailyCost = ""
    var currency = "USD"

    static let currencies = ["USD", "CAD", "GBP", "EUR", "AUD", "NZD"]
    static let maxLabel = 60

    /// Checks every rule at once; `today` is the member's today, so a start date cannot be in their future.
    func validate(today: LocalDate) throws(AppError) -> ClockDraft {
        var check = Validation()
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines)
        let kind = Clock.Kind(rawValue: kind)
        check.check(kind != nil, "kind", "Choose what this clock counts.")
        check.check(label.count <= Self.maxLabel, "label", "Use at most \(Self.maxLabel) characters.")
        check.check(!(kind == .other && label.isEmpty), "label", "Give this clock a name.")
        let start = LocalDate(startedOn.trimmingCharacters(in: .whitespaces))
        if let start {
            check.check(start <= today, "started_on", "The start date can't be in the future. Today is \(today).")
            check.check(start.year >= 1900, "started_on", "Check the year.")
        } else {
            check.add("started_on", "Enter the date as YYYY-MM-DD.")
        }
        let cost = Self.cents(dailyCost)
        check.check(cost != nil, "daily_cost", "Enter an amount like 12.50, or leave it empty.")
        check.check(Self.currencies.contains(currency), "currency", "Choose a currency from the list.")
        try check.finish()
        let checkedKind = try kind.checked("kind")
        return ClockDraft(
            label: label.isEmpty ? checkedKind.title : label, kind: checkedKind, startedOn: try start.checked("started_on"),
            dailyCostCents: try cost.checked("daily_cost"), currency: currency)
    }

    /// "12.5" → 1250, "12,50" → 1250, "1,200" and "1.200,50" and "1,200.50" read as people write them;
    /// "" → .some(nil); nonsense, negatives and absurd sums → nil.
    static func cents(_ typed: String) -> Int?? {
        let trimmed = typed.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .some(nil) }
        guard trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else { return nil }
        let text: String
        let (commas, dots) = (trimmed.filter { $0 == "," }.count, trimmed.filter { $0 == "." }.count)
        let grouped = { (separator: Character) in
            let parts = trimmed.split(separator: separator, omittingEmptySubsequences: false)
            return parts.count > 1 && (parts.first.map { (1...3).contains($0.count) } ?? false) && parts.dropFirst().allSatisfy { $0.count == 3 }
        }
        if commas > 0 && dots > 0 {
            // The last separator is the decimal one; the other groups thousands.
            guard let last = trimmed.last(where: { $0 == "," || $0 == "." }) else { return nil }
            let group: Character = last == "." ? "," : "."
            text = String(trimmed.filter { $0 != group }).replacingOccurrences(of: ",", with: ".")
        } else if commas > 0 {
            guard commas == 1 || grouped(",") else { return nil }
            text = grouped(",") ? trimmed.replacingOccurrences(of: ",", with: "") : trimmed.replacingOccurrences(of: ",", with: ".")
        } else if dots > 1 {
            guard grouped(".") else { return nil }
            text = trimmed.replacingOccurrences(of: ".", with: "")
        } else {
            text = trimmed
        }
        guard text.filter({ $0 == "." }).count <= 1, !text.hasPrefix("."), !text.hasSuffix("."),
              let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
              value >= 0, value <= 100_000
        else { return nil }
        var cents = value * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &cents, 0, .plain)
        return .some(NSDecimalNumber(decimal: rounded).intValue)
    }
}

/// A validated clock.
struct ClockDraft: Sendable, Equatable {
    let label: String
    let kind: Clock.Kind
    let startedOn: LocalDate
    let dailyCostCents: Int?
    let currency: String
}

extension ClockInput {
    init(_ clock: Clock) {
        self.init(
            label: clock.label, kind: clock.kind.rawValue, startedOn: clock.startedOn,
            dailyCost: clock.dailyCostCents.map { String(format: "%.2f", Double($0) / 100) } ?? "",
            currency: clock.currency)
    }

    /// The currency most members in `country` would expect.
    static func defaultCurrency(for country: String?) -> String {
        switch country {
        case "CA": "CAD"
        case "GB": "GBP"
        case "AU": "AUD"
        case "NZ": "NZD"
        case "IE", "DE", "FR", "ES", "IT", "NL", "BE", "FI", "PT": "EUR"
        default: "USD"
        }
    }
}
