import Foundation
import Testing
@testable import PeerCircle

@Suite struct QuietHoursTests {
    let newYork = TimeZone(identifier: "America/New_York")!

    @Test func anOvernightSpanHoldsBothSidesOfMidnightAndEndsAtItsEnd() throws {
        let quiet = try #require(QuietHours(start: 22 * 60, end: 7 * 60))
        // 23:30 and 06:59 in New York (summer, UTC−4) are quiet; 07:00 and 21:59 are not.
        #expect(quiet.contains(instant("2026-06-16T03:30:00Z"), in: newYork))
        #expect(quiet.contains(instant("2026-06-16T10:59:00Z"), in: newYork))
        #expect(!quiet.contains(instant("2026-06-16T11:00:00Z"), in: newYork))
        #expect(!quiet.contains(instant("2026-06-16T01:59:00Z"), in: newYork))
        #expect(quiet.end(after: instant("2026-06-16T03:30:00Z"), in: newYork) == instant("2026-06-16T11:00:00Z"))
        // A daytime span.
        let day = try #require(QuietHours(start: 9 * 60, end: 17 * 60))
        #expect(day.contains(instant("2026-06-16T13:00:00Z"), in: newYork) && !day.contains(instant("2026-06-16T03:00:00Z"), in: newYork))
        // No span at all, or a half one, is no quiet hours.
        #expect(QuietHours(start: 600, end: 600) == nil && QuietHours(start: 600, end: nil) == nil && QuietHours(start: 1440, end: 60) == nil)
    }

    @Test func daylightSavingChangesMoveTheEndWithTheWallClock() throws {
        let quiet = try #require(QuietHours(start: 22 * 60, end: 7 * 60))
        // The night clocks go back (1 November 2026): 07:00 EST is 12:00Z, not 11:00Z.
        #expect(quiet.end(after: instant("2026-11-01T03:00:00Z"), in: newYork) == instant("2026-11-01T12:00:00Z"))
        // The night clocks go forward (8 March 2026): 07:00 EDT is 11:00Z.
        #expect(quiet.end(after: instant("2026-03-08T04:00:00Z"), in: newYork) == instant("2026-03-08T11:00:00Z"))
        // An end the clocks skip (02:30 on 8 March) comes at the first moment after the gap.
        let skipped = try #require(QuietHours(start: 60, end: 150))
        let end = skipped.end(after: instant("2026-03-08T06:30:00Z"), in: newYork)
        #expect(end == instant("2026-03-08T07:00:00Z"), "\(end)")
    }

    @Test func zonesEitherSideOfTheDateLineUseTheirOwnClock() throws {
        let quiet = try #require(QuietHours(start: 22 * 60, end: 7 * 60))
        let kiritimati = TimeZone(identifier: "Pacific/Kiritimati")!  // UTC+14
        let pagoPago = TimeZone(identifier: "Pacific/Pago_Pago")!    // UTC−11
        let moment = instant("2026-06-15T09:00:00Z")  // 23:00 in Kiritimati, 22:00 the day before in Pago Pago
        #expect(quiet.contains(moment, in: kiritimati) && quiet.contains(moment, in: pagoPago))
        #expect(quiet.end(after: moment, in: kiritimati) == instant("2026-06-15T17:00:00Z"))
        #expect(quiet.end(after: moment, in: pagoPago) == instant("2026-06-15T18:00:00Z"))
    }

    @Test func theDigestTimeIsTheLatestOneAlreadyPassed() {
        // 08:00 in New York is 12:00Z in summer.
        #expect(QuietHours.lastDigestTime(hour: 8, before: instant("2026-06-15T12:30:00Z"), in: newYork) == instant("2026-06-15T12:00:00Z"))
        #expect(QuietHours.lastDigestTime(hour: 8, before: instant("2026-06-15T11:59:00Z"), in: newYork) == instant("2026-06-14T12:00:00Z"))
        #expect(QuietHours.lastDigestTime(hour: 8, before: instant("2026-06-15T12:00:00Z"), in: newYork) == instant("2026-06-15T12:00:00Z"))
        // Across the autumn change: 08:00 EST on 1 November is 13:00Z.
        #expect(QuietHours.lastDigestTime(hour: 8, before: instant("2026-11-01T14:00:00Z"), in: newYork) == instant("2026-11-01T13:00:00Z"))
    }

    @Test func onlyPlainTimesAreRead() {
        #expect(QuietHours.minutes("22:00") == 1320 && QuietHours.minutes("7:30") == 450 && QuietHours.minutes(" 07:05 ") == 425)
        for bad in ["24:00", "7:5", "07:60", "", "0700", "٠٧:٠٠", "07:00\n", "-1:00", "07:00:00", "1e1:00", "+7:00", "07.00"] {
            #expect(QuietHours.minutes(bad) == nil, "\(bad)")
        }
        #expect(QuietHours.text(425) == "07:05")
    }

    @Test func theEmailWaitsForQuietHoursOrTheDigestAndACallForSupportOnlyIfChosen() throws {
        let quiet = QuietHours(start: 22 * 60, end: 7 * 60)
        let night = instant("2026-06-16T03:30:00Z"), day = instant("2026-06-16T15:00:00Z"), morning = instant("2026-06-16T11:00:00Z")
        func choices(_ channel: NotificationChannel = .email, email: Bool = true, digest: Bool = false, urgent: Bool = false)
            -> NotificationDelivery.Choices {
            .init(channel: channel, hasEmail: email, quiet: quiet, dailyDigest: digest, urgentThroughQuiet: urgent, zone: newYork)
        }
        #expect(NotificationDelivery.email(for: .message, choices(), at: day) == .now)
        #expect(NotificationDelivery.email(for: .message, choices(), at: night) == .after(morning))
        #expect(NotificationDelivery.email(for: .message, choices(digest: true), at: day) == .digest)
        #expect(NotificationDelivery.email(for: .message, choices(digest: true), at: night) == .digest)
        #expect(NotificationDelivery.email(for: .message, choices(.inApp), at: day) == .none)
        #expect(NotificationDelivery.email(for: .message, choices(email: false), at: day) == .none)
        // A call for support never waits a day for a digest; through quiet hours only when chosen.
        #expect(NotificationDelivery.email(for: .sosAlert, choices(digest: true), at: day) == .now)
        #expect(NotificationDelivery.email(for: .sosAlert, choices(), at: night) == .after(morning))
        #expect(NotificationDelivery.email(for: .sosAlert, choices(digest: true, urgent: true), at: night) == .now)
    }
}
