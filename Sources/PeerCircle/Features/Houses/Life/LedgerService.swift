import FluentKit
import Foundation

/// Equal expense sharing: the treasurer records the house's bills for a month, each is shared among
/// the residents by the days they lived there that month (to the cent), payments are recorded, and
/// money owed over the house's limit goes on the next meeting's agenda. No payment is processed here.
struct LedgerService: Sendable {
    let deps: AppDependencies

    struct Line: Sendable {
        let date: String
        let what: String
        /// What it adds to the balance: a share (positive) or a payment (negative).
        let amount: Int
        let days: Int?
    }

    struct Balance: Sendable {
        let userID: UUID?
        let pseudonym: String
        let owed: Int
        let living: Bool
    }

    struct Bill: Sendable {
        let month: String
        let what: String
        let amount: Int
        let shares: [(pseudonym: String, days: Int, amount: Int)]
    }

    /// The money page: the treasurer (and lead) see everyone; a resident or former resident sees their own lines only.
    struct Ledger: Sendable {
        let standing: HouseStanding
        let mine: [Line]
        let myBalance: Int
        let everyone: [Balance]?
        let bills: [Bill]?
        let arrearsLimit: Int
    }

    func ledger(_ houseID: UUID, member: Member) async throws -> Ledger {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        guard standing.isInside || standing.wasResident else { throw AppError.notFound }
        guard let house = try await SoberHouse.find(houseID, on: deps.db) else { throw AppError.notFound }
        let bills = try await HouseBill.query(on: deps.db).filter(\.$house.$id == houseID).sort(\.$month).sort(\.$createdAt).all()
        let shares = try await HouseBillShare.query(on: deps.db).filter(\.$bill.$id ~~ bills.compactMap(\.id)).all()
        let payments = try await HousePayment.query(on: deps.db).filter(\.$house.$id == houseID).sort(\.$paidOn).all()
        let billByID = Dictionary(bills.compactMap { b in b.id.map { ($0, b) } }, uniquingKeysWith: { a, _ in a })
        let mine = (shares.filter { $0.$user.id == member.id }.compactMap { s in
            billByID[s.$bill.id].map { Line(date: $0.month, what: $0.what, amount: s.amount, days: s.days) }
        } + payments.filter { $0.$user.id == member.id }.map { Line(date: $0.paidOn, what: $0.note.isEmpty ? "Payment" : "Payment — \($0.note)", amount: -$0.amount, days: nil) })
            .sorted { $0.date < $1.date }
        guard standing.may(.treasurer) else {
            return Ledger(standing: standing, mine: mine, myBalance: mine.reduce(0) { $0 + $1.amount }, everyone: nil, bills: nil, arrearsLimit: house.arrearsLimit)
        }
        let living = Set(try await HouseResident.query(on: deps.db).filter(\.$house.$id == houseID).filter(\.$movedOutOn == nil).all().map(\.$user.id))
        let owed = Self.balances(shares: shares, payments: payments)
        let names = try await AccountService(deps: deps).names(owed.keys.compactMap { $0 } + Array(living))
        let everyone = Set(owed.keys).union(living.map(Optional.some)).map { id in
            Balance(userID: id, pseudonym: id.flatMap { names[$0] } ?? "A former resident (account closed)", owed: owed[id] ?? 0,
                    living: id.map(living.contains) ?? false)
        }.sorted { ($0.living ? 0 : 1, $0.pseudonym) < ($1.living ? 0 : 1, $1.pseudonym) }
        let billLines = bills.reversed().map { b in
            Bill(month: b.month, what: b.what, amount: b.amount, shares: shares.filter { $0.$bill.id == b.id }.map {
                (pseudonym: $0.$user.id.flatMap { names[$0] } ?? "A former resident", days: $0.days, amount: $0.amount)
            }.sorted { $0.pseudonym < $1.pseudonym })
        }
        return Ledger(standing: standing, mine: mine, myBalance: mine.reduce(0) { $0 + $1.amount }, everyone: everyone, bills: billLines,
                      arrearsLimit: house.arrearsLimit)
    }

