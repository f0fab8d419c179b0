import FluentKit
import Foundation

/// "My meetings" and its private calendar subscription.
struct MyMeetingsService: Sendable {
    let deps: AppDependencies

    func list(for member: Member) async throws -> [Meeting] {
        try await SavedMeeting.query(on: deps.db)
            .filter(\.$user.$id == member.id)
            .with(\.$meeting)
            .all()
            .map(\.meeting)
            .sorted { ($0.days, $0.startTime ?? "", $0.name) < ($1.days, $1.startTime ?? "", $1.name) }
    }

    func isSaved(_ meetingID: UUID, by member: Member) async throws -> Bool {
        try await SavedMeeting.query(on: deps.db)
            .filter(\.$user.$id == member.id).filter(\.$meeting.$id == meetingID).first() != nil
    }

    /// Saving twice is the same as saving once.
    func save(_ meetingID: UUID, for member: Member) async throws {
        guard try await Meeting.find(meetingID, on: deps.db) != nil else { throw AppError.notFound }
        guard try await !isSaved(meetingID, by: member) else { return }
        do {
            try await SavedMeeting(userID: member.id, meetingID: meetingID).create(on: deps.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return // saved by a concurrent request
        }
    }

    func remove(_ meetingID: UUID, for member: Member) async throws {
        try await SavedMeeting.query(on: deps.db)
            .filter(\.$user.$id == member.id).filter(\.$meeting.$id == meetingID).delete()
    }

    /// Makes a new subscription secret, replacing any earlier one. Returns the secret once.
    func resetCalendarToken(for member: Member) async throws -> String {
        let token = Token.generate()
        try await deps.transaction { db in
            try await CalendarToken.query(on: db).filter(\.$user.$id == member.id).delete()
            try await CalendarToken(userID: member.id, tokenHash: Token.hash(token)).create(on: db)
        }
        return token
    }

    func hasCalendarToken(_ member: Member) async throws -> Bool {
        try await CalendarToken.query(on: deps.db).filter(\.$user.$id == member.id).first() != nil
    }

    /// The saved meetings behind a subscription secret; unknown secrets are simply not found.
    func meetings(forCalendarToken token: String) async throws -> [Meeting] {
        let owner = try await calendarOwner(token)
        return try await SavedMeeting.query(on: deps.db)
            .filter(\.$user.$id == owner).with(\.$meeting).all().map(\.meeting)
    }

    /// A group's meetings and upcoming events, for anyone holding a valid subscription secret.
    func groupMeetings(forCalendarToken token: String, group: UUID) async throws -> (Group, [Meeting], [GroupEvent]) {
        _ = try await calendarOwner(token)
        guard let found = try await Group.find(group, on: deps.db) else { throw AppError.notFound }
        return (found, try await Meeting.query(on: deps.db).filter(\.$group.$id == group).all(),
                try await EventService(deps: deps).upcoming(group: group, days: 366))
    }

    /// Upcoming events the subscriber has a place at.
    func events(forCalendarToken token: String) async throws -> [GroupEvent] {
        let owner = try await calendarOwner(token)
        let going = try await EventRSVP.query(on: deps.db).filter(\.$user.$id == owner).filter(\.$status == .going).all()
        let ids = Set(going.map(\.$event.id))
        return try await EventService(deps: deps).upcoming(days: 366).filter { ids.contains($0.id!) }
    }

    private func calendarOwner(_ token: String) async throws -> UUID {
        guard let found = try await CalendarToken.query(on: deps.db).filter(\.$tokenHash == Token.hash(token)).first()
        else { throw AppError.notFound }
        return found.$user.id
    }
}
