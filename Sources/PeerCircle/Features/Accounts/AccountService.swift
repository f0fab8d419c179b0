import FluentKit
import SQLKit
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Joining, logging in and out, sessions and settings.
struct AccountService: Sendable {
    let deps: AppDependencies

    static let sessionLifetime: TimeInterval = 30 * 24 * 3600

    // MARK: joining

    struct SignupInput: Sendable {
        var pseudonym = ""
        var password = ""
        var email = ""
        /// The zone their days roll over in; empty means the operator's default.
        var timeZone = ""
        /// Where the request came from, for the per-address sign-up limit (nil when unknown).
        var address: String? = nil
    }

    func signup(_ input: SignupInput) async throws -> User {
        var check = Validation()
        let pseudonym = Self.normalisedPseudonym(input.pseudonym)
        Self.validatePseudonym(pseudonym, into: &check)
        Self.validatePassword(input.password, field: "password", into: &check)
        let email = input.email.trimmingCharacters(in: .whitespacesAndNewlines)
        Self.validateEmail(email, into: &check)
        let zone = input.timeZone.isEmpty ? deps.configuration.defaultTimeZone : input.timeZone
        check.check(zone == deps.configuration.defaultTimeZone || VisitorZone.isChoosable(zone), "time_zone", "Choose a time zone from the list.")
        try check.finish()

        if try await User.query(on: deps.db).filter(\.$pseudonymKey == User.key(for: pseudonym)).first() != nil {
            throw AppError.invalid([FieldError(field: "pseudonym", message: "That pseudonym is taken. Try another one.")])
        }
        try await RateLimit.signupPerAddress.take(input.address, now: deps.now(), on: deps.db)
        let hash = try await hashPassword(input.password)
        let user = User(
            pseudonym: pseudonym, email: email.isEmpty ? nil : email, passwordHash: hash,
            timeZone: zone, country: nil)
        // Chosen on the sign-up form: the first day's "check your time zone" is done.
        if !input.timeZone.isEmpty { user.firstSteps = FirstSteps.timeZone }
        do {
            try await user.create(on: deps.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two people raced for the same pseudonym; the unique index decided.
            throw AppError.invalid([FieldError(field: "pseudonym", message: "That pseudonym is taken. Try another one.")])
        }
        return user
    }

    // MARK: logging in

    /// Failed logins one address may make in the window, as a multiple of the per-pseudonym limit.
    static let addressAllowance = 4
    /// Failures on one account from all addresses together before it waits (a spread-out attack).
    static let accountCeiling = 10

    /// Checks the password, throttling repeated failures per pseudonym and — more loosely, since
    /// people share networks — per client address, so nobody can try one password on many names.
    /// Returns the new session token.
    /// Where a right password leads: a session, or (web, two-step on) the second step.
    enum SignIn: Sendable {
        case signedIn(token: String, user: User)
        case secondStep(challenge: String)
    }

    /// Checks the password; with two-step sign-in on, the API needs `code` in the same call, and the
    /// web gets a challenge for the code page (so the password is never sent twice).
    func login(pseudonym: String, password: String, kind: Session.Kind, address: String? = nil, code: String? = nil,
               client: String? = nil) async throws -> SignIn {
        // Nothing longer than a pseudonym or an email can name an account; don't store it as a key.
        guard pseudonym.count <= 254, password.count <= 1024 else {
            throw AppError.invalid([FieldError(field: "password", message: "That pseudonym and password don't match.")])
        }
        let key = User.key(for: pseudonym)
        let limits = deps.configuration
        // Three limits, so a stranger guessing cannot lock the owner out: this account from this
        // address (the tight one), this address on any account, and a much looser ceiling on the
        // account from everywhere (a spread-out attack). The owner on their own device meets only
        // the first, which the stranger's failures never fill.
        let addressKey = address.map { "address:" + $0 }
        let pairKey = address.map { key + "|" + $0 } ?? key
        let checks: [(key: String, throttle: LoginThrottle)] = [
            (Optional(pairKey), LoginThrottle(maxFailures: limits.loginMaxFailures, window: limits.loginWindow)),
            (addressKey, LoginThrottle(maxFailures: limits.loginMaxFailures * Self.addressAllowance, window: limits.loginWindow)),
            (address == nil ? nil : "account:" + key,
             LoginThrottle(maxFailures: limits.loginMaxFailures * Self.accountCeiling, window: limits.loginWindow)),
        ].compactMap { (key: String?, throttle: LoginThrottle) in key.map { ($0, throttle) } }
        let now = deps.now()
        var counted: [UUID] = []
        var waits: [Int] = []
        for check in checks {
            switch try await check.throttle.attempt(key: check.key, now: now, on: deps.db) {
            case .success(let id): counted.append(id)
            case .failure(let wait): waits.append(wait.seconds)
            }
        }
        if let wait = waits.max() {
            try await LoginFailure.query(on: deps.db).filter(\.$id ~~ counted).delete()
            throw AppError.tooManyRequests(
                retryAfter: wait,
                message: "Too many attempts. Please wait \(Self.minutes(wait)) and try again.")
        }
        let user = try await User.query(on: deps.db).filter(\.$pseudonymKey == key).first()
        guard try await verifyPassword(password, hash: user?.passwordHash), let user else {
            // The attempts already counted stay: they were failures.
            throw AppError.invalid([FieldError(field: "password", message: "That pseudonym and password don't match.")])
        }
        try await LoginFailure.query(on: deps.db).filter(\.$id ~~ counted).delete()
        try await checks[0].throttle.clear(key: pairKey, on: deps.db)
        let id = try user.requireID()
        let twoStep = TwoStepService(deps: deps)
        if try await twoStep.isEnabled(id) {
            if kind == .web && code == nil { return .secondStep(challenge: try await challenge(for: id)) }
            guard let code, !code.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw AppError.invalid([FieldError(field: "code", message: "This account uses two-step sign-in: add the 6-digit code from your authenticator app, or a recovery code.")])
            }
            guard try await twoStep.verify(code, user: id) else { throw Self.wrongCode }
        }
        return .signedIn(token: try await startSession(for: id, kind: kind, address: address, client: client), user: user)
    }

