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

/// Markup drawn once with stand-ins and filled per request gives what drawing it with the request's
/// own values gives, whatever the values and whatever the stored text around the stand-ins says.
@Suite struct SlottedTextTests {
    static func draw(csrf: String, id: UUID, body: String) -> String {
        "<p>" + HTMLEscape.text(body) + "</p>" + Forms.postButtonHTML(SiteURL.thread(id).path, label: body, csrf: csrf)
            + "<a href=\"" + SiteURL.threadReply(id).path + "\">" + HTMLEscape.text(body) + "</a>" + AttributeText.escape(csrf) + AttributeText.escape(csrf)
    }

    @Test func fillingGivesWhatDrawingWithTheValuesGives() {
        let bodies = LayoutFrameTests.hostile + ["csrf-", "csrf-" + UUID().uuidString.lowercased(), UUID().uuidString.lowercased(), ""]
        for body in bodies {
            let slotted = SlottedText(Self.draw(csrf: SlottedText.csrf, id: SlottedText.id, body: body))
            for csrf in ["plain-token_1", "tok\"<&>'", "", "\u{E000}S"] {
                let id = UUID()
                #expect(slotted.fill(csrf: csrf, id: id) == Self.draw(csrf: csrf, id: id, body: body), "body \(body), token \(csrf)")
            }
        }
        #expect(SlottedText("no slots at all").fill(csrf: "x") == "no slots at all")
        #expect(SlottedText("").fill(csrf: "x").isEmpty)
    }
}
