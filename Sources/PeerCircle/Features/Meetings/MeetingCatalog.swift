import FluentKit
import SQLKit
import Foundation
import Synchronization

/// Every meeting in memory with a fortnight of occurrences in time order: the directory, the API,
/// the meeting pages and the Meeting Guide feed read from it, never the meetings table per request.
/// Ten thousand meetings take a few megabytes; the catalog is rebuilt when a meeting changes
/// (`DataVersion.meetings`) or when the fortnight runs short.
final class MeetingCatalog: Sendable {
    struct Listing: Sendable {
        let id: UUID
        let draft: MeetingDraft
        let pathway: Group.Pathway?
        let languages: [String]
        /// The feed it came from, or "local".
        let source: String
    }

    /// One occurrence: seconds since 1970 and the listing it belongs to.
    struct Slot: Sendable {
        let start: Int64
        let end: Int64
        let listing: Int32
    }

    let listings: [Listing]
    /// Occurrences overlapping the window, by start time, then name.
    let slots: [Slot]
    let window: Range<Date>
    /// Position of each listing when sorted by name, for ties at the same start.
    private let rank: [Int32]
    private let byID: [UUID: Int32]
    /// Listings with no time ("by appointment"), by name.
    private let appointments: [Int32]
    /// The towns as the search box's suggestions (`<option>`s), written once.
    let townOptions: String
    /// Place names for "near a town or postcode", normalised once.
    let places: MeetingPlaces.Index
    private let rows: [DirectoryRow]
    private let jsonRows: [DirectoryJSONRow]
    /// `/api/meeting-guide.json`, made once per catalog when first asked for.
    var feed: CachedBody {
        feedCache.withLock { cached in
            if let cached { return cached }
            let made = CachedBody(MeetingGuideFeed.export(Self.feedDrafts(listings)), contentType: "application/json; charset=utf-8", modified: modified)
            cached = made
            return made
        }
    }
    private let feedCache = Mutex<CachedBody?>(nil)
    private let modified: Date
    private let views = Mutex<[ViewKey: View]>([:])
    private let forms = Mutex<[String: String]>([:])
    private let sharedBodies = Mutex<[String: CachedBody]>([:])

    /// The longest a meeting is taken to run, for finding those in progress.
    static let longest: Int64 = 26 * 3600

    init(_ listings: [Listing], now: Date, feedBuiltAt: Date) {
        self.listings = listings
        let order = listings.indices.sorted { (listings[$0].draft.name, listings[$0].id.uuidString) < (listings[$1].draft.name, listings[$1].id.uuidString) }
        var rank = [Int32](repeating: 0, count: listings.count)
        for (position, index) in order.enumerated() { rank[index] = Int32(position) }
        self.rank = rank
        byID = Dictionary(uniqueKeysWithValues: listings.enumerated().map { ($0.element.id, Int32($0.offset)) })
        window = now.addingTimeInterval(-2 * 86_400)..<now.addingTimeInterval(16 * 86_400)
        var slots: [Slot] = []
        // Meetings share schedules (19:00 on Mondays in one zone): each distinct one is worked out once.
        var schedules: [String: [MeetingSchedule.Occurrence]] = [:]
        for (index, listing) in listings.enumerated() {
            let draft = listing.draft
            let key = "\(draft.timeZone)|\(draft.days)|\(draft.startTime ?? "")|\(draft.endTime ?? "")"
            let occurrences = schedules[key] ?? MeetingSchedule.occurrences(draft, from: window.lowerBound, to: window.upperBound)
            schedules[key] = occurrences
            for occurrence in occurrences {
                slots.append(Slot(start: Int64(occurrence.start.timeIntervalSince1970), end: Int64(occurrence.end.timeIntervalSince1970), listing: Int32(index)))
            }
        }
        slots.sort { ($0.start, rank[Int($0.listing)]) < ($1.start, rank[Int($1.listing)]) }
        self.slots = slots
        appointments = order.filter { listings[$0].draft.days.isEmpty || listings[$0].draft.startTime == nil }.map { Int32($0) }
        let drafts = listings.map(\.draft)
        places = MeetingPlaces.Index(drafts)
        townOptions = MeetingPlaces.towns(drafts).map { "<option value=\"" + AttributeText.escape($0) + "\"></option>" }.joined()
        rows = listings.map { DirectoryRow(id: $0.id, meeting: $0.draft) }
        jsonRows = listings.map { DirectoryJSONRow(id: $0.id, meeting: $0.draft) }
        modified = feedBuiltAt
    }

    /// Slugs are unique per feed; where two feeds share one, the feed's name keeps them apart.
    private static func feedDrafts(_ listings: [Listing]) -> [MeetingDraft] {
        let counts = Dictionary(listings.map { ($0.draft.slug, 1) }, uniquingKeysWith: +)
        return listings.map { listing in
            var draft = listing.draft
            if counts[draft.slug, default: 0] > 1 { draft.slug = "\(listing.source)-\(draft.slug)" }
            return draft
        }.sorted { $0.slug < $1.slug }
    }

