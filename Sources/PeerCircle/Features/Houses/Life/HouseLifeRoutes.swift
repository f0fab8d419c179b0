import Foundation
import Hummingbird

/// The house's own life on the web: applying and the answer, votes and decisions, the agreement and
/// officers, chores, money and meetings. Every page is for members; anyone who is nothing to the house gets 404.
struct HouseLifeRoutes: Sendable {
    let deps: AppDependencies
    var applications: ApplicationService { ApplicationService(deps: deps) }
    var settings: HouseSettingsService { HouseSettingsService(deps: deps) }
    var chores: ChoreService { ChoreService(deps: deps) }
    var ledger: LedgerService { LedgerService(deps: deps) }
    var meetings: HouseMeetingService { HouseMeetingService(deps: deps) }
    var motions: HouseMotionService { HouseMotionService(deps: deps) }
    var care: HouseCareService { HouseCareService(deps: deps) }

    private func part(_ part: HousePart) -> RouterPath { RouterPath(SiteURL.pattern { SiteURL.housePart($0, part) }) }
    private func thing(_ thing: HouseThing) -> RouterPath { RouterPath(SiteURL.pattern { SiteURL.houseThing(thing, $0) }) }

    /// Runs a change; bad input draws the page again with the reasons (status 422).
    private func change(_ done: @Sendable () async throws -> Response,
                        else page: @Sendable ([FieldError]) async throws -> HTMLPage) async throws -> Response {
        do { return try await done() } catch AppError.invalid(let errors) { return try await page(errors).response }
    }

    func register(members: RouterGroup<MemberContext>) {
        registerApplying(members)
        registerHouse(members)
        registerRunning(members)
        registerMeetings(members)
    }

    private func registerApplying(_ members: RouterGroup<MemberContext>) {
        members.get(part(.apply)) { _, context in
            let house = try await HouseService(deps: deps).house(try context.id(), viewer: context.member)
            // Already waiting for an answer (or moving in): their application page, not a form that cannot be sent.
            if let mine = try await applications.mine(at: house.id, member: context.member),
               ApplicationService.waiting.contains(mine.status) || mine.status == .confirmed {
                return redirect(to: SiteURL.housePart(house.id, .application).path)
            }
            return ApplicationViews.form(PageContext(context), houseID: house.id, houseName: house.name, input: ApplicationService.Input()).response
        }
        members.post(part(.apply)) { _, context in
            let id = try context.id(), f = context.form
            let input = ApplicationService.Input(moveInWanted: f["move_in_wanted"], needs: f["needs"], soberSince: f["sober_since"],
                                                 onMAT: f.values["on_mat"] == nil ? "not_said" : f["on_mat"])
            let house = try await HouseService(deps: deps).house(id, viewer: context.member)
            return try await change({
                _ = try await applications.apply(to: id, input, by: context.member)
                return redirect(to: SiteURL.housePart(id, .application).with(.applied))
            }, else: { ApplicationViews.form(PageContext(context), houseID: id, houseName: house.name, input: input, errors: $0) })
        }
        members.get(part(.application)) { request, context in
            try await minePage(context, try context.id(), notice: request.notice)
        }
        members.post(part(.applicationConfirm)) { _, context in
            let id = try context.id()
            return try await change({
                try await applications.confirm(at: id, moveInOn: context.form["move_in_on"], acceptedVersion: context.form["accept"], member: context.member)
                return redirect(to: SiteURL.house(id).with(.moveInConfirmed))
            }, else: { try await minePage(context, id, errors: $0, typed: context.form) })
        }
        members.post(part(.applicationWithdraw)) { _, context in
            let id = try context.id()
            try await applications.withdraw(at: id, member: context.member)
            return redirect(to: SiteURL.housePart(id, .application).with(.applicationWithdrawn))
        }
        members.get(part(.applications)) { _, context in
            let id = try context.id()
            let entries = try await applications.list(at: id, member: context.member)
            return ApplicationViews.list(PageContext(context), standing: try await HouseStanding.of(id, context.member, deps: deps), entries: entries)
        }
        members.get(thing(.application)) { request, context in
            let (entry, standing) = try await applications.entry(try context.id(), member: context.member)
            return ApplicationViews.entry(PageContext(context), standing: standing, entry, zone: context.member.timeZone, notice: request.notice)
        }
        members.post(thing(.vote)) { _, context in
            let id = try context.id()
            return try await change({
                _ = try await applications.vote(id, yes: context.form["vote"], member: context.member)
                return redirect(to: SiteURL.houseThing(.application, id).with(.voted))
            }, else: { try await entryPage(context, id, errors: $0) })
        }
        members.post(thing(.decide)) { _, context in
            let id = try context.id(), f = context.form
            return try await change({
                _ = try await applications.decide(id, accept: f["accept"], reason: f["reason"], note: f["note"], member: context.member)
                return redirect(to: SiteURL.houseThing(.application, id).with(.decided))
            }, else: { try await entryPage(context, id, errors: $0, typed: f) })
        }
        members.post(thing(.reopen)) { _, context in
            let id = try context.id()
            _ = try await applications.reopen(id, member: context.member)
            return redirect(to: SiteURL.houseThing(.application, id).path)
        }
    }

