import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OpenAPIRuntime
import PeerCircleClient

/// Carries the generated client's requests to the application under test, so the API tests check the
/// OpenAPI document, the server and the client library together.
struct TestClientTransport: ClientTransport {
    let client: any TestClientProtocol

    func send(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String) async throws -> (HTTPResponse, HTTPBody?) {
        var bytes: ByteBuffer?
        if let body { bytes = ByteBuffer(bytes: try await [UInt8](collecting: body, upTo: 16 << 20)) }
        let response = try await client.executeRequest(uri: request.path ?? "/", method: request.method, headers: request.headerFields, body: bytes)
        return (HTTPResponse(status: response.status, headerFields: response.headers), HTTPBody(Array(buffer: response.body)))
    }
}

extension Client {
    /// This person as a Swift app sees the API: the generated client, with their bearer token.
    var app: PeerCircleAPI {
        let token = bearer
        return PeerCircleAPI(serverURL: URL(string: "http://localhost")!, transport: TestClientTransport(client: testClient)) { token }
    }
}
