import FluentKit
import Foundation
import Hummingbird
import Plot

/// The recovery plan: read (and print), edit, versions, sharing with one's mentor; a mentor's view.
struct PlanWebRoutes: Sendable {
    let deps: AppDependencies
    var plans: PlanService { PlanService(deps: deps) }

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.myPlan.path)) { request, context in
            let current = try await plans.current(owner: context.member.id, viewer: context.member.id)
            return Layout.render(
                "My recovery plan", PageContext(context), Banner.notice(request.notice),
                .p(.class("no-print"), .a(.class("button primary"), .href(SiteURL.myPlanEdit.path), .text(current.version == 0 ? "Write my plan" : "Edit")),
                   .text(" "), .a(.href(SiteURL.myPlanVersions.path), .text("Versions")),
                   .text(" · Print it from your browser — it prints cleanly.")),
                Self.render(current.content),
                .div(.class("no-print card"),
                     .p(.text(current.plan?.sharedWithMentor == true ? "Your mentor can see and help edit this plan." : "Only you can see this plan.")),
                     Forms.postButton(SiteURL.myPlanShare.path + (current.plan?.sharedWithMentor == true ? "" : "?on=1"),
                                      label: current.plan?.sharedWithMentor == true ? "Stop sharing with my mentor" : "Share with my mentor",
                                      csrf: context.csrfToken)))
        }
        members.get(RouterPath(SiteURL.myPlanEdit.path)) { request, context in
            let current = try await plans.current(owner: context.member.id, viewer: context.member.id)
            let sample = current.version == 0 ? try await SiteText.samplePlan(on: deps.db) : nil
            let useSample = request.uri.queryParameters.get("sample") == "1"
            return Self.form(
                PageContext(context), action: SiteURL.myPlanEdit.path, title: "Edit my plan",
                fields: PlanText.format(useSample ? sample ?? current.content : current.content),
                intro: .unwrap(sample) { _ in
                    useSample
                        ? .p(.class("notice"), .text("This is a sample to start from: change every line to fit your life. Nothing is saved until you press the button."))
                        : .p(.text("A blank page is hard. "), .a(.href(SiteURL.myPlanEdit.path + "?sample=1"), .text("Start from a sample plan")), .text(" and make it yours."))
                })
        }
        members.post(RouterPath(SiteURL.myPlanEdit.path)) { _, context in
            try await save(context, owner: context.member.id, action: SiteURL.myPlanEdit.path, done: SiteURL.myPlan.with(.planSaved))
        }
        members.get(RouterPath(SiteURL.myPlanVersions.path)) { _, context in
            try await versions(context, owner: context.member.id)
        }
        members.post(RouterPath(SiteURL.myPlanShare.path)) { request, context in
            let on = request.uri.queryParameters.get("on") != nil
            try await plans.setShared(on, owner: context.member.id)
            return redirect(to: SiteURL.myPlan.with(on ? .planShared : .planUnshared))
        }
        members.get(RouterPath(SiteURL.pattern(SiteURL.mentorshipPlan))) { _, context in
            let owner = try await menteeOf(context, try context.id())
            let current = try await plans.current(owner: owner.id!, viewer: context.member.id)
            return Self.form(PageContext(context), action: SiteURL.mentorshipPlan(try context.id()).path, title: "\(owner.pseudonym)'s recovery plan",
                             fields: PlanText.format(current.content), intro: Self.render(current.content))
        }
        members.post(RouterPath(SiteURL.pattern(SiteURL.mentorshipPlan))) { _, context in
            let id = try context.id()
            let owner = try await menteeOf(context, id)
            return try await save(context, owner: owner.id!, action: SiteURL.mentorshipPlan(id).path, done: SiteURL.mentorship(id).with(.planSaved))
        }
    }

    private func menteeOf(_ context: MemberContext, _ id: UUID) async throws -> User {
        let m = try await MentorshipService(deps: deps).pair(id, for: context.member.id)
        guard m.$mentor.id == context.member.id else { throw AppError.notFound }
        return m.mentee
    }

    private func save(_ context: MemberContext, owner: UUID, action: String, done: String) async throws -> Response {
        let f = context.form
        let fields = PlanText.Fields(goals: f.all("goals").first ?? "", triggers: f.all("triggers").first ?? "",
                                     warningSigns: f.all("warning_signs").first ?? "", people: f.all("people").first ?? "",
                                     reasons: f.all("reasons").first ?? "")
        do {
            try await plans.save(try PlanText.parse(fields), owner: owner, by: context.member.id)
            return redirect(to: done)
        } catch AppError.invalid(let errors) {
            try await plans.requireAccess(owner: owner, viewer: context.member.id)
            return Self.form(PageContext(context), action: action, title: "Edit the plan", fields: fields, errors: errors).response
        }
    }

    private func versions(_ context: MemberContext, owner: UUID) async throws -> HTMLPage {
        let versions = try await plans.versions(owner: owner, viewer: context.member.id)
        let zone = context.member.timeZone
        return Layout.render(
            "Plan versions", PageContext(context),
            versions.isEmpty ? .p(.text("No versions yet.")) : .ol(.class("versions"), .forEach(versions.indices) { index in
                let v = versions[index]
                let before = index + 1 < versions.count ? versions[index + 1].parsed : PlanContent()
                let changes = PlanText.changes(from: before, to: v.parsed)
                return .li(
                    .h2(.text("Version \(v.number) · \(TimeText.format(v.createdAt, zone, "d MMM yyyy HH:mm")) · by \(v.author.map { $0.id == context.member.id ? "you" : $0.pseudonym } ?? "someone no longer here")")),
                    changes.isEmpty ? .p(.text("No changes.")) : .ul(.forEach(changes) { change in
                        .li(.strong(.text(change.section + ": ")),
                            .forEach(change.added) { .span(.class("added"), .text("+ \($0) ")) },
                            .forEach(change.removed) { .span(.class("removed"), .text("− \($0) ")) })
                    }))
            }))
    }

    static func form(_ p: PageContext, action: String, title: String, fields: PlanText.Fields, errors: [FieldError] = [],
                     intro: Node<HTML.BodyContext> = .empty) -> HTMLPage {
        let errors = Forms.errors(errors)
        return Layout.render(
            title, p, status: errors.isEmpty ? .ok : .unprocessableContent,
            intro,
            Forms.form(
                action, csrf: p.csrfToken,
                Forms.summary(errors),
                .group(Self.fields(fields, errors: errors)),
                .button(.type(.submit), .class("primary"), .text("Save a new version"))
            ))
    }

    /// The five parts of a plan as text boxes (the member's form and the operator's sample plan).
    static func fields(_ fields: PlanText.Fields, errors: Forms.Errors) -> [Node<HTML.FormContext>] {
        [
            Forms.textarea("goals", label: "Goals", value: fields.goals, errors: errors,
                           hint: "A goal per paragraph; steps on lines starting with “-”; add “by 2027-01-31” for a date.", maxLength: 20_000),
            Forms.textarea("triggers", label: "Triggers and what helps", value: fields.triggers, errors: errors,
                           hint: "One per line: “Payday: call my sponsor; go to the evening meeting”.", maxLength: 20_000),
            Forms.textarea("warning_signs", label: "Warning signs", value: fields.warningSigns, errors: errors, hint: "One per line.", maxLength: 20_000),
            Forms.textarea("people", label: "People to call", value: fields.people, errors: errors,
                           hint: "One per line: “Sam (sponsor): 555-0100”. A counsellor or a service can go here too — Professional help (in the Me menu) lists the ones your community recommends.", maxLength: 20_000),
            Forms.textarea("reasons", label: "My reasons for recovery", value: fields.reasons, errors: errors, hint: "One per line.", maxLength: 20_000),
        ]
    }

    static func render(_ plan: PlanContent) -> Node<HTML.BodyContext> {
        guard !plan.isEmpty else { return .p(.text("Nothing written yet. A plan can be short: one goal, one trigger and what helps, one person to call.")) }
        return .div(.class("plan"),
            .if(!plan.reasons.isEmpty, .section(.h2("My reasons"), .ul(.forEach(plan.reasons) { .li(.text($0)) }))),
            .if(!plan.goals.isEmpty, .section(.h2("Goals"), .ul(.forEach(plan.goals) { goal in
                .li(.strong(.text(goal.title)), .unwrap(goal.by) { .text(" — by \($0)") }, .ul(.forEach(goal.steps) { .li(.text($0)) }))
            }))),
            .if(!plan.triggers.isEmpty, .section(.h2("Triggers and what helps"), .ul(.forEach(plan.triggers) { t in
                .li(.strong(.text(t.trigger)), .if(!t.coping.isEmpty, .text(": " + t.coping.joined(separator: "; "))))
            }))),
            .if(!plan.warningSigns.isEmpty, .section(.h2("Warning signs"), .ul(.forEach(plan.warningSigns) { .li(.text($0)) }))),
            .if(!plan.people.isEmpty, .section(.h2("People to call"), .ul(.forEach(plan.people) { person in
                .li(.strong(.text(person.name)), .if(!person.contact.isEmpty, .text(": " + person.contact)))
            }), .p(.class("hint"), .a(.href(SiteURL.help.path), .text("Professional help your community recommends"))))))
    }
}
