import Foundation
import Hummingbird
import Plot

/// One thing the member shares, with whom and why.
struct GrantLine: Sendable {
    let id: UUID
    /// The clock's label, or what the scope covers.
    let what: String
    let grantee: String
    let purpose: String
    let expiresAt: Date?
}

enum SharingViews {
    static func shareClock(
        _ page: PageContext, clock: ClockSummary, input: SharingService.ShareInput, errors: [FieldError] = [],
        status: HTTPResponse.Status = .ok
    ) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            "Share \(clock.label)", page, status: status,
            .p(.text("The person you choose will see this clock's days and milestones — not your notes. You can stop sharing at any time.")),
            Forms.form(
                SiteURL.clockShare(clock.id).path, csrf: page.csrfToken,
                Forms.summary(errors),
                Forms.input("grantee", label: "Their pseudonym", value: input.grantee, errors: errors, required: true),
                Forms.input("purpose", label: "Why you're sharing (they will see this)", value: input.purpose, errors: errors,
                            hint: "For example: \"So my sponsor can cheer me on\". Leave empty for \"\(SharingService.defaultPurpose)\".",
                            attributes: [.attribute(named: "maxlength", value: "200")]),
                Forms.input("expires_on", label: "Stop sharing automatically after (optional)", value: input.expiresOn,
                            errors: errors, type: .date),
                .button(.type(.submit), .text("Share"))
            ),
            .p(.a(.href(SiteURL.clock(clock.id).path), .text("Back to the clock")))
        )
    }

    static func overview(
        _ page: PageContext, given: [GrantLine], received: [SharedItem], notice: String?
    ) -> HTMLPage {
        Layout.render(
            "Sharing", page,
            Banner.notice(notice),
            .p(.text("Everything about your recovery is private until you share it. Here is everything you share, and with whom.")),
            .section(
                .h2("What you share"),
                .if(given.isEmpty, .p(.text("You are not sharing anything."))),
                .ul(.class("grants"), .forEach(given) { grant in
                    .li(
                        .strong(.text(grant.what)),
                        .text(" with \(grant.grantee) — “\(grant.purpose)”"),
                        .unwrap(grant.expiresAt) { .text(" (until \(LocalDate($0.addingTimeInterval(-1), in: page.member?.timeZone ?? .gmt).longText))") },
                        Forms.postButton(SiteURL.grantRevoke(grant.id).path, label: "Stop sharing", csrf: page.csrfToken,
                                         ariaLabel: "Stop sharing with \(grant.grantee)"))
                })
            ),
            .section(
                .h2("Shared with you"),
                .if(received.isEmpty, .p(.text("Nobody is sharing anything with you right now."))),
                .ul(.forEach(received) { item in
                    switch item {
                    case .clock(let summary, let owner):
                        .li(.a(.href(SiteURL.sharedClock(summary.id).path), .text("\(owner)'s \(summary.label) clock")),
                            .text(": \(summary.days) days"))
                    }
                })
            )
        )
    }
}
