import Testing
@testable import PeerCircle
@Test func builds() { #expect(!PeerCircleVersion.string.isEmpty) }
