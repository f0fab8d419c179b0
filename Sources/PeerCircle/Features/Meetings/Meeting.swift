import FluentKit
import Foundation

/// A weekly meeting: on one or more weekdays at a local time in an IANA time zone, in person
/// and/or online. Imported meetings keep the feed's slug as their key.
// See User for why @unchecked.
final class Meeting: Model, @unchecked Sendable {
    static let schema = "meetings"

    // identity
    @ID(key: .id) var id: UUID?
    /// Unique key shared with Meeting Guide feeds; re-importing updates by slug.
    @Field(key: "slug") var slug: String
    // data
    @Field(key: "name") var name: String
    @OptionalField(key: "group_name") var groupName: String?
    /// Weekdays, 0 = Sunday … 6 = Saturday, comma-separated; empty for "by appointment".
    @Field(key: "days") var days: String
    /// `HH:mm` local time; nil for "by appointment".
    @OptionalField(key: "start_time") var startTime: String?
    @OptionalField(key: "end_time") var endTime: String?
    @Field(key: "time_zone") var timeZone: String
    @OptionalField(key: "location") var location: String?
    @OptionalField(key: "location_notes") var locationNotes: String?
    @OptionalField(key: "formatted_address") var formattedAddress: String?
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "city") var city: String?
    @OptionalField(key: "state") var state: String?
    @OptionalField(key: "postal_code") var postalCode: String?
    @OptionalField(key: "country") var country: String?
    @OptionalField(key: "region") var region: String?
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    @OptionalField(key: "conference_url") var conferenceURL: String?
    @OptionalField(key: "conference_url_notes") var conferenceURLNotes: String?
    @OptionalField(key: "conference_phone") var conferencePhone: String?
    @OptionalField(key: "conference_phone_notes") var conferencePhoneNotes: String?
    /// Meeting Guide type codes, one per line.
    /// in_person, online, hybrid or inactive (Meeting Guide `attendance_option`).
    @Field(key: "attendance") var attendance: String
    @Field(key: "types") var typesText: String
    @OptionalField(key: "notes") var notes: String?
    @OptionalField(key: "url") var url: String?
    /// Where it came from: the feed's name for imports (slugs are unique within one feed, not
    /// across intergroups), or "local" for meetings made here.
    @Field(key: "source") var source: String
    // relationships
    @OptionalParent(key: "group_id") var group: Group?
    // timestamps
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(_ draft: MeetingDraft, source: String) {
        self.source = source
        apply(draft)
    }

    func apply(_ d: MeetingDraft) {
        slug = d.slug; name = d.name; groupName = d.groupName
        days = d.days.map(String.init).joined(separator: ",")
        startTime = d.startTime; endTime = d.endTime; timeZone = d.timeZone
        location = d.location; locationNotes = d.locationNotes; formattedAddress = d.formattedAddress
        address = d.address; city = d.city; state = d.state; postalCode = d.postalCode; country = d.country
        region = d.region; latitude = d.latitude; longitude = d.longitude
        conferenceURL = d.conferenceURL; conferenceURLNotes = d.conferenceURLNotes
        conferencePhone = d.conferencePhone; conferencePhoneNotes = d.conferencePhoneNotes
        attendance = d.attendance.rawValue
        typesText = d.types.joined(separator: "\n"); notes = d.notes; url = d.url
    }

    /// "1,3" → [1, 3]: weekdays as stored.
    static func days(_ text: String) -> [Int] { text.split(separator: ",").compactMap { Int($0) }.filter { (0...6).contains($0) } }

    var draft: MeetingDraft {
        MeetingDraft(
            slug: slug, name: name, groupName: groupName,
            days: Self.days(days), startTime: startTime, endTime: endTime,
            timeZone: timeZone, location: location, locationNotes: locationNotes, formattedAddress: formattedAddress,
            address: address, city: city, state: state, postalCode: postalCode, country: country, region: region,
            latitude: latitude, longitude: longitude, conferenceURL: conferenceURL,
            conferenceURLNotes: conferenceURLNotes, conferencePhone: conferencePhone,
            conferencePhoneNotes: conferencePhoneNotes, attendance: Attendance(rawValue: attendance) ?? .inPerson, types: typesText.split(separator: "\n").map(String.init),
            notes: notes, url: url)
    }
}

/// A meeting's data without identity: what an import compares to decide "unchanged".
struct MeetingDraft: Sendable, Equatable {
    var slug: String
    var name: String
    var groupName: String?
    var days: [Int]
    var startTime: String?
    var endTime: String?
    var timeZone: String
    var location: String?
    var locationNotes: String?
    var formattedAddress: String?
    var address: String?
    var city: String?
    var state: String?
    var postalCode: String?
    var country: String?
    var region: String?
    var latitude: Double?
    var longitude: Double?
    var conferenceURL: String?
    var conferenceURLNotes: String?
    var conferencePhone: String?
    var conferencePhoneNotes: String?
    var attendance: Attendance
    var types: [String]
    var notes: String?
    var url: String?

    /// The address as one line, whichever way the feed gave it.
    var fullAddress: String {
        formattedAddress ?? [address, city, state, postalCode, country].compactMap { $0 }.joined(separator: ", ")
    }

    var isOnline: Bool { attendance == .online || attendance == .hybrid }
    var isInPerson: Bool { attendance == .inPerson || attendance == .hybrid }
}

/// How people take part, as Meeting Guide's `attendance_option` says it.
enum Attendance: String, Sendable, Codable, CaseIterable {
    case inPerson = "in_person"
    case online
    case hybrid
    /// Temporarily closed, with no online option.
    case inactive

    var title: String {
        switch self {
        case .inPerson: "In person"
        case .online: "Online"
        case .hybrid: "In person and online"
        case .inactive: "Temporarily closed"
        }
    }
}

struct CreateMeetings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Meeting.schema)
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("group_name", .string)
            .field("days", .string, .required)
            .field("start_time", .string)
            .field("end_time", .string)
            .field("time_zone", .string, .required)
            .field("location", .string)
            .field("location_notes", .string)
            .field("formatted_address", .string)
            .field("address", .string)
            .field("city", .string)
            .field("state", .string)
            .field("postal_code", .string)
            .field("country", .string)
            .field("region", .string)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("conference_url", .string)
            .field("conference_url_notes", .string)
            .field("conference_phone", .string)
            .field("conference_phone_notes", .string)
            .field("attendance", .string, .required)
            .field("types", .string, .required)
            .field("notes", .string)
            .field("url", .string)
            .field("source", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "source", "slug")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Meeting.schema).delete()
    }
}
