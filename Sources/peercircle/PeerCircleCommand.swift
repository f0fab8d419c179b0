import ArgumentParser
import Foundation
import PeerCircle

@main
struct PeerCircleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peercircle",
        abstract: "PeerCircle: peer support for people in recovery.",
        subcommands: [Serve.self, Migrate.self, Admin.self, ImportMeetings.self, ImportReferrals.self, CrisisScreenCommand.self, Demo.self],
        defaultSubcommand: Serve.self)
}

/// Flags shared by every command that touches the server or database; each falls back to its
/// `PEERCIRCLE_*` environment variable, then to the default.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on (PEERCIRCLE_HOST, default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (PEERCIRCLE_PORT, default 8080).") var port: String?
    @Option(help: "sqlite://PATH or postgres://user@host:port/db (PEERCIRCLE_DATABASE_URL, default sqlite://peercircle.sqlite).")
    var databaseURL: String?

    func load() throws -> AppConfiguration {
        var overrides: [String: String] = [:]
        overrides["host"] = host
        overrides["port"] = port
        overrides["database.url"] = databaseURL
        do { return try AppConfiguration.load(overrides: overrides) } catch { throw Failure(error.description) }
    }
}

/// One clear line on standard error and exit code 1, instead of a trace.
struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func runOrExplain(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as Failure {
        FileHandle.standardError.write(Data("peercircle: error: \(failure.description)\n".utf8))
        throw ExitCode.failure
    } catch let error as ConfigurationError {
        FileHandle.standardError.write(Data("peercircle: error: \(error.description)\n".utf8))
        throw ExitCode.failure
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (the default).")
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runOrExplain {
            let configuration = try options.load()
            let app = try await makeServer(configuration)
            do {
                try await app.runService()
            } catch {
                throw Failure(StartupError.describe(error, configuration: configuration))
            }
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runOrExplain {
            try await PeerCircleAdmin.migrate(try options.load())
            print("Migrations applied.")
        }
    }
}

struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Administer the instance.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an administrator (or make a member one).")
        @Option(help: "The administrator's pseudonym.") var name: String
        @Flag(help: "Read the password from standard input instead of generating one.") var passwordStdin = false
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runOrExplain {
                let configuration = try options.load()
                var password = PeerCircleAdmin.generatePassword()
                if passwordStdin {
                    password = (readLine(strippingNewline: true) ?? "")
                }
                let created = try await PeerCircleAdmin.createAdmin(name: name, password: password, configuration: configuration)
                if created {
                    print("Created administrator '\(name)'.")
                    if !passwordStdin { print("Password: \(password)\nLog in and change it in Settings.") }
                    print("Administrators' pages open once two-step sign-in is on: log in and follow the link at the top of the page.")
                } else {
                    print("'\(name)' already existed and is now an administrator. Their password is unchanged.")
                }
            }
        }
    }
}

struct ImportMeetings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-meetings", abstract: "Import a Meeting Guide JSON feed (a file or an http(s) URL).")
    @Argument(help: "A feed file, or its URL.") var source: String
    @Option(help: "IANA time zone for meetings that do not name one, e.g. America/New_York.") var timezone: String
    @Option(help: "A name for this feed (default: the file name or the URL's host). Re-imports of the same feed update its meetings by slug.")
    var feed: String?
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runOrExplain {
            let configuration = try options.load()
            let data: Data
            do {
                let remote = source.hasPrefix("http://") || source.hasPrefix("https://")
                guard let url = remote ? URL(string: source) : URL(fileURLWithPath: source) else {
                    throw Failure("'\(source)' is not an address that can be read")
                }
                data = try Data(contentsOf: url)
            } catch {
                throw Failure("cannot read '\(source)': \(error.localizedDescription)")
            }
            let name = feed ?? (URL(string: source)?.host ?? URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent)
            say("Importing \(source) as feed '\(name)'…")
            let report = try await PeerCircleAdmin.importMeetings(
                data, feed: name, timeZone: timezone, configuration: configuration,
                progress: { done, total in say("  \(done)/\(total) meetings") })
            print(report)
        }
    }
}

