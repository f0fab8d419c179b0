import FluentKit
import Foundation

/// The moderators' crisis review queue: what the screen caught (posts, messages, room chat) and
/// what opted-in check-ins raised. Nothing is blocked: the item is posted, and a person looks.
struct CrisisReviewService: Sendable {
    let deps: AppDependencies

    /// Screens `text`; if it fires, queues it for review and returns the finding.
    @discardableResult
    func screen(_ text: String, by user: UUID, source: CrisisReview.Source, link: String?) async throws -> CrisisScreen.Finding? {
        guard let finding = CrisisScreen().evaluate(text) else { return nil }
        try await add(user: user, source: source, link: link, excerpt: text, finding: finding)
        return finding
    }

    /// Queues what the screen found, with its reason and the words that fired.
    func add(user: UUID, source: CrisisReview.Source, link: String?, excerpt: String, finding: CrisisScreen.Finding) async throws {
        try await add(user: user, source: source, link: link, excerpt: excerpt, category: finding.category.rawValue,
                      reason: finding.reason + ": " + finding.phrase)
    }

    /// Queues an item for review — once while the same one (same member, source, place and words) waits.
    func add(user: UUID, source: CrisisReview.Source, link: String?, excerpt: String, category: String, reason: String? = nil) async throws {
        let excerpt = String(excerpt.prefix(1000))
        let same = try CrisisReview.query(on: deps.db).filter(\.$user.$id == user).filter(\.$source == source)
            .filter(\.$status == .open).filter(\.$excerpt == excerpt)
        guard try await (link.map { same.filter(\.$link == $0) } ?? same.filter(\.$link == nil)).count() == 0 else { return }
        let item = CrisisReview()
        item.$user.id = user
        item.source = source
        item.link = link
        item.excerpt = excerpt
        item.category = category
        item.reason = reason.map { String($0.prefix(300)) }
        item.status = .open
        item.createdAt = deps.now()
        try await item.create(on: deps.db)
    }

    /// After a check-in (or a change to it), for members who opted in: "not safe right now", a
    /// note the screen catches, or cravings at 9–10 three days running — each once while it waits.
    func checkIn(_ checkIn: CheckIn, member: Member) async throws {
        guard try await SafetyService(deps: deps).settings(of: member.id).checkinReview else { return }
        func add(_ excerpt: String, _ category: String) async throws {
            try await self.add(user: member.id, source: .checkIn, link: nil, excerpt: excerpt, category: category)
        }
        if checkIn.safe == .no {
            try await add("Said in today's check-in that they don't feel safe right now.", "unsafe")
        }
        if let note = checkIn.note, let finding = CrisisScreen().evaluate(note) {
            try await self.add(user: member.id, source: .checkIn, link: nil, excerpt: note, finding: finding)
            return
        }
        let recent = try await CheckIn.query(on: deps.db).filter(\.$owner.$id == member.id).sort(\.$localDate, .descending).limit(3).all()
        let today = LocalDate(checkIn.localDate)
        let consecutive = recent.count == 3 && recent.enumerated().allSatisfy { index, c in
            c.craving >= 9 && today.map { LocalDate(c.localDate) == $0.adding(days: -index) } == true
        }
        if consecutive {
            try await add("Cravings at 9–10 for three days running.", "craving")
        }
    }

    /// The open items, oldest first; for moderators.
    func queue(for moderator: Member) async throws -> [CrisisReview] {
        try ModerationService(deps: deps).requireModerator(moderator)
        return try await CrisisReview.query(on: deps.db).filter(\.$status == .open).with(\.$user).sort(\.$createdAt).all()
    }

    /// A moderator marks an item; "escalated" may alert the member's circle for them, only if they opted in.
    func mark(_ id: UUID, status: String, alertCircle: Bool, by moderator: Member) async throws {
        try ModerationService(deps: deps).requireModerator(moderator)
        guard let item = try await CrisisReview.find(id, on: deps.db) else { throw AppError.notFound }
        guard let status = CrisisReview.Status(rawValue: status), status != .open else {
            throw AppError.invalid([FieldError(field: "status", message: "Choose reached out, false alarm or escalated.")])
        }
        if alertCircle, try await !SafetyService(deps: deps).settings(of: item.$user.id).onBehalfAlerts {
            throw AppError.conflict(code: "not_opted_in", field: "alert_circle",
                                    message: "This member hasn't agreed to alerts on their behalf. Reach out to them directly instead.")
        }
        // Marked once: the open item is claimed in one statement, so two moderators at the same
        // moment (or a replayed request) cannot both label it or alert twice.
        let screened = item.reason != nil && item.source == .post
        try await deps.transaction { db in
            let claimed = try await (try db.sql).raw("""
                UPDATE \(ident: CrisisReview.schema) SET \(ident: "status") = \(bind: status.rawValue), \(ident: "reviewed_by") = \(bind: moderator.id)
                WHERE \(ident: "id") = \(bind: id) AND \(ident: "status") = \(bind: CrisisReview.Status.open.rawValue)
                RETURNING \(ident: "id")
                """).all()
            guard !claimed.isEmpty else {
                throw AppError.conflict(code: "already_reviewed", field: "status", message: "Another moderator has already marked this one.")
            }
            // The judgement on a public post becomes a labelled example for the next evaluation of the
            // screen. Private words (messages, room chat that is deleted after the meeting, check-ins)
            // are not kept beyond the review.
            if screened {
                try await CrisisLabel(crisis: status != .falseAlarm, category: item.category, text: item.excerpt,
                                      user: item.$user.id, at: deps.now()).create(on: db)
            }
        }
        if alertCircle {
            _ = try await SafetyService(deps: deps).raise(need: SupportAlert.Need.talk.rawValue,
                                                          message: "A moderator is worried about them and asked their circle to check in.",
                                                          for: item.$user.id, raisedBy: moderator.id)
        }
    }

    /// Words the screen missed, pasted by a moderator: kept as a `crisis:missed` example (no author is stored).
    func missed(_ text: String, by moderator: Member) async throws {
        try ModerationService(deps: deps).requireModerator(moderator)
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var check = Validation()
        check.check(!text.isEmpty, "text", "Paste the words the screen missed.")
        check.check(text.count <= 2_000, "text", "Keep it to 2,000 characters.")
        try check.finish()
        try await CrisisLabel(crisis: true, category: "missed", text: text, user: nil, at: deps.now()).create(on: deps.db)
    }

    /// Every label, oldest first, as lines of the labelled-set format.
    func exportLabels() async throws -> [String] {
        try await CrisisLabel.query(on: deps.db).sort(\.$createdAt).all().map {
            CrisisLabelledSet.line(crisis: $0.crisis, category: $0.category, text: $0.text)
        }
    }
}
