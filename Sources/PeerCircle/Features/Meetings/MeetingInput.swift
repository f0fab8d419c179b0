import Foundation

/// A meeting as a facilitator types it, before validation.
struct MeetingInput: Sendable, Equatable {
    var name = ""
    var days: [String] = []
    var startTime = ""
    var endTime = ""
    var timeZone = ""
    var location = ""
    var address = ""
    var conferenceURL = ""
    var conferencePhone = ""
    var types: [String] = []
    var notes = ""

    /// The types most groups use, offered as checkboxes; feeds may carry any listed code.
    static let commonTypes = ["O", "C", "D", "SP", "B", "ST", "BE", "W", "M", "LGBTQ", "Y", "X", "EN", "S"]

    func validate() throws(AppError) -> MeetingDraft {
        var check = Validation()
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check((2...120).contains(name.count), "name", "Use between 2 and 120 characters.")
        let days = days.compactMap { Int($0) }.filter { (0...6).contains($0) }
        check.check(!days.isEmpty && days.count == self.days.count, "days", "Choose the day or days it meets.")
        let start = (try? MeetingGuideFeed.time(startTime).get()) ?? nil
        check.check(start != nil, "start_time", "Enter the start time, e.g. 19:30.")
        let end = (try? MeetingGuideFeed.time(endTime).get()) ?? nil
        check.check(endTime.isEmpty || end != nil, "end_time", "Enter the end time, e.g. 20:30, or leave it empty.")
        check.check(TimeZone(identifier: timeZone) != nil, "time_zone", "Choose a time zone from the list.")
        let url = conferenceURL.trimmingCharacters(in: .whitespaces)
        check.check(url.isEmpty || MeetingGuideFeed.webURL(url) != nil, "conference_url", "Use a full https:// address, or leave it empty.")
        let phone = conferencePhone.trimmingCharacters(in: .whitespaces)
        check.check(phone.allSatisfy { "0123456789+,*# ()-".contains($0) }, "conference_phone", "Use digits, spaces and + , * # only.")
        let address = address.trimmingCharacters(in: .whitespacesAndNewlines)
        check.check(!address.isEmpty || !url.isEmpty || !phone.isEmpty, "address",
                    "Give an address, or an online link or phone number — people need to know how to get there.")
        check.check(types.allSatisfy { MeetingTypes.meanings[$0] != nil }, "types", "Choose types from the list.")
        check.check(notes.count <= 2000, "notes", "Use at most 2000 characters.")
        check.check(location.count <= 200 && address.count <= 300, "location", "Keep the place name and address shorter.")
        try check.finish()
        let online = !url.isEmpty || !phone.isEmpty
        func optional(_ s: String) -> String? {
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        return MeetingDraft(
            slug: "", name: name, days: days.sorted(), startTime: start, endTime: end, timeZone: timeZone,
            location: optional(location), formattedAddress: optional(address), conferenceURL: optional(url),
            conferencePhone: optional(phone),
            attendance: online ? (address.isEmpty ? .online : .hybrid) : .inPerson,
            types: types, notes: optional(notes))
    }
}

extension MeetingDraft {
    /// A draft with the fields every meeting has; the rest start empty.
    init(
        slug: String, name: String, days: [Int], startTime: String?, endTime: String? = nil, timeZone: String,
        location: String? = nil, formattedAddress: String? = nil, conferenceURL: String? = nil,
        conferencePhone: String? = nil, attendance: Attendance, types: [String], notes: String? = nil
    ) {
        self.init(
            slug: slug, name: name, groupName: nil, days: days, startTime: startTime, endTime: endTime, timeZone: timeZone,
            location: location, locationNotes: nil, formattedAddress: formattedAddress, address: nil, city: nil,
            state: nil, postalCode: nil, country: nil, region: nil, latitude: nil, longitude: nil,
            conferenceURL: conferenceURL, conferenceURLNotes: nil, conferencePhone: conferencePhone,
            conferencePhoneNotes: nil, attendance: attendance, types: types, notes: notes, url: nil)
    }
}