    static func balances(shares: [HouseBillShare], payments: [HousePayment]) -> [UUID?: Int] {
        var owed: [UUID?: Int] = [:]
        for s in shares { owed[s.$user.id, default: 0] += s.amount }
        for p in payments { owed[p.$user.id, default: 0] -= p.amount }
        return owed
    }

    func addBill(_ houseID: UUID, month: String, what: String, amount: String, member: Member) async throws {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.require(.treasurer)
        let today = HouseStanding.today(deps)
        var check = Validation()
        let month = month.trimmingCharacters(in: .whitespaces)
        let start = HouseRules.monthStart(month)
        check.check(start.map { $0.year >= 2000 && $0 <= today.adding(months: 1) } ?? false, "month", "Enter the month as YYYY-MM, up to next month.")
        let what = what.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check((2...120).contains(what.count) && !what.contains(where: \.isNewline), "what", "Say what the bill is for (2–120 characters, one line).")
        let cents = ClockInput.cents(amount)
        check.check(cents.map { ($0 ?? 0) > 0 && ($0 ?? 0) <= 100_000_000 } ?? false, "amount", "Enter the bill's amount, like 240 or 240.50.")
        try check.finish()
        let minor = try (try cents.checked("amount")).checked("amount")
        try await deps.writer.transaction { db in
            try await HouseStanding.takeTurn(houseID, deps: deps, on: db)
            let stays = try await HouseStanding.stays(houseID, on: db)
            guard !HouseRules.daysPresent(stays, month: month).isEmpty else {
                throw AppError.invalid([FieldError(field: "month", message: "Nobody lived in the house that month, so there is nobody to share it.")])
            }
            let bill = HouseBill()
            (bill.$house.id, bill.month, bill.what, bill.amount) = (houseID, month, what, minor)
            try await bill.create(on: db)
            try await Self.share(bill, stays: stays, on: db)
            try await Self.reviewArrears(houseID, today: today, on: db)
        }
    }

    func addPayment(_ houseID: UUID, resident: String, amount: String, paidOn: String, note: String, member: Member) async throws {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.require(.treasurer)
        let today = HouseStanding.today(deps)
        var check = Validation()
        let userID = UUID(uuidString: resident)
        let stayed = try await userID.asyncMap { id in
            try await HouseResident.query(on: deps.db).filter(\.$house.$id == houseID).filter(\.$user.$id == id).first() != nil
        } ?? false
        check.check(stayed, "resident", "Choose someone who lives or lived here.")
        let cents = ClockInput.cents(amount)
        check.check(cents.map { ($0 ?? 0) > 0 && ($0 ?? 0) <= 100_000_000 } ?? false, "paid", "Enter the amount paid, like 165 or 165.50.")
        let day = paidOn.isEmpty ? today : LocalDate(paidOn.trimmingCharacters(in: .whitespaces))
        check.check(day.map { $0 <= today && $0.year >= 2000 } ?? false, "paid_on", "Enter the date as YYYY-MM-DD, today or earlier.")
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(note.count <= 200 && !note.contains(where: \.isNewline), "note", "Use at most 200 characters on one line.")
        try check.finish()
        let (uid, minor, date) = (try userID.checked("resident"), try (try cents.checked("paid")).checked("paid"), try day.checked("paid_on"))
        try await deps.writer.transaction { db in
            try await HouseStanding.takeTurn(houseID, deps: deps, on: db)
            let payment = HousePayment()
            (payment.$house.id, payment.$user.id, payment.amount, payment.paidOn, payment.note) = (houseID, uid, minor, date.description, note)
            try await payment.create(on: db)
            try await Self.reviewArrears(houseID, today: today, on: db)
        }
    }

