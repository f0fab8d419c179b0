import Foundation

/// The JSON body of every API error: a stable code, a sentence, and the offending field(s).
struct APIErrorBody: Codable, Sendable {
    struct Detail: Codable, Sendable {
        var code: String
        var message: String
        var field: String?
        var fields: [FieldError]
    }
    var error: Detail

    init(_ error: AppError) {
        self.error = Detail(code: error.code, message: error.message, field: error.fields.first?.field, fields: error.fields)
    }
}
