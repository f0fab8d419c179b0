import FluentKit
import Foundation

/// How a house runs itself — admission, votes, money limit, meeting day, relapse policy — its
/// versioned agreement, and its officers. The lead or the house's president sets them.
struct HouseSettingsService: Sendable {
    let deps: AppDependencies

    struct Agreement: Sendable, Equatable {
        let version: Int
        let text: String
        let setAt: Date?
    }

    struct Settings: Sendable, Equatable {
        var admission = Admission.lead.rawValue
        var threshold = "80"
        var quorum = "50"
        var voteDays = "3"
        var arrearsLimit = "0"
        var meetingWeekday = "0"
        var relapsePolicy = ""
        var agreement = ""
    }

    struct Officer: Sendable {
        let office: HouseOfficer.Office
        let pseudonym: String
        let electedOn: String
        let termEndsOn: String
        let current: Bool
    }

    /// The house's life as a resident sees it: its rules for itself, agreement, officers, and the
    /// version of the agreement the viewer last accepted.
    struct Overview: Sendable {
        let standing: HouseStanding
        let settings: Settings
        let agreement: Agreement?
        let acceptedVersion: Int?
        let officers: [Officer]
        /// Private requests for support: the lead's and the president's only.
        let requests: [HouseCareService.Request]
        let milestones: [HouseCareService.Milestone]
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    func overview(_ houseID: UUID, member: Member) async throws -> Overview {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.requireInside()
        guard let house = try await SoberHouse.find(houseID, on: deps.db) else { throw AppError.notFound }
        let agreement = try await self.agreement(of: houseID)
        let accepted = try await HouseAgreementAck.query(on: deps.db).filter(\.$house.$id == houseID).filter(\.$user.$id == member.id)
            .sort(\.$version, .descending).first()?.version
        let today = HouseStanding.today(deps).description
        let officers = try await HouseOfficer.query(on: deps.db).filter(\.$house.$id == houseID).with(\.$user).all()
            .sorted { HouseOfficer.Office.allCases.firstIndex(of: $0.office) ?? 0 < HouseOfficer.Office.allCases.firstIndex(of: $1.office) ?? 0 }
            .map { Officer(office: $0.office, pseudonym: $0.user.pseudonym, electedOn: $0.electedOn, termEndsOn: $0.termEndsOn, current: $0.termEndsOn >= today) }
        let settings = Settings(
            admission: house.admission.rawValue, threshold: String(house.voteThreshold), quorum: String(house.voteQuorum),
            voteDays: String(house.voteDays), arrearsLimit: Money.plain(minor: house.arrearsLimit), meetingWeekday: String(house.meetingWeekday),
            relapsePolicy: house.relapsePolicy, agreement: agreement?.text ?? "")
        let care = HouseCareService(deps: deps)
        return Overview(standing: standing, settings: settings, agreement: agreement, acceptedVersion: accepted, officers: officers,
                        requests: try await care.requests(standing), milestones: try await care.milestones(standing))
    }

    /// The lead, an administrator or the president changes how the house runs; a changed agreement
    /// becomes a new version, and residents are asked to accept it.
    func save(_ houseID: UUID, _ input: Settings, member: Member) async throws {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        try standing.require(.president)
        var check = Validation()
        let admission = Admission(rawValue: input.admission)
        check.check(admission != nil, "admission", "Choose who accepts new residents.")
        let number = { (s: String) in Int(s.trimmingCharacters(in: .whitespaces)) }
        let threshold = number(input.threshold), quorum = number(input.quorum), days = number(input.voteDays)
        check.check(threshold.map { (51...100).contains($0) } ?? false, "threshold", "Enter a share from 51 to 100 per cent (more than half).")
        check.check(quorum.map { (1...100).contains($0) } ?? false, "quorum", "Enter a share from 1 to 100 per cent.")
        check.check(days.map { (1...14).contains($0) } ?? false, "vote_days", "Enter 1 to 14 days.")
        let limit = ClockInput.cents(input.arrearsLimit)
        check.check(limit != nil, "arrears_limit", "Enter an amount like 100, or 0 to never put money owed on the agenda.")
        let weekday = number(input.meetingWeekday)
        check.check(weekday.map { (0...6).contains($0) } ?? false, "meeting_weekday", "Choose a day of the week.")
        let policy = input.relapsePolicy.trimmingCharacters(in: .whitespacesAndNewlines)
        let text = input.agreement.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(policy.count <= 3000 && !policy.contains("\u{0}"), "relapse_policy", "Use at most 3 000 characters.")
        check.check(text.count <= 20000 && !text.contains("\u{0}"), "agreement", "Use at most 20 000 characters.")
        try check.finish()
        let values = (try admission.checked("admission"), try threshold.checked("threshold"), try quorum.checked("quorum"),
                      try days.checked("vote_days"), (try limit.checked("arrears_limit")) ?? 0, try weekday.checked("meeting_weekday"))
        let today = HouseStanding.today(deps)
        try await deps.writer.transaction { db in
            try await HouseStanding.takeTurn(houseID, deps: deps, on: db)
            guard let house = try await SoberHouse.find(houseID, on: db) else { throw AppError.notFound }
            let oldDay = house.meetingWeekday
            (house.admission, house.voteThreshold, house.voteQuorum, house.voteDays, house.arrearsLimit, house.meetingWeekday) = values
            house.relapsePolicy = policy
            try await house.save(on: db)
            let current = try await Self.currentAgreement(houseID, on: db)
            if !text.isEmpty, text != current?.text {
                let next = HouseAgreement()
                (next.$house.id, next.version, next.text) = (houseID, (current?.version ?? 0) + 1, text)
                try await next.create(on: db)
            }
            if oldDay != house.meetingWeekday { try await HouseMeetingService.moveUpcoming(house, today: today, on: db) }
            try await LedgerService.reviewArrears(houseID, today: today, on: db)
        }
    }

