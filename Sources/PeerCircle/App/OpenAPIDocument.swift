import Foundation
import Hummingbird

/// The OpenAPI 3.1 description of `/api/v1`, kept as a JSON file beside the code
/// (`Resources/openapi.json`); a test fails when it and the router disagree.
enum OpenAPIDocument {
    static let data: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url)
        else { return Data("{}".utf8) }
        return data
    }()

    static var response: Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
