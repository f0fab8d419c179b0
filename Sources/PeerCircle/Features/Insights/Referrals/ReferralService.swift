import FluentKit
import Foundation

/// A referral as pages and the API show it.
struct ReferralLine: Sendable, Equatable {
    let id: UUID
    let name: String
    let kind: ReferralKind
    let area: String
    let languages: String
    let cost: String
    let telehealth: Bool
    let phone: String
    let website: String
    let email: String
    let address: String
    let about: String
}

/// The operator's directory of professional help: kept by administrators (a page, or a CSV import
/// that changes nothing unless every row is right), read by everyone.
struct ReferralService: Sendable {
    let deps: AppDependencies

    /// A referral's fields as typed (a form, an API body or a CSV row).
    struct Input: Sendable, Equatable {
        var name = "", kind = "", area = "", languages = "", cost = "", telehealth = ""
        var phone = "", website = "", email = "", address = "", about = ""
    }

    struct Filter: Sendable, Equatable {
        var kind: ReferralKind?
        var area = ""
        var language = ""
        var telehealth = false

        /// Area and language match anywhere in the text, whatever the case; "online" also finds every
        /// service that offers telehealth, wherever it is based.
        func matches(_ r: ReferralLine) -> Bool {
            let area = self.area.trimmingCharacters(in: .whitespaces).lowercased()
            let language = self.language.trimmingCharacters(in: .whitespaces).lowercased()
            return (kind.map { $0 == r.kind } ?? true) && (!telehealth || r.telehealth)
                && (area.isEmpty || r.area.lowercased().contains(area) || (area == "online" && r.telehealth))
                && (language.isEmpty || r.languages.lowercased().contains(language))
        }
    }

    /// The directory, by name, as far as `filter` lets through. The directory is a curated list of
    /// dozens to a few thousand services: it is read whole and filtered here, alike on both databases.
    func list(_ filter: Filter = Filter()) async throws -> [ReferralLine] {
        try await Referral.query(on: deps.db).sort(\.$name).all().map(Self.line).filter(filter.matches)
    }

    /// A few services to suggest beside a score that suggests professional help: therapy, treatment and helplines first.
    func forAssessments() async throws -> [ReferralLine] {
        let order: [ReferralKind] = [.therapy, .treatment, .moud, .helpline]
        return try await list().filter { order.contains($0.kind) }
            .sorted { (order.firstIndex(of: $0.kind) ?? 9, $0.name) < (order.firstIndex(of: $1.kind) ?? 9, $1.name) }
            .prefix(5).map { $0 }
    }

    func find(_ id: UUID) async throws -> ReferralLine {
        guard let referral = try await Referral.find(id, on: deps.db) else { throw AppError.notFound }
        return try Self.line(referral)
    }