    /// Shares a bill among those who lived there that month by their days; an erased account's share stays as it was.
    static func share(_ bill: HouseBill, stays: [HouseRules.Stay], on db: any Database) async throws {
        let billID = try bill.requireID()
        let kept = try await HouseBillShare.query(on: db).filter(\.$bill.$id == billID).filter(\.$user.$id == nil).all()
        try await HouseBillShare.query(on: db).filter(\.$bill.$id == billID).filter(\.$user.$id != nil).delete()
        let days = HouseRules.daysPresent(stays, month: bill.month).sorted { $0.key.uuidString < $1.key.uuidString }
        let amounts = HouseRules.split(bill.amount - kept.reduce(0) { $0 + $1.amount }, by: days.map(\.value))
        for (entry, amount) in zip(days, amounts) {
            let share = HouseBillShare()
            (share.$bill.id, share.$user.id, share.days, share.amount) = (billID, entry.key, entry.value, amount)
            try await share.create(on: db)
        }
    }

    /// After a move is recorded, bills from that month on are shared again by the new days.
    static func resplit(_ houseID: UUID, from month: String, on db: any Database) async throws {
        let bills = try await HouseBill.query(on: db).filter(\.$house.$id == houseID).filter(\.$month >= month).all()
        guard !bills.isEmpty else { return }
        let stays = try await HouseStanding.stays(houseID, on: db)
        for bill in bills where !HouseRules.daysPresent(stays, month: bill.month).isEmpty { try await share(bill, stays: stays, on: db) }
    }

    /// Residents owing more than the house's limit are on the next meeting's agenda, once; someone who
    /// has caught up is taken off it again.
    static func reviewArrears(_ houseID: UUID, today: LocalDate, on db: any Database) async throws {
        guard let house = try await SoberHouse.find(houseID, on: db) else { return }
        let bills = try await HouseBill.query(on: db).filter(\.$house.$id == houseID).all()
        let owed = balances(shares: try await HouseBillShare.query(on: db).filter(\.$bill.$id ~~ bills.compactMap(\.id)).all(),
                            payments: try await HousePayment.query(on: db).filter(\.$house.$id == houseID).all())
        let living = Set(try await HouseResident.query(on: db).filter(\.$house.$id == houseID).filter(\.$movedOutOn == nil).all().map(\.$user.id))
        let behind = house.arrearsLimit > 0 ? Set(living.filter { (owed[$0] ?? 0) > house.arrearsLimit }) : []
        let meeting = try await HouseMeetingService.next(house, today: today, on: db)
        let items = try await HouseAgendaItem.query(on: db).filter(\.$meeting.$id == meeting.requireID()).filter(\.$about.$id != nil).all()
        for item in items where !behind.contains(item.$about.id ?? UUID()) { try await item.delete(on: db) }
        let listed = Set(items.compactMap(\.$about.id))
        // The item names nobody: who owes what is for the treasurer and the lead (the money page says so),
        // and a name on the agenda in front of the whole house shames more than it helps.
        for user in behind.subtracting(listed) {
            let item = HouseAgendaItem()
            item.$meeting.id = try meeting.requireID()
            item.$about.id = user
            item.text = "House money: a resident owes more than \(Money.format(cents: house.arrearsLimit, currency: house.currency)). The treasurer talks it through with them kindly beforehand and brings a plan."
            try await item.create(on: db)
        }
    }

    /// Every bill share and payment, for the treasurer's spreadsheet.
    func csv(_ houseID: UUID, member: Member) async throws -> String {
        let ledger = try await ledger(houseID, member: member)
        guard ledger.standing.may(.treasurer), let bills = ledger.bills else { throw AppError.notFound }
        let payments = try await HousePayment.query(on: deps.db).filter(\.$house.$id == houseID).sort(\.$paidOn).all()
        let names = try await AccountService(deps: deps).names(payments.compactMap(\.$user.id))
        var rows = [["date", "kind", "resident", "what", "days", "amount", "currency"]]
        for bill in bills.reversed() {
            rows.append([bill.month, "bill", "", bill.what, "", Money.plain(minor: bill.amount), ledger.standing.currency])
            for s in bill.shares { rows.append([bill.month, "share", s.pseudonym, bill.what, String(s.days), Money.plain(minor: s.amount), ledger.standing.currency]) }
        }
        for p in payments {
            rows.append([p.paidOn, "payment", p.$user.id.flatMap { names[$0] } ?? "A former resident", p.note, "", Money.plain(minor: p.amount), ledger.standing.currency])
        }
        return rows.map { $0.map(CSVText.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}

