import Foundation
import Testing
@testable import PeerCircle

/// Issue 18: no subject or notification email names addiction, recovery, a crisis or what was written.
@Suite struct NotificationWordingTests {
    @Test func noEmailTemplateUsesAWordThatGivesThePersonAway() {
        let texts = NotificationWording.everyText(site: "PeerCircle") + MailSubject.all(site: "PeerCircle")
        #expect(texts.count > 60)
        for text in texts {
            let lower = text.lowercased()
            for word in NotificationWording.forbidden {
                #expect(!lower.contains(word), "“\(word)” in: \(text)")
            }
        }
    }

    @Test func theInstanceNameIsTheOperatorsAndTheListCatchesWhatItShould() throws {
        #expect(NotificationWording.subject(.message, site: "Harbour Circle") == "You have a new message on Harbour Circle")
        #expect(MailSubject.passwordReset(site: "Harbour Circle") == "Set a new Harbour Circle password")
        // The check itself can fail: a subject with such a word is caught.
        let caught = ["Your recovery update", "SOS from a friend", "A craving alert"].filter { subject in
            NotificationWording.forbidden.contains { subject.lowercased().contains($0) }
        }
        #expect(caught.count == 3)
        // An operator's name that would itself give it away is still the operator's to choose; the
        // configuration accepts one line of up to 60 characters.
        var problems: [String] = []
        for name in ["   ", String(repeating: "x", count: 61), "Two\nlines"] {
            problems += Self.problems(["PEERCIRCLE_INSTANCE_NAME": name])
        }
        #expect(problems.count == 3 && problems.allSatisfy { $0.hasPrefix("PEERCIRCLE_INSTANCE_NAME") })
    }

    static func problems(_ environment: [String: String]) -> [String] {
        do {
            _ = try AppConfiguration.load(environment: environment)
            return []
        } catch {
            return error.problems
        }
    }
}
