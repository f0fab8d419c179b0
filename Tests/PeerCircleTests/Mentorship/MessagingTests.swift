import Foundation
import Testing
@testable import PeerCircle

/// Message requests, visibility to the two people only, blocks, limits, edits and "delete for me".
@Suite struct MessagingTests {
    @Test func aStrangersMessageIsARequestUntilAcceptedAndReplyingAcceptsIt() async throws {
        try await TestApp.run { alex in
            try await alex.joinBoth("Alex")
            try await alex.trust("Alex")
            let sam = alex.another()
            try await sam.joinBoth("Sam")
            let started = try await alex.api(.post, "/api/v1/conversations", json: ["to": "sam", "body": "Hi, saw your post"])
            #expect(started.status == .created)
            var inbox = try await sam.api(.get, "/api/v1/conversations").jsonList()
            #expect(inbox.count == 1 && inbox[0]["request_to_me"] as? Bool == true && inbox[0]["unread"] as? Int == 1)
            let id = inbox[0]["id"] as! String
            #expect(try await sam.get("/messages").text.contains("Message requests"))
            // The asker waits: a second message is refused and nothing is stored.
            let again = try await alex.api(.post, "/api/v1/conversations/\(id)/messages", json: ["body": "hello??"])
            #expect(again.status == .conflict && again.errorCode == "awaiting_acceptance")
            // Reading marks it read; replying accepts.
            #expect(try await sam.api(.get, "/api/v1/conversations/\(id)/messages").jsonList().count == 1)
            #expect(try await sam.api(.post, "/api/v1/conversations/\(id)/messages", json: ["body": "Hi back"]).status == .created)
            inbox = try await sam.api(.get, "/api/v1/conversations").jsonList()
            #expect(inbox[0]["status"] as? String == "accepted" && inbox[0]["unread"] as? Int == 0)
            #expect(try await alex.api(.get, "/api/v1/conversations").jsonList()[0]["unread"] as? Int == 1)
            #expect(try await alex.api(.post, "/api/v1/conversations/\(id)/messages", json: ["body": "Thanks"]).status == .created)
        }
    }

    @Test func newMembersCannotWriteToStrangersYet() async throws {
        try await TestApp.run { newcomer in
            try await newcomer.joinBoth("Newcomer")
            let other = newcomer.another()
            try await other.joinBoth("Stranger")
            let refused = try await newcomer.api(.post, "/api/v1/conversations", json: ["to": "Stranger", "body": "hi"])
            #expect(refused.status == .conflict && refused.errorCode == "trust_too_low" && refused.errorField == "to")
            #expect(try await other.api(.get, "/api/v1/conversations").jsonList().isEmpty)
            let form = try await newcomer.post("/messages", ["to": "Stranger", "body": "hi there"])
            #expect(form.status == .conflict && form.text.contains("Find a mentor") && form.text.contains("hi there"))
            try await newcomer.trust("Newcomer")
            #expect(try await newcomer.api(.post, "/api/v1/conversations", json: ["to": "Stranger", "body": "hi"]).status == .created)
        }
    }

    @Test func aDeclinedRequestDisappearsForTheRecipientAndTheAskerCannotWriteAgain() async throws {
        try await TestApp.run { alex in
            try await alex.joinBoth("Asker")
            try await alex.trust("Asker")
            let sam = alex.another()
            try await sam.joinBoth("Decliner")
            _ = try await alex.api(.post, "/api/v1/conversations", json: ["to": "Decliner", "body": "hey"])
            let id = try await sam.api(.get, "/api/v1/conversations").jsonList()[0]["id"] as! String
            #expect(try await sam.post("/messages/\(id)/answer?answer=decline", [:]).status == .seeOther)
            #expect(try await sam.api(.get, "/api/v1/conversations").jsonList().isEmpty)
            #expect(try await sam.get("/messages/\(id)").status == .notFound)
            let retry = try await alex.api(.post, "/api/v1/conversations", json: ["to": "Decliner", "body": "please"])
            #expect(retry.errorCode == "request_declined")
            #expect(try await alex.api(.get, "/api/v1/conversations/\(id)/messages").jsonList().count == 1)
        }
    }

