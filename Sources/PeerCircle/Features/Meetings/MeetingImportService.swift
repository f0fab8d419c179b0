import Foundation

/// Importing a Meeting Guide feed: administrators only, on the web page and through the API, with one
/// set of checks (the CLI's `import-meetings` calls the importer itself, as the operator).
struct MeetingImportService: Sendable {
    let deps: AppDependencies

    struct Input: Sendable {
        var feed: Data
        var name: String
        var timeZone: String
    }

    /// Imports the feed whole or not at all; anyone but an administrator is told it is not there.
    func run(_ input: Input, by member: Member) async throws -> MeetingImportReport {
        try member.require(.admin)
        // Kept as written: meetings are matched by slug within this name, as the CLI and earlier imports saved it.
        let name = input.name
        var check = Validation()
        check.check(!name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && name.count <= 60, "name", "Name the feed (up to 60 characters), e.g. the intergroup's name.")
        check.check(TimeZone(identifier: input.timeZone) != nil, "time_zone", "Choose a time zone from the list.")
        check.check(!input.feed.isEmpty, "feed", "Paste the feed's JSON.")
        try check.finish()
        let report: MeetingImportReport
        do {
            report = try await MeetingImporter(writer: try deps.writer).importFeed(input.feed, feed: name, defaultTimeZone: input.timeZone)
        } catch let error as MeetingGuideFeed.FeedError {
            throw AppError.invalid([FieldError(field: "feed", message: error.description)])
        }
        if report.created + report.updated > 0 { deps.changed(.meetings) }
        return report
    }
}
