import FluentKit
import Foundation

/// Three example houses for a newcomer to see the directory working (`peercircle demo houses`).
/// Marked "(example)" in their names, made once: running it again adds nothing.
enum HouseDemo {
    static let houses: [HouseInput] = [
        HouseInput(name: "Maple House (example)", area: "Riverside", address: "14 Example Street, Riverside", serves: ["men"], narrLevel: "2",
                   mat: "welcome", weeklyCost: "165", currency: "USD", beds: "8", vacancies: "2",
                   rules: "No alcohol or drugs. Weekly house meeting on Sunday evenings. Everyone does a chore each week. Guests leave by 10pm.",
                   howToApply: "Ask the house lead for an interview; residents vote on new members (80 % to accept)."),
        HouseInput(name: "Willow House (example)", area: "Old Town", address: "3 Example Lane, Old Town", serves: ["women", "parents_with_children"],
                   narrLevel: "", mat: "welcome", weeklyCost: "150", currency: "USD", beds: "6", vacancies: "0",
                   rules: "Sobriety, honesty and respect. Children welcome; quiet hours from 9pm.",
                   howToApply: "Write to the house lead. We call you back within a week."),
        HouseInput(name: "Cedar House (example)", area: "Hillside", address: "27 Example Road, Hillside", serves: ["lgbtq", "young_adults"],
                   narrLevel: "1", mat: "not_stated", weeklyCost: "120", currency: "USD", beds: "5", vacancies: "1",
                   rules: "Peer-run and democratic: officers elected every six months, expenses shared equally.",
                   howToApply: "Come to a Sunday house meeting and meet the residents."),
    ]

    /// Adds the example houses that are not there yet; returns how many it added.
    static func seed(_ writer: Writer, now: Date) async throws -> Int {
        try await writer.transaction { db in
            let existing = Set(try await SoberHouse.query(on: db).all().map(\.name))
            var added = 0
            for input in houses where !existing.contains(input.name) {
                let house = SoberHouse()
                house.startWithDefaults()
                try input.validate(lead: .some(nil)).apply(to: house, vacanciesSaid: now)
                try await house.create(on: db)
                added += 1
            }
            return added
        }
    }
}
