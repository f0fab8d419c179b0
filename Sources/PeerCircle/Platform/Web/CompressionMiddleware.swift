import HTTPTypes
import Hummingbird

/// Compresses pages and JSON with gzip for clients that accept it: directory pages and API lists
/// shrink five- to tenfold, which matters most on a phone in a hurry. Bodies already encoded, too
/// small, or of other types pass through untouched.
struct CompressionMiddleware<Context: RequestContext>: RouterMiddleware {
    static var compressible: [String] { ["text/html", "application/json", "text/calendar", "text/css", "text/javascript", "text/plain"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard request.method != .head, response.status.code >= 200, response.status != .noContent, response.status != .notModified,
              response.headers[.contentEncoding] == nil,
              let type = response.headers[.contentType], Self.compressible.contains(where: type.hasPrefix)
        else { return response }
        if !response.headers[values: .vary].contains("Accept-Encoding") { response.headers.append(HTTPField(name: .vary, value: "Accept-Encoding")) }
        guard Compression.accepted(request) else { return response }
        let collector = BodyCollector()
        let body = response.body
        try await body.write(collector)
        if let compressed = Compression.gzip(collector.buffer) {
            response.headers[.contentEncoding] = "gzip"
            response.headers[.contentLength] = nil
            response.body = .init(byteBuffer: compressed)
        } else {
            response.body = .init(byteBuffer: collector.buffer)
        }
        return response
    }
}

/// Gathers a response body written in pieces into one buffer.
private final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ piece: ByteBuffer) async throws {
        var piece = piece
        buffer.writeBuffer(&piece)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
