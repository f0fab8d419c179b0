import Foundation
import Hummingbird

/// The time zone a page is drawn in: the member's own; for a visitor, the one their browser
/// reported (`zone.js` keeps it in a cookie); otherwise the operator's default.
enum VisitorZone {
    static let cookie = "pc_tz"
    /// The zones a person can choose: every one the system knows, and UTC (which Linux leaves out of that list).
    /// Current IANA names some systems' lists still miss (browsers report them: Firefox says Asia/Kolkata).
    static let choosable = ["UTC"] + Set(TimeZone.knownTimeZoneIdentifiers + [
        "Asia/Kolkata", "Asia/Kathmandu", "Asia/Yangon", "America/Nuuk", "Pacific/Kanton", "Europe/Kyiv", "America/Ciudad_Juarez",
    ]).filter { $0 != "UTC" && TimeZone(identifier: $0) != nil }.sorted()
    private static let known = Set(choosable)

    static func isChoosable(_ identifier: String) -> Bool { known.contains(identifier) && TimeZone(identifier: identifier) != nil }

    static func of(_ request: Request, member: Member?, fallback: TimeZone) -> TimeZone {
        if let member { return member.timeZone }
        return detected(request) ?? fallback
    }

    /// The browser's zone, if it sent one this server knows (anything else is ignored).
    static func detected(_ request: Request) -> TimeZone? {
        guard let value = request.cookies[cookie]?.value, value.count <= 64,
              let name = value.removingPercentEncoding, isChoosable(name) else { return nil }
        return TimeZone(identifier: name)
    }
}
