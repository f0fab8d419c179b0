import FluentKit
import SQLKit
import Foundation

/// The rules of a live room, enforced on the server: who may enter, who may speak, and what a
/// facilitator may do. Every change is stored with the next sequence number, then broadcast.
struct RoomService: Sendable {
    let deps: AppDependencies
    let broadcaster: any Broadcaster

    static let defaultRules = [
        "What is said here stays here. Nothing is recorded.",
        "Raise your hand to share; the facilitator gives the floor.",
        "Share your own experience. No cross-talk, advice or judgement of anyone's path, including medication.",
        "If you are in crisis, use the help link at the top of the page — this room is peer support, not a crisis service.",
    ]

    enum Refusal: String, Error, Sendable {
        case closed, locked, membersOnly = "members_only", removed, muted, notFacilitator = "not_facilitator", invalid
        /// Suspended or silenced by a moderator: no room chat either.
        case silenced
        /// More chat than a person types (`RoomChatPace`).
        case tooFast = "too_fast"
        /// Not sent yet: the screen worries about the words, and the member is asked gently first.
        case care
        /// The same, for an overdose happening now: the emergency call and naloxone steps come first.
        case careOverdose = "care_overdose"

        var message: String {
            switch self {
            case .closed: "This room is not open right now."
            case .locked: "The facilitator has locked this room; no one new can come in."
            case .membersOnly: "This room is for the group's members."
            case .removed: "The facilitator has asked you to leave this meeting."
            case .muted: "The facilitator has muted you for now."
            case .notFacilitator: "Only the facilitator can do that."
            case .invalid: "That message could not be read."
            case .silenced: "A moderator has paused your posting for now, so you can't chat in rooms either. See your notices."
            case .tooFast: "You are sending messages very fast. Please slow down a little."
            case .care: SafetyPrompt.heading
            case .careOverdose: SafetyPrompt.overdoseHeading
            }
        }
    }

    // MARK: opening and closing

    /// Whether `member` runs this meeting's room: a facilitator of its group, or an administrator.
    func isFacilitator(_ member: Member, of meeting: Meeting) async throws -> Bool {
        if member.has(.admin) { return true }
        guard let groupID = meeting.$group.id else { return false }
        return try await GroupService(deps: deps).isFacilitator(groupID, member)
    }

    func room(for meetingID: UUID) async throws -> Room? {
        try await Room.query(on: deps.db).filter(\.$meeting.$id == meetingID).first()
    }

    func open(_ meetingID: UUID, by member: Member, membersOnly: Bool) async throws -> Room {
        guard let meeting = try await Meeting.find(meetingID, on: deps.db),
              try await isFacilitator(member, of: meeting) else { throw AppError.notFound }
        try await purgeExpired()
        let room = try await room(for: meetingID) ?? Room(meetingID: meetingID)
        room.isOpen = true
        room.isLocked = false
        room.membersOnly = membersOnly && meeting.$group.id != nil
        room.openedAt = deps.now()
        room.closedAt = nil
        try await room.save(on: deps.db)
        // A new session starts clean: nothing said last time carries over, and blocks and mutes
        // last for one meeting only. Numbering carries on, so no old client mistakes new for seen.
        let roomID = try room.requireID()
        try await RoomEvent.query(on: deps.db).filter(\.$room.$id == roomID).delete()
        try await RoomParticipant.query(on: deps.db).filter(\.$room.$id == roomID).delete()
        _ = try await record(room, kind: .opened, actor: nil)
        return room
    }

    /// Ends the session: everyone's connection closes when they receive the "closed" event.
    /// The group's facilitator closes the meeting's open room (not found for anyone else, or when it is not open).
    func close(meeting meetingID: UUID, by member: Member) async throws -> Room {
        guard let meeting = try await Meeting.find(meetingID, on: deps.db), try await isFacilitator(member, of: meeting),
              let room = try await room(for: meetingID), room.isOpen else { throw AppError.notFound }
        try await close(room, by: nil)
        return room
    }

    /// A meeting's room as anyone may know it: whether it is open (not found for a meeting that does not exist).
    func status(of meetingID: UUID) async throws -> (meeting: Meeting, room: Room?) {
        guard let meeting = try await Meeting.find(meetingID, on: deps.db) else { throw AppError.notFound }
        return (meeting, try await room(for: meetingID))
    }