    /// Whether the window still covers a week from `now`.
    func serves(_ now: Date) -> Bool {
        now.addingTimeInterval(-86_400) >= window.lowerBound && now.addingTimeInterval(8 * 86_400) <= window.upperBound
    }

    /// Read in one query of plain rows (whole models for ten thousand meetings cost seconds).
    static func load(on db: any Database, now: Date) async throws -> MeetingCatalog {
        struct Row: Decodable {
            let id: UUID, slug: String, name: String, days: String, timeZone: String, attendance: String, types: String, source: String
            let groupName, startTime, endTime, location, locationNotes, formattedAddress, address, city, state, postalCode: String?
            let country, region, conferenceUrl, conferenceUrlNotes, conferencePhone, conferencePhoneNotes, notes, url: String?
            let latitude, longitude: Double?
            let updatedAt: Date?
            let pathway: String?, languages: String?
        }
        let rows = try await (try db.sql).raw("""
            SELECT m.*, g.pathway AS pathway, g.languages AS languages
            FROM \(ident: Meeting.schema) m LEFT JOIN \(ident: Group.schema) g ON g.id = m.group_id
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let listings = rows.map { r in
            let draft = MeetingDraft(
                slug: r.slug, name: r.name, groupName: r.groupName, days: Meeting.days(r.days), startTime: r.startTime, endTime: r.endTime,
                timeZone: r.timeZone, location: r.location, locationNotes: r.locationNotes, formattedAddress: r.formattedAddress,
                address: r.address, city: r.city, state: r.state, postalCode: r.postalCode, country: r.country, region: r.region,
                latitude: r.latitude, longitude: r.longitude, conferenceURL: r.conferenceUrl, conferenceURLNotes: r.conferenceUrlNotes,
                conferencePhone: r.conferencePhone, conferencePhoneNotes: r.conferencePhoneNotes,
                attendance: Attendance(rawValue: r.attendance) ?? .inPerson, types: r.types.split(separator: "\n").map(String.init),
                notes: r.notes, url: r.url)
            return Listing(id: r.id, draft: draft, pathway: r.pathway.flatMap(Group.Pathway.init(rawValue:)),
                           languages: r.languages.map { $0.split(separator: ",").map(String.init) } ?? [], source: r.source)
        }
        let modified = rows.compactMap(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0)
        return MeetingCatalog(listings, now: now, feedBuiltAt: modified)
    }

    func listing(_ id: UUID) -> Listing? { byID[id].map { listings[Int($0)] } }

    /// The directory's filter form for a query, rendered once per catalog (it shows the towns, and
    /// otherwise only what the query says). Unusual queries (long values) are rendered every time.
    func form(for query: [String: String], render: () -> String) -> String {
        let key = MeetingFilter.fields.map { ($0, query[$0] ?? "") }.filter { !$0.1.isEmpty }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        guard key.utf8.count <= 256 else { return render() }
        if let cached = forms.withLock({ $0[key] }) { return cached }
        let html = render()
        forms.withLock { cache in
            if cache.count >= 256 { cache.removeAll() }
            cache[key] = html
        }
        return html
    }

    /// A response body for a key that names everything it shows (what was asked, the zone, the minute):
    /// made once, compressed once, and served to everyone asking the same in that minute — visitors'
    /// directory pages and the API's lists. Nil when `make` gives nothing to share (an error page).
    func shared(_ key: String, contentType: String, make: () async throws -> Data?) async throws -> CachedBody? {
        if let cached = sharedBodies.withLock({ $0[key] }) { return cached }
        guard let data = try await make() else { return nil }
        let body = CachedBody(data, contentType: contentType, modified: Date(), level: .defaultCompressionLevel)
        guard key.utf8.count <= 512 else { return body }
        sharedBodies.withLock { cache in
            if cache.count >= 512 { cache.removeAll() }
            cache[key] = body
        }
        return body
    }

    // MARK: - Filtered views

    private struct ViewKey: Hashable {
        let filter: MeetingFilter
        /// Only a day or time-of-day filter depends on the viewer's zone.
        let zone: String
    }

    /// The slots and appointments a filter keeps, in order.
    private struct View: Sendable {
        let slots: [Int32]
        let appointments: [Int32]
    }

    private func view(_ filter: MeetingFilter, zone: TimeZone) -> View {
        let key = ViewKey(filter: filter, zone: filter.day != nil || filter.timeOfDay != nil ? zone.identifier : "")
        if let cached = views.withLock({ $0[key] }) { return cached }
        let keep = listings.map { filter.matches($0.draft, pathway: $0.pathway, languages: $0.languages) }
        var kept: [Int32] = []
        // The viewer's offset from UTC: the same across the window unless a clock change falls in it.
        let first = zone.secondsFromGMT(for: window.lowerBound), last = zone.secondsFromGMT(for: window.upperBound)
        for (index, slot) in slots.enumerated() where keep[Int(slot.listing)] {
            if filter.day != nil || filter.timeOfDay != nil {
                let offset = first == last ? first : zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(slot.start)))
                let local = slot.start + Int64(offset)
                let days = Int((local - ((local % 86_400) + 86_400) % 86_400) / 86_400)
                // 1 January 1970 was a Thursday (Sunday = 0).
                if let day = filter.day, ((days + 4) % 7 + 7) % 7 != day { continue }
                if let time = filter.timeOfDay, !time.contains(hour: Int(((local % 86_400) + 86_400) % 86_400 / 3600)) { continue }
            }
            kept.append(Int32(index))
        }
        let view = View(slots: kept, appointments: appointments.filter { keep[Int($0)] })
        views.withLock { cache in
            // A small cache: a busy directory sees a few dozen distinct filters; anything more starts over.
            if cache.count >= 256 { cache.removeAll() }
            cache[key] = view
        }
        return view
    }

    /// Where a reader is in the list: a page number for the web, or the last occurrence seen for the API.
    enum Position: Sendable, Equatable {
        case page(Int)
        case after(DirectoryCursor)
    }

    struct Page: Sendable {
        let entries: [DirectoryEntry]
        /// Every occurrence in the next seven days that the filter keeps.
        let total: Int
        /// Where this page begins in that list.
        let offset: Int
        let next: DirectoryCursor?
        let appointments: [(UUID, MeetingDraft)]
    }

    /// The meetings on now or in the next `days`, a page at a time, soonest first.
    func upcoming(_ filter: MeetingFilter, zone: TimeZone, now: Date, at position: Position = .page(1), limit: Int = DirectoryPage.size,
                  days: Int = 7) -> Page {
        let view = view(filter, zone: zone)
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down)), until = nowSeconds + Int64(days) * 86_400
        // Those in progress began before now and have not ended; then everything from now on.
        let earliest = lowerBound(view.slots) { $0.start >= nowSeconds - Self.longest }
        let fromNow = lowerBound(view.slots) { $0.start >= nowSeconds }
        let end = lowerBound(view.slots) { $0.start >= until }
        let running = view.slots[earliest..<fromNow].filter { slots[Int($0)].end > nowSeconds }
        let total = running.count + (end - fromNow)
        func item(_ offset: Int) -> Int32 { offset < running.count ? running[offset] : view.slots[fromNow + offset - running.count] }
        var offset: Int
        switch position {
        case .page(let number):
            let last = max(1, (total + limit - 1) / limit)
            offset = (min(max(1, number), last) - 1) * limit
        case .after(let cursor):
            // The first occurrence after the one last seen, in the list's own order (start, then name).
            let cursorRank = byID[cursor.meeting].map { rank[Int($0)] } ?? Int32.max
            offset = total
            var low = 0
            while low < offset {
                let middle = (low + offset) / 2
                let slot = slots[Int(item(middle))]
                if (slot.start, rank[Int(slot.listing)]) <= (cursor.start, cursorRank) { low = middle + 1 } else { offset = middle }
            }
        }
        let shown = (offset..<min(total, offset + limit)).map { slots[Int(item($0))] }
        let entries = shown.map { slot in
            let listing = listings[Int(slot.listing)]
            let start = Date(timeIntervalSince1970: Double(slot.start))
            let status: DirectoryEntry.Status = slot.start <= nowSeconds ? .inProgress
                : slot.start - nowSeconds <= DirectoryPage.soon ? .startingIn(minutes: Int((Double(slot.start - nowSeconds) / 60).rounded(.up)))
                : .later
            return DirectoryEntry(id: listing.id, meeting: listing.draft, row: rows[Int(slot.listing)], json: jsonRows[Int(slot.listing)], occurrence: .init(start: start, end: Date(timeIntervalSince1970: Double(slot.end))),
                                  status: status, distanceKm: filter.distanceKm(listing.draft))
        }
        let next = offset + limit < total ? shown.last.map { DirectoryCursor(start: $0.start, meeting: listings[Int($0.listing)].id) } : nil
        return Page(entries: entries, total: total, offset: offset, next: next,
                    appointments: next == nil ? view.appointments.map { (listings[Int($0)].id, listings[Int($0)].draft) } : [])
    }

    private func lowerBound(_ list: [Int32], _ isAfter: (Slot) -> Bool) -> Int {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if isAfter(slots[Int(list[middle])]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

/// The last occurrence a reader saw: its start and its meeting. Written `START_MEETINGID`.
struct DirectoryCursor: Sendable, Equatable, LosslessStringConvertible {
    let start: Int64
    let meeting: UUID

    init(start: Int64, meeting: UUID) {
        self.start = start
        self.meeting = meeting
    }

    init?(_ description: String) {
        let parts = description.split(separator: "_")
        guard parts.count == 2, let first = parts.first, let last = parts.last, first.count <= 12,
              let start = Int64(first), let meeting = UUID(uuidString: String(last)) else { return nil }
        self.init(start: start, meeting: meeting)
    }

    var description: String { "\(start)_\(meeting.uuidString.lowercased())" }
}
