import FluentKit
import Foundation

/// One "Download my data" request: built in the background, kept until downloaded or for a day.
// See User for why @unchecked.
final class DataExport: Model, @unchecked Sendable {
    static let schema = "data_exports"

    enum Status: String, Codable { case pending, ready, failed }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "status") var status: Status
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "ready_at") var readyAt: Date?
    @OptionalField(key: "zip") var zip: Data?
    @Field(key: "size") var size: Int
    /// The first download: the copy stays ten minutes more (a dropped connection can try again), then goes.
    @OptionalField(key: "downloaded_at") var downloadedAt: Date?

    init() {}
}

struct CreateDataExports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DataExport.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("status", .string, .required)
            .field("created_at", .datetime, .required)
            .field("ready_at", .datetime)
            .field("zip", .data)
            .field("size", .int, .required)
            .field("downloaded_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DataExport.schema).delete()
    }
}
