import Foundation
import PeerCircleAPI

/// A meeting's live room over the API: whether it is open, and its facilitator opening and closing
/// it. What happens inside travels over its WebSocket (`RoomProtocol`).
extension APIOperations {
    private var rooms: RoomService { RoomService(deps: deps, broadcaster: deps.broadcaster) }

    func getRoom(_ input: Operations.GetRoom.Input) async throws -> Operations.GetRoom.Output {
        let id = try APIPath.id(input.path.id)
        return .ok(.init(body: .json(Self.room(id, try await rooms.status(of: id).room))))
    }

    func openRoom(_ input: Operations.OpenRoom.Input) async throws -> Operations.OpenRoom.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        guard case .json(let b) = input.body else { throw AppError.unsupportedMediaType }
        return .ok(.init(body: .json(Self.room(id, try await rooms.open(id, by: member, membersOnly: b.membersOnly ?? false)))))
    }

    func closeRoom(_ input: Operations.CloseRoom.Input) async throws -> Operations.CloseRoom.Output {
        let member = try APICaller.member(), id = try APIPath.id(input.path.id)
        return .ok(.init(body: .json(Self.room(id, try await rooms.close(meeting: id, by: member)))))
    }

    private static func room(_ meeting: UUID, _ room: Room?) -> Components.Schemas.Room {
        .init(locked: room?.isLocked ?? false, meetingId: meeting.apiID, membersOnly: room?.membersOnly ?? false, open: room?.isOpen ?? false,
              socket: RoomSocket.path.replacingOccurrences(of: ":meeting", with: meeting.apiID))
    }
}
