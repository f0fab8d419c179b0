import FluentKit
import Foundation

/// A member of the instance. Only a pseudonym and a password are required (product rule 2).
// Fluent models are reference types with property wrappers that Swift cannot prove Sendable;
// each instance is used by one task at a time, hence @unchecked.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "pseudonym") var pseudonym: String
    /// Lower-cased pseudonym; unique, so "Sam" and "sam" cannot both exist.
    @Field(key: "pseudonym_key") var pseudonymKey: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "password_hash") var passwordHash: String

    // preferences
    @Field(key: "time_zone") var timeZone: String
    @OptionalField(key: "country") var country: String?
    /// First-day steps done that leave no other trace (see `FirstSteps`), comma-separated.
    @Field(key: "first_steps") var firstSteps: String

    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(pseudonym: String, email: String?, passwordHash: String, timeZone: String, country: String?) {
        self.pseudonym = pseudonym
        self.pseudonymKey = Self.key(for: pseudonym)
        self.email = email
        self.passwordHash = passwordHash
        self.timeZone = timeZone
        self.country = country
        self.firstSteps = ""
    }

    static func key(for pseudonym: String) -> String {
        // Compatibility forms fold together (full-width letters, ligatures), so look-alikes share one key.
        pseudonym.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("pseudonym", .string, .required)
            .field("pseudonym_key", .string, .required)
            .field("email", .string)
            .field("password_hash", .string, .required)
            .field("time_zone", .string, .required)
            .field("country", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "pseudonym_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).delete()
    }
}
