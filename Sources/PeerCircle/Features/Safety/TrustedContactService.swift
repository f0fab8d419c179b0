import FluentKit
import Foundation
import SQLKit

/// People outside PeerCircle in a member's circle: added by email, confirmed by a link, told of an
/// SOS by email with a private link to the alert where they can say "I'm here".
struct TrustedContactService: Sendable {
    let deps: AppDependencies

    static let limit = 5
    /// How long after an alert its private link still opens (to see that it ended).
    static let linkLifetime: TimeInterval = 7 * 86400

    func contacts(of owner: UUID) async throws -> [TrustedContact] {
        try await TrustedContact.query(on: deps.db).filter(\.$owner.$id == owner).sort(\.$createdAt).all()
    }

    func confirmed(of owner: UUID) async throws -> [TrustedContact] {
        try await TrustedContact.query(on: deps.db).filter(\.$owner.$id == owner).filter(\.$status == .confirmed).all()
    }

    /// Adds a contact and emails them a link to confirm; nothing reaches them again until they do.
    func add(name: String, email: String, by owner: Member) async throws {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let email = email.trimmingCharacters(in: .whitespacesAndNewlines)
        var check = Validation()
        check.check((1...60).contains(name.count), "contact_name", "Give a name you'll recognise (up to 60 characters).")
        check.check(!name.unicodeScalars.contains { $0.properties.generalCategory == .control }, "contact_name", "Use letters, not control characters.")
        check.check(AccountService.isPlausibleEmail(email), "contact_email", "Enter an email address like name@example.org.")
        try check.finish()
        let existing = try await contacts(of: owner.id)
        guard !existing.contains(where: { $0.email.lowercased() == email.lowercased() }) else {
            throw AppError.conflict(code: "already_added", field: "contact_email", message: "That address is already one of your trusted contacts.")
        }
        guard existing.count < Self.limit else {
            throw AppError.conflict(code: "contacts_full", field: "contact_email", message: "You can have up to \(Self.limit) trusted contacts. Remove one first.")
        }
        try await RateLimit.circleInvitationsPerMember.take(owner, now: deps.now(), on: deps.db)
        // Whoever asks, one address hears from us at most twice a month: nobody can use this to pester someone.
        try await RateLimit.contactInvitationsPerAddress.take(email.lowercased(), now: deps.now(), on: deps.db)
        let token = Token.generate()
        try await deps.transaction { db in
            let contact = TrustedContact()
            contact.$owner.id = owner.id
            contact.name = name
            contact.email = email
            contact.tokenHash = Token.hash(token)
            contact.status = .invited
            contact.createdAt = deps.now()
            try await contact.create(on: db)
            try await EmailOutbox.queue(
                to: email, subject: MailSubject.trustedInvitation,
                body: """
                    Someone who trusts you — they use the name "\(owner.pseudonym)" on PeerCircle, a peer-support community — would like you as a trusted contact.

                    If they ever ask for support there, we will email you a private link so you can see it and let them know you're there. Nothing else is shared and you don't need an account.

                    To agree, open this link:
                    \(deps.configuration.link(.trustedConfirm(token: token)))

                    If you don't know them or would rather not, ignore this email: nothing more will be sent.
                    """,
                at: deps.now(), on: db)
        }
    }

    /// The invitation a confirmation link names, if it still waits.
    func invitation(_ token: String) async throws -> TrustedContact? {
        guard (20...100).contains(token.count) else { return nil }
        return try await TrustedContact.query(on: deps.db).filter(\.$tokenHash == Token.hash(token)).with(\.$owner).first()
    }

    func confirm(_ token: String) async throws -> TrustedContact {
        guard let contact = try await invitation(token) else { throw AppError.notFound }
        if contact.status != .confirmed {
            contact.status = .confirmed
            try await contact.save(on: deps.db)
        }
        return contact
    }

    func remove(_ id: UUID, by member: Member) async throws {
        guard let contact = try await TrustedContact.find(id, on: deps.db), contact.$owner.id == member.id else { throw AppError.notFound }
        try await contact.delete(on: deps.db)
    }

    /// Emails each confirmed contact a private link to the alert; returns how many were told.
    func tell(_ alert: SupportAlert, member: User) async throws -> Int {
        let alertID = try alert.requireID()
        let contacts = try await confirmed(of: alert.$member.id)
        for contact in contacts {
            let token = Token.generate()
            try await deps.transaction { db in
                let row = AlertContact()
                row.$alert.id = alertID
                row.$contact.id = try contact.requireID()
                row.tokenHash = Token.hash(token)
                row.notifiedAt = deps.now()
                try await row.create(on: db)
                // Discreet: nothing in the subject, no words from the alert in the body.
                try await EmailOutbox.queue(
                    to: contact.email, subject: MailSubject.trustedAlert,
                    body: """
                        "\(member.pseudonym)" asked for support on PeerCircle just now, and named you as someone they trust.

                        Open this private link to see it and let them know you're there:
                        \(deps.configuration.link(.trustedAlert(token: token)))

                        If you think they are in danger right now, call the emergency number.
                        """,
                    at: deps.now(), on: db)
            }
        }
        return contacts.count
    }

    struct AlertLink: Sendable {
        let row: AlertContact
        let alert: SupportAlert
        let member: User
    }

    /// The alert a private link opens. Opening it is not counted as seen: mail scanners open links
    /// too, and a machine's visit must never stand in for a person (only "I'm here" counts).
    func open(_ token: String) async throws -> AlertLink {
        guard (20...100).contains(token.count),
              let row = try await AlertContact.query(on: deps.db).filter(\.$tokenHash == Token.hash(token)).with(\.$alert).first(),
              row.alert.createdAt > deps.now().addingTimeInterval(-Self.linkLifetime),
              let member = try await User.find(row.alert.$member.id, on: deps.db) else { throw AppError.notFound }
        return AlertLink(row: row, alert: row.alert, member: member)
    }

    /// "I'm here" from a trusted contact: the member sees it at once.
    func here(_ token: String) async throws -> AlertLink {
        let link = try await open(token)
        guard link.alert.status == .open else { return link }
        if link.row.hereAt == nil {
            link.row.hereAt = deps.now()
            try await link.row.save(on: deps.db)
        }
        try await SafetyService(deps: deps).answered(link.alert)
        return link
    }
}
