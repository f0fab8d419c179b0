import Foundation
import Hummingbird

struct CheckInDTO: ResponseCodable, Sendable {
    @LowercaseID var id: UUID
    let localDate: LocalDate
    let mood: Int
    let craving: Int
    let sober: String
    let triggers: [String]
    let tags: [String]
    let gratitude: String?
    let note: String?
    let safe: String?
    /// When the member said they don't feel safe: the lines to reach someone now.
    let crisisLines: [CrisisLine]?

    init(_ c: CheckIn, crisisLines: [CrisisLine]? = nil) {
        id = c.id!
        localDate = c.date
        mood = c.mood
        craving = c.craving
        sober = c.sober.rawValue
        triggers = c.triggers
        tags = c.tags
        gratitude = c.gratitude
        note = c.note
        safe = c.safe?.rawValue
        self.crisisLines = c.safe == .no ? crisisLines : nil
    }
}

struct CheckInHistoryDTO: ResponseCodable, Sendable {
    struct StreaksDTO: Codable, Sendable {
        let current: Int
        let longest: Int
        let total: Int
        let message: String
    }
    let from: LocalDate
    let to: LocalDate
    let items: [CheckInDTO]
    let streaks: StreaksDTO
}

struct CheckInAPIRoutes: Sendable {
    let deps: AppDependencies
    var checkIns: CheckInService { CheckInService(deps: deps) }

    /// Numbers stay numbers in JSON; tags may come as a list.
    struct CheckInBody: Decodable {
        var mood: Int?
        var craving: Int?
        var sober: String?
        var triggers: [String]?
        var tags: [String]?
        var gratitude: String?
        var note: String?
        var safe: String?

        var input: CheckInInput {
            CheckInInput(
                mood: mood.map(String.init) ?? "", craving: craving.map(String.init) ?? "", sober: sober ?? "",
                triggers: triggers ?? [], tags: (tags ?? []).joined(separator: ","), gratitude: gratitude ?? "",
                note: note ?? "", safe: safe ?? "")
        }
    }

    func register(_ api: RouterGroup<MemberContext>) {
        api.get("/check-ins") { request, context in
            let daysText = request.uri.queryParameters.get("days") ?? "30"
            guard let days = Int(daysText), (1...366).contains(days) else {
                throw AppError.invalid([FieldError(field: "days", message: "Use a number of days from 1 to 366.")])
            }
            let history = try await checkIns.history(for: context.member, days: days)
            let s = history.streaks
            return CheckInHistoryDTO(
                from: history.from, to: history.today, items: history.items.map { CheckInDTO($0) },
                streaks: .init(current: s.current, longest: s.longest, total: s.total, message: s.message))
        }
        api.post("/check-ins") { request, context in
            let body = try await request.decodeJSON(CheckInBody.self, context: context)
            let checkIn = try await checkIns.create(body.input, for: context.member)
            return EditedResponse(status: .created, response: CheckInDTO(checkIn, crisisLines: lines(context.member)))
        }
        api.get("/check-ins/today") { _, context in
            guard let checkIn = try await checkIns.today(for: context.member) else { throw AppError.notFound }
            return CheckInDTO(checkIn)
        }
        api.get("/check-ins/:id") { _, context in
            CheckInDTO(try await checkIns.owned(try context.id(), by: context.member))
        }
        api.put("/check-ins/:id") { request, context in
            let id = try context.id()
            _ = try await checkIns.owned(id, by: context.member)
            let body = try await request.decodeJSON(CheckInBody.self, context: context)
            return CheckInDTO(try await checkIns.update(id, body.input, for: context.member), crisisLines: lines(context.member))
        }
    }

    private func lines(_ member: Member) -> [CrisisLine] {
        deps.crisisLines.lines(for: member.country ?? deps.configuration.defaultCountry)
    }
}
