import Foundation

/// One way to reach help right now.
public struct CrisisLine: Codable, Sendable, Equatable {
    public enum Method: String, Codable, Sendable { case call, text, chat, web }
    public var name: String
    public var method: Method
    /// What to dial or text, or the address to open.
    public var contact: String
    /// Shown under the name: hours, who it is for, what to text.
    public var detail: String?
    /// A `tel:`, `sms:` or `https:` link a phone can follow.
    public var url: String?
}

/// Crisis lines per country (ISO 3166 alpha-2), with a fallback for everyone else.
/// Operators override any country, or the fallback ("default"), with a JSON file of the same shape.
public struct CrisisDirectory: Sendable {
    private var lines: [String: [CrisisLine]]

    public static let fallbackKey = "default"

    public init(overrides: [String: [CrisisLine]] = [:]) {
        var lines = Self.builtIn
        for (country, list) in overrides { lines[country.uppercased() == "DEFAULT" ? Self.fallbackKey : country.uppercased()] = list }
        self.lines = lines
    }

    /// Loads the operator's override file (`PEERCIRCLE_CRISIS_LINES_FILE`).
    public init(file: String?) throws(ConfigurationError) {
        guard let file else { self.init(); return }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            self.init(overrides: try JSONDecoder().decode([String: [CrisisLine]].self, from: data))
        } catch {
            throw ConfigurationError(["PEERCIRCLE_CRISIS_LINES_FILE: '\(file)' is not a JSON object of country → lines (\(error))"])
        }
    }

    /// Lines for `country`; everyone else gets the international fallback.
    public func lines(for country: String?) -> [CrisisLine] {
        guard let country, let list = lines[country.uppercased()] else { return lines[Self.fallbackKey] ?? [] }
        return list
    }

    /// The number to call when someone is in danger right now, for the countries PeerCircle knows.
    public static let emergencyNumbers: [String: String] = [
        "US": "911", "CA": "911", "MX": "911", "GB": "999", "IE": "112", "AU": "000", "NZ": "111", "ZA": "10111",
        "IN": "112", "DE": "112", "FR": "112", "ES": "112", "IT": "112", "NL": "112", "SE": "112", "NO": "112",
        "DK": "112", "FI": "112", "BE": "112", "AT": "112", "CH": "112", "PT": "112", "PL": "112", "BR": "192",
        "JP": "119", "PH": "911", "SG": "995", "NG": "112", "KE": "999",
    ]

    /// "911", or the international choices when the country is not known.
    public static func emergencyNumber(for country: String?) -> String? {
        country.flatMap { emergencyNumbers[$0.uppercased()] }
    }

    public func hasOwnLines(_ country: String?) -> Bool {
        country.map { lines[$0.uppercased()] != nil } ?? false
    }

    static let builtIn: [String: [CrisisLine]] = {
        let us: [CrisisLine] = [
            .init(name: "988 Suicide & Crisis Lifeline", method: .call, contact: "988",
                  detail: "Call, any time, free and confidential.", url: "tel:988"),
            .init(name: "988 Suicide & Crisis Lifeline", method: .text, contact: "988",
                  detail: "Text, any time.", url: "sms:988"),
            .init(name: "988 Lifeline chat", method: .chat, contact: "988lifeline.org",
                  detail: "Chat online.", url: "https://988lifeline.org/chat/"),
            .init(name: "Crisis Text Line", method: .text, contact: "741741",
                  detail: "Text HOME to 741741.", url: "sms:741741?&body=HOME"),
            .init(name: "SAMHSA National Helpline", method: .call, contact: "1-800-662-4357",
                  detail: "Treatment referral and information about substance use and mental health, any time.",
                  url: "tel:+18006624357"),
        ]
        let samaritans = CrisisLine(
            name: "Samaritans", method: .call, contact: "116 123",
            detail: "Call, any time, free.", url: "tel:116123")
        return [
            "US": us,
            "CA": [.init(name: "9-8-8 Suicide Crisis Helpline", method: .call, contact: "9-8-8",
                         detail: "Call or text, any time.", url: "tel:988")],
            "GB": [samaritans,
                   .init(name: "Shout", method: .text, contact: "85258",
                         detail: "Text SHOUT to 85258, any time, free.", url: "sms:85258&body=SHOUT"),
                   .init(name: "NHS 111", method: .call, contact: "111",
                         detail: "Urgent mental health help: call 111 and choose the mental health option.", url: "tel:111")],
            "IE": [samaritans],
            "AU": [.init(name: "Lifeline", method: .call, contact: "13 11 14",
                         detail: "Call, any time.", url: "tel:131114")],
            fallbackKey: [
                .init(name: "Find a Helpline", method: .web, contact: "findahelpline.com",
                      detail: "Free, confidential crisis lines in your country.", url: "https://findahelpline.com"),
                .init(name: "Local emergency number", method: .call, contact: "112 / 911 / 999",
                      detail: "If you are in danger now, call your local emergency number.", url: nil),
            ],
        ]
    }()

    /// Countries a member can pick in settings.
    static let countryNames: [String: String] = [
        "US": "United States", "CA": "Canada", "GB": "United Kingdom", "IE": "Ireland", "AU": "Australia",
        "NZ": "New Zealand", "DE": "Germany", "FR": "France", "ES": "Spain", "IT": "Italy", "NL": "Netherlands",
        "BE": "Belgium", "SE": "Sweden", "NO": "Norway", "DK": "Denmark", "FI": "Finland", "PL": "Poland",
        "PT": "Portugal", "MX": "Mexico", "BR": "Brazil", "AR": "Argentina", "IN": "India", "ZA": "South Africa",
        "NG": "Nigeria", "KE": "Kenya", "JP": "Japan", "KR": "South Korea", "PH": "Philippines", "SG": "Singapore",
    ]
}
