import FluentKit
import Foundation
import SQLKit

/// One browser or phone that agreed to receive pushes for a member. It belongs to the device's
/// sign-in: signing that device out (or everywhere) deletes it, so a shared phone stops getting them.
// See User for why @unchecked.
final class PushSubscription: Model, @unchecked Sendable {
    static let schema = "push_subscriptions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "session_id") var session: Session
    /// The push service's address for this browser (a capability: whoever has it can push to it).
    @Field(key: "endpoint") var endpoint: String
    /// The browser's public key (`p256dh`) and auth secret, base64url, for encrypting to it.
    @Field(key: "p256dh") var p256dh: String
    @Field(key: "auth") var auth: String
    /// "Chrome on Android": what the settings page calls it.
    @Field(key: "device") var device: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_pushed_at") var lastPushedAt: Date?

    init() {}
}

/// A push waiting to go to one subscription: what the notification says (encrypted only when sent),
/// how urgent it is, and how long the push service may keep it. Deleted once the service took it.
// See User for why @unchecked.
final class PushOutbox: Model, @unchecked Sendable {
    static let schema = "push_outbox"

    @ID(key: .id) var id: UUID?
    @Parent(key: "subscription_id") var subscription: PushSubscription
    /// The JSON the service worker shows (see `PushMessage`).
    @Field(key: "payload") var payload: String
    @Field(key: "urgency") var urgency: String
    @Field(key: "ttl") var ttl: Int
    /// RFC 8030 Topic: a newer push on the same thing replaces one the phone has not fetched yet.
    @Field(key: "topic") var topic: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "attempts") var attempts: Int
    /// While an instance is sending it, and after a failure until the next try.
    @OptionalField(key: "claimed_until") var claimedUntil: Date?

    init() {}
}

/// Keys the instance makes for itself once and keeps: the VAPID key pair push services know it by.
// See User for why @unchecked.
final class InstanceKey: Model, @unchecked Sendable {
    static let schema = "instance_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    /// Base64url of the key's raw bytes.
    @Field(key: "value") var value: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

struct CreatePush: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PushSubscription.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("session_id", .uuid, .required, .references(Session.schema, .id, onDelete: .cascade))
            .field("endpoint", .string, .required)
            .field("p256dh", .string, .required)
            .field("auth", .string, .required)
            .field("device", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_pushed_at", .datetime)
            // One browser, one member: a second account signing in on it takes the subscription over.
            .unique(on: "endpoint")
            .create()
        let sql = try database.sql
        try await sql.create(index: "push_subscriptions_by_user").on(PushSubscription.schema).column("user_id").run()
        try await database.schema(PushOutbox.schema)
            .id()
            .field("subscription_id", .uuid, .required, .references(PushSubscription.schema, .id, onDelete: .cascade))
            .field("payload", .string, .required)
            .field("urgency", .string, .required)
            .field("ttl", .int, .required)
            .field("topic", .string, .required)
            .field("created_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("claimed_until", .datetime)
            .create()
        try await sql.create(index: "push_outbox_by_time").on(PushOutbox.schema).column("created_at").run()
        try await database.schema(InstanceKey.schema)
            .id()
            .field("name", .string, .required)
            .field("value", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "name")
            .create()
        try await database.schema(NotificationSettings.schema).field("push_previews", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NotificationSettings.schema).deleteField("push_previews").update()
        for schema in [InstanceKey.schema, PushOutbox.schema, PushSubscription.schema] {
            try await database.schema(schema).delete()
        }
    }
}