    func close(_ room: Room, by facilitator: RoomParticipant?) async throws {
        room.isOpen = false
        room.closedAt = deps.now()
        try await room.save(on: deps.db)
        _ = try await record(room, kind: .closed, actor: facilitator)
    }

    // MARK: entering

    struct Entry: Sendable {
        let room: Room
        let participant: RoomParticipant
    }

    func enter(_ meetingID: UUID, member: Member, displayName: String) async throws(Refusal) -> Entry {
        do {
            guard let meeting = try await Meeting.find(meetingID, on: deps.db),
                  let room = try await room(for: meetingID), room.isOpen else { throw Refusal.closed }
            let roomID = try room.requireID()
            let existing = try await RoomParticipant.query(on: deps.db)
                .filter(\.$room.$id == roomID).filter(\.$user.$id == member.id).first()
            let facilitator = try await isFacilitator(member, of: meeting)
            if existing?.isBlocked == true { throw Refusal.removed }
            // A locked room lets back only those still part of it: not newcomers, not the removed.
            if room.isLocked && (existing?.isRemoved ?? true) && !facilitator { throw Refusal.locked }
            if room.membersOnly && !facilitator {
                guard let groupID = meeting.$group.id, try await GroupMember.query(on: deps.db)
                    .filter(\.$group.$id == groupID).filter(\.$user.$id == member.id).filter(\.$status == .active)
                    .first() != nil
                else { throw Refusal.membersOnly }
            }
            let name = Self.cleanName(displayName) ?? member.pseudonym
            let participant = existing ?? RoomParticipant(roomID: roomID, userID: member.id, displayName: name, isFacilitator: facilitator)
            participant.displayName = name
            participant.isRemoved = false
            try await participant.save(on: deps.db)
            _ = try await record(room, kind: .joined, actor: participant)
            return Entry(room: room, participant: participant)
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal.invalid
        }
    }

