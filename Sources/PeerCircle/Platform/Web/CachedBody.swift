import CompressNIO
import Crypto
import Foundation
import Hummingbird

/// A response body made once and served many times: with an `ETag` and `Last-Modified`, so a
/// client holding the current copy gets 304 Not Modified, and compressed once with gzip for
/// clients that accept it.
struct CachedBody: Sendable {
    let plain: ByteBuffer
    let gzip: ByteBuffer?
    let etag: String
    let lastModified: String
    let contentType: String

    init(_ data: Data, contentType: String, modified: Date, level: ZlibConfiguration.CompressionLevel = .bestCompression) {
        plain = ByteBuffer(bytes: data)
        gzip = Compression.gzip(plain, level: level)
        // The content's own hash: every instance gives the same tag for the same body.
        etag = "\"" + SHA256.hash(data: data).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
        lastModified = TimeText.format(modified, .gmt, "EEE, dd MMM yyyy HH:mm:ss 'GMT'")
        self.contentType = contentType
    }

    func response(to request: Request, cacheControl: String = "no-cache", extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.eTag: etag, .lastModified: lastModified, .cacheControl: cacheControl, .vary: "Accept-Encoding"]
        headers.append(contentsOf: extra)
        if isCurrent(request) { return Response(status: .notModified, headers: headers) }
        headers[.contentType] = contentType
        if let gzip, Compression.accepted(request) {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: gzip))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: plain))
    }

    /// The client's copy is this one: its `If-None-Match` names our tag (or `*`), or, without one,
    /// its `If-Modified-Since` repeats our `Last-Modified`.
    private func isCurrent(_ request: Request) -> Bool {
        if let tags = request.headers[.ifNoneMatch] {
            return tags.split(separator: ",").contains { tag in
                let tag = tag.trimmingCharacters(in: .whitespaces)
                return tag == "*" || tag == etag || tag == "W/" + etag
            }
        }
        return request.headers[.ifModifiedSince] == lastModified
    }
}

/// gzip for HTTP bodies.
enum Compression {
    /// Smaller bodies are not worth the client's time to inflate.
    static let smallest = 1_024

    /// Whether the request's `Accept-Encoding` allows gzip: named without `q=0`, or else `*` without it.
    static func accepted(_ request: Request) -> Bool {
        guard let header = request.headers[.acceptEncoding] else { return false }
        var qualities: [String: Double] = [:]
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first else { continue }
            qualities[coding] = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
        }
        return (qualities["gzip"] ?? qualities["*"] ?? 0) > 0
    }

    /// The body compressed, or nil when it is too small to bother or would not shrink.
    /// Pages made per request use the fastest level (most of the saving at a fifth of the cost).
    static func gzip(_ body: ByteBuffer, level: ZlibConfiguration.CompressionLevel = .fastestCompression) -> ByteBuffer? {
        guard body.readableBytes >= smallest else { return nil }
        var input = body
        guard let compressed = try? input.compress(with: .gzip(configuration: .init(compressionLevel: level))),
              compressed.readableBytes < body.readableBytes else { return nil }
        return compressed
    }
}
