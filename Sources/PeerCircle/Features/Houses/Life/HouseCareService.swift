import FluentKit
import Foundation

/// Support, not punishment: a resident asks the house for support privately (only the lead and the
/// president see it), and residents share milestones with the house.
struct HouseCareService: Sendable {
    let deps: AppDependencies

    struct Request: Sendable {
        let id: UUID
        let pseudonym: String
        let note: String
        let askedAt: Date
        let answered: Bool
    }

    struct Milestone: Sendable {
        let pseudonym: String
        let text: String
        let sharedAt: Date
    }

    func askForSupport(_ houseID: UUID, note: String, member: Member) async throws {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        guard standing.isResident else { throw AppError.notFound }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 1000, !note.contains("\u{0}") else {
            throw AppError.invalid([FieldError(field: "support_note", message: "Use at most 1 000 characters.")])
        }
        let request = HouseSupportRequest()
        (request.$house.id, request.$user.id, request.note) = (houseID, member.id, note)
        try await request.create(on: deps.db)
    }

    /// Requests waiting and answered, for the lead and the president only.
    func requests(_ standing: HouseStanding) async throws -> [Request] {
        guard standing.hearsSupport else { return [] }
        return try await HouseSupportRequest.query(on: deps.db).filter(\.$house.$id == standing.houseID).with(\.$user)
            .sort(\.$createdAt, .descending).range(..<50).all()
            .map { Request(id: try $0.requireID(), pseudonym: $0.user.pseudonym, note: $0.note, askedAt: $0.createdAt ?? deps.now(), answered: $0.answeredAt != nil) }
    }

    func markAnswered(_ requestID: UUID, member: Member) async throws -> UUID {
        guard let request = try await HouseSupportRequest.find(requestID, on: deps.db) else { throw AppError.notFound }
        let standing = try await HouseStanding.of(request.$house.id, member, deps: deps)
        guard standing.hearsSupport else { throw AppError.notFound }
        request.answeredAt = request.answeredAt ?? deps.now()
        try await request.save(on: deps.db)
        return standing.houseID
    }

    func shareMilestone(_ houseID: UUID, text: String, member: Member) async throws {
        let standing = try await HouseStanding.of(houseID, member, deps: deps)
        guard standing.isResident else { throw AppError.notFound }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...200).contains(text.count), !text.contains(where: \.isNewline), !text.contains("\u{0}") else {
            throw AppError.invalid([FieldError(field: "milestone", message: "Say it in 3–200 characters, on one line.")])
        }
        let milestone = HouseMilestone()
        (milestone.$house.id, milestone.$user.id, milestone.text) = (houseID, member.id, text)
        try await milestone.create(on: deps.db)
    }

    func milestones(_ standing: HouseStanding) async throws -> [Milestone] {
        guard standing.isInside else { return [] }
        return try await HouseMilestone.query(on: deps.db).filter(\.$house.$id == standing.houseID).with(\.$user)
            .sort(\.$createdAt, .descending).range(..<20).all()
            .map { Milestone(pseudonym: $0.user.pseudonym, text: $0.text, sharedAt: $0.createdAt ?? deps.now()) }
    }
}
