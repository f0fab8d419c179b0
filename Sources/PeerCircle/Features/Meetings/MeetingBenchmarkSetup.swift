import FluentKit
import Foundation

/// A region's worth of meetings for the read benchmark (`peercircle-bench read`), grown from real
/// Meeting Guide feeds: every meeting of the fixtures in turn, with its day, time, zone, types and
/// place varied, and imported through the importer as an intergroup's feed would be.
public enum MeetingBenchmarkSetup {
    static let zones = ["America/Los_Angeles", "America/New_York", "America/Chicago", "America/Denver", "America/Edmonton", "Europe/London"]
    static let types = ["O", "C", "D", "B", "ST", "SP", "W", "M", "Y", "LGBTQ", "BE", "TR", "ONL", "X", "S"]

    /// Imports `count` meetings made from `feeds` (Meeting Guide JSON files); returns how many were created.
    public static func seed(_ database: AppDatabase, count: Int, feeds: [Data]) async throws -> Int {
        let base = feeds.flatMap { (try? MeetingGuideFeed.parse($0, defaultTimeZone: "America/New_York").meetings) ?? [] }
        guard !base.isEmpty else { return 0 }
        var rng = MatchingBenchmarkSetup.Generator(state: 2_026)
        let drafts = (0..<count).map { index -> MeetingDraft in
            var draft = base[index % base.count]
            draft.slug = "bench-\(index)-\(draft.slug)".prefix(120).description
            if index >= base.count { draft.name += " \(index / base.count + 1)" }
            draft.days = draft.days.isEmpty ? [] : [Int.random(in: 0...6, using: &rng)] + (Int.random(in: 0..<5, using: &rng) == 0 ? [Int.random(in: 0...6, using: &rng)] : [])
            draft.days = Array(Set(draft.days)).sorted()
            if !draft.days.isEmpty {
                let start = Int.random(in: 6 * 4..<22 * 4, using: &rng) * 15
                draft.startTime = String(format: "%02d:%02d", start / 60, start % 60)
                draft.endTime = String(format: "%02d:%02d", (start + 60 + 30 * Int.random(in: 0...1, using: &rng)) / 60 % 24, start % 60)
            }
            draft.timeZone = zones[Int.random(in: 0..<zones.count, using: &rng)]
            draft.types = Array(Set(draft.types.prefix(2) + [types[Int.random(in: 0..<types.count, using: &rng)]])).sorted()
            if let latitude = draft.latitude, let longitude = draft.longitude {
                draft.latitude = latitude + Double.random(in: -0.3...0.3, using: &rng)
                draft.longitude = longitude + Double.random(in: -0.3...0.3, using: &rng)
            }
            return draft
        }
        let report = try await MeetingImporter(writer: Writer(db: database.db, gate: nil)).importFeed(MeetingGuideFeed.export(drafts), feed: "bench", defaultTimeZone: "America/New_York")
        return report.created
    }
}
