import Foundation

extension Date {
    /// This instant, or a millisecond after `latest` if that is not earlier: rows sorted by time keep
    /// the order they were written in, even when two land in the same clock tick.
    func strictlyAfter(_ latest: Date?) -> Date {
        Swift.max(self, (latest ?? .distantPast).addingTimeInterval(0.001))
    }
}
