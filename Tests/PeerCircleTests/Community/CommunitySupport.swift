import Foundation
import Testing
@testable import PeerCircle

extension Client {
    /// The id of a default category by slug.
    func category(_ slug: String = "daily-wins") async throws -> String {
        try await api(.get, "/api/v1/forum/categories").jsonList().first { $0["slug"] as? String == slug }?["id"] as? String ?? ""
    }

    /// Starts a thread through the API; returns (thread id, opening post id).
    func startThread(_ title: String, body: String = "Some words", kind: String = "discussion", warnings: [String] = [],
                     anonymous: Bool = false, category: String = "daily-wins") async throws -> (thread: String, post: String) {
        let reply = try await api(.post, "/api/v1/forum/threads", json: [
            "category_id": try await self.category(category), "title": title, "body": body, "kind": kind, "warnings": warnings, "anonymous": anonymous])
        #expect(reply.status == .created, "thread: \(reply.text)")
        let json = try reply.json()
        let posts = json["posts"] as? [[String: Any]] ?? []
        return (json["id"] as? String ?? "", posts.first?["id"] as? String ?? "")
    }

    /// Replies through the API; returns the new post's id.
    func replyTo(_ thread: String, _ body: String, anonymous: Bool = false, warnings: [String] = []) async throws -> String {
        let reply = try await api(.post, "/api/v1/forum/threads/\(thread)/replies", json: ["body": body, "anonymous": anonymous, "warnings": warnings])
        #expect(reply.status == .created, "reply: \(reply.text)")
        let posts = try reply.json()["posts"] as? [[String: Any]] ?? []
        return posts.first { $0["body"] as? String == body }?["id"] as? String ?? ""
    }

    func thread(_ id: String) async throws -> [[String: Any]] {
        try await api(.get, "/api/v1/forum/threads/\(id)").json()["posts"] as? [[String: Any]] ?? []
    }

    func search(_ q: String) async throws -> [String] {
        try await api(.get, "/api/v1/search?q=\(q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q)").jsonList().compactMap { $0["title"] as? String }
    }
}
