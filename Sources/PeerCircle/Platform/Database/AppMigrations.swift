import FluentKit

/// Every migration, in the order it landed. Never reorder or edit one that has shipped; add a new one.
enum AppMigrations {
    static let all: [any Migration] = [
        CreateUsers(),
        CreateUserRoles(),
        CreateSessions(),
        CreateLoginFailures(),
        CreateSharingGrants(),
        CreateClocks(),
        CreateClockAttempts(),
        CreateCheckIns(),
        CreateMeetings(),
        CreateSavedMeetings(),
        CreateCalendarTokens(),
        CreateGroups(),
        AddGroupToMeetings(),
        CreateRooms(),
        CreateAttendanceRecords(),
        CreateGroupEvents(),
        CreateMentorship(),
        CreateConversations(),
        CreateRecoveryPlans(),
        CreateCommunity(),
        CreateSafetyNet(),
        CreatePasswordResets(),
        AddCheckInSafety(),
        CreateEmailChanges(),
        CreateRateEvents(),
        AddSafetyReach(),
        AddFirstSteps(),
        AddThreadPinning(),
        CreateSiteTexts(),
        AddMailClaims(),
        CreateCrisisLabels(),
        CreateDataVersions(),
    ]
}
