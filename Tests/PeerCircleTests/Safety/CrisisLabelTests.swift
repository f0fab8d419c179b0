import FluentKit
import Foundation
import Hummingbird
import Testing
@testable import PeerCircle

/// What reviewers see of the screen's decision, and how their judgement becomes labelled examples.
@Suite struct CrisisLabelTests {
    /// Two moderators (and their double clicks) on one item at the same moment: one judgement, one label.
    @Test func manyModeratorsMarkingAtOnceMarkItOnce() async throws {
        try await TestApp.run { author in
            try await author.joinBoth("Struggling")
            let category = try await author.category("mental-health")
            #expect(try await author.post("/community/categories/\(category.lowercased())/new",
                                          ["title": "Late", "body": "got the pills counted out, tonight is the night", "kind": "discussion",
                                           "screen_ack": "yes"]).status == .seeOther)
            var moderators: [Client] = []
            for index in 0..<2 {
                let moderator = author.another()
                try await moderator.joinBoth("Watcher\(index)")
                try await moderator.grant(.moderator, to: "Watcher\(index)")
                moderators.append(moderator)
            }
            let item = try #require(try await moderators.first?.api(.get, "/api/v1/moderation/crisis-reviews").jsonList().first?["id"] as? String)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for attempt in 0..<8 {
                    let moderator = moderators[attempt % moderators.count]
                    group.addTask {
                        try await moderator.api(.post, "/api/v1/moderation/crisis-reviews/\(item)",
                                                json: ["status": attempt % 2 == 0 ? "reached_out" : "false_alarm"]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .noContent }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 7)
            #expect(try await CrisisLabel.query(on: author.database.db).count() == 1)
        }
    }

    @Test func reviewersSeeWhyAndTheirOutcomesBecomeLabels() async throws {
        try await TestApp.run { author in
            try await author.joinBoth("Struggling")
            let category = try await author.category("mental-health")
            let words = "got the pills counted out, tonight is the night"
            #expect(try await author.post("/community/categories/\(category.lowercased())/new",
                                          ["title": "Late", "body": words, "kind": "discussion", "screen_ack": "yes"]).status == .seeOther)
            let moderator = author.another()
            try await moderator.joinBoth("Watcher")
            try await moderator.grant(.moderator, to: "Watcher")
            let queue = try await moderator.api(.get, "/api/v1/moderation/crisis-reviews").jsonList()
            let reason = try #require(queue.first?["reason"] as? String)
            #expect(reason.contains("means") && reason.contains("time") && reason.contains("pills"))
            let page = try await moderator.get("/moderation/crisis").text
            #expect(page.contains("Why the screen worried: ") && page.contains("pills"))
            // "Reached out" confirms it; the words are kept with the member's id, so their erasure takes them.
            let item = try #require(queue.first?["id"] as? String)
            #expect(try await moderator.api(.post, "/api/v1/moderation/crisis-reviews/\(item)", json: ["status": "reached_out"]).status == .noContent)
            // Marked once: a replay is refused and adds no second label.
            #expect(try await moderator.api(.post, "/api/v1/moderation/crisis-reviews/\(item)", json: ["status": "false_alarm"]).errorCode == "already_reviewed")
            var labels = try await CrisisLabel.query(on: author.database.db).all()
            #expect(labels.count == 1 && labels.first?.crisis == true && labels.first?.text.contains("pills counted") == true)
            let authorID = try #require(labels.first?.$user.id)

            // A false alarm is kept as safe talk (another member's post: new members start one thread a day).
            let joke = "this step study is killing me, i want to die lol… kidding, see you all tonight"
            let joker = author.another()
            try await joker.joinBoth("Joker")
            let jokePost = try await joker.post("/community/categories/\(category.lowercased())/new",
                                      ["title": "Long night", "body": "i want to die, this meeting went on for three hours", "kind": "discussion", "screen_ack": "yes"])
            #expect(jokePost.status == .seeOther, "\(jokePost.text.prefix(3000))")
            let second = try await moderator.api(.get, "/api/v1/moderation/crisis-reviews").jsonList()
            let id = try #require(second.first?["id"] as? String)
            #expect(try await moderator.api(.post, "/api/v1/moderation/crisis-reviews/\(id)", json: ["status": "false_alarm"]).status == .noContent)
            labels = try await CrisisLabel.query(on: author.database.db).filter(\.$crisis == false).all()
            #expect(labels.count == 1)

            // Missed words: web and API, validated, without an author; the outsider gets 404 on both.
            let empty = try await moderator.post("/moderation/crisis/missed", ["text": "   "])
            #expect(empty.status == .unprocessableContent && empty.text.contains("Paste the words the screen missed"))
            let hostile = "<script>alert(1)</script>\"><img src=x> i left the car running in the closed garage"
            #expect(try await moderator.post("/moderation/crisis/missed", ["text": hostile]).status == .seeOther)
            #expect(try await moderator.api(.post, "/api/v1/moderation/crisis-labels", json: ["text": String(repeating: "x", count: 2_001)]).errorField == "text")
            #expect(try await moderator.api(.post, "/api/v1/moderation/crisis-labels", json: ["text": "wrote my goodbyes\tand\nleft them"]).status == .created)
            #expect(try await author.post("/moderation/crisis/missed", ["text": joke]).status == .notFound)
            #expect(try await author.api(.post, "/api/v1/moderation/crisis-labels", json: ["text": joke]).status == .notFound)
            let missed = try await CrisisLabel.query(on: author.database.db).filter(\.$category == "missed").all()
            #expect(missed.count == 2 && missed.allSatisfy { $0.crisis && $0.$user.id == nil })
            #expect(!(try await moderator.get("/moderation/crisis").text.contains("<script>alert(1)")))

            // The export is one well-formed line per label (tabs and line breaks flattened), readable by the evaluator.
            let deps = AppDependencies(database: author.database, configuration: AppConfiguration(), crisisLines: CrisisDirectory(),
                                       now: { Date() }, passwordCost: 4)
            let lines = try await CrisisReviewService(deps: deps).exportLabels()
            let set = try CrisisLabelledSet(lines.joined(separator: "\n"))
            #expect(set.examples.count == lines.count && lines.count >= 3)
            #expect(set.examples.contains { $0.text == "wrote my goodbyes and left them" && $0.category == "missed" })

            // Erasing the author's account takes their labelled words with it; pasted ones stay.
            #expect(try await author.api(.delete, "/api/v1/me", json: ["password": "correct horse"]).status == .noContent)
            let left = try await CrisisLabel.query(on: moderator.database.db).all()
            #expect(!left.contains { $0.$user.id == authorID } && left.count == 3)
        }
    }

    @Test func anOverdoseNowPutsTheEmergencyCallAndNaloxoneFirst() async throws {
        try await TestApp.run { member in
            try await member.joinBoth("Worried")
            try await member.trust("Worried")
            let friend = member.another()
            try await friend.joinBoth("Roomie")
            let words = "my roommate is blue and wont wake up after using"
            let asked = try await member.post("/messages", ["to": "Roomie", "body": words])
            #expect(asked.status == .ok)
            let html = asked.text
            let call = try #require(html.range(of: SafetyPrompt.overdoseHeading))
            let general = try #require(html.range(of: "It sounds like things are really hard"))
            #expect(call.lowerBound < general.lowerBound)
            #expect(html.contains("Naloxone") || html.contains("naloxone"))
            let draft = try await member.api(.post, "/api/v1/screen", json: ["text": words]).json()
            #expect(draft["category"] as? String == "overdose" && (draft["steps"] as? [String])?.isEmpty == false)
            // Other worries do not show the overdose steps.
            let other = try await member.post("/messages", ["to": "Roomie", "body": "everyone would be better off without me"])
            #expect(other.text.contains("It sounds like things are really hard") && !other.text.contains(SafetyPrompt.overdoseHeading))
        }
    }
}
