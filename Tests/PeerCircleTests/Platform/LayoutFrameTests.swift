import Foundation
import Plot
import Testing

@testable import PeerCircle

/// The frame drawn once with markers and filled per page gives exactly what Plot draws page by page,
/// for every kind of viewer and for hostile titles, pseudonyms, tokens and content — including text
/// that carries the marker character itself.
@Suite struct LayoutFrameTests {
    static let hostile = ["Plain title", "<script>alert(1)</script>", "\" onmouseover=\"x", "a & b &amp; c; <b>", "\u{E000}T\u{E000}C", "Ünïcødé 🌱 ' \""]

    static func pages() -> [PageContext] {
        var pages: [PageContext] = []
        var visitor = PageContext(member: nil, csrfToken: "")
        pages.append(visitor)
        visitor.zone = TimeZone(identifier: "America/Los_Angeles")
        pages.append(visitor)
        let roleSets: [Set<Role>] = [[], [.mentor], [.responder], [.moderator], [.admin], [.moderator, .admin, .responder]]
        for (index, roles) in roleSets.enumerated() {
            for alerts in [0, 1, 3] {
                var member = Member(id: UUID(), pseudonym: hostile[index % hostile.count] + " \u{E000}P", timeZone: .gmt, country: nil,
                                    roles: roles, sessionID: UUID())
                member.urgentAlerts = alerts
                pages.append(PageContext(member: member, csrfToken: "tok\"<\u{E000}S" + String(index)))
            }
        }
        return pages
    }

    @Test func theFilledFrameIsWhatPlotDraws() {
        for page in Self.pages() {
            for title in Self.hostile {
                let content: Node<HTML.BodyContext> = .group(.p(.text(title)), .raw("<p>\u{E000}C raw \u{E000}</p>"))
                let fast = Layout.render(title, page, content).html
                #expect(fast == Layout.document(title, page, content))
                #expect(!fast.contains("<script>alert"))
            }
        }
    }
}
