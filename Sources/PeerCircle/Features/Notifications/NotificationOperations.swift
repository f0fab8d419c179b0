import Foundation
import PeerCircleAPI

/// The notification centre and its settings over the API, on the same service as the web.
extension APIOperations {
    var notifications: NotificationService { NotificationService(deps: deps) }

    func listNotifications(_ input: Operations.ListNotifications.Input) async throws -> Operations.ListNotifications.Output {
        let member = try APICaller.member()
        let lines = try await notifications.list(for: member.id)
        let items = try lines.map { line in
            Components.Schemas.Notification(at: line.at, count: line.count, id: line.id.apiID, kind: try .init(mirroring: line.kind),
                                            link: line.link, read: line.read, text: line.text)
        }
        return .ok(.init(body: .json(.init(items: items, unread: try await notifications.unreadCount(for: member.id)))))
    }

    func markNotificationRead(_ input: Operations.MarkNotificationRead.Input) async throws -> Operations.MarkNotificationRead.Output {
        _ = try await notifications.open(try APIPath.id(input.path.id), by: try APICaller.member().id)
        return .noContent(.init())
    }

    func markAllNotificationsRead(_ input: Operations.MarkAllNotificationsRead.Input) async throws -> Operations.MarkAllNotificationsRead.Output {
        try await notifications.markAllRead(for: try APICaller.member().id)
        return .noContent(.init())
    }

    func getNotificationSettings(_ input: Operations.GetNotificationSettings.Input) async throws -> Operations.GetNotificationSettings.Output {
        .ok(.init(body: .json(try Self.settings(try await notifications.choices(of: try APICaller.member().id)))))
    }

    func updateNotificationSettings(_ input: Operations.UpdateNotificationSettings.Input) async throws -> Operations.UpdateNotificationSettings.Output {
        let member = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        var check = Validation()
        // Kinds the body leaves out keep what the member chose before.
        let current = try await notifications.choices(of: member.id)
        var channels = Dictionary(uniqueKeysWithValues: NotificationKind.allCases.map { ($0, current.channel($0)) })
        var named: Set<NotificationKind> = []
        for item in body.channels {
            guard let kind = NotificationKind(rawValue: item.kind.rawValue), let channel = NotificationChannel(rawValue: item.channel.rawValue) else {
                check.add("channels", "Each item names a kind and a channel.")
                continue
            }
            if !named.insert(kind).inserted { check.add("channels", "Name each kind once.") }
            channels[kind] = channel
        }
        let start = body.quietStart.map { QuietHours.minutes($0) }, end = body.quietEnd.map { QuietHours.minutes($0) }
        check.check(start.map { $0 != nil } ?? true, "quiet_start", "Write a time such as 22:00.")
        check.check(end.map { $0 != nil } ?? true, "quiet_end", "Write a time such as 07:00.")
        check.check((0..<24).contains(body.digestHour), "digest_hour", "Choose an hour from 0 to 23.")
        try check.finish()
        let choices = NotificationService.Choices(channels: channels, quietStart: start ?? nil, quietEnd: end ?? nil, dailyDigest: body.dailyDigest,
                                                  digestHour: body.digestHour, urgentThroughQuiet: body.urgentThroughQuiet,
                                                  pushPreviews: body.pushPreviews ?? current.pushPreviews)
        try await notifications.save(choices, for: member)
        return .ok(.init(body: .json(try Self.settings(try await notifications.choices(of: member.id)))))
    }

    private static func settings(_ choices: NotificationService.Choices) throws -> Components.Schemas.NotificationSettings {
        .init(channels: try NotificationKind.allCases.map { .init(channel: try .init(mirroring: choices.channel($0)), kind: try .init(mirroring: $0)) },
              dailyDigest: choices.dailyDigest, digestHour: choices.digestHour, pushPreviews: choices.pushPreviews,
              quietEnd: choices.quietEnd.map(QuietHours.text), quietStart: choices.quietStart.map(QuietHours.text), urgentThroughQuiet: choices.urgentThroughQuiet)
    }
}
