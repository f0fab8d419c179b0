import Configuration
import Foundation
import NIOCore

/// Everything the server needs to start, read once from flags > `PEERCIRCLE_*` environment > defaults.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseURL
    /// Time zone for members who have not chosen one (IANA identifier).
    public var defaultTimeZone: String
    /// Country whose crisis lines are shown to members who have not chosen one (ISO 3166 alpha-2).
    public var defaultCountry: String
    /// Optional JSON file overriding the built-in crisis lines, per country.
    public var crisisLinesFile: String?
    /// A Markdown file replacing the default code of conduct.
    public var codeOfConductFile: String?
    /// When the instance is served over HTTPS (directly or behind a proxy), cookies get `Secure`.
    public var secureCookies: Bool
    /// Failed logins per pseudonym inside `loginWindow` before logins answer 429.
    public var loginMaxFailures: Int
    public var loginWindow: Duration
    /// Reverse proxies whose `X-Forwarded-For` is believed (their own addresses).
    public var trustedProxies: Set<String> = []
    public var logLevel: String
    /// Hours a closed room's text is kept before it is deleted.
    public var roomRetentionHours: Int
    /// Minutes an SOS waits for someone in the member's circle before on-call responders are alerted.
    public var sosEscalationMinutes: Int = 5
    /// The outcomes report shows no figure computed from fewer members than this (10 at least).
    public var outcomesMinimumCell: Int = 10
    /// Where members reach this instance (`https://circle.example.org`), for links in email. Never
    /// taken from a request's Host header, which a stranger controls.
    public var publicURL: String?
    /// A sendmail-compatible program that sends the email outbox (`/usr/sbin/sendmail`); nil leaves it to the operator.
    public var sendmail: String?
    /// Keep a shortened network address with each sign-in, so members see roughly where a device
    /// signed in from (`PEERCIRCLE_SESSION_PLACES=true`); off by default, keeping no address.
    public var sessionPlaces = false
    /// What emails call this instance ("You have a new message on …"); the operator's own name.
    public var instanceName = "PeerCircle"
    /// The From address of emails PeerCircle sends.
    public var mailFrom = "PeerCircle <no-reply@localhost>"
    /// Push services this server posts Web Push to: host names (that host and any below it, over
    /// HTTPS) or exact origins (`http://127.0.0.1:8799`, for a test service). The browsers' own by
    /// default; `PEERCIRCLE_PUSH_SERVICES` replaces the list.
    public var pushServices = ["fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com", "notify.windows.com"]
    /// A bearer token that opens `/metrics` to a scraper on another machine. Without it, `/metrics`
    /// answers only connections from this machine.
    public var metricsToken: String?
    /// Chat lines one participant may send in any 30 seconds (the benchmark raises it).
    public var roomChatLimit = 20
    /// Seconds a request may take to send its headers before the connection closes (slow clients).
    public var headerTimeoutSeconds = 30
    /// Seed the starter content (welcome posts, coping strategies) into a database that never had it.
    /// On for `peercircle` unless `PEERCIRCLE_STARTER_CONTENT=false`; off for a bare configuration (tests).
    public var starterContent = false

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        database: DatabaseURL = .sqlite(path: "peercircle.sqlite"),
        defaultTimeZone: String = "UTC",
        defaultCountry: String = "US",
        crisisLinesFile: String? = nil,
        secureCookies: Bool = false,
        loginMaxFailures: Int = 5,
        loginWindow: Duration = .seconds(15 * 60),
        logLevel: String = "info",
        roomRetentionHours: Int = 24
    ) {
        self.roomRetentionHours = roomRetentionHours
        self.host = host
        self.port = port
        self.database = database
        self.defaultTimeZone = defaultTimeZone
        self.defaultCountry = defaultCountry
        self.crisisLinesFile = crisisLinesFile
        self.secureCookies = secureCookies
        self.loginMaxFailures = loginMaxFailures
        self.loginWindow = loginWindow
        self.logLevel = logLevel
    }
}

/// A configuration value that could not be used; names every bad key at once.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var problems: [String]
    public init(_ problems: [String]) { self.problems = problems }
    public var description: String { problems.joined(separator: "; ") }
}