    static func cleanName(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines).filter { !$0.isNewline }
        return trimmed.isEmpty ? nil : String(trimmed.prefix(40))
    }

    // MARK: acting

    /// Applies one command from `participant`; refused commands change nothing.
    func act(_ command: RoomProtocol.Command, by participantID: UUID, in roomID: UUID) async throws -> Refusal? {
        guard let room = try await Room.find(roomID, on: deps.db), room.isOpen else { return .closed }
        guard let me = try await RoomParticipant.find(participantID, on: deps.db), !me.isRemoved else { return .removed }
        switch command.type {
        case .chat:
            guard !me.isMuted else { return .muted }
            guard try await !StandingService(deps: deps).isPaused(me.$user.id) else { return .silenced }
            guard let text = command.text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty, text.count <= 2000,
                  !TextRules.hasNUL(text) else {
                return .invalid
            }
            // One screening per message: it decides the prompt and, once sent, the review.
            let finding = CrisisScreen().evaluate(text)
            if let finding, command.ack != true { return finding.category == .overdose ? .careOverdose : .care }
            _ = try await record(room, kind: .chat, actor: me, text: text)
            if let finding {
                try await CrisisReviewService(deps: deps).add(user: me.$user.id, source: .room, link: SiteURL.room(room.$meeting.id).path,
                                                              excerpt: text, finding: finding)
            }
        case .raise:
            guard !me.isMuted else { return .muted }
            _ = try await record(room, kind: .handRaised, actor: me)
        case .lower:
            _ = try await record(room, kind: .handLowered, actor: me)
        case .react:
            guard let to = command.to, to > 0 else { return .invalid }
            _ = try await record(room, kind: .reaction, actor: me, text: "thank you for sharing", number: to)
        case .floor, .mute, .unmute, .remove, .lock, .unlock, .close:
            guard me.isFacilitator else { return .notFacilitator }
            return try await facilitate(command, by: me, in: room)
        }
        return nil
    }

    private func facilitate(_ command: RoomProtocol.Command, by me: RoomParticipant, in room: Room) async throws -> Refusal? {
        switch command.type {
        case .lock, .unlock:
            room.isLocked = command.type == .lock
            try await room.save(on: deps.db)
            _ = try await record(room, kind: command.type == .lock ? .locked : .unlocked, actor: me)
        case .close:
            try await close(room, by: me)
        case .chat, .raise, .lower, .react:
            return .invalid
        case .floor, .mute, .unmute, .remove:
            guard let targetID = command.participant,
                  let target = try await RoomParticipant.query(on: deps.db)
                    .filter(\.$id == targetID).filter(\.$room.$id == room.requireID()).first()
            else { return .invalid }
            switch command.type {
            case .floor:
                let seconds = command.seconds.map { min(max($0, 30), 1800) }
                _ = try await record(room, kind: .floor, actor: me, target: target, number: seconds)
            case .mute, .unmute:
                target.isMuted = command.type == .mute
                try await target.save(on: deps.db)
                _ = try await record(room, kind: command.type == .mute ? .muted : .unmuted, actor: me, target: target)
            default: // remove
                target.isRemoved = true
                target.isBlocked = command.block ?? false
                try await target.save(on: deps.db)
                _ = try await record(room, kind: .removed, actor: me, target: target, number: target.isBlocked ? 1 : 0)
            }
        }
        return nil
    }

    /// A connection ended. Recorded unless the room has closed or they were removed (already said).
    func left(_ participantID: UUID, in roomID: UUID) async throws {
        guard let room = try await Room.find(roomID, on: deps.db), room.isOpen,
              let me = try await RoomParticipant.find(participantID, on: deps.db), !me.isRemoved else { return }
        _ = try await record(room, kind: .left, actor: me)
    }

    // MARK: the record

    /// Stores an event with the room's next number, then broadcasts it.
    func record(
        _ room: Room, kind: RoomProtocol.EventKind, actor: RoomParticipant?, target: RoomParticipant? = nil, text: String? = nil,
        number: Int? = nil
    ) async throws -> LiveMessage {
        let roomID = try room.requireID()
        // One writer per room in this process, and number + row + announcement in one transaction:
        // the number is never skipped (a failed insert gives it back), and events are announced and
        // published in the order of their numbers. Across instances the room row's lock (taken by the
        // UPDATE until commit) orders the commits, and PostgreSQL delivers NOTIFYs in commit order.
        return try await deps.roomWriters.run(roomID) {
            let message = try await deps.transaction { db -> LiveMessage in
                let seq = try await nextSequence(roomID, on: db)
                let event = RoomEvent(roomID: roomID, seq: seq, kind: kind, actor: actor, targetID: target?.id,
                                      text: text, number: number, at: deps.now())
                try await event.create(on: db)
                let message = LiveMessage(room: roomID, seq: seq, payload: RoomPayload.event(event, targetName: target?.displayName))
                try await broadcaster.stored(message, on: db)
                return message
            }
            await broadcaster.publish(message)
            return message
        }
    }

    /// The room's next sequence number, taken in one atomic statement so that fifty people joining
    /// at once — on one instance or several — each get their own. The query builder cannot say
    /// "increment and return", hence SQL (RETURNING works on SQLite 3.35+ and PostgreSQL).
    func nextSequence(_ roomID: UUID, on db: any Database) async throws -> Int {
        let sql = try db.sql
        guard let row = try await sql.raw("""
            UPDATE \(ident: Room.schema) SET \(ident: "last_seq") = \(ident: "last_seq") + 1
            WHERE \(ident: "id") = \(bind: roomID) RETURNING \(ident: "last_seq")
            """).first()
        else { throw AppError.notFound }
        return try row.decode(column: "last_seq", as: Int.self)
    }

    /// Everything after `seq`, for a client that reconnects.
    /// Where a participant's backlog starts. The server decides: a `since` from the client is
    /// honoured only back to this participant's own first arrival in this session, so someone new
    /// (or someone removed and let back) cannot ask for what was shared before they came.
    func resumePoint(in roomID: UUID, participant: UUID, since: Int?, current: Int) async throws -> Int {
        guard let since, since > 0, since < current else { return current }
        let firstJoin = try await RoomEvent.query(on: deps.db)
            .filter(\.$room.$id == roomID).filter(\.$actorID == participant).filter(\.$kind == .joined)
            .sort(\.$seq).first()
        let lastRemoval = try await RoomEvent.query(on: deps.db)
            .filter(\.$room.$id == roomID).filter(\.$targetID == participant).filter(\.$kind == .removed)
            .sort(\.$seq, .descending).first()
        // The joined event just recorded for this entry is the floor when there is nothing earlier.
        let floor = max(firstJoin?.seq ?? current, lastRemoval?.seq ?? 0)
        return max(since, floor)
    }

    func events(in roomID: UUID, after seq: Int, through last: Int? = nil) async throws -> [LiveMessage] {
        try await Self.events(in: roomID, after: seq, through: last, on: deps.db)
    }

    /// Stored events after `seq` (and up to `last`), as the clients receive them.
    static func events(in roomID: UUID, after seq: Int, through last: Int? = nil, on db: any Database) async throws -> [LiveMessage] {
        var query = RoomEvent.query(on: db).filter(\.$room.$id == roomID).filter(\.$seq > seq)
        if let last { query = query.filter(\.$seq <= last) }
        let events = try await query.sort(\.$seq).all()
        let targets = Set(events.compactMap(\.targetID))
        let names = targets.isEmpty ? [:] : Dictionary(
            try await RoomParticipant.query(on: db).filter(\.$id ~~ targets).all().compactMap { p in p.id.map { ($0, p.displayName) } },
            uniquingKeysWith: { a, _ in a })
        return events.map { LiveMessage(room: roomID, seq: $0.seq, payload: RoomPayload.event($0, targetName: $0.targetID.flatMap { names[$0] })) }
    }

    /// Who is here, who waits to share and who has the floor, for someone just coming in.
    struct State: Sendable {
        var present: [(id: UUID, name: String)] = []
        var queue: [UUID] = []
        var floor: UUID?
        var lastSeq = 0
    }

    func state(of roomID: UUID) async throws -> State {
        var state = State()
        guard let room = try await Room.find(roomID, on: deps.db) else { return state }
        state.lastSeq = room.lastSeq
        for event in try await RoomEvent.query(on: deps.db).filter(\.$room.$id == roomID).sort(\.$seq).all() {
            state.lastSeq = event.seq
            let actor = event.actorID
            switch event.kind {
            case .joined:
                if let actor, !state.present.contains(where: { $0.id == actor }) { state.present.append((actor, event.actorName ?? "")) }
            case .left, .removed:
                let who = event.kind == .left ? actor : event.targetID
                state.present.removeAll { $0.id == who }
                state.queue.removeAll { $0 == who }
                if state.floor == who { state.floor = nil }
            case .handRaised:
                if let actor, !state.queue.contains(actor) { state.queue.append(actor) }
            case .handLowered:
                state.queue.removeAll { $0 == actor }
            case .floor:
                state.queue.removeAll { $0 == event.targetID }
                state.floor = event.targetID
            default: break
            }
        }
        return state
    }

    /// Deletes what closed rooms said once the retention period has passed (default 24 hours); run
    /// by `RoomRetention` every few minutes, so it happens whether or not another room opens.
    func purgeExpired() async throws {
        let cutoff = deps.now().addingTimeInterval(-TimeInterval(deps.configuration.roomRetentionHours) * 3600)
        let expired = try await Room.query(on: deps.db).filter(\.$isOpen == false).filter(\.$closedAt < cutoff).all()
        for room in expired {
            let id = try room.requireID()
            try await RoomEvent.query(on: deps.db).filter(\.$room.$id == id).delete()
            try await RoomParticipant.query(on: deps.db).filter(\.$room.$id == id).delete()
        }
    }
}

/// The JSON clients receive for an event.
enum RoomPayload {
    static func event(_ e: RoomEvent, targetName: String?) -> String {
        var event = RoomProtocol.Event(seq: e.seq, kind: e.kind, at: e.createdAt, participant: e.actorID?.apiID, name: e.actorName,
                                       target: e.targetID?.apiID, targetName: targetName, text: e.text)
        switch e.kind {
        case .reaction: event.to = e.number
        case .removed: event.blocked = e.number
        default: event.seconds = e.number
        }
        return RoomProtocol.text(event)
    }
}
