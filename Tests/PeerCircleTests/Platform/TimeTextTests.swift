import Foundation
import Testing
@testable import PeerCircle

/// The directory writes thousands of times a second by arithmetic: it must agree with Foundation's
/// formatters everywhere, across years, leap days, negative instants and daylight-saving changes.
@Suite struct TimeTextTests {
    @Test func arithmeticTimesAgreeWithFoundation() {
        let zones = ["UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham"]
            .compactMap(TimeZone.init(identifier:))
        var rng = MatchingBenchmarkSetup.Generator(state: 11)
        let instants = [0, -1, 951_782_400, 1_709_164_800, 1_774_746_000, 4_102_444_799, -2_208_988_800].map(Double.init)
            + (0..<2_000).map { _ in Double(Int64.random(in: -2_000_000_000...4_000_000_000, using: &rng)) + 0.5 }
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(TimeText.iso(date) == date.formatted(.iso8601), "\(seconds)")
            for zone in zones {
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = zone
                formatter.dateFormat = "HH:mm"
                #expect(TimeText.clock(date, zone) == formatter.string(from: date), "\(seconds) \(zone.identifier)")
                // The forum's patterns, also written by arithmetic.
                for pattern in ["d MMM HH:mm", "d MMM yyyy HH:mm"] {
                    formatter.dateFormat = pattern
                    #expect(TimeText.format(date, zone, pattern) == formatter.string(from: date), "\(seconds) \(zone.identifier) \(pattern)")
                }
            }
        }
    }

    @Test func cachedFormattersAreSafeToShareAcrossTasks() async {
        let zone = TimeZone(identifier: "America/New_York") ?? .gmt
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let date = Date(timeIntervalSince1970: Double(1_750_000_000 + index * 86_400))
                    let expected = DateFormatter()
                    expected.locale = Locale(identifier: "en_US_POSIX")
                    expected.timeZone = zone
                    expected.dateFormat = "EEE d MMM, HH:mm"
                    return (0..<50).allSatisfy { _ in TimeText.format(date, zone, "EEE d MMM, HH:mm") == expected.string(from: date) }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 64 && results.allSatisfy { $0 })
    }
}
