import Foundation
import Hummingbird

/// Professional help: the public directory, and the administrators' pages that keep it.
struct ReferralRoutes: Sendable {
    let deps: AppDependencies
    var referrals: ReferralService { ReferralService(deps: deps) }

    func register(web: RouterGroup<AppRequestContext>, members: RouterGroup<MemberContext>) {
        web.get(RouterPath(SiteURL.help.path)) { request, context in
            let filter = Self.filter(request.formQuery)
            let all = try await referrals.list()
            return ReferralViews.directory(PageContext(context), lines: all.filter(filter.matches), filter: filter, total: all.count)
        }
        members.get(RouterPath(SiteURL.adminReferrals.path)) { request, context in
            try context.member.require(.admin)
            return ReferralViews.admin(PageContext(context), lines: try await referrals.list(), notice: request.notice)
        }
        members.get(RouterPath(SiteURL.adminReferralsCSV.path)) { _, context in
            try context.member.require(.admin)
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"referrals.csv\"",
                                                   .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: ReferralImport.export(try await referrals.list()))))
        }
        members.post(RouterPath(SiteURL.adminReferralImport.path)) { _, context in
            try context.member.require(.admin)
            let csv = context.form["csv"]
            let report = try await ReferralImport(writer: deps.writer).run(csv)
            let failed = !report.problems.isEmpty
            return ReferralViews.admin(PageContext(context), lines: try await referrals.list(), csv: failed ? csv : "", report: report,
                                       notice: nil, status: failed ? .unprocessableContent : .ok)
        }
        members.get(RouterPath(SiteURL.adminReferralNew.path)) { _, context in
            try context.member.require(.admin)
            return ReferralViews.form(PageContext(context), id: nil, input: ReferralService.Input())
        }
        members.post(RouterPath(SiteURL.adminReferralNew.path)) { _, context in
            try await save(context, id: nil)
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.adminReferral))) { _, context in
            try context.member.require(.admin)
            let r = try await referrals.find(try context.id())
            return ReferralViews.form(PageContext(context), id: r.id, input: Self.input(r))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.adminReferral))) { _, context in
            try await save(context, id: try context.id())
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.adminReferralDelete))) { _, context in
            try context.member.require(.admin)
            let id = try context.id()
            guard context.form["confirm"] == "yes" else {
                let r = try await referrals.find(id)
                return ReferralViews.form(PageContext(context), id: id, input: Self.input(r),
                                          errors: [FieldError(field: "confirm", message: "Tick the box to take it out.")], status: .unprocessableContent).response
            }
            try await referrals.delete(id, by: context.member)
            return redirect(to: SiteURL.adminReferrals.with(.referralDeleted))
        }
    }

    private func save(_ context: MemberContext, id: UUID?) async throws -> Response {
        try context.member.require(.admin)
        let f = context.form
        let input = ReferralService.Input(
            name: f["name"], kind: f["kind"], area: f["area"], languages: f["languages"], cost: f["cost"], telehealth: f["telehealth"],
            phone: f["phone"], website: f["website"], email: f["email"], address: f["address"], about: f["description"])
        do {
            try await referrals.save(input, id: id, by: context.member)
            return redirect(to: SiteURL.adminReferrals.with(.referralSaved))
        } catch AppError.invalid(let errors) {
            return ReferralViews.form(PageContext(context), id: id, input: input, errors: errors, status: .unprocessableContent).response
        }
    }

    static func input(_ r: ReferralLine) -> ReferralService.Input {
        ReferralService.Input(name: r.name, kind: r.kind.rawValue, area: r.area, languages: r.languages, cost: r.cost, telehealth: r.telehealth ? "yes" : "no",
                              phone: r.phone, website: r.website, email: r.email, address: r.address, about: r.about)
    }

    static func filter(_ query: [String: String]) -> ReferralService.Filter {
        ReferralService.Filter(kind: query["type"].flatMap(ReferralKind.init(rawValue:)), area: String((query["area"] ?? "").prefix(100)),
                               language: String((query["language"] ?? "").prefix(100)), telehealth: query["telehealth"] == "yes")
    }
}
