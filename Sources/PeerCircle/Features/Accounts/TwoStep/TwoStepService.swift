import FluentKit
import SQLKit
import Foundation
import HummingbirdOTP

/// Two-step sign-in with an authenticator app (TOTP, RFC 6238: 6 digits, 30-second steps, SHA-1, one
/// step either side for clock drift), ten single-use recovery codes, and the rule that administrators,
/// moderators and responders use it before their team pages open.
struct TwoStepService: Sendable {
    let deps: AppDependencies

    /// The roles whose pages stay shut until two-step sign-in is on.
    static let guardedRoles: Set<Role> = [.admin, .moderator, .responder]
    static let step = 30
    static let recoveryCount = 10

    /// Responders who may be alerted: those with the role and two-step sign-in on. (One without it
    /// cannot open the team's pages; an SOS must not reach whoever holds a stolen password.)
    static func responders(on db: any Database) async throws -> [UUID] {
        let withRole = try await UserRole.query(on: db).filter(\.$role == .responder).all().map { $0.$user.id }
        guard !withRole.isEmpty else { return [] }
        let verified = Set(try await TwoStepSecret.query(on: db).filter(\.$user.$id ~~ withRole).filter(\.$enabledAt != nil).all().map { $0.$user.id })
        return withRole.filter(verified.contains)
    }

    func isEnabled(_ user: UUID, on db: (any Database)? = nil) async throws -> Bool {
        try await TwoStepSecret.query(on: db ?? deps.db).filter(\.$user.$id == user).filter(\.$enabledAt != nil).count() > 0
    }

    /// What the set-up page shows: the secret for typing in, the link an app reads, and its QR code.
    struct Enrolment: Sendable, Equatable {
        let secret: String
        let link: String
        let qrSVG: String

        /// "JBSW Y3DP …": the base32 secret in fours, easier to type.
        var grouped: String { stride(from: 0, to: secret.count, by: 4).map { String(secret.dropFirst($0).prefix(4)) }.joined(separator: " ") }
    }

    /// A new pending secret (replacing any earlier pending one), or the pending one again.
    func begin(for member: Member, again: Bool = false) async throws -> Enrolment {
        guard try await !isEnabled(member.id) else { throw AppError.conflict(code: "two_step_on", field: nil, message: "Two-step sign-in is already on.") }
        let pending = try await deps.writer.replacing { db -> TwoStepSecret in
            if again, let pending = try await TwoStepSecret.query(on: db).filter(\.$user.$id == member.id).filter(\.$enabledAt == nil).first() {
                return pending
            }
            try await TwoStepSecret.query(on: db).filter(\.$user.$id == member.id).delete()
            let row = TwoStepSecret()
            row.$user.id = member.id
            row.secret = Self.randomSecret()
            row.lastStep = 0
            row.createdAt = deps.now()
            try await row.create(on: db)
            return row
        }
        return enrolment(pending.secret, label: member.pseudonym)
    }

    func enrolment(_ secret: String, label: String) -> Enrolment {
        let site = deps.configuration.instanceName
        let link = TOTP(secret: secret).createAuthenticatorURL(label: "\(site):\(label)", issuer: site)
        let base32 = Self.base32(Array(secret.utf8))
        return Enrolment(secret: base32, link: link, qrSVG: QRCode(link)?.svg(label: "QR code for your authenticator app") ?? "")
    }

    /// Turns it on with the password and the first code from the app; gives the recovery codes, shown
    /// once. Every other device is signed out (a session opened with a stolen password alone must not
    /// gain what two-step sign-in opens), and the member is told by email.
    func confirm(_ code: String, password: String, for member: Member) async throws -> [String] {
        let user = try await AccountService(deps: deps).settings(of: member.id)
        guard try await AccountService(deps: deps).verifyCurrentPassword(password, of: user) else {
            throw AppError.invalid([FieldError(field: "password", message: "That is not your password.")])
        }
        let codes = (0..<Self.recoveryCount).map { _ in Self.randomRecoveryCode() }
        try await deps.changing(.accounts) { db in
            guard let pending = try await TwoStepSecret.query(on: db).filter(\.$user.$id == member.id).first(), pending.enabledAt == nil else {
                throw AppError.conflict(code: "two_step_not_started", field: "code", message: "Start setting up two-step sign-in first.")
            }
            guard let step = Self.matchingStep(code, secret: pending.secret, at: deps.now(), after: pending.lastStep) else {
                throw AppError.invalid([FieldError(field: "code", message: "That code is not the one your app shows now. Check the app's clock, and enter the 6 digits.")])
            }
            pending.enabledAt = deps.now()
            pending.lastStep = step
            try await pending.save(on: db)
            try await RecoveryCode.query(on: db).filter(\.$user.$id == member.id).delete()
            for code in codes {
                let row = RecoveryCode()
                row.$user.id = member.id
                row.codeHash = Token.hash(Self.normalised(code))
                try await row.create(on: db)
            }
            try await Session.query(on: db).filter(\.$user.$id == member.id).filter(\.$id != member.sessionID).delete()
            try await tell(user, on: true, db: db)
        }
        return codes
    }

