import Foundation

/// Ids in API answers are written in lower case, as in every web path and live message, so a
/// client can compare them as strings. (Foundation writes `UUID` in upper case.)
@propertyWrapper
struct LowercaseID<Value: LowercaseIDEncodable>: Codable, Sendable {
    var wrappedValue: Value

    init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
    init(from decoder: any Decoder) throws { wrappedValue = try Value(from: decoder) }
    func encode(to encoder: any Encoder) throws { try wrappedValue.encodeLowercased(to: encoder) }
}

protocol LowercaseIDEncodable: Codable, Sendable {
    func encodeLowercased(to encoder: any Encoder) throws
}

extension UUID: LowercaseIDEncodable {
    func encodeLowercased(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(uuidString.lowercased())
    }
}

extension Optional: LowercaseIDEncodable where Wrapped == UUID {
    func encodeLowercased(to encoder: any Encoder) throws {
        guard let id = self else {
            var container = encoder.singleValueContainer()
            return try container.encodeNil()
        }
        try id.encodeLowercased(to: encoder)
    }
}

extension Array: LowercaseIDEncodable where Element == UUID {
    func encodeLowercased(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for id in self { try container.encode(id.uuidString.lowercased()) }
    }
}