    static let wrongCode = AppError.invalid([FieldError(field: "code", message: "That code is not right. Use the 6 digits your app shows now, or one of your recovery codes.")])

    /// Five minutes and five tries for the code page.
    private func challenge(for user: UUID) async throws -> String {
        let token = Token.generate()
        try await LoginChallenge.query(on: deps.db).filter(\.$expiresAt < deps.now()).delete()
        let row = LoginChallenge()
        row.$user.id = user
        row.tokenHash = Token.hash(token)
        row.expiresAt = deps.now().addingTimeInterval(300)
        row.attempts = 0
        try await row.create(on: deps.db)
        return token
    }

    /// The code page's answer: a web session, or the reason. An unknown, spent or expired challenge
    /// sends the person back to the password.
    func completeSecondStep(challenge token: String, code: String, address: String?, client: String?) async throws -> String {
        guard let row = try await LoginChallenge.query(on: deps.db).filter(\.$tokenHash == Token.hash(token)).first(),
              row.expiresAt > deps.now(), row.attempts < 5 else {
            throw AppError.conflict(code: "challenge_expired", field: nil, message: "That took too long or too many tries. Please log in again.")
        }
        // Counted before checking, so two tries at once cannot both slip under the limit.
        let counted = try await (try deps.db.sql).update(LoginChallenge.schema).set("attempts", to: SQLBinaryExpression(SQLColumn("attempts"), .add, SQLLiteral.numeric("1")))
            .where("id", .equal, try row.requireID()).where("attempts", .lessThan, 5).returning("id").all()
        guard !counted.isEmpty else { throw AppError.conflict(code: "challenge_expired", field: nil, message: "Too many tries. Please log in again.") }
        guard try await TwoStepService(deps: deps).verify(code, user: row.$user.id) else { throw Self.wrongCode }
        try await row.delete(on: deps.db)
        return try await startSession(for: row.$user.id, kind: .web, address: address, client: client)
    }

    func startSession(for userID: UUID, kind: Session.Kind, address: String? = nil, client: String? = nil) async throws -> String {
        // Expired sessions are worthless; clear this member's as a new one starts.
        try await Session.query(on: deps.db)
            .filter(\.$user.$id == userID).filter(\.$expiresAt < deps.now()).delete()
        let token = Token.generate()
        let session = Session(
            tokenHash: Token.hash(token), userID: userID, kind: kind,
            expiresAt: deps.now().addingTimeInterval(Self.sessionLifetime))
        session.lastUsedAt = deps.now()
        session.client = kind == .api ? "App or API" : SessionService.describe(userAgent: client)
        session.address = deps.configuration.sessionPlaces ? address.map(SessionService.shorten) : nil
        try await session.create(on: deps.db)
        return token
    }

