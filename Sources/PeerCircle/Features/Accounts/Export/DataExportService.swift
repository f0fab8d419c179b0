import FluentKit
import Foundation
import Logging

/// "Download my data": asked for with the password (three times a day at most), built in the
/// background one at a time, told by a notification when ready, and deleted from the server ten
/// minutes after the first download or after a day.
struct DataExportService: Sendable {
    let deps: AppDependencies
    static let keptFor: TimeInterval = 24 * 3600
    static let keptAfterDownload: TimeInterval = 600
    /// One copy built at a time in this process: each holds a whole account in memory.
    private static let building = SerialGate()

    struct Status: Sendable, Equatable {
        let id: UUID
        let state: DataExport.Status
        let size: Int
        let readyAt: Date?
        let expiresAt: Date
    }

    /// Starts a copy; the one already being prepared, if there is one.
    func request(for member: Member, password: String) async throws -> Status {
        // Asked again: a copy holds everything, and a borrowed phone or an open laptop should not hand it over.
        let user = try await AccountService(deps: deps).settings(of: member.id)
        guard try await AccountService(deps: deps).verifyCurrentPassword(password, of: user) else {
            throw AppError.invalid([FieldError(field: "password", message: "That is not your password.")])
        }
        if let pending = try await summaries().filter(\.$user.$id == member.id).filter(\.$status == .pending).first() {
            return try status(pending)
        }
        try await RateLimit.dataExportsPerMember.take(member.id.uuidString, now: deps.now(), on: deps.db)
        let export = DataExport()
        export.$user.id = member.id
        export.status = .pending
        export.createdAt = deps.now()
        export.size = 0
        try await export.create(on: deps.db)
        let id = try export.requireID(), service = self
        // Built off the request (a large account takes a while); the rounds pick up any left behind.
        Task.detached(priority: .utility) {
            do { try await Self.building.run { try await service.build(id) } } catch {
                Logger(label: "peercircle.export").warning("could not build a data export: \(DatabaseErrorText.describe(error))")
            }
        }
        return try status(export)
    }

    /// Builds one waiting copy (claimed first, so two servers never both build it) and tells the member.
    func build(_ id: UUID) async throws {
        let claimed = try await (try deps.db.sql).update(DataExport.schema).set("size", to: -1)
            .where("id", .equal, id).where("status", .equal, DataExport.Status.pending.rawValue).where("size", .equal, 0)
            .returning("id").all()
        guard !claimed.isEmpty, let export = try await DataExport.find(id, on: deps.db) else { return }
        do {
            let zip = try await DataExportBuilder(sql: try deps.db.sql, member: export.$user.id, now: deps.now()).zip()
            export.zip = zip
            export.size = zip.count
            export.status = .ready
            export.readyAt = deps.now()
            try await export.save(on: deps.db)
        } catch {
            export.status = .failed
            export.size = 0
            try await export.save(on: deps.db)
            throw error
        }
        await NotificationService(deps: deps).tell([export.$user.id], .init(
            kind: .exportReady, text: "Your copy of your data is ready to download", link: .myData, topic: "export:" + id.uuidString.lowercased()))
    }

    /// Copies nobody built (a server stopped mid-way) and copies past their day.
    func rounds() async throws {
        let stale = deps.now().addingTimeInterval(-120)
        for waiting in try await DataExport.query(on: deps.db).filter(\.$status == .pending).filter(\.$createdAt < stale).all() {
            // A claim that outlived its server: free it for another try.
            if waiting.size == -1 { try await DataExport.query(on: deps.db).filter(\.$id == waiting.requireID()).set(\.$size, to: 0).update() }
            do { try await Self.building.run { try await build(try waiting.requireID()) } } catch {
                Logger(label: "peercircle.export").warning("could not build a data export: \(DatabaseErrorText.describe(error))")
            }
        }
        try await DataExport.query(on: deps.db).filter(\.$createdAt < deps.now().addingTimeInterval(-Self.keptFor)).delete()
        try await DataExport.query(on: deps.db).filter(\.$downloadedAt < deps.now().addingTimeInterval(-Self.keptAfterDownload)).delete()
    }

    /// Copies without their ZIP: pages and statuses never read the whole file.
    private func summaries() throws -> QueryBuilder<DataExport> {
        DataExport.query(on: try deps.db).field(\.$id).field(\.$user.$id).field(\.$status).field(\.$createdAt).field(\.$readyAt)
            .field(\.$size).field(\.$downloadedAt)
    }

    /// The member's latest copy, if any is still kept.
    func latest(for member: Member) async throws -> Status? {
        try await summaries().filter(\.$user.$id == member.id).sort(\.$createdAt, .descending).first().map(status)
    }

    func status(_ id: UUID, for member: Member) async throws -> Status {
        guard let export = try await summaries().filter(\.$id == id).filter(\.$user.$id == member.id).first() else { throw AppError.notFound }
        return try status(export)
    }

    /// The ZIP; after the first download it stays ten minutes (a dropped connection can try again), then
    /// it is deleted. Anyone else's: not found.
    func download(_ id: UUID, for member: Member) async throws -> Data {
        let now = deps.now()
        guard let export = try await DataExport.query(on: deps.db).filter(\.$id == id).filter(\.$user.$id == member.id).first(),
              export.status == .ready, let zip = export.zip, export.createdAt > now.addingTimeInterval(-Self.keptFor),
              (export.downloadedAt ?? now) > now.addingTimeInterval(-Self.keptAfterDownload) else { throw AppError.notFound }
        if export.downloadedAt == nil {
            export.downloadedAt = now
            try await export.save(on: deps.db)
        }
        return zip
    }

    private func status(_ export: DataExport) throws -> Status {
        Status(id: try export.requireID(), state: export.status, size: max(0, export.size), readyAt: export.readyAt,
               expiresAt: export.downloadedAt.map { $0.addingTimeInterval(Self.keptAfterDownload) } ?? export.createdAt.addingTimeInterval(Self.keptFor))
    }
}