    private func registerHouse(_ members: RouterGroup<MemberContext>) {
        members.get(part(.agreement)) { request, context in
            HouseLifeViews.agreement(PageContext(context), try await settings.overview(try context.id(), member: context.member), notice: request.notice)
        }
        members.post(part(.agreement)) { _, context in
            let id = try context.id()
            return try await change({
                try await settings.accept(id, version: context.form["version"], member: context.member)
                return redirect(to: SiteURL.housePart(id, .agreement).with(.agreementAccepted))
            }, else: { HouseLifeViews.agreement(PageContext(context), try await settings.overview(id, member: context.member), errors: $0, notice: nil) })
        }
        members.post(part(.settings)) { _, context in
            let id = try context.id(), f = context.form
            let input = HouseSettingsService.Settings(
                admission: f["admission"], threshold: f["threshold"], quorum: f["quorum"], voteDays: f["vote_days"], arrearsLimit: f["arrears_limit"],
                meetingWeekday: f["meeting_weekday"], relapsePolicy: f["relapse_policy"], agreement: f["agreement"])
            return try await change({
                try await settings.save(id, input, member: context.member)
                return redirect(to: SiteURL.housePart(id, .agreement).with(.houseRulesSaved))
            }, else: { HouseLifeViews.agreement(PageContext(context), try await settings.overview(id, member: context.member), input: input, errors: $0, notice: nil) })
        }
        members.post(part(.officers)) { _, context in
            let id = try context.id(), f = context.form
            return try await change({
                try await settings.setOfficer(id, office: f["office"], pseudonym: f["pseudonym"], electedOn: f["elected_on"], termEndsOn: f["term_ends_on"],
                                              member: context.member)
                return redirect(to: SiteURL.housePart(id, .agreement).with(.officerSaved))
            }, else: { HouseLifeViews.agreement(PageContext(context), try await settings.overview(id, member: context.member), errors: $0, typed: f, notice: nil) })
        }
    }