    @Test func onlyThePairSeesMessagesAndBlocksStopEverything() async throws {
        try await TestApp.run { alex in
            try await alex.joinBoth("One")
            try await alex.trust("One")
            let sam = alex.another()
            try await sam.joinBoth("Two")
            let third = alex.another()
            try await third.joinBoth("Three")
            _ = try await alex.api(.post, "/api/v1/conversations", json: ["to": "Two", "body": "private words"])
            let id = try await sam.api(.get, "/api/v1/conversations").jsonList()[0]["id"] as! String
            _ = try await sam.api(.post, "/api/v1/conversations/\(id)/accept")
            let message = try await alex.api(.get, "/api/v1/conversations/\(id)/messages").jsonList()[0]["id"] as! String

            #expect(try await third.api(.get, "/api/v1/conversations/\(id)/messages").status == .notFound)
            #expect(try await third.api(.post, "/api/v1/conversations/\(id)/messages", json: ["body": "x"]).status == .notFound)
            #expect(try await third.api(.post, "/api/v1/conversations/\(id)/accept").status == .notFound)
            #expect(try await third.api(.patch, "/api/v1/messages/\(message)", json: ["body": "x"]).status == .notFound)
            #expect(try await third.api(.delete, "/api/v1/messages/\(message)").status == .notFound)
            let page = try await third.get("/messages/\(id)")
            #expect(page.status == .notFound && !page.text.contains("private words"))
            #expect(try await third.post("/messages/\(id)", ["body": "x"]).status == .notFound)
            #expect(try await third.post("/message/\(message)/edit", ["body": "x"]).status == .notFound)
            #expect(try await third.post("/message/\(message)/delete", [:]).status == .notFound)
            // The recipient cannot edit the sender's message either.
            #expect(try await sam.api(.patch, "/api/v1/messages/\(message)", json: ["body": "x"]).status == .notFound)

            // Blocked either way: no messages, no new conversation, and a web form says why.
            #expect(try await sam.api(.post, "/api/v1/blocks", json: ["pseudonym": "One"]).status == .created)
            let refused = try await alex.api(.post, "/api/v1/conversations/\(id)/messages", json: ["body": "are you there"])
            #expect(refused.status == .conflict && refused.errorCode == "blocked")
            #expect(try await sam.api(.post, "/api/v1/conversations/\(id)/messages", json: ["body": "x"]).errorCode == "blocked")
            let form = try await alex.post("/messages", ["to": "Two", "body": "new thread"])
            #expect(form.status == .conflict && form.text.contains("You can't message this member") && form.text.contains("new thread"))
            #expect(try await sam.api(.get, "/api/v1/conversations/\(id)/messages").jsonList().count == 1)
            #expect(try await sam.api(.get, "/api/v1/blocks").jsonList().map { $0["pseudonym"] as? String } == ["One"])
            let oneID = try await sam.api(.get, "/api/v1/blocks").jsonList()[0]["user_id"] as! String
            #expect(try await sam.api(.delete, "/api/v1/blocks/\(oneID)").status == .noContent)
            #expect(try await alex.api(.post, "/api/v1/conversations/\(id)/messages", json: ["body": "hello again"]).status == .created)
        }
    }

    @Test func badMessagesAreRefusedAndStoreNothing() async throws {
        try await TestApp.run { alex in
            try await alex.joinBoth("Writer")
            try await alex.trust("Writer")
            let sam = alex.another()
            try await sam.joinBoth("Reader")
            let long = String(repeating: "x", count: 4001)
            #expect(try await alex.api(.post, "/api/v1/conversations", json: ["to": "Reader", "body": long]).errorField == "body")
            #expect(try await alex.api(.post, "/api/v1/conversations", json: ["to": "Reader", "body": "   "]).errorField == "body")
            #expect(try await alex.api(.post, "/api/v1/conversations", json: ["to": "Writer", "body": "me"]).errorField == "to")
            #expect(try await alex.api(.post, "/api/v1/conversations", json: ["to": "nobody-here", "body": "hi"]).errorField == "to")
            #expect(try await alex.api(.post, "/api/v1/conversations", json: ["to": "Reader"]).errorField == "body")
            let form = try await alex.post("/messages", ["to": "Reader", "body": long])
            #expect(form.status == .unprocessableContent && form.text.contains("up to 4000 characters"))
            #expect(try await sam.api(.get, "/api/v1/conversations").jsonList().isEmpty)
            #expect(try await alex.api(.get, "/api/v1/conversations").jsonList().isEmpty)
        }
    }

    @Test func editsWorkFor15MinutesAndDeleteHidesOnlyForMe() async throws {
        let clock = ManualClock(instant("2026-06-15T12:00:00Z"))
        try await TestApp.run(now: clock) { alex in
            try await alex.joinBoth("Editor")
            try await alex.trust("Editor")
            let sam = alex.another()
            try await sam.joinBoth("Keeper")
            _ = try await alex.api(.post, "/api/v1/conversations", json: ["to": "Keeper", "body": "frist"])
            let id = try await alex.api(.get, "/api/v1/conversations").jsonList()[0]["id"] as! String
            let message = try await alex.api(.get, "/api/v1/conversations/\(id)/messages").jsonList()[0]["id"] as! String
            clock.advance(seconds: 10 * 60)
            let edited = try await alex.api(.patch, "/api/v1/messages/\(message)", json: ["body": "first"])
            #expect(try edited.json()["body"] as? String == "first" && edited.json()["edited_at"] != nil)
            clock.advance(seconds: 6 * 60)
            #expect(try await alex.api(.patch, "/api/v1/messages/\(message)", json: ["body": "1st"]).errorCode == "edit_window_closed")
            #expect(try await sam.api(.get, "/api/v1/conversations/\(id)/messages").jsonList()[0]["body"] as? String == "first")

            // On the web, "delete for me" returns to the page it was on — never to another site.
            let reply = try await sam.api(.post, "/api/v1/conversations/\(id)/messages", json: ["body": "noted"])
            let second = try reply.jsonList().last!["id"] as! String
            #expect(try await sam.post("/message/\(second)/delete?back=/messages/\(id.lowercased())", [:]).location == "/messages/\(id.lowercased())")
            #expect(try await alex.post("/message/\(second)/delete?back=//evil.example", [:]).location == "/messages")
            #expect(try await alex.api(.delete, "/api/v1/messages/\(message)").status == .noContent)
            #expect(try await alex.api(.get, "/api/v1/conversations/\(id)/messages").jsonList().isEmpty)
            #expect(try await sam.api(.get, "/api/v1/conversations/\(id)/messages").jsonList().map { $0["body"] as? String } == ["first"])
            #expect(try await alex.api(.delete, "/api/v1/messages/\(message)").status == .notFound)
        }
    }
}
