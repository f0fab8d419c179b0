import Foundation
import Plot
import Synchronization

extension Layout {
    /// The frame around every page — head, header and menus, footer — drawn by Plot once per kind of
    /// viewer (visitor, member, each staff combination) with markers where the title, the content and
    /// the per-person parts go, then filled by joining strings. Drawing the whole frame through Plot
    /// on every request cost more than most pages' own content.
    struct Frame: Sendable {
        /// Marks a slot in the drawn frame: a private-use character Plot passes through unescaped, then
        /// a letter naming the slot. Only the frame is ever split on it, never a filled-in value.
        static let marker: Character = "\u{E000}"

        private enum Slot: Character {
            case title = "T", content = "C", csrf = "S", pseudonym = "P", zone = "Z", urgent = "U", badge = "N"
        }

        private let head: String
        private let pieces: [(slot: Slot, text: String)]

        private struct Kind: Hashable {
            let member: Bool, zone: Bool, staff: Bool, moderator: Bool, admin: Bool, outreach: Bool
        }

        private static let made = Mutex([Kind: Frame]())

        static func of(_ page: PageContext) -> Frame {
            let member = page.member
            let kind = Kind(member: member != nil, zone: member == nil && page.zone != nil, staff: member?.isStaff ?? false,
                            moderator: member?.has(.moderator) ?? false, admin: member?.has(.admin) ?? false,
                            outreach: member.map(OutreachService.mayReachOut) ?? false)
            if let frame = made.withLock({ $0[kind] }) { return frame }
            let frame = Frame(kind)
            made.withLock { $0[kind] = frame }
            return frame
        }

        private init(_ kind: Kind) {
            func slot(_ slot: Slot) -> String { String(Self.marker) + String(slot.rawValue) }
            // A stand-in viewer of this kind whose every personal part is a marker.
            var roles: Set<Role> = []
            if kind.staff && !kind.moderator && !kind.admin { roles.insert(.responder) }
            if kind.moderator { roles.insert(.moderator) }
            if kind.admin { roles.insert(.admin) }
            if kind.outreach { roles.insert(.peerStaff) }
            var page = PageContext(member: kind.member ? Member(id: UUID(), pseudonym: slot(.pseudonym), timeZone: .gmt, country: nil,
                                                                roles: roles, sessionID: UUID()) : nil,
                                   csrfToken: slot(.csrf))
            let standIn = TimeZone(identifier: "Pacific/Chatham")
            if kind.zone { page.zone = standIn }
            var text = Layout.document(slot(.title), page, .raw(slot(.content)), urgent: kind.member ? .raw(slot(.urgent)) : .empty,
                                     badge: kind.member ? .raw(slot(.badge)) : .empty)
            if kind.zone, let standIn {
                text = text.replacingOccurrences(of: "data-zone=\"\(standIn.identifier)\"", with: "data-zone=\"\(slot(.zone))\"")
            }
            let parts = text.split(separator: Self.marker, omittingEmptySubsequences: false)
            head = parts.first.map(String.init) ?? ""
            pieces = parts.dropFirst().compactMap { part in
                guard let letter = part.first, let slot = Slot(rawValue: letter) else { return nil }
                return (slot, String(part.dropFirst()))
            }
        }

        func fill(title: String, page: PageContext, content: Node<HTML.BodyContext>) -> String {
            let body = content.render()
            let escapedTitle = Node<HTML.BodyContext>.text(title).render()
            var html = head
            html.reserveCapacity(head.utf8.count + body.utf8.count + 4_096)
            for (slot, text) in pieces {
                switch slot {
                case .title: html += escapedTitle
                case .content: html += body
                case .csrf: html += AttributeText.escape(page.csrfToken)
                case .pseudonym: html += AttributeText.escape(page.member?.pseudonym ?? "")
                case .zone: html += AttributeText.escape(page.zone?.identifier ?? "")
                case .urgent: if (page.member?.urgentAlerts ?? 0) > 0 || page.member?.staffLocked == true { html += Layout.urgentAlerts(page).render() }
                case .badge: if (page.member?.unreadNotifications ?? 0) > 0 { html += Layout.unreadBadge(page).render() }
                }
                html += text
            }
            return html
        }
    }
}