struct ImportReferrals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-referrals",
        abstract: "Import professional help from a CSV file (columns: \(PeerCircleAdmin.referralColumns)). A file with any wrong row changes nothing.")
    @Argument(help: "The CSV file.") var file: String
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runOrExplain {
            guard let data = FileManager.default.contents(atPath: file) else { throw Failure("cannot read '\(file)'") }
            guard let text = String(data: data, encoding: .utf8) else { throw Failure("'\(file)' is not UTF-8 text") }
            let (ok, report) = try await PeerCircleAdmin.importReferrals(text, configuration: try options.load())
            guard ok else { throw Failure(report) }
            print(report)
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add example data to try PeerCircle with.", subcommands: [Houses.self, Outcomes.self])

    struct Houses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Three example sober living houses, marked \"(example)\", in the directory at /houses, with life in Maple House.")
        @OptionGroup var options: ServerOptions
        @Option(help: "Your pseudonym: you move into Maple House (example) and see its chores, money and meetings from inside.")
        var resident: String?

        func run() async throws {
            try await runOrExplain {
                for line in try await PeerCircleAdmin.demoHouses(configuration: try options.load(), resident: resident) { print(line) }
            }
        }
    }
}

extension Demo {
    struct Outcomes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "240 example members (\"Example member 001\"…, nobody can sign in as them) so /admin/outcomes is filled in.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runOrExplain { print(try await PeerCircleAdmin.demoOutcomes(configuration: try options.load())) }
        }
    }
}

/// Writes a line at once (print is buffered when piped, which would put progress after errors).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

struct CrisisScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crisis-screen", abstract: "Check the crisis-language screen.", subcommands: [Evaluate.self, ExportLabels.self, Explain.self])

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show what the screen sees in a text: the concepts kept and put at a distance, and its decision.")
        @Argument(help: "The text.") var text: String

        func run() throws {
            for line in CrisisScreenEvaluation.explain(text) { say(line) }
        }
    }

    struct ExportLabels: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-labels",
            abstract: "Print the moderators' labels ('false alarm', confirmed, missed) as a labelled file, to evaluate the screen on.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runOrExplain {
                for line in try await PeerCircleAdmin.exportCrisisLabels(configuration: try options.load()) { say(line) }
            }
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate the screen on a labelled file: one 'crisis[:category]<TAB>text' or 'ok[:category]<TAB>text' per line.")
        @Argument(help: "The labelled file.") var file: String
        @Flag(help: "Figures only, without the missed lines and false alarms (for a held-out set nobody should read while tuning).")
        var figuresOnly = false
        @Flag(help: "Cross-validate on FILE itself: five folds, then leave-one-category-out (train on the other categories).")
        var crossValidate = false

        func run() throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw Failure("cannot read '\(file)'")
            }
            let set: CrisisLabelledSet
            do { set = try CrisisLabelledSet(text) } catch let error as CrisisLabelledSet.BadLine {
                throw Failure("\(file): \(error)")
            }
            if crossValidate {
                let folds = CrisisScreenEvaluation.crossValidate(set)
                if !figuresOnly {
                    for example in folds.missed { say("missed\t\(example.category)\t\(example.text)") }
                    for (example, _) in folds.falseAlarms { say("false alarm\t\(example.category)\t\(example.text)") }
                }
                for line in folds.report { say(line) }
                say("five-fold: " + folds.summary)
                for (category, recall, rules) in CrisisScreenEvaluation.leaveOneCategoryOut(set) {
                    say(String(format: "leave out %@: recall %.3f (rules alone %.3f)", category, recall, rules))
                }
                return
            }
            let result = CrisisScreenEvaluation.run(set)
            if !figuresOnly {
                for example in result.missed { say("missed\t\(example.category)\t\(example.text)") }
                for (example, finding) in result.falseAlarms {
                    say("false alarm\t\(example.category)\t\(example.text)\t[\(finding.reason): \(finding.phrase)]")
                }
            }
            for line in result.report { say(line) }
            say("\(result.crisisCount) crisis, \(result.okCount) ok")
            say("rules alone: " + CrisisScreenEvaluation.runRulesOnly(set).summary)
            say(String(format: "rules + model (fires from p >= %.2f): ", CrisisScreenEvaluation.modelThreshold ?? 1) + result.summary)
        }
    }
}
