import FluentKit
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Prometheus
import ServiceLifecycle

/// Things tests and the CLI may change without touching the configuration.
public struct AppOptions: Sendable {
    public var now: @Sendable () -> Date
    public var passwordCost: UInt8
    public var metrics: PrometheusCollectorRegistry
    public var logger: Logger
    /// An already-open database to use instead of opening `configuration.database` (tests seed it).
    public var database: AppDatabase?
    /// Load the meeting directory and the mentor pool in the background at start-up (tests that
    /// write to the database behind the server's back turn it off).
    public var warmCaches = true
    /// What the instance keeps in memory.
    public var caches = AppCaches()

    public init(
        now: @escaping @Sendable () -> Date = { Date() },
        passwordCost: UInt8 = 12,
        metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        logger: Logger = Logger(label: "peercircle"),
        database: AppDatabase? = nil
    ) {
        self.database = database
        self.now = now
        self.passwordCost = passwordCost
        self.metrics = metrics
        self.logger = logger
    }
}

/// Builds the whole application from its configuration: database, migrations, routes, middleware.
/// Fails with a `ConfigurationError` naming the problem when the database cannot be reached.
public func buildApplication(
    _ configuration: AppConfiguration, options: AppOptions = AppOptions()
) async throws -> some ApplicationProtocol {
    var logger = options.logger
    logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
    let database = try options.database ?? AppDatabase(url: configuration.database, logger: logger)
    do {
        try await database.migrate()
    } catch {
        await database.shutdown()
        throw ConfigurationError(["cannot use the database at \(configuration.database): \(DatabaseErrorText.describe(error))"])
    }
    var deps = AppDependencies(
        database: database, configuration: configuration,
        crisisLines: try CrisisDirectory(file: configuration.crisisLinesFile),
        now: options.now, passwordCost: options.passwordCost)
    deps.caches = options.caches
    // Several instances may share a PostgreSQL database: live delivery goes through it.
    var liveServices: [any Service] = []
    if case .postgres(let location) = configuration.database {
        let broadcaster = try PostgresBroadcaster(location: location, database: database, logger: logger)
        deps.broadcaster = broadcaster
        liveServices.append(broadcaster)
    }
    if configuration.starterContent { try await StarterContent.seed(try deps.writer, now: deps.now()) }
    // The crisis screen's model trains once (under a second) in the background, not inside the first
    // member's request; without its labelled set the screen still runs on its rules, and says so.
    let screenLogger = logger
    Task.detached(priority: .utility) {
        if CrisisScreen.trained == nil { screenLogger.error("the crisis screen's labelled set is missing from the bundle: screening with rules only") }
    }
    // The meeting directory and the mentor pool load in the background too: the first visitor need not wait.
    let warmDeps = deps
    if options.warmCaches { Task.detached(priority: .utility) {
        do {
            _ = try await warmDeps.meetingCatalog()
            _ = try await MentorProfileService(deps: warmDeps).candidates()
        } catch {
            screenLogger.warning("could not load the meeting directory or the mentor pool ahead of time: \(DatabaseErrorText.describe(error))")
        }
    } }
    // Operators hear at once when an SOS could reach nobody at some hours (the admin safety page says so too).
    for gap in try await SafetyService(deps: deps).onCallGaps() { logger.warning("\(gap)") }
    // Every email subject carries the instance's name: one that says what it is for says it to anyone who sees the inbox.
    if let word = NotificationWording.forbidden.first(where: { configuration.instanceName.lowercased().contains($0) }) {
        logger.warning("PEERCIRCLE_INSTANCE_NAME contains “\(word)”: every email subject carries the name, so anyone who sees a member's inbox would read it. A neutral name keeps emails discreet.")
    }
    // The key push services know this instance by: made once, on the first start, and kept.
    _ = try await PushService(deps: deps).key()
    let router = try buildRouter(deps, metrics: options.metrics)
    let rooms = RoomSocket(rooms: RoomService(deps: deps, broadcaster: deps.broadcaster), broadcaster: deps.broadcaster)
    let webSockets = rooms.router(accounts: AccountService(deps: deps))
    LiveSocket.register(webSockets, broadcaster: deps.broadcaster)
    return Application(
        router: router,
        server: GuardedServer.builder(webSocketRouter: webSockets, limits: .init(
            headerTimeout: .seconds(Int64(configuration.headerTimeoutSeconds)), exemptAddresses: configuration.trustedProxies)),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "PeerCircle"),
        services: [database] + liveServices + [alertEscalator(deps), housekeeping(deps), notificationRounds(deps), reminderRounds(deps),
                                                      PushRelayService(relay: PushRelay(deps: deps))]
            + (configuration.sendmail.map { [MailRelayService(relay: MailRelay(deps: deps, program: $0, from: configuration.mailFrom))] } ?? []),
        logger: logger)
}

/// Every minute: emails held over quiet hours whose time came, and daily summaries that are due.
func notificationRounds(_ deps: AppDependencies) -> PeriodicTask {
    PeriodicTask(interval: .seconds(60)) { try await NotificationService(deps: deps).deliverWaiting() }
}

