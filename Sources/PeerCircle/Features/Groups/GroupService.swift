import FluentKit
import Foundation

/// Groups and who belongs: creating, joining, leaving, approving, and who may see the members.
struct GroupService: Sendable {
    let deps: AppDependencies

    /// What a viewer may know about a group.
    /// A group as one viewer sees it, in plain values for pages and the API.
    struct View: Sendable {
        struct Membership: Sendable {
            let status: GroupMember.Status
            let isFacilitator: Bool
            let visibility: GroupMember.Visibility
        }
        struct Person: Sendable {
            let userID: UUID
            let pseudonym: String
            let isFacilitator: Bool
            let note: String?
        }
        struct Event: Sendable {
            let id: UUID
            let title: String
            let startsAt: Date
            let timeZone: String
        }

        let group: GroupSummary
        /// The viewer's own membership, if any (active or pending).
        let mine: Membership?
        /// The members the viewer may see: none unless they belong.
        let members: [Person]
        /// Join requests, for facilitators only.
        let requests: [Person]
        let meetings: [(id: UUID, draft: MeetingDraft)]
        var events: [Event] = []

        var isMember: Bool { mine?.status == .active }
        var isFacilitator: Bool { isMember && mine?.isFacilitator == true }
    }

    func list(pathway: Group.Pathway? = nil, language: String? = nil) async throws -> [GroupSummary] {
        var query = try Group.query(on: deps.db).sort(\.$name)
        if let pathway { query = query.filter(\.$pathway == pathway) }
        return try await query.all().filter { group in language.map { group.languages.contains($0) } ?? true }.map(GroupSummary.init)
    }

    /// Facilitators and administrators start groups, and facilitate the groups they start.
    func create(_ input: GroupInput, by member: Member) async throws -> Group {
        guard member.has(.facilitator) || member.has(.admin) else { throw AppError.notFound }
        let group = Group(try input.validate())
        try await deps.transaction { db in
            try await group.create(on: db)
            try await GroupMember(groupID: group.requireID(), userID: member.id, isFacilitator: true, status: .active).create(on: db)
        }
        return group
    }

    func view(_ id: UUID, viewer: Member?) async throws -> View {
        guard let group = try await Group.find(id, on: deps.db) else { throw AppError.notFound }
        let all = try await GroupMember.query(on: deps.db).filter(\.$group.$id == id).with(\.$user).all()
        let mine = viewer.flatMap { v in all.first { $0.$user.id == v.id } }
        let isMember = mine?.status == .active
        let isFacilitator = isMember && mine?.isFacilitator == true
        let active = all.filter { $0.status == .active }
        // Membership is for the group's eyes only; a member who chose so is seen by facilitators alone.
        let members = isFacilitator ? active
            : isMember ? active.filter { $0.visibility == .members || $0.$user.id == viewer?.id || $0.isFacilitator }
            : []
        let meetings = try await Meeting.query(on: deps.db).filter(\.$group.$id == id).sort(\.$name).all()
        let person = { (m: GroupMember) in View.Person(userID: m.$user.id, pseudonym: m.user.pseudonym, isFacilitator: m.isFacilitator, note: m.requestNote) }
        return View(group: try GroupSummary(group), mine: mine.map { .init(status: $0.status, isFacilitator: $0.isFacilitator, visibility: $0.visibility) },
                    members: members.map(person), requests: isFacilitator ? all.filter { $0.status == .pending }.map(person) : [],
                    meetings: try meetings.map { (try $0.requireID(), $0.draft) },
                    events: try await EventService(deps: deps).upcoming(group: id).map {
                        View.Event(id: try $0.requireID(), title: $0.title, startsAt: $0.startsAt, timeZone: $0.timeZone)
                    })
    }

    /// Joins an open group at once; asks to join a closed one. Joining twice changes nothing.
    func join(_ id: UUID, member: Member, note: String = "") async throws -> GroupMember.Status {
        guard let group = try await Group.find(id, on: deps.db) else { throw AppError.notFound }
        if let existing = try await membership(id, member.id) { return existing.status }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 500 else { throw AppError.invalid([FieldError(field: "note", message: "Use at most 500 characters.")]) }
        let status: GroupMember.Status = group.isClosed ? .pending : .active
        try await GroupMember(groupID: id, userID: member.id, isFacilitator: false, status: status,
                              note: note.isEmpty ? nil : note).create(on: deps.db)
        return status
    }