    func agreement(of houseID: UUID) async throws -> Agreement? {
        try await Self.currentAgreement(houseID, on: deps.db).map { Agreement(version: $0.version, text: $0.text, setAt: $0.createdAt) }
    }

    static func currentAgreement(_ houseID: UUID, on db: any Database) async throws -> HouseAgreement? {
        try await HouseAgreement.query(on: db).filter(\.$house.$id == houseID).sort(\.$version, .descending).first()
    }

    /// A resident accepts the agreement's current version (the one they were shown).
    func accept(_ houseID: UUID, version: String, member: Member) async throws {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        guard standing.isResident else { throw AppError.notFound }
        try await deps.writer.transaction { db in
            guard let current = try await Self.currentAgreement(houseID, on: db), String(current.version) == version else {
                throw AppError.invalid([FieldError(field: "version", message: "The agreement has changed since you opened it: read the new version.")])
            }
            try await Self.acknowledge(houseID, version: current.version, member: member.id, at: deps.now(), on: db)
        }
    }

    static func acknowledge(_ houseID: UUID, version: Int, member: UUID, at now: Date, on db: any Database) async throws {
        guard try await HouseAgreementAck.query(on: db).filter(\.$house.$id == houseID).filter(\.$user.$id == member)
            .filter(\.$version == version).first() == nil else { return }
        let ack = HouseAgreementAck()
        (ack.$house.id, ack.$user.id, ack.version, ack.acknowledgedAt) = (houseID, member, version, now)
        try await ack.create(on: db)
    }

    /// The lead records an officer the house elected: a resident, for a term (six months unless said).
    /// Only the lead or an administrator: a president cannot extend their own term or hand themselves offices.
    func setOfficer(_ houseID: UUID, office: String, pseudonym: String, electedOn: String, termEndsOn: String, member: Member) async throws {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        guard standing.manages else { throw AppError.notFound }
        let today = HouseStanding.today(deps)
        var check = Validation()
        let office = HouseOfficer.Office(rawValue: office)
        check.check(office != nil, "office", "Choose an office.")
        let user = try await AccountService(deps: deps).user(named: pseudonym.trimmingCharacters(in: .whitespaces))
        let living = try await user.asyncMap { u in
            try await HouseResident.query(on: deps.db).filter(\.$house.$id == houseID).filter(\.$user.$id == u.requireID())
                .filter(\.$movedOutOn == nil).filter(\.$movedInOn <= today.description).first() != nil
        } ?? false
        check.check(living, "pseudonym", "Name someone who lives in the house.")
        let elected = electedOn.isEmpty ? today : LocalDate(electedOn.trimmingCharacters(in: .whitespaces))
        check.check(elected.map { $0 <= today && $0 > today.adding(days: -366) } ?? false, "elected_on",
                    "Enter the meeting's date as YYYY-MM-DD, in the last year.")
        let ends = termEndsOn.isEmpty ? elected?.adding(months: 6) : LocalDate(termEndsOn.trimmingCharacters(in: .whitespaces))
        check.check(ends.map { e in elected.map { e > $0 && e <= $0.adding(months: 24) } ?? false } ?? false, "term_ends_on",
                    "Enter the term's end as YYYY-MM-DD, after the election and within two years.")
        try check.finish()
        let (o, uid, from, to) = (try office.checked("office"), try (try user.checked("pseudonym")).requireID(), try elected.checked("elected_on"),
                                  try ends.checked("term_ends_on"))
        try await deps.writer.transaction { db in
            try await HouseOfficer.query(on: db).filter(\.$house.$id == houseID).filter(\.$office == o).delete()
            let officer = HouseOfficer()
            (officer.$house.id, officer.$user.id, officer.office) = (houseID, uid, o)
            (officer.electedOn, officer.termEndsOn) = (from.description, to.description)
            try await officer.create(on: db)
        }
    }
}