extension AppConfiguration {
    /// Reads the configuration from command-line overrides (already parsed by the CLI), then the
    /// environment, then defaults. Fails naming every malformed key.
    public static func load(
        overrides: [String: String] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> AppConfiguration {
        var flagValues: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in overrides {
            flagValues[AbsoluteConfigKey(stringLiteral: "peercircle." + key)] = ConfigValue(.string(value), isSecret: false)
        }
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: flagValues),
            EnvironmentVariablesProvider(environmentVariables: environment),
        ]).scoped(to: "peercircle")

        var config = AppConfiguration()
        var problems: [String] = []
        config.host = reader.string(forKey: "host", default: config.host)
        if let port = reader.string(forKey: "port") {
            if let value = Int(port), (0...65535).contains(value) {
                config.port = value
            } else {
                problems.append("PEERCIRCLE_PORT / --port: '\(port)' is not a port number (0–65535)")
            }
        }
        if let url = reader.string(forKey: "database.url") {
            do { config.database = try DatabaseURL(parsing: url) } catch { problems.append(contentsOf: error.problems) }
        }
        if let minimum = reader.string(forKey: "outcomes.minimum.cell") {
            if let value = Int(minimum), (10...1_000).contains(value) { config.outcomesMinimumCell = value } else {
                problems.append("PEERCIRCLE_OUTCOMES_MINIMUM_CELL: '\(minimum)' is not a number from 10 to 1000 (figures from fewer than 10 members are never shown)")
            }
        }
        if let zone = reader.string(forKey: "default.time.zone") {
            if TimeZone(identifier: zone) != nil { config.defaultTimeZone = zone } else {
                problems.append("PEERCIRCLE_DEFAULT_TIME_ZONE: '\(zone)' is not an IANA time zone")
            }
        }
        if let country = reader.string(forKey: "default.country") {
            if country.count == 2, country.allSatisfy(\.isLetter) { config.defaultCountry = country.uppercased() } else {
                problems.append("PEERCIRCLE_DEFAULT_COUNTRY: '\(country)' is not a two-letter country code")
            }
        }
        if let file = reader.string(forKey: "crisis.lines.file") {
            if FileManager.default.isReadableFile(atPath: file) { config.crisisLinesFile = file } else {
                problems.append("PEERCIRCLE_CRISIS_LINES_FILE: cannot read '\(file)'")
            }
        }
        if let file = reader.string(forKey: "code.of.conduct.file") {
            if FileManager.default.isReadableFile(atPath: file) { config.codeOfConductFile = file } else {
                problems.append("PEERCIRCLE_CODE_OF_CONDUCT_FILE: cannot read '\(file)'")
            }
        }
        config.starterContent = true
        if let starter = reader.string(forKey: "starter.content") {
            switch starter.lowercased() {
            case "1", "true", "yes": config.starterContent = true
            case "0", "false", "no": config.starterContent = false
            default: problems.append("PEERCIRCLE_STARTER_CONTENT: '\(starter)' is not true or false")
            }
        }
        if let secure = reader.string(forKey: "secure.cookies") {
            switch secure.lowercased() {
            case "1", "true", "yes": config.secureCookies = true
            case "0", "false", "no": config.secureCookies = false
            default: problems.append("PEERCIRCLE_SECURE_COOKIES: '\(secure)' is not true or false")
            }
        }
        if let level = reader.string(forKey: "log.level") {
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            if levels.contains(level.lowercased()) { config.logLevel = level.lowercased() } else {
                problems.append("PEERCIRCLE_LOG_LEVEL: '\(level)' is not one of \(levels.joined(separator: ", "))")
            }
        }
        if let hours = reader.string(forKey: "room.retention.hours") {
            if let value = Int(hours), (0...8760).contains(value) { config.roomRetentionHours = value } else {
                problems.append("PEERCIRCLE_ROOM_RETENTION_HOURS: '\(hours)' is not a number of hours (0–8760)")
            }
        }
        if let minutes = reader.string(forKey: "sos.escalation.minutes") {
            if let value = Int(minutes), (1...120).contains(value) { config.sosEscalationMinutes = value } else {
                problems.append("PEERCIRCLE_SOS_ESCALATION_MINUTES: '\(minutes)' is not a number of minutes from 1 to 120")
            }
        }
        if let url = reader.string(forKey: "public.url") {
            let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
            if let parsed = URL(string: trimmed), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil, parsed.query == nil {
                config.publicURL = trimmed
            } else {
                problems.append("PEERCIRCLE_PUBLIC_URL: '\(url)' is not an http(s) address such as https://circle.example.org")
            }
        }
        if let proxies = reader.string(forKey: "trusted.proxies") {
            let list = proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let bad = list.filter { (try? SocketAddress(ipAddress: $0, port: 0)) == nil }
            if bad.isEmpty { config.trustedProxies = Set(list) } else {
                problems.append("PEERCIRCLE_TRUSTED_PROXIES: '\(bad.joined(separator: ", "))' is not an IP address")
            }
        }
        if let program = reader.string(forKey: "sendmail") {
            if FileManager.default.isExecutableFile(atPath: program) { config.sendmail = program } else {
                problems.append("PEERCIRCLE_SENDMAIL: '\(program)' is not a program this server can run")
            }
        }
        if let from = reader.string(forKey: "mail.from") {
            if from.contains("@"), !from.contains("\n"), !from.contains("\r"), from.count <= 200 { config.mailFrom = from } else {
                problems.append("PEERCIRCLE_MAIL_FROM: '\(from)' is not an address such as PeerCircle <no-reply@circle.example.org>")
            }
        }
        if let places = reader.string(forKey: "session.places") {
            switch places.lowercased() {
            case "true", "1", "yes": config.sessionPlaces = true
            case "false", "0", "no": config.sessionPlaces = false
            default: problems.append("PEERCIRCLE_SESSION_PLACES: '\(places)' is not true or false")
            }
        }
        if let name = reader.string(forKey: "instance.name") {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if (1...60).contains(trimmed.count), trimmed.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) {
                config.instanceName = trimmed
            } else {
                problems.append("PEERCIRCLE_INSTANCE_NAME: '\(name)' is not a name of 1 to 60 characters on one line")
            }
        }
        if let services = reader.string(forKey: "push.services") {
            let list = services.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            let bad = list.filter { entry in
                if let url = URL(string: entry), entry.contains("://") {
                    return !["http", "https"].contains(url.scheme ?? "") || url.host == nil || WebPushCrypto.audience(of: url) != entry
                }
                return !entry.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") } || !entry.contains(".")
            }
            if bad.isEmpty { config.pushServices = list } else {
                problems.append("PEERCIRCLE_PUSH_SERVICES: '\(bad.joined(separator: ", "))' is not a host name such as fcm.googleapis.com or an origin such as https://push.example.org")
            }
        }
        if let token = reader.string(forKey: "metrics.token") {
            if token.count >= 16, token.allSatisfy({ $0.isASCII && !$0.isWhitespace }) { config.metricsToken = token } else {
                problems.append("PEERCIRCLE_METRICS_TOKEN: use at least 16 characters without spaces")
            }
        }
        guard problems.isEmpty else { throw ConfigurationError(problems) }
        return config
    }
}