    /// Adds a referral, or with `id` changes one. Administrators only.
    @discardableResult
    func save(_ input: Input, id: UUID?, by member: Member) async throws -> ReferralLine {
        try member.require(.admin)
        let clean = try Self.validate(input)
        let referral: Referral
        if let id {
            guard let found = try await Referral.find(id, on: deps.db) else { throw AppError.notFound }
            referral = found
        } else {
            referral = Referral()
        }
        clean.apply(to: referral)
        if try await Referral.query(on: deps.db).filter(\.$matchKey == referral.matchKey).all().contains(where: { $0.id != referral.id }) {
            throw AppError.invalid([FieldError(field: "name", message: "A service with this name in this area is already listed.")])
        }
        do {
            try await referral.save(on: deps.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw AppError.invalid([FieldError(field: "name", message: "A service with this name in this area is already listed.")])
        }
        return try Self.line(referral)
    }

    func delete(_ id: UUID, by member: Member) async throws {
        try member.require(.admin)
        guard let referral = try await Referral.find(id, on: deps.db) else { throw AppError.notFound }
        try await referral.delete(on: deps.db)
    }

    // MARK: - Validation

    /// A referral's fields once checked.
    struct Clean: Sendable, Equatable {
        let name: String, kind: ReferralKind, area: String, languages: String, cost: String, telehealth: Bool
        let phone: String, website: String, email: String, address: String, about: String

        var matchKey: String { name.lowercased() + "\u{1F}" + area.lowercased() }

        func apply(to r: Referral) {
            (r.matchKey, r.name, r.kind, r.area, r.languages, r.cost) = (matchKey, name, kind, area, languages, cost)
            (r.telehealth, r.phone, r.website, r.email, r.address, r.about) = (telehealth, phone, website, email, address, about)
        }

        func same(as r: Referral) -> Bool {
            (r.name, r.kind, r.area, r.languages, r.cost, r.telehealth) == (name, kind, area, languages, cost, telehealth)
                && (r.phone, r.website, r.email, r.address, r.about) == (phone, website, email, address, about)
        }
    }

    static let kindWords: [String: ReferralKind] = Dictionary(
        ReferralKind.allCases.flatMap { kind in [(kind.rawValue, kind), (kind.title.lowercased(), kind)] }
            + [("mat", .moud), ("harm reduction", .harmReduction), ("naloxone", .harmReduction), ("therapist", .therapy),
               ("counselling", .therapy), ("counseling", .therapy), ("family", .family)],
        uniquingKeysWith: { first, _ in first })

    static func validate(_ input: Input) throws(AppError) -> Clean {
        var check = Validation()
        func text(_ value: String, _ field: String, max: Int, required: Bool = false, label: String = "this") -> String {
            let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if required && value.isEmpty { check.add(field, "Enter \(label).") }
            if value.count > max { check.add(field, "Use at most \(max) characters.") }
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
                check.add(field, "Remove the control characters.")
            }
            return value
        }
        let name = text(input.name, "name", max: 200, required: true, label: "the service's name")
        let kind = kindWords[input.kind.trimmingCharacters(in: .whitespaces).lowercased()]
        check.check(kind != nil, "kind", "Choose a type: " + ReferralKind.allCases.map { "\($0.title.lowercased()) (\($0.rawValue))" }.joined(separator: ", ") + ".")
        let area = text(input.area, "area", max: 200, required: true, label: "the area it serves (a town, a region, or \"online\")")
        let languages = text(input.languages, "languages", max: 200)
        let cost = text(input.cost, "cost", max: 300)
        let telehealthWord = input.telehealth.trimmingCharacters(in: .whitespaces).lowercased()
        let telehealth = ["yes", "true", "1", "y", "on"].contains(telehealthWord)
        check.check(telehealth || ["", "no", "false", "0", "n", "off"].contains(telehealthWord), "telehealth", "Say yes or no.")
        let phone = text(input.phone, "phone", max: 40)
        // ASCII only, by scalar: digits from other scripts, fractions or a combining mark have no place in a number to call.
        check.check(phone.unicodeScalars.allSatisfy { $0.isASCII && (("0"..."9").contains($0) || " +()-./ext".unicodeScalars.contains($0)) },
                    "phone", "Use digits, spaces and + ( ) - . only.")
        let website = text(input.website, "website", max: 500)
        if !website.isEmpty {
            let url = URL(string: website)
            check.check(["http", "https"].contains(url?.scheme?.lowercased() ?? "") && !(url?.host ?? "").isEmpty
                            && website.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && !"\"<>\\^`{|}'".unicodeScalars.contains($0) },
                        "website", "Enter a web address starting with https:// (or http://), without spaces or quotes.")
        }
        let email = text(input.email, "email", max: 254)
        check.check(email.isEmpty || Self.isPlainEmail(email), "email", "Enter an email address like name@example.org, or leave it empty.")
        let address = text(input.address, "address", max: 300)
        let about = text(input.about, "description", max: 1000)
        check.check(!phone.isEmpty || !website.isEmpty || !email.isEmpty || !address.isEmpty, "phone",
                    "Give at least one way to reach it: a phone number, website, email or address.")
        try check.finish()
        return Clean(name: name, kind: try kind.checked("kind"), area: area, languages: languages, cost: cost, telehealth: telehealth,
                     phone: phone, website: website, email: email, address: address, about: about)
    }

    /// name@example.org and nothing more: no "?cc=" or "&body=" riding into a mailto link.
    static func isPlainEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last, !local.isEmpty, domain.contains("."),
              !domain.hasPrefix("."), !domain.hasSuffix(".") else { return false }
        func plain(_ text: Substring, extra: String) -> Bool {
            text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || extra.unicodeScalars.contains($0)) }
        }
        return plain(local, extra: "._+-") && plain(domain, extra: ".-")
    }

    static func line(_ r: Referral) throws -> ReferralLine {
        ReferralLine(id: try r.requireID(), name: r.name, kind: r.kind, area: r.area, languages: r.languages, cost: r.cost,
                     telehealth: r.telehealth, phone: r.phone, website: r.website, email: r.email, address: r.address, about: r.about)
    }
}