    /// The member behind a session token, or nil when the token is unknown, expired or of the wrong kind.
    func member(forToken token: String, kind: Session.Kind) async throws -> Member? {
        let hash = Token.hash(token)
        let key = SessionTable.key(hash, kind)
        let table = try await deps.sessions()
        // "Last used" for the list of devices, written at most every five minutes per known session.
        func touch() async throws {
            guard table.touch(key, now: deps.now()) else { return }
            try await Session.query(on: deps.db).filter(\.$tokenHash == hash).set(\.$lastUsedAt, to: deps.now()).update()
        }
        if let member = table.member(key, now: deps.now()) {
            try await touch()
            return member
        }
        guard let session = try await Session.query(on: deps.db)
            .filter(\.$tokenHash == hash)
            .filter(\.$kind == kind)
            .with(\.$user)
            .first(),
            session.expiresAt > deps.now()
        else { return nil }
        let member = try await member(session.user, sessionID: session.requireID())
        table.store(key, member, expiresAt: session.expiresAt)
        try await touch()
        return member
    }

    func roles(of userID: UUID) async throws -> Set<Role> {
        Set(try await UserRole.query(on: deps.db).filter(\.$user.$id == userID).all().map(\.role))
    }

    func member(_ user: User, sessionID: UUID) async throws -> Member {
        var roles = try await roles(of: user.requireID())
        // Team roles work only with two-step sign-in on: until then their pages are not there (one
        // place, so every page and API operation that checks a role is covered).
        var locked = false
        if !roles.isDisjoint(with: TwoStepService.guardedRoles), try await !TwoStepService(deps: deps).isEnabled(user.requireID()) {
            roles.subtract(TwoStepService.guardedRoles)
            locked = true
        }
        return Member(
            id: try user.requireID(), pseudonym: user.pseudonym,
            timeZone: TimeZone(identifier: user.timeZone) ?? deps.defaultTimeZone,
            country: user.country, roles: roles, sessionID: sessionID, staffLocked: locked)
    }

    func logout(sessionID: UUID) async throws {
        try await deps.changing(.accounts) { db in try await Session.query(on: db).filter(\.$id == sessionID).delete() }
    }

    // MARK: settings

    struct SettingsInput: Sendable {
        var pseudonym = ""
        var email = ""
        var timeZone = ""
        var country = ""
        /// Needed only when the email address changes.
        var currentPassword = ""
    }

    func settings(of memberID: UUID) async throws -> User {
        guard let user = try await User.find(memberID, on: deps.db) else { throw AppError.notFound }
        return user
    }

    func updateSettings(of memberID: UUID, _ input: SettingsInput) async throws -> User {
        let user = try await settings(of: memberID)
        var check = Validation()
        let pseudonym = Self.normalisedPseudonym(input.pseudonym)
        Self.validatePseudonym(pseudonym, into: &check)
        let email = input.email.trimmingCharacters(in: .whitespacesAndNewlines)
        Self.validateEmail(email, into: &check)
        check.check(TimeZone(identifier: input.timeZone) != nil, "time_zone", "Choose a time zone from the list.")
        let country = input.country.uppercased()
        check.check(country.isEmpty || CrisisDirectory.countryNames[country] != nil, "country", "Choose a country from the list.")
        try check.finish()

        let oldEmail = user.email ?? ""
        let emailChanged = email.lowercased() != oldEmail.lowercased()
        if emailChanged {
            // Whoever holds a session must not be able to point password resets at themselves.
            guard !input.currentPassword.isEmpty, try await verifyCurrentPassword(input.currentPassword, of: user) else {
                throw AppError.invalid([FieldError(field: "current_password", message: "Enter your current password to change your email address.")])
            }
        }
        let key = User.key(for: pseudonym)
        if key != user.pseudonymKey,
           try await User.query(on: deps.db).filter(\.$pseudonymKey == key).first() != nil {
            throw AppError.invalid([FieldError(field: "pseudonym", message: "That pseudonym is taken. Try another one.")])
        }
        user.pseudonym = pseudonym
        user.pseudonymKey = key
        user.email = email.isEmpty ? nil : email
        user.timeZone = input.timeZone
        if !user.firstSteps.contains(FirstSteps.timeZone) {
            user.firstSteps = (user.firstSteps.isEmpty ? "" : user.firstSteps + ",") + FirstSteps.timeZone
        }
        user.country = country.isEmpty ? nil : country
        try await deps.changing(.accounts) { db in
            try await user.save(on: db)
            if emailChanged, !oldEmail.isEmpty {
                try await EmailChangeService(deps: deps).recordChange(of: user, from: oldEmail, on: db)
            }
        }
        return user
    }