/// Every ten minutes: reminders that fell due (check-ups, a check-in with one's mentor) reach the centre.
func reminderRounds(_ deps: AppDependencies) -> PeriodicTask {
    PeriodicTask(interval: .seconds(600)) { try await NotificationReminders(deps: deps).run() }
}

/// What must happen on a timer, whether or not anyone visits: closed rooms' text deleted after the
/// retention period; email already sent (which may hold reset links) deleted after a day; lapsed
/// sign-ins; copies of members' data that are done.
func housekeeping(_ deps: AppDependencies) -> PeriodicTask {
    PeriodicTask(interval: .seconds(300)) {
        try await RoomService(deps: deps, broadcaster: deps.broadcaster).purgeExpired()
        try await EmailOutbox.purgeSent(before: deps.now().addingTimeInterval(-24 * 3600), on: deps.db)
        // Lapsed sign-ins are worthless; clearing them also stops their devices' pushes.
        try await Session.query(on: deps.db).filter(\.$expiresAt < deps.now()).delete()
        try await DataExportService(deps: deps).rounds()
    }
}

func buildRouter(_ deps: AppDependencies, metrics: PrometheusCollectorRegistry) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RouteLogMiddleware())
    router.add(middleware: CanonicalPathMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: CompressionMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: AuthenticationMiddleware(accounts: AccountService(deps: deps)))
    router.add(middleware: CSRFMiddleware(secureCookies: deps.configuration.secureCookies))
    router.add(middleware: ErrorMiddleware())
    let routeTable = RouteTable()
    router.add(middleware: UnmatchedRouteMiddleware(routes: routeTable))

    OperationsRoutes(deps: deps, metrics: metrics).register(router)
    MeetingFeedRoutes(deps: deps).register(router)

    let web = router.group()
    let members = web.group(context: MemberContext.self)

    // Web pages (the JSON API is the generated operations below, but for the meeting list, which is
    // served hand-written beside the directory page for its shared cache)
    HomeRoutes(deps: deps).register(web)
    AccountWebRoutes(deps: deps).register(public: web, members: members)
    CrisisRoutes(deps: deps).register(web)
    PasswordResetRoutes(deps: deps).register(web)
    EmailChangeRoutes(deps: deps).register(web)
    ClockWebRoutes(deps: deps).register(members)
    CheckInWebRoutes(deps: deps).register(members)
    SharingWebRoutes(deps: deps).register(members)
    MeetingRoutes(deps: deps).register(web: web, api: router.group("/api/v1"))
    MeetingImportRoutes(deps: deps).register(members)
    MyMeetingsRoutes(deps: deps).register(public: web, members: members)
    GroupRoutes(deps: deps).register(web: web, members: members)
    HouseRoutes(deps: deps).register(web: web, members: members)
    HouseLifeRoutes(deps: deps).register(members: members)
    RoomRoutes(deps: deps).register(web: web, members: members)
    AttendanceRoutes(deps: deps).register(members)
    EventRoutes(deps: deps).register(web: web, members: members)
    MentorWebRoutes(deps: deps).register(members)
    PairWebRoutes(deps: deps).register(members)
    MessageWebRoutes(deps: deps).register(members)
    PlanWebRoutes(deps: deps).register(members)
    RoleAdminRoutes(deps: deps).register(members)
    CommunityWebRoutes(deps: deps).register(members)
    ModerationWebRoutes(deps: deps).register(members)
    StrategyWebRoutes(deps: deps).register(members)
    CodeOfConduct.register(web, deps: deps)
    SafetyWebRoutes(deps: deps).register(members)
    TrustedContactRoutes(deps: deps).register(web: web, members: members)
    StarterContentRoutes(deps: deps).register(members)
    AssessmentRoutes(deps: deps).register(members)
    ReferralRoutes(deps: deps).register(web: web, members: members)
    EngagementRoutes(deps: deps).register(members)
    OutcomeRoutes(deps: deps).register(members)
    PledgeRoutes(deps: deps).register(members)
    NotificationRoutes(deps: deps).register(web: web, members: members)
    TwoStepRoutes(deps: deps).register(members)
    DataExportRoutes(deps: deps).register(members)
    try APIOperations.register(on: router, deps: deps)
    router.get("/api/openapi.json") { _, _ in OpenAPIDocument.response }
    routeTable.load(router.routes.map { ($0.method, $0.path.description) })
    return router
}

/// A short, one-line reason a database could not be used, for start-up errors.
enum DatabaseErrorText {
    static func describe(_ error: any Error) -> String {
        // PostgresNIO hides details from `description` on purpose; the reflection names the cause.
        let text = String(reflecting: error)
        for (needle, reason) in [
            ("Connection refused", "connection refused — is the server running, and is the host and port right?"),
            ("No such host", "unknown host"), ("nameResolution", "unknown host"),
            ("password authentication failed", "the password was not accepted"),
            ("does not exist", "the database (or role) does not exist"),
            ("unable to open database", "the SQLite file cannot be opened — does its folder exist?"),
            ("timeout", "the connection timed out"),
        ] where text.contains(needle) {
            return reason
        }
        return String(text.prefix(200)).replacingOccurrences(of: "\n", with: " ")
    }
}