    /// Leaves (or withdraws a request). The last facilitator cannot leave a group with members.
    func leave(_ id: UUID, member: Member) async throws {
        guard let mine = try await membership(id, member.id) else { throw AppError.notFound }
        if mine.isFacilitator {
            let others = try await GroupMember.query(on: deps.db).filter(\.$group.$id == id).filter(\.$user.$id != member.id).all()
            if !others.isEmpty && !others.contains(where: { $0.isFacilitator && $0.status == .active }) {
                throw AppError.conflict(code: "last_facilitator", field: nil,
                                        message: "You are this group's only facilitator. Ask someone to facilitate before you leave.")
            }
        }
        try await mine.delete(on: deps.db)
    }

    /// A facilitator answers a request to join. Anyone else is told there is nothing here.
    func answer(_ id: UUID, requestFrom userID: UUID, approve: Bool, by member: Member) async throws {
        try await requireFacilitator(id, member)
        guard let request = try await membership(id, userID), request.status == .pending else { throw AppError.notFound }
        if approve {
            request.status = .active
            request.requestNote = nil
            try await request.save(on: deps.db)
        } else {
            try await request.delete(on: deps.db)
        }
        let name = try await Group.find(id, on: deps.db)?.name ?? "the group"
        await NotificationService(deps: deps).tell([userID], .init(
            kind: .groupAnswer, text: approve ? "You're in: \(name) accepted your request to join" : "\(name) did not take new members this time",
            link: .group(id), topic: "group-answer:" + id.uuidString.lowercased()))
    }

    func setVisibility(_ id: UUID, _ visibility: GroupMember.Visibility, member: Member) async throws {
        guard let mine = try await membership(id, member.id), mine.status == .active else { throw AppError.notFound }
        mine.visibility = visibility
        try await mine.save(on: deps.db)
    }

    /// The one facilitator rule: an active member of the group marked as its facilitator.
    func isFacilitator(_ id: UUID, _ member: Member) async throws -> Bool {
        guard let mine = try await membership(id, member.id) else { return false }
        return mine.status == .active && mine.isFacilitator
    }

    func requireFacilitator(_ id: UUID, _ member: Member) async throws {
        guard try await isFacilitator(id, member) else { throw AppError.notFound }
    }

    /// The facilitator role was taken away: they stay a member of their groups but facilitate none.
    func endFacilitation(of user: UUID) async throws {
        try await GroupMember.query(on: deps.db).filter(\.$user.$id == user).filter(\.$isFacilitator == true)
            .set(\.$isFacilitator, to: false).update()
    }

    /// The name a record of attending shows for the group's facilitator (the first, if several).
    func facilitatorName(of id: UUID) async throws -> String? {
        try await GroupMember.query(on: deps.db).filter(\.$group.$id == id)
            .filter(\.$isFacilitator == true).filter(\.$status == .active).with(\.$user).first()?.user.pseudonym
    }

    /// A facilitator adds a weekly meeting to the group.
    func addMeeting(_ id: UUID, _ input: MeetingInput, by member: Member) async throws -> Meeting {
        try await requireFacilitator(id, member)
        var draft = try input.validate()
        draft.slug = "g-\(id.uuidString.prefix(8).lowercased())-\(UUID().uuidString.prefix(8).lowercased())"
        let meeting = Meeting(draft, source: "local")
        meeting.$group.id = id
        try await deps.changing(.meetings) { db in try await meeting.create(on: db) }
        return meeting
    }

    private func membership(_ groupID: UUID, _ userID: UUID) async throws -> GroupMember? {
        try await GroupMember.query(on: deps.db).filter(\.$group.$id == groupID).filter(\.$user.$id == userID).first()
    }
}

/// A group's own values: what lists and pages show.
struct GroupSummary: Sendable {
    let id: UUID
    let name: String
    let description: String
    let pathway: Group.Pathway
    let languages: [String]
    let isClosed: Bool

    init(_ g: Group) throws {
        (id, name, description, pathway, languages, isClosed) = (try g.requireID(), g.name, g.groupDescription, g.pathway, g.languages, g.isClosed)
    }
}
