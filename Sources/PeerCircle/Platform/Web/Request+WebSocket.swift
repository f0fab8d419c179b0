import Foundation
import Hummingbird

extension Request {
    /// Whether a WebSocket upgrade may go ahead: someone signed in (cookie or token), and — when a
    /// browser says which page asked — a page of this site, so another site's page cannot open a
    /// member's room or live channel with their cookie. Both sockets ask this one rule.
    func mayUpgrade(for member: Member?) -> Bool {
        guard member != nil else { return false }
        guard let origin = headers[.origin] else { return true }
        guard let host = head.authority, let originHost = URL(string: origin)?.host else { return false }
        return host == originHost || host.hasPrefix(originHost + ":")
    }
}
