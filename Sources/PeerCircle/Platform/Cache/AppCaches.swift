/// What one instance keeps in memory, each part rebuilt when its `DataVersion` moves. Made once per
/// application (tests hold on to it to say what they changed behind the server's back).
public final class AppCaches: Sendable {
    /// Every meeting (see `MeetingCatalog`).
    let meetings = VersionedCache<MeetingCatalog>(.meetings)
    /// The mentors matching ranks (see `MentorProfileService.candidates`).
    let mentors = VersionedCache<MentorPool>(.mentors)
    /// Group events of the next 30 days, shown on the directory's first page.
    let events = VersionedCache<UpcomingEvents>(.events)
    /// Signed-in members by session token (see `SessionTable`).
    let sessions = VersionedCache<SessionTable>(.accounts)
    /// What forum pages show, checked against the forum's version on every read (see `ForumCache`).
    let forum = ForumCache()

    public init() {}

    /// This instance's cache of `kind` asks the database again at its next read.
    func changed(_ kind: DataVersion.Kind) {
        switch kind {
        case .meetings: meetings.invalidate()
        case .mentors: mentors.invalidate()
        case .events: events.invalidate()
        case .accounts: sessions.invalidate()
        case .forum: forum.invalidate()
        }
    }
}
