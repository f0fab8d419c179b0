import Foundation
import PeerCircleAPI

/// Check-ups, engagement and professional help over the API, mapped to the same services as the web.
extension APIOperations {
    func listReferrals(_ input: Operations.ListReferrals.Input) async throws -> Operations.ListReferrals.Output {
        let q = input.query
        let filter = ReferralService.Filter(kind: try q._type.map { try ReferralKind(mirroring: $0) }, area: q.area ?? "",
                                            language: q.language ?? "", telehealth: q.telehealth ?? false)
        return .ok(.init(body: .json(try await ReferralService(deps: deps).list(filter).map(Self.referral))))
    }

    func importReferrals(_ input: Operations.ImportReferrals.Input) async throws -> Operations.ImportReferrals.Output {
        let member = try APICaller.member()
        try member.require(.admin)
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        let report = try await ReferralImport(writer: deps.writer).run(body.csv)
        guard report.problems.isEmpty else {
            throw AppError.invalid(report.problems.prefix(100).map { FieldError(field: "csv", message: $0) })
        }
        return .ok(.init(body: .json(.init(created: report.created, ignoredColumns: report.ignoredColumns, unchanged: report.unchanged,
                                           updated: report.updated))))
    }

    func listAssessments(_ input: Operations.ListAssessments.Input) async throws -> Operations.ListAssessments.Output {
        let member = try APICaller.member()
        let kinds = try input.query.instrument.map { [try Instrument.Kind(mirroring: $0)] } ?? Instrument.Kind.allCases
        var items: [Components.Schemas.Assessment] = []
        for kind in kinds {
            items += try await AssessmentService(deps: deps).history(kind, of: member.id).map { try Self.assessment(kind, $0) }
        }
        return .ok(.init(body: .json(items.sorted { $0.takenOn < $1.takenOn })))
    }

    func takeAssessment(_ input: Operations.TakeAssessment.Input) async throws -> Operations.TakeAssessment.Output {
        let member = try APICaller.member()
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        let kind = try Instrument.Kind(mirroring: body.instrument)
        let count = Instrument.of(kind).items.count
        guard body.answers.count == count else {
            throw AppError.invalid([FieldError(field: "answers", message: "Give \(count) answers for the \(Instrument.of(kind).shortName), one per item in order.")])
        }
        let answers = Dictionary(body.answers.enumerated().map { ("q\($0.offset + 1)", String($0.element)) }, uniquingKeysWith: { a, _ in a })
        let taken: AssessmentService.Taken
        do {
            taken = try await AssessmentService(deps: deps).take(kind, answers: answers, difficulty: body.difficulty.map(String.init), by: member)
        } catch AppError.invalid(let errors) {
            throw AppError.invalid(errors.map { FieldError(field: $0.field.hasPrefix("q") ? "answers" : $0.field, message: $0.message) })
        }
        var result = try Self.assessment(kind, ScoreLine(id: taken.id, day: member.today(now: deps.now()), total: taken.total, answers: []))
        result.selfHarm = kind == .phq9 ? taken.selfHarm : nil
        if taken.selfHarm { result.crisisLines = try deps.crisisLines(for: member).map(Self.crisisLine) }
        return .created(.init(body: .json(result)))
    }

    func getMyEngagement(_ input: Operations.GetMyEngagement.Input) async throws -> Operations.GetMyEngagement.Output {
        let counts = try await EngagementService(deps: deps).mine(try APICaller.member())
        let areas: [Components.Schemas.Engagement.AreasPayloadPayload] = try EngagementRule.Area.allCases.map { area in
            .init(area: try .init(mirroring: area), count: area.count(in: counts), target: area.target)
        }
        return .ok(.init(body: .json(.init(areas: areas, explanation: EngagementRule.explanation,
                                           level: try .init(mirroring: EngagementRule.level(counts)), toRaise: EngagementRule.toRaise(counts)))))
    }

    static func referral(_ r: ReferralLine) throws -> Components.Schemas.Referral {
        .init(address: r.address, area: r.area, cost: r.cost, description: r.about, email: r.email, id: r.id.apiID, languages: r.languages,
              name: r.name, phone: r.phone, telehealth: r.telehealth, _type: try .init(mirroring: r.kind), website: r.website)
    }

    static func assessment(_ kind: Instrument.Kind, _ line: ScoreLine) throws -> Components.Schemas.Assessment {
        let band = Instrument.of(kind).band(for: line.total)
        return .init(band: band?.name ?? "", id: line.id?.apiID ?? "", instrument: try .init(mirroring: kind),
                     suggestProfessional: band?.suggestProfessional ?? false, takenOn: line.day.description, total: line.total)
    }
}
