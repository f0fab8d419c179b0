import FluentKit
import Foundation

/// Life in the example Maple House, so a newcomer sees a house run together in one command:
/// three example residents (accounts nobody can sign in to), officers, an agreement, chores planned,
/// a month of shared bills, a meeting agenda and a milestone. `resident` moves a real member in too.
enum HouseDemoLife {
    static let people = ["Ash at Maple", "Bea at Maple", "Cal at Maple"]

    /// Adds the life once (nothing if Maple House already has residents); then moves `resident` in
    /// if they do not live there yet. Returns what it did, for the command to say.
    static func seed(_ writer: Writer, now: Date, zone: TimeZone, resident: UUID?, unusableHash: String) async throws -> [String] {
        try await writer.transaction { db in
            guard let house = try await SoberHouse.query(on: db).filter(\.$name == "Maple House (example)").first() else { return [] }
            let houseID = try house.requireID()
            let today = LocalDate(now, in: zone)
            var said: [String] = []
            if try await HouseResident.query(on: db).filter(\.$house.$id == houseID).count() > 0 {
                // Already lived in.
            } else if try await User.query(on: db).filter(\.$pseudonymKey ~~ people.map(User.key(for:))).count() > 0 {
                // Someone joined with one of the example names: never make a real member an example officer.
                said.append("Maple House (example) was left empty: a member already uses one of the example residents' names.")
            } else {
                try await life(house, today: today, now: now, zone: zone, hash: unusableHash, on: db)
                said.append("Maple House (example) now has three example residents, officers, chores, bills and a meeting agenda.")
            }
            if let resident, try await HouseResident.query(on: db).filter(\.$house.$id == houseID).filter(\.$user.$id == resident)
                .filter(\.$movedOutOn == nil).first() == nil {
                try await HouseResident(houseID: houseID, userID: resident, movedInOn: today.adding(days: -30)).create(on: db)
                try await LedgerService.resplit(houseID, from: HouseRules.month(of: today.adding(days: -30)), on: db)
                try await ChoreService.release(houseID, user: resident, from: today, on: db)
                said.append("You live in Maple House (example) now: open /houses and choose it.")
            }
            return said
        }
    }

    private static func life(_ house: SoberHouse, today: LocalDate, now: Date, zone: TimeZone, hash: String, on db: any Database) async throws {
        let houseID = try house.requireID()
        (house.admission, house.voteThreshold, house.voteQuorum, house.voteDays, house.arrearsLimit) = (.vote, 80, 50, 3, 10_000)
        house.relapsePolicy = "Support, not punishment: a resident who relapses talks it through with the president the same day, "
            + "makes a plan with their mentor, and the house decides together at the next meeting whether a more structured place would help."
        try await house.save(on: db)
        let agreement = HouseAgreement()
        (agreement.$house.id, agreement.version, agreement.text) = (houseID, 1,
            "I stay sober and support others in staying sober. I pay my equal share on time. I do my chores. I come to the weekly house meeting. I treat everyone here with respect.")
        try await agreement.create(on: db)
        var ids: [UUID] = []
        for (index, name) in people.enumerated() {
            let user = User(pseudonym: name, email: nil, passwordHash: hash, timeZone: zone.identifier, country: nil)
            try await user.create(on: db)
            let id = try user.requireID()
            ids.append(id)
            try await HouseResident(houseID: houseID, userID: id, movedInOn: today.adding(days: -60 + index * 20)).create(on: db)
            try await HouseSettingsService.acknowledge(houseID, version: 1, member: id, at: now, on: db)
            let officer = HouseOfficer()
            (officer.$house.id, officer.$user.id, officer.office) = (houseID, id, [HouseOfficer.Office.president, .treasurer, .secretary][index])
            (officer.electedOn, officer.termEndsOn) = (today.adding(days: -14).description, today.adding(days: -14).adding(months: 6).description)
            try await officer.create(on: db)
        }
        for (name, every) in [("Kitchen", 1), ("Bathrooms", 1), ("Bins and recycling", 1), ("Garden", 2)] {
            let chore = HouseChore()
            (chore.$house.id, chore.name, chore.everyWeeks, chore.startsWeek, chore.active) = (houseID, name, every, HouseRules.week(of: today).description, true)
            try await chore.create(on: db)
        }
        let stays = try await HouseStanding.stays(houseID, on: db)
        for (month, what, amount) in [(HouseRules.month(of: today.adding(months: -1)), "Rent", 240_000), (HouseRules.month(of: today.adding(months: -1)), "Utilities", 18_000),
                                      (HouseRules.month(of: today), "Rent", 240_000)] where !HouseRules.daysPresent(stays, month: month).isEmpty {
            let bill = HouseBill()
            (bill.$house.id, bill.month, bill.what, bill.amount) = (houseID, month, what, amount)
            try await bill.create(on: db)
            try await LedgerService.share(bill, stays: stays, on: db)
        }
        let payment = HousePayment()
        (payment.$house.id, payment.$user.id, payment.amount, payment.paidOn, payment.note) = (houseID, ids.first, 80_000, today.adding(days: -3).description, "bank transfer")
        try await payment.create(on: db)
        let meeting = try await HouseMeetingService.next(house, today: today, on: db)
        let item = HouseAgendaItem()
        (item.$meeting.id, item.text, item.$addedBy.id) = (try meeting.requireID(), "Plan a house barbecue for the summer", ids.last)
        try await item.create(on: db)
        if let bea = ids.dropFirst().first {
            let milestone = HouseMilestone()
            (milestone.$house.id, milestone.$user.id, milestone.text) = (houseID, bea, "Six months sober today")
            try await milestone.create(on: db)
        }
    }
}
