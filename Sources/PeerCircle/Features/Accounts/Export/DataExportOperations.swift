import Foundation
import OpenAPIRuntime
import PeerCircleAPI

/// "Download my data" over the API, on the same service as the web.
extension APIOperations {
    func requestDataExport(_ input: Operations.RequestDataExport.Input) async throws -> Operations.RequestDataExport.Output {
        guard case .json(let body) = input.body else { throw AppError.unsupportedMediaType }
        return .accepted(.init(body: .json(Self.export(try await DataExportService(deps: deps).request(for: try APICaller.member(), password: body.password)))))
    }

    func getDataExport(_ input: Operations.GetDataExport.Input) async throws -> Operations.GetDataExport.Output {
        .ok(.init(body: .json(Self.export(try await DataExportService(deps: deps).status(try APIPath.id(input.path.id), for: try APICaller.member())))))
    }

    func downloadDataExport(_ input: Operations.DownloadDataExport.Input) async throws -> Operations.DownloadDataExport.Output {
        let zip = try await DataExportService(deps: deps).download(try APIPath.id(input.path.id), for: try APICaller.member())
        return .ok(.init(body: .applicationZip(HTTPBody(zip))))
    }

    private static func export(_ status: DataExportService.Status) -> Components.Schemas.DataExport {
        .init(expiresAt: status.expiresAt, id: status.id.apiID, readyAt: status.readyAt, size: status.size,
              status: status.state == .ready ? .ready : status.state == .failed ? .failed : .pending)
    }
}
