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
        lastModified = HTTPDate.format(modified)
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

    /// Whether the request's `Accept-Encoding` allows gzip (not refused with `q=0`).
    static func accepted(_ request: Request) -> Bool {
        guard let header = request.headers[.acceptEncoding] else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "*" else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
        return false
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

/// Dates as HTTP writes them: "Sun, 06 Nov 1994 08:49:37 GMT".
enum HTTPDate {
    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
