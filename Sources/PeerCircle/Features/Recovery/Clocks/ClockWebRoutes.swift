import Foundation
import Hummingbird

struct ClockWebRoutes: Sendable {
    let deps: AppDependencies
    var clocks: ClockService { ClockService(deps: deps) }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.clocks.path)) { request, context in
            ClockViews.list(PageContext(context), clocks: try await clocks.list(for: context.member), notice: request.notice)
        }
        members.get(RouterPath(SiteURL.newClock.path)) { _, context in
            let today = context.member.today(now: deps.now())
            let currency = ClockInput.defaultCurrency(for: context.member.country)
            return ClockViews.form(PageContext(context), input: ClockInput(startedOn: today.description, currency: currency), editing: nil)
        }
        members.post(RouterPath(SiteURL.clocks.path)) { _, context in
            let input = ClockInput(form: context.form)
            do {
                let clock = try await clocks.create(input, for: context.member)
                return redirect(to: SiteURL.clock(try clock.requireID()).with(.clockCreated))
            } catch AppError.invalid(let errors) {
                return ClockViews.form(PageContext(context), input: input, editing: nil, errors: errors,
                                       status: .unprocessableContent).response
            }
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.clock))) { request, context in
            let id = try context.id()
            let (summary, owner) = try await clocks.summary(id, viewer: context.member)
            // Someone else's clock is shown on its own read-only page.
            guard owner.id == context.member.id else { return redirect(to: SiteURL.sharedClock(id).path) }
            return ClockViews.detail(PageContext(context), clock: summary, notice: request.notice).response
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.sharedClock))) { _, context in
            let (summary, owner) = try await clocks.summary(try context.id(), viewer: context.member)
            return ClockViews.shared(PageContext(context), clock: summary, owner: owner.pseudonym)
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.clockEdit))) { _, context in
            let clock = try await clocks.owned(try context.id(), by: context.member)
            return ClockViews.form(PageContext(context), input: ClockInput(clock), editing: clock.id)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.clockEdit))) { _, context in
            let id = try context.id()
            let input = ClockInput(form: context.form)
            do {
                _ = try await clocks.update(id, input, for: context.member)
                return redirect(to: SiteURL.clock(id).with(.clockUpdated))
            } catch AppError.invalid(let errors) {
                return ClockViews.form(PageContext(context), input: input, editing: id, errors: errors,
                                       status: .unprocessableContent).response
            }
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.clockReset))) { _, context in
            let id = try context.id()
            _ = try await clocks.owned(id, by: context.member)
            let (summary, _) = try await clocks.summary(id, viewer: context.member)
            return ClockViews.reset(PageContext(context), clock: summary, startedOn: summary.today.description, note: "")
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.clockReset))) { _, context in
            let id = try context.id()
            let form = context.form
            do {
                _ = try await clocks.reset(id, newStart: form["started_on"], note: form["note"], for: context.member)
                return redirect(to: SiteURL.clock(id).with(.clockReset))
            } catch AppError.invalid(let errors) {
                let (summary, _) = try await clocks.summary(id, viewer: context.member)
                return ClockViews.reset(PageContext(context), clock: summary, startedOn: form["started_on"],
                                        note: form["note"], errors: errors, status: .unprocessableContent).response
            }
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.clockDelete))) { _, context in
            let id = try context.id()
            _ = try await clocks.owned(id, by: context.member)
            return ClockViews.confirmDelete(PageContext(context), clock: try await clocks.summary(id, viewer: context.member).summary)
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.clockDelete))) { _, context in
            try await clocks.delete(try context.id(), for: context.member)
            return redirect(to: SiteURL.clocks.with(.clockDeleted))
        }
    }
}

extension ClockInput {
    init(form: FormData) {
        self.init(label: form["label"], kind: form["kind"], startedOn: form["started_on"],
                  dailyCost: form["daily_cost"], currency: form["currency"])
    }
}