    /// Changes the password and signs out every other session, in case the old one leaked.
    func changePassword(of member: Member, current: String, new: String) async throws {
        let user = try await settings(of: member.id)
        guard try await verifyCurrentPassword(current, of: user) else {
            throw AppError.invalid([FieldError(field: "current_password", message: "That is not your current password.")])
        }
        var check = Validation()
        Self.validatePassword(new, field: "new_password", into: &check)
        try check.finish()
        user.passwordHash = try await hashPassword(new)
        try await deps.changing(.accounts) { db in
            try await user.save(on: db)
            try await Session.query(on: db)
                .filter(\.$user.$id == member.id).filter(\.$id != member.sessionID).delete()
            try await notifyPasswordChanged(user, on: db)
        }
    }

    /// Tells the member by email, when they gave one, that their password changed — in case it wasn't them.
    func notifyPasswordChanged(_ user: User, on db: any Database) async throws {
        guard let email = user.email, !email.isEmpty else { return }
        try await EmailOutbox.queue(
            to: email, subject: MailSubject.passwordChanged(site: deps.configuration.instanceName),
            body: """
                The password for your PeerCircle account \(user.pseudonym) was just changed, and devices logged in with the old one were logged out.

                If this wasn't you, set a new password at once: \(deps.configuration.link(.forgotPassword))
                """,
            at: deps.now(), on: db)
    }

    // MARK: leaving

    /// Erases the account and everything private to it — clocks and their history, check-ins, grants
    /// given and received, sessions — in one transaction. Needs the password, so a borrowed phone can't.
    func deleteAccount(of member: Member, password: String) async throws {
        let user = try await settings(of: member.id)
        guard try await verifyCurrentPassword(password, of: user) else {
            throw AppError.invalid([FieldError(field: "password", message: "That is not your password.")])
        }
        let startedThreads = try await Post.query(on: deps.db).filter(\.$author.$id == member.id).filter(\.$isOpening == true).count() > 0
        let formerMember = startedThreads ? try await AccountErasure.formerMember(on: deps.db) : nil
        // They may have been a mentor: matching reads its pool again.
        try await deps.changing(.mentors, .accounts) { db in
            // Foreign keys cascade from the user to every private row; AccountErasure does the rest.
            try await AccountErasure(db: db, formerMemberID: formerMember).erase(user)
            try await user.delete(on: db)
        }
    }

    // MARK: administration

    /// Creates the account if needed and gives it the admin role. Returns whether it was created.
    /// The member with this pseudonym, if any (any spelling of case and spacing the key allows).
    func user(id: UUID) async throws -> User? {
        try await User.find(id, on: deps.db)
    }