    private func registerRunning(_ members: RouterGroup<MemberContext>) {
        members.get(part(.chores)) { request, context in
            HouseRunViews.chores(PageContext(context), try await chores.board(try context.id(), member: context.member), notice: request.notice)
        }
        members.post(part(.chores)) { _, context in
            let id = try context.id()
            return try await change({
                try await chores.addChore(id, name: context.form["name"], everyWeeks: context.form["every_weeks"], member: context.member)
                return redirect(to: SiteURL.housePart(id, .chores).with(.choreAdded))
            }, else: { HouseRunViews.chores(PageContext(context), try await chores.board(id, member: context.member), errors: $0, typed: context.form, notice: nil) })
        }
        members.post(part(.swap)) { _, context in
            let id = try context.id()
            return try await change({
                try await chores.askSwap(id, turn: context.form["my_turn"], for: context.form["other_turn"], member: context.member)
                return redirect(to: SiteURL.housePart(id, .chores).with(.swapAsked))
            }, else: { HouseRunViews.chores(PageContext(context), try await chores.board(id, member: context.member), errors: $0, typed: context.form, notice: nil) })
        }
        members.post(thing(.turnDone)) { request, context in
            let house = try await chores.markDone(try context.id(), done: request.formQuery["undo"] == nil, member: context.member)
            return redirect(to: SiteURL.housePart(house, .chores).with(.choreDone))
        }
        members.post(thing(.swapAnswer)) { request, context in
            let house = try await chores.answerSwap(try context.id(), agree: request.formQuery["agree"] == "1", member: context.member)
            return redirect(to: SiteURL.housePart(house, .chores).with(.swapAnswered))
        }
        members.post(thing(.choreRetire)) { _, context in
            let house = try await chores.retire(try context.id(), member: context.member)
            return redirect(to: SiteURL.housePart(house, .chores).with(.choreRetired))
        }
        members.get(part(.money)) { request, context in
            try await moneyPage(context, try context.id(), notice: request.notice)
        }
        members.post(part(.bills)) { _, context in
            let id = try context.id(), f = context.form
            return try await change({
                try await ledger.addBill(id, month: f["month"], what: f["what"], amount: f["amount"], member: context.member)
                return redirect(to: SiteURL.housePart(id, .money).with(.billAdded))
            }, else: { try await moneyPage(context, id, errors: $0, typed: f) })
        }
        members.post(part(.payments)) { _, context in
            let id = try context.id(), f = context.form
            return try await change({
                try await ledger.addPayment(id, resident: f["resident"], amount: f["paid"], paidOn: f["paid_on"], note: f["note"], member: context.member)
                return redirect(to: SiteURL.housePart(id, .money).with(.paymentAdded))
            }, else: { try await moneyPage(context, id, errors: $0, typed: f) })
        }
        members.get(part(.moneyCSV)) { _, context in
            let csv = try await ledger.csv(try context.id(), member: context.member)
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"house-money.csv\"",
                                                   .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
        members.get(part(.meetings)) { request, context in
            HouseRunViews.meetings(PageContext(context), try await meetings.overview(try context.id(), query: request.formQuery["q"] ?? "", member: context.member),
                                   notice: request.notice, today: context.member.today(now: deps.now()))
        }
        members.post(part(.agenda)) { _, context in
            let id = try context.id()
            return try await change({
                try await meetings.addItem(id, text: context.form["text"], member: context.member)
                return redirect(to: SiteURL.housePart(id, .meetings).with(.agendaAdded))
            }, else: { try await meetingsPage(context, id, errors: $0, typed: context.form) })
        }
        members.post(thing(.minutes)) { _, context in
            let id = try context.id()
            do {
                let house = try await meetings.saveMinutes(id, text: context.form["minutes"], member: context.member)
                return redirect(to: SiteURL.housePart(house, .meetings).with(.minutesSaved))
            } catch AppError.invalid(let errors) {
                return try await meetingsPage(context, try await meetings.houseOf(id, member: context.member), errors: errors, typed: context.form).response
            }
        }
    }

    private func registerMeetings(_ members: RouterGroup<MemberContext>) {
        members.post(part(.motions)) { _, context in
            let id = try context.id(), f = context.form
            return try await change({
                try await motions.move(id, text: f["motion"], majority: f["majority"], secret: f["secret"] == "yes", member: context.member)
                return redirect(to: SiteURL.housePart(id, .meetings).with(.motionMoved))
            }, else: { try await meetingsPage(context, id, errors: $0, typed: f) })
        }
        members.post(thing(.motionVote)) { request, context in
            let id = try context.id()
            do {
                let house = try await motions.vote(id, choice: request.formQuery["choice"] ?? "", member: context.member)
                return redirect(to: SiteURL.housePart(house, .meetings).with(.motionVoted))
            } catch AppError.invalid(let errors) {
                return try await meetingsPage(context, try await motions.houseOf(id, member: context.member), errors: errors).response
            }
        }
        members.post(thing(.motionClose)) { _, context in
            let house = try await motions.close(try context.id(), member: context.member)
            return redirect(to: SiteURL.housePart(house, .meetings).with(.motionClosed))
        }
        members.post(thing(.attendance)) { _, context in
            let id = try context.id()
            do {
                let house = try await motions.setAttendance(id, present: context.form.all("present"), member: context.member)
                return redirect(to: SiteURL.housePart(house, .meetings).with(.attendanceSaved))
            } catch AppError.invalid(let errors) {
                return try await meetingsPage(context, try await meetings.houseOf(id, member: context.member), errors: errors).response
            }
        }
        members.post(part(.support)) { _, context in
            let id = try context.id()
            return try await change({
                try await care.askForSupport(id, note: context.form["support_note"], member: context.member)
                return redirect(to: SiteURL.housePart(id, .agreement).with(.supportAsked))
            }, else: { HouseLifeViews.agreement(PageContext(context), try await settings.overview(id, member: context.member), errors: $0,
                                                typed: context.form, notice: nil) })
        }
        members.post(thing(.supportAnswered)) { _, context in
            let house = try await care.markAnswered(try context.id(), member: context.member)
            return redirect(to: SiteURL.housePart(house, .agreement).with(.supportAnswered))
        }
        members.post(part(.milestones)) { _, context in
            let id = try context.id()
            return try await change({
                try await care.shareMilestone(id, text: context.form["milestone"], member: context.member)
                return redirect(to: SiteURL.housePart(id, .agreement).with(.milestoneShared))
            }, else: { HouseLifeViews.agreement(PageContext(context), try await settings.overview(id, member: context.member), errors: $0,
                                                typed: context.form, notice: nil) })
        }
    }

    private func meetingsPage(_ context: MemberContext, _ id: UUID, errors: [FieldError] = [], typed: FormData = FormData()) async throws -> HTMLPage {
        HouseRunViews.meetings(PageContext(context), try await meetings.overview(id, query: "", member: context.member), errors: errors,
                               typed: typed, notice: nil, today: context.member.today(now: deps.now()))
    }

    private func minePage(_ context: MemberContext, _ id: UUID, errors: [FieldError] = [], typed: FormData = FormData(),
                          notice: String? = nil) async throws -> HTMLPage {
        let house = try await HouseService(deps: deps).house(id, viewer: context.member)
        return ApplicationViews.mine(PageContext(context), houseID: id, houseName: house.name, try await applications.mine(at: id, member: context.member),
                                     today: context.member.today(now: deps.now()), notice: notice, errors: errors, typed: typed)
    }

    private func entryPage(_ context: MemberContext, _ id: UUID, errors: [FieldError], typed: FormData = FormData()) async throws -> HTMLPage {
        let (entry, standing) = try await applications.entry(id, member: context.member)
        return ApplicationViews.entry(PageContext(context), standing: standing, entry, zone: context.member.timeZone, errors: errors, typed: typed)
    }

    private func moneyPage(_ context: MemberContext, _ id: UUID, errors: [FieldError] = [], typed: FormData = FormData(),
                           notice: String? = nil) async throws -> HTMLPage {
        let ledger = try await ledger.ledger(id, member: context.member)
        // Payments from anyone with a balance: residents, and people who have moved out and still owe.
        let payers = (ledger.everyone ?? []).compactMap { b in b.userID.map { (id: $0, name: b.pseudonym + (b.living ? "" : " (moved out)")) } }
        return HouseRunViews.money(PageContext(context), ledger, residents: payers, errors: errors, typed: typed,
                                   notice: notice, today: context.member.today(now: deps.now()))
    }
}
