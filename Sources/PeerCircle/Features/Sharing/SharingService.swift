import FluentKit
import Foundation

/// Something of someone else's that the viewer may see because it was shared with them.
enum SharedItem: Sendable {
    case clock(ClockSummary, owner: String)
}

/// Giving, listing and revoking sharing grants; the policy (Platform/Privacy) enforces them.
struct SharingService: Sendable {
    let deps: AppDependencies

    struct ShareInput: Sendable, Equatable {
        var scope = SharingGrant.Scope.clock.rawValue
        var itemID: UUID?
        var grantee = ""
        var purpose = ""
        var expiresOn = ""
    }

    static let defaultPurpose = "So they can support my recovery"
    static let grantableScopes: [SharingGrant.Scope] = [.clock, .clocks, .checkIns, .recoveryCapital]

    func share(_ input: ShareInput, by member: Member) async throws -> SharingGrant {
        var check = Validation()
        let scope = SharingGrant.Scope(rawValue: input.scope)
        check.check(scope.map(Self.grantableScopes.contains) ?? false, "scope", "Choose what to share: one clock, all clocks, your check-ins or your recovery capital scores.")
        let name = input.grantee.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(!name.isEmpty, "grantee", "Enter the pseudonym of the person to share with.")
        let purpose = input.purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(purpose.count <= 200, "purpose", "Use at most 200 characters.")
        let today = member.today(now: deps.now())
        var expiresAt: Date?
        if !input.expiresOn.isEmpty {
            if let day = LocalDate(input.expiresOn) {
                check.check(day >= today, "expires_on", "Choose today or a later day, or leave it empty.")
                // Sharing lasts to the end of the chosen day in the member's calendar.
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = member.timeZone
                expiresAt = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day + 1))
            } else {
                check.add("expires_on", "Enter the date as YYYY-MM-DD, or leave it empty.")
            }
        }
        try check.finish()

        if scope == .clock {
            guard let itemID = input.itemID else {
                throw AppError.invalid([FieldError(field: "item_id", message: "Choose which clock to share.")])
            }
            _ = try await ClockService(deps: deps).owned(itemID, by: member)
        }
        let grantee = try await AccountService(deps: deps).otherMember(named: name, field: "grantee", than: member.id)
        let granteeID = try grantee.requireID()
        let grant = SharingGrant(
            ownerID: member.id, granteeID: granteeID, scope: try scope.checked("scope"), itemID: scope == .clock ? input.itemID : nil,
            purpose: purpose.isEmpty ? Self.defaultPurpose : purpose, expiresAt: expiresAt)
        try await grant.create(on: deps.db)
        grant.$grantee.value = grantee
        return grant
    }

    /// Check-ins others share with the member (a check_ins grant in force): the last 14 of each, newest first.
    func sharedCheckIns(with member: Member) async throws -> [(owner: String, checkIns: [SharedCheckIn])] {
        var result: [(owner: String, checkIns: [SharedCheckIn])] = []
        for grant in try await received(by: member) where grant.scope == .checkIns {
            let owner = grant.$owner.id
            guard try await deps.policy.canView(member.id, .checkIns(owner: owner), on: deps.db),
                  !result.contains(where: { $0.owner == grant.owner.pseudonym }) else { continue }
            result.append((grant.owner.pseudonym, try await SharedCheckIn.recent(of: owner, on: deps.db)))
        }
        return result
    }

    /// What others share with the member now, with who shares it.
    func received(by member: Member) async throws -> [SharingGrant] {
        try await deps.policy.grantsReceived(by: member.id, on: deps.db)
    }

    /// Grants the member gave that are still in force.
    func given(by member: Member) async throws -> [SharingGrant] {
        let now = deps.now()
        return try await SharingGrant.query(on: deps.db)
            .filter(\.$owner.$id == member.id).filter(\.$revokedAt == nil)
            .with(\.$grantee)
            .sort(\.$createdAt, .descending)
            .all()
            .filter { $0.isActive(at: now) }
    }

    /// Stops sharing at once. Only the owner can revoke; anyone else gets a 404.
    func revoke(_ id: UUID, by member: Member) async throws {
        guard let grant = try await SharingGrant.query(on: deps.db)
            .filter(\.$id == id).filter(\.$owner.$id == member.id).first()
        else { throw AppError.notFound }
        if grant.revokedAt == nil {
            grant.revokedAt = deps.now()
            try await grant.save(on: deps.db)
        }
    }

    /// Everything shared with the member right now, as they may see it.
    func sharedWithMe(_ member: Member) async throws -> [SharedItem] {
        try await shared(with: member.id)
    }

    /// Clocks shared with `viewer`, from everyone or from one owner.
    func shared(with viewer: UUID, from owner: UUID? = nil) async throws -> [SharedItem] {
        let grants = try await deps.policy.grantsReceived(by: viewer, on: deps.db).filter { owner == nil || $0.$owner.id == owner }
        var items: [SharedItem] = []
        var seen = Set<UUID>()
        for grant in grants {
            var query = try Clock.query(on: deps.db).filter(\.$owner.$id == grant.$owner.id).with(\.$attempts)
            switch grant.scope {
            case .clock:
                guard let id = grant.itemID else { continue }
                query = query.filter(\.$id == id)
            case .clocks: break
            case .checkIns, .recoveryCapital: continue
            }
            let zone = TimeZone(identifier: grant.owner.timeZone) ?? deps.defaultTimeZone
            let today = LocalDate(deps.now(), in: zone)
            for clock in try await query.sort(\.$createdAt).all() where seen.insert(clock.id!).inserted {
                items.append(.clock(ClockSummary(clock, attempts: clock.attempts, today: today, includeNotes: false),
                                    owner: grant.owner.pseudonym))
            }
        }
        return items
    }
}

/// A check-in as someone it is shared with sees it: the day, mood, craving and sober answer — never
/// the note, gratitude or tags, which stay the owner's.
struct SharedCheckIn: Sendable, Equatable {
    let localDate: String
    let mood: Int
    let craving: Int
    let sober: CheckIn.Sober

    /// The owner's last 14, newest first (the caller has checked the grant).
    static func recent(of owner: UUID, on db: any Database) async throws -> [SharedCheckIn] {
        try await CheckIn.query(on: db).filter(\.$owner.$id == owner).sort(\.$localDate, .descending).limit(14).all()
            .map { SharedCheckIn(localDate: $0.localDate, mood: $0.mood, craving: $0.craving, sober: $0.sober) }
    }
}

extension SharingService {
    /// What the member shares now, as their sharing page lists it.
    func givenLines(by member: Member) async throws -> [GrantLine] {
        let clocks = try await ClockService(deps: deps).clocks(of: member)
        let labels = Dictionary(clocks.compactMap { c in c.id.map { ($0, c.label) } }, uniquingKeysWith: { a, _ in a })
        return try await given(by: member).map { grant in
            GrantLine(id: try grant.requireID(),
                      what: grant.scope == .clock ? (grant.itemID.flatMap { labels[$0] } ?? "A clock") : grant.scope.title,
                      grantee: grant.grantee.pseudonym, purpose: grant.purpose, expiresAt: grant.expiresAt)
        }
    }
}
