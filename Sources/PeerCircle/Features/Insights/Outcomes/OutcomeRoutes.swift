import Foundation
import Hummingbird

/// The operator's outcomes page and its CSV (administrators only).
struct OutcomeRoutes: Sendable {
    let deps: AppDependencies

    func register(_ members: RouterGroup<MemberContext>) {
        members.get(RouterPath(SiteURL.outcomes.path)) { _, context in
            OutcomeViews.page(PageContext(context), try await OutcomeService(deps: deps).report(by: context.member))
        }
        members.get(RouterPath(SiteURL.outcomesCSV.path)) { _, context in
            let report = try await OutcomeService(deps: deps).report(by: context.member)
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"outcomes.csv\"",
                                                   .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: OutcomeTable.csv(report))))
        }
    }
}
