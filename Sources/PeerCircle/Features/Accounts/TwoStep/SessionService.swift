import FluentKit
import Foundation

/// The member's signed-in devices: the list, signing one out, signing out everywhere else.
struct SessionService: Sendable {
    let deps: AppDependencies

    struct Device: Sendable, Equatable {
        let id: UUID
        let client: String
        let current: Bool
        let createdAt: Date
        let lastUsedAt: Date?
        let place: String?
    }

    func devices(of member: Member) async throws -> [Device] {
        try await Session.query(on: deps.db).filter(\.$user.$id == member.id).filter(\.$expiresAt > deps.now()).all()
            .map { session in
                Device(id: try session.requireID(), client: session.client ?? (session.kind == .api ? "App or API" : "A browser"),
                       current: session.id == member.sessionID, createdAt: session.createdAt ?? deps.now(), lastUsedAt: session.lastUsedAt,
                       place: session.address)
            }
            .sorted { ($0.current ? 1 : 0, $0.lastUsedAt ?? $0.createdAt) > ($1.current ? 1 : 0, $1.lastUsedAt ?? $1.createdAt) }
    }

    /// Signs out one of the member's own devices; anyone else's is not found.
    func end(_ id: UUID, for member: Member) async throws {
        try await deps.changing(.accounts) { db in
            guard try await Session.query(on: db).filter(\.$id == id).filter(\.$user.$id == member.id).count() > 0 else { throw AppError.notFound }
            try await Session.query(on: db).filter(\.$id == id).delete()
        }
    }

    func endOthers(for member: Member) async throws {
        try await deps.changing(.accounts) { db in
            try await Session.query(on: db).filter(\.$user.$id == member.id).filter(\.$id != member.sessionID).delete()
        }
    }

    /// "Firefox on Android" from a User-Agent header, or "A browser".
    static func describe(userAgent: String?) -> String {
        guard let agent = userAgent?.prefix(512) else { return "A browser" }
        let browsers: [(String, String)] = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Chromium/", "Chromium"),
                                            ("Safari/", "Safari")]
        let systems: [(String, String)] = [("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
                                           ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux")]
        let browser = browsers.first { agent.contains($0.0) }?.1 ?? "A browser"
        guard let system = systems.first(where: { agent.contains($0.0) })?.1 else { return browser }
        return "\(browser) on \(system)"
    }

    /// An address shortened to its network: "203.0.113.x", "2001:db8:1::/48"; never the whole address.
    static func shorten(_ address: String) -> String {
        if address.contains(":") {
            let groups = address.split(separator: ":", omittingEmptySubsequences: false).prefix(3).map(String.init)
            guard groups.allSatisfy({ $0.count <= 4 && $0.allSatisfy(\.isHexDigit) }) else { return "unknown" }
            return groups.joined(separator: ":") + "::/48"
        }
        let parts = address.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return "unknown" }
        return parts.prefix(3).joined(separator: ".") + ".x"
    }
}
