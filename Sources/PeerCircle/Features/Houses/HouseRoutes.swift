import Foundation
import Hummingbird

/// Sober living on the web: the public directory and house pages; administrators list houses, a
/// house's lead keeps its listing, its beds free and its residents.
struct HouseRoutes: Sendable {
    let deps: AppDependencies
    var houses: HouseService { HouseService(deps: deps) }

    func register(web: RouterGroup<AppRequestContext>, members: RouterGroup<MemberContext>) {
        web.get(RouterPath(SiteURL.houses.path)) { request, context in
            let query = request.formQuery
            let filter = HouseInputFilter(area: query["area"] ?? "", serves: query["serves"] ?? "", maxCost: query["max_cost"] ?? "",
                                          vacancy: query["vacancy"] == "yes", mat: query["mat"] == "yes")
            let zone = VisitorZone.of(request, member: context.member, fallback: deps.defaultTimeZone)
            do {
                return HouseViews.directory(PageContext(context), houses: try await houses.directory(try filter.validate(), viewer: context.member),
                                            filter: filter, zone: zone)
            } catch AppError.invalid(let errors) {
                return HouseViews.directory(PageContext(context), houses: [], filter: filter, errors: errors, zone: zone)
            }
        }
        web.get(RouterPath(SiteURL.pattern(SiteURL.house))) { request, context in
            HouseViews.house(PageContext(context), try await houses.house(try context.id(), viewer: context.member), notice: request.notice,
                             zone: VisitorZone.of(request, member: context.member, fallback: deps.defaultTimeZone))
        }
        members.get(RouterPath(SiteURL.newHouse.path)) { _, context in
            try context.member.require(.admin)
            return HouseViews.form(PageContext(context), id: nil, input: HouseInput(), admin: true)
        }
        members.post(RouterPath(SiteURL.newHouse.path)) { _, context in
            try context.member.require(.admin)
            let input = Self.input(context.form)
            do {
                return redirect(to: SiteURL.house(try await houses.create(input, by: context.member)).with(.houseSaved))
            } catch AppError.invalid(let errors) {
                return HouseViews.form(PageContext(context), id: nil, input: input, admin: true, errors: errors, status: .unprocessableContent).response
            }
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.houseEdit))) { _, context in
            let house = try await houses.house(try context.id(), viewer: context.member)
            guard house.mayManage else { throw AppError.notFound }
            return HouseViews.form(PageContext(context), id: house.id, input: HouseInput(house, lead: house.leadName),
                                   admin: context.member.has(.admin))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.houseEdit))) { _, context in
            let id = try context.id(), input = Self.input(context.form)
            do {
                try await houses.update(id, input, by: context.member)
                return redirect(to: SiteURL.house(id).with(.houseSaved))
            } catch AppError.invalid(let errors) {
                return HouseViews.form(PageContext(context), id: id, input: input, admin: context.member.has(.admin), errors: errors,
                                       status: .unprocessableContent).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.houseVacancies))) { _, context in
            let id = try context.id()
            do {
                _ = try await houses.setVacancies(id, context.form["vacancies"], by: context.member)
                return redirect(to: SiteURL.house(id).with(.vacanciesSaved))
            } catch AppError.invalid(let errors) {
                return HouseViews.house(PageContext(context), try await houses.house(id, viewer: context.member), notice: nil, errors: errors,
                                        zone: context.member.timeZone).response
            }
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.houseResidents))) { request, context in
            try await residentsPage(context, try context.id(), notice: request.notice)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.houseResidents))) { _, context in
            let id = try context.id()
            do {
                try await houses.moveIn(id, pseudonym: context.form["pseudonym"], on: context.form["moved_in_on"], by: context.member)
                return redirect(to: SiteURL.houseResidents(id).with(.movedIn))
            } catch AppError.invalid(let errors) {
                return try await residentsPage(context, id, errors: errors, typed: context.form).response
            }
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.houseMoveOut))) { _, context in
            let id = try context.id()
            do {
                guard let user = UUID(uuidString: context.form["user"]) else {
                    throw AppError.invalid([FieldError(field: "user", message: "Choose someone who lives here.")])
                }
                try await houses.moveOut(id, resident: user, on: context.form["moved_out_on"], reason: context.form["reason"], by: context.member)
                return redirect(to: SiteURL.houseResidents(id).with(.movedOut))
            } catch AppError.invalid(let errors) {
                return try await residentsPage(context, id, errors: errors, typed: context.form).response
            }
        }
    }

    private func residentsPage(_ context: MemberContext, _ id: UUID, errors: [FieldError] = [], typed: FormData = FormData(),
                               notice: String? = nil) async throws -> HTMLPage {
        let residents = try await houses.residents(of: id, viewer: context.member)
        let house = try await houses.house(id, viewer: context.member)
        return HouseViews.residents(PageContext(context), house: house, residents: residents,
                                    former: house.mayManage ? try await houses.formerResidents(of: id, viewer: context.member) : [],
                                    errors: errors, typed: typed, notice: notice, today: context.member.today(now: deps.now()))
    }

    static func input(_ f: FormData) -> HouseInput {
        HouseInput(name: f["name"], area: f["area"], address: f["address"], serves: f.all("serves"), narrLevel: f["narr_level"],
                   mat: f["mat"], weeklyCost: f["weekly_cost"], currency: f["currency"], beds: f["beds"],
                   vacancies: f["vacancies"], rules: f["rules"], howToApply: f["how_to_apply"], lead: f.values["lead"] == nil ? nil : f["lead"])
    }
}