    /// "Two-step sign-in was turned on/off": in case it wasn't them.
    private func tell(_ user: User, on: Bool, db: any Database) async throws {
        guard let email = user.email, !email.isEmpty else { return }
        let site = deps.configuration.instanceName
        let others = on ? ", and your other devices were signed out" : ""
        try await EmailOutbox.queue(
            to: email, subject: MailSubject.twoStep(on: on, site: site),
            body: "Two-step sign-in was just turned \(on ? "on" : "off") for your \(site) account \"\(user.pseudonym)\"\(others).\n\n"
                + "If this wasn't you, set a new password at once: \(deps.configuration.link(.forgotPassword))\n",
            at: deps.now(), on: db)
    }

    /// Checks a code (six digits from the app, or a recovery code, which is then used up). Failures
    /// are counted per member, so guessing through fresh password logins is limited too.
    func verify(_ code: String, user: UUID) async throws -> Bool {
        let throttle = LoginThrottle(maxFailures: deps.configuration.loginMaxFailures * 2, window: deps.configuration.loginWindow)
        let key = "two-step:" + user.uuidString
        let counted: UUID
        switch try await throttle.attempt(key: key, now: deps.now(), on: deps.db) {
        case .failure(let wait):
            throw AppError.tooManyRequests(retryAfter: wait.seconds, message: "Too many codes tried. Please wait \(AccountService.minutes(wait.seconds)) and try again.")
        case .success(let id): counted = id
        }
        let accepted = try await deps.transaction { db -> Bool in
            guard let secret = try await TwoStepSecret.query(on: db).filter(\.$user.$id == user).filter(\.$enabledAt != nil).first() else { return false }
            let typed = Self.normalised(code)
            if typed.count == 6, typed.allSatisfy(\.isNumber) {
                guard let step = Self.matchingStep(typed, secret: secret.secret, at: deps.now(), after: secret.lastStep) else { return false }
                // Accepted once: the same code again (a replay, or a second device) is refused.
                let moved = try await (try db.sql).update(TwoStepSecret.schema).set("last_step", to: step)
                    .where("id", .equal, try secret.requireID()).where("last_step", .lessThan, step).returning("id").all()
                return !moved.isEmpty
            }
            let used = try await (try db.sql).update(RecoveryCode.schema).set("used_at", to: deps.now())
                .where("user_id", .equal, user).where("code_hash", .equal, Token.hash(typed)).where("used_at", .is, SQLLiteral.null)
                .returning("id").all()
            return !used.isEmpty
        }
        if accepted { try await LoginFailure.query(on: deps.db).filter(\.$id == counted).delete() }
        return accepted
    }

    func recoveryCodesLeft(_ user: UUID) async throws -> Int {
        try await RecoveryCode.query(on: deps.db).filter(\.$user.$id == user).filter(\.$usedAt == nil).count()
    }

    /// Turning it off takes the password and a code, so a borrowed phone or an open laptop cannot.
    func disable(password: String, code: String, for member: Member) async throws {
        let user = try await AccountService(deps: deps).settings(of: member.id)
        var check = Validation()
        check.check(try await AccountService(deps: deps).verifyCurrentPassword(password, of: user), "password", "That is not your password.")
        try check.finish()
        guard try await verify(code, user: member.id) else {
            throw AppError.invalid([FieldError(field: "code", message: "That code is not right. Use the 6 digits your app shows now, or a recovery code.")])
        }
        try await deps.changing(.accounts) { db in
            try await TwoStepSecret.query(on: db).filter(\.$user.$id == member.id).delete()
            try await RecoveryCode.query(on: db).filter(\.$user.$id == member.id).delete()
            try await tell(user, on: false, db: db)
        }
    }

    // MARK: codes

    /// The step a 6-digit code belongs to (now, or one either side), if later than `after`.
    static func matchingStep(_ code: String, secret: String, at date: Date, after: Int) -> Int? {
        let typed = normalised(code)
        guard typed.count == 6, typed.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let now = Int(date.timeIntervalSince1970) / step
        for candidate in [now, now - 1, now + 1] where candidate > after {
            if Token.constantTimeEquals(Self.code(secret: secret, step: candidate), typed) { return candidate }
        }
        return nil
    }

    /// The 6-digit code for a step.
    static func code(secret: String, step: Int) -> String {
        let value = TOTP(secret: secret).compute(date: Date(timeIntervalSince1970: TimeInterval(step * Self.step)))
        let text = String(value)
        return String(repeating: "0", count: max(0, 6 - text.count)) + text
    }

    /// Spaces and dashes people type are not part of a code; letters count in either case.
    static func normalised(_ code: String) -> String {
        String(code.unicodeScalars.filter { $0 != " " && $0 != "-" && $0.isASCII }.prefix(64)).uppercased()
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    private static let recoveryAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    static func randomSecret() -> String {
        String((0..<32).compactMap { _ in alphabet.randomElement() })
    }

    /// "ABCD-EFGH-JKLM": 12 letters and digits without look-alikes (60 bits).
    static func randomRecoveryCode() -> String {
        let letters = (0..<12).compactMap { _ in recoveryAlphabet.randomElement() }
        return stride(from: 0, to: 12, by: 4).map { String(letters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// RFC 4648 base32 without padding, as authenticator apps take it.
    static func base32(_ bytes: [UInt8]) -> String {
        let digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var text = "", buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                text.append(digits[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { text.append(digits[(buffer << (5 - bits)) & 31]) }
        return text
    }
}