    /// The pseudonyms of these members, read in one query.
    func names(_ ids: [UUID]) async throws -> [UUID: String] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        struct Row: Decodable { let id: UUID, pseudonym: String }
        let rows = try await (try deps.db.sql).raw("SELECT id, pseudonym FROM users WHERE id IN (\(binds: unique))").all(decoding: Row.self)
        return Dictionary(rows.map { ($0.id, $0.pseudonym) }, uniquingKeysWith: { first, _ in first })
    }

    func user(named pseudonym: String) async throws -> User? {
        try await User.query(on: deps.db).filter(\.$pseudonymKey == User.key(for: pseudonym)).first()
    }

    /// Someone other than `member`, named in a form field; otherwise the field's error.
    func otherMember(named pseudonym: String, field: String, than member: UUID) async throws -> User {
        guard let user = try await user(named: pseudonym), let id = user.id else {
            throw AppError.invalid([FieldError(field: field, message: "No member has that pseudonym. Check the spelling.")])
        }
        guard id != member else {
            throw AppError.invalid([FieldError(field: field, message: "That's you. Enter someone else's pseudonym.")])
        }
        return user
    }

    func makeAdmin(pseudonym: String, password: String) async throws -> Bool {
        var created = false
        let user: User
        if let existing = try await User.query(on: deps.db).filter(\.$pseudonymKey == User.key(for: pseudonym)).first() {
            user = existing
        } else {
            user = try await signup(SignupInput(pseudonym: pseudonym, password: password))
            created = true
        }
        try await grant(.admin, to: user.requireID())
        return created
    }

    func grant(_ role: Role, to userID: UUID) async throws {
        guard role != .member else { return }
        let exists = try await UserRole.query(on: deps.db)
            .filter(\.$user.$id == userID).filter(\.$role == role).first() != nil
        if !exists { try await deps.changing(.mentors, .accounts) { db in try await UserRole(userID: userID, role: role).create(on: db) } }
    }

    // MARK: rules

    static let pseudonymCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: " ._-"))

    /// One spelling per name: composed (NFC), trimmed.
    static func normalisedPseudonym(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func validatePseudonym(_ pseudonym: String, into check: inout Validation) {
        // Combining and invisible marks would let "Sam" + U+034F pass for "Sam".
        check.check(!pseudonym.unicodeScalars.contains { [.nonspacingMark, .spacingMark, .enclosingMark, .format, .control].contains($0.properties.generalCategory) },
                    "pseudonym", "Use letters, numbers, spaces, dots, dashes or underscores.")
        check.check(!pseudonym.isEmpty, "pseudonym", "Choose a pseudonym. It does not need to be your real name.")
        check.check(pseudonym.count >= 2 && pseudonym.count <= 32, "pseudonym", "Use between 2 and 32 characters.")
        check.check(
            pseudonym.unicodeScalars.allSatisfy(pseudonymCharacters.contains), "pseudonym",
            "Use letters, numbers, spaces, dots, dashes or underscores.")
        // Names that would pass for the people who run the place.
        check.check(!reservedNames.contains(skeleton(pseudonym)), "pseudonym", "That name is kept for the people who run PeerCircle. Choose another.")
    }

    /// Letters and digits only, with look-alikes folded to the Latin letter they pass for
    /// (Cyrillic "е", Greek "ο", the digit 0), so "PeerCircle tеam" is still the team's name.
    static func skeleton(_ name: String) -> String {
        let lookAlikes: [Character: Character] = [
            "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
            "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ӏ": "l", "ԛ": "q", "ԝ": "w", "α": "a", "β": "b", "ε": "e",
            "η": "n", "ι": "i", "κ": "k", "μ": "m", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "0": "o", "1": "l",
            "3": "e", "5": "s", "|": "l",
        ]
        return String(User.key(for: name).map { lookAlikes[$0] ?? $0 }.filter { $0.isLetter || $0.isNumber })
            .replacingOccurrences(of: "i", with: "l")
    }

    /// Letters and digits of names only the instance itself uses (the starter content's author, the erased-member placeholder).
    static let reservedNames: Set<String> = Set(["peercircleteam", "peercircle", "formermember", "removedmember"].map(skeleton))

    static func validatePassword(_ password: String, field: String, into check: inout Validation) {
        check.check(password.count >= 8, field, "Use at least 8 characters.")
        // bcrypt reads only the first 72 bytes; longer would silently weaken the check.
        check.check(password.utf8.count <= 72, field, "Use at most 72 bytes (about 72 letters).")
    }

    static func validateEmail(_ email: String, into check: inout Validation) {
        guard !email.isEmpty else { return }
        check.check(isPlausibleEmail(email), "email", "That does not look like an email address. You can leave it empty.")
    }

    /// One `@`, a dot in the domain, no spaces or invisible characters, at most 254 characters.
    static func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return email.count <= 254 && parts.count == 2 && parts.first?.isEmpty == false && parts.last?.contains(".") == true
            && !email.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control || $0.properties.generalCategory == .format })
    }

    static func minutes(_ seconds: Int) -> String {
        seconds < 90 ? "\(seconds) seconds" : "\((seconds + 59) / 60) minutes"
    }

    // MARK: passwords (bcrypt off the event loop: it is deliberately slow)

    func hashPassword(_ password: String) async throws -> String {
        let cost = deps.passwordCost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// The password check for someone already signed in (changing the email or password, leaving):
    /// limited like logging in, so a borrowed phone or a stolen session can't guess it.
    func verifyCurrentPassword(_ password: String, of user: User) async throws -> Bool {
        let throttle = LoginThrottle(maxFailures: deps.configuration.loginMaxFailures, window: deps.configuration.loginWindow)
        let key = "password:" + (try user.requireID()).uuidString
        switch try await throttle.attempt(key: key, now: deps.now(), on: deps.db) {
        case .failure(let wait):
            throw AppError.tooManyRequests(retryAfter: wait.seconds, message: "Too many attempts. Please wait \(Self.minutes(wait.seconds)) and try again.")
        case .success(let id):
            guard try await verifyPassword(password, hash: user.passwordHash) else { return false }
            try await LoginFailure.query(on: deps.db).filter(\.$id == id).delete()
            return true
        }
    }

    private func verifyPassword(_ password: String, hash: String?) async throws -> Bool {
        let cost = deps.passwordCost
        return try await NIOThreadPool.singleton.runIfActive {
            guard let hash else {
                // An unknown pseudonym still costs one hash, so timing does not reveal which names exist.
                _ = Bcrypt.hash(password, cost: cost)
                return false
            }
            return Bcrypt.verify(password, hash: hash)
        }
    }
}
