import FluentKit
import Foundation
import Testing
@testable import PeerCircle

/// Issue 11: a newcomer's first day — starter content, the guide on Today, the quick check-in, a
/// caring reply to a hard one, and times in their own zone from the first minute.
@Suite struct FirstDayTests {
    @Test func aFreshInstanceShipsWithStarterContentOnce() async throws {
        try await TestApp.run(configure: { $0.starterContent = true }) { member in
            try await member.joinBoth("Newcomer")
            let db = try member.database.db
            let strategies = try await Strategy.query(on: db).filter(\.$removed == false).all()
            #expect(strategies.count >= 30)
            for situation in [Situation.craving, .anger, .loneliness, .sleep, .slip, .socialPressure, .boredom, .grief] {
                #expect(strategies.filter { $0.situations.contains(situation) }.count >= 2, "\(situation)")
            }
            // Each category opens with its pinned welcome, above newer threads.
            let category = try await member.category("introductions")
            _ = try await member.post("/community/categories/\(category.lowercased())/new", ["title": "Hi all", "body": "New here.", "kind": "discussion"])
            let listing = try await member.get("/community/categories/\(category.lowercased())").text
            let welcome = try #require(listing.range(of: "Welcome — start here"))
            let mine = try #require(listing.range(of: "Hi all"))
            #expect(welcome.lowerBound < mine.lowerBound)
            #expect(try await ForumThread.query(on: db).filter(\.$pinned == true).count() == ForumCategory.defaults.count)
            // Cravings strategies are there for someone looking tonight.
            #expect(try await member.get("/strategies?situation=craving").text.contains("Ride the wave"))
            // A sample plan to start from.
            #expect(try await member.get("/my/plan/edit").text.contains("Start from a sample plan"))
            #expect(try await member.get("/my/plan/edit?sample=1").text.contains("Evenings alone"))
            // The author cannot be logged in to or impersonated.
            #expect(try await member.another().post("/login", ["pseudonym": StarterContent.teamName, "password": "!"]).status == .unprocessableContent)
            #expect(try await member.another().post("/join", ["pseudonym": "PeerCircle Team", "password": "correct horse"]).status == .unprocessableContent)
            // Look-alike letters (Cyrillic е, Greek ο, digit 1) don't get round it.
            for lookAlike in ["PeerCircle t\u{0435}am", "P\u{0435}\u{0435}r Circle", "PeerC1rcle team"] {
                #expect(try await member.another().post("/join", ["pseudonym": lookAlike, "password": "correct horse"]).status == .unprocessableContent, "\(lookAlike)")
            }
            // Seeding again (a restart) adds nothing.
            try await StarterContent.seed(Writer(db: db, gate: nil), now: Date())
            #expect(try await Strategy.query(on: db).count() == strategies.count)
        }
    }

    @Test func theOperatorCanEditAndRemoveTheStarterContent() async throws {
        try await TestApp.run(configure: { $0.starterContent = true }) { admin in
            try await admin.join("Operator")
            try await admin.grant(.admin, to: "Operator")
            let member = admin.another()
            try await member.join("Member")
            #expect(try await member.get("/admin/starter").status == .notFound)
            let db = try admin.database.db
            let strategy = try #require(try await Strategy.query(on: db).filter(\.$title == "Ride the wave").first())
            let path = "/admin/starter/strategies/\(try strategy.requireID().uuidString.lowercased())"
            #expect(try await member.post(path, ["remove": "yes"]).status == .notFound)
            let bad = try await admin.post(path, ["title": "", "body": "x"])
            #expect(bad.status == .unprocessableContent)
            #expect(try await admin.post(path, ["title": "Surf the urge", "body": "It rises and falls; watch it pass."]).status == .seeOther)
            #expect(try await member.get("/strategies?situation=craving").text.contains("Surf the urge"))
            #expect(try await admin.post(path, ["remove": "yes"]).status == .seeOther)
            #expect(!(try await member.get("/strategies?situation=craving").text.contains("Surf the urge")))
            // A member's own strategy is not the operator's to edit here.
            _ = try await member.post("/strategies/new", ["title": "My walk", "body": "I walk to the river and back.", "situations": "craving"])
            let own = try #require(try await Strategy.query(on: db).filter(\.$title == "My walk").first())
            #expect(try await admin.post("/admin/starter/strategies/\(try own.requireID().uuidString.lowercased())", ["remove": "yes"]).status == .notFound)
            // Categories: added, renamed, removed while nobody posted in them, kept once someone has.
            #expect(try await admin.post("/admin/starter/categories", ["name": "", "description": ""]).status == .unprocessableContent)
            #expect(try await admin.post("/admin/starter/categories", ["name": "Sober Parents", "description": "Raising kids in recovery"]).status == .seeOther)
            #expect(try await admin.post("/admin/starter/categories", ["name": "sober parents", "description": ""]).status == .unprocessableContent)
            let parents = try #require(try await ForumCategory.query(on: db).filter(\.$slug == "sober-parents").first())
            let parentsPath = "/admin/starter/categories/\(try parents.requireID().uuidString.lowercased())"
            #expect(try await member.post(parentsPath, ["remove": "yes"]).status == .notFound)
            #expect(try await admin.post(parentsPath, ["name": "Parents in Recovery", "description": "Kids, schools, custody"]).status == .seeOther)
            #expect(try await ForumCategory.find(parents.id, on: db)?.name == "Parents in Recovery")
            #expect(try await admin.post(parentsPath, ["remove": "yes"]).status == .seeOther)
            #expect(try await ForumCategory.find(parents.id, on: db) == nil)
            // The starter welcome alone doesn't keep a category; a member's post does.
            let wins = try #require(try await ForumCategory.query(on: db).filter(\.$slug == "daily-wins").first())
            let intro = try #require(try await ForumCategory.query(on: db).filter(\.$slug == "introductions").first())
            let introID = try intro.requireID().uuidString.lowercased()
            let hello = try await member.post("/community/categories/\(introID)/new", ["title": "Hello", "body": "First day.", "kind": "discussion"])
            #expect(hello.status == .seeOther, "\(hello.text.prefix(2000))")
            #expect(try await admin.post("/admin/starter/categories/\(introID)", ["remove": "yes"]).status == .conflict)
            #expect(try await ForumCategory.find(intro.id, on: db) != nil)
            #expect(try await admin.post("/admin/starter/categories/\(try wins.requireID().uuidString.lowercased())", ["remove": "yes"]).status == .seeOther)
            #expect(try await ForumThread.query(on: db).filter(\.$title == "Small wins count — share yours").count() == 0)
            // Emptying the sample plan removes the offer.
            #expect(try await admin.post("/admin/starter/plan", ["goals": "", "triggers": "", "warning_signs": "", "people": "", "reasons": ""]).status == .seeOther)
            #expect(!(try await member.get("/my/plan/edit").text.contains("Start from a sample plan")))
        }
    }

    @Test func todayGuidesTheFirstDayAndEachStepGoesOnceDone() async throws {
        try await TestApp.run { member in
            try await member.post("/join", ["pseudonym": "Newcomer", "password": "correct horse", "time_zone": "America/New_York"])
            var today = try await member.get("/").text
            #expect(today.contains("Your first steps"))
            #expect(!today.contains("Check your time zone"), "chosen at sign-up")
            for step in ["Start a clock", "Check in", "Find a meeting tonight", "Read the strategies for cravings", "Set up your circle"] {
                #expect(today.contains(step), "\(step)")
            }
            _ = try await member.makeClock()
            _ = try await member.get("/strategies?situation=craving")
            today = try await member.get("/").text
            #expect(!today.contains("Start a clock") && !today.contains("Read the strategies for cravings"))
            #expect(today.contains("3 of 6 done"))
            #expect(try await member.post("/first-steps/hide", [(String, String)]()).status == .seeOther)
            #expect(!(try await member.get("/").text.contains("Your first steps")))
        }
    }

    @Test func theQuickCheckInTakesThreeAnswersAndKeepsTheRestOfTheDay() async throws {
        try await TestApp.run { member in
            try await member.join()
            #expect(try await member.get("/").text.contains(#"name="quick""#))
            let quick = try await member.post("/check-in", ["quick": "1", "mood": "4", "craving": "0", "sober": "yes"])
            #expect(quick.status == .seeOther)
            let saved = try #require(try await CheckIn.query(on: member.database.db).first())
            #expect(saved.mood == 4 && saved.craving == 0 && saved.sober == .yes)
            // The full form adds a note; a second quick check-in later that day keeps it.
            _ = try await member.post("/check-in", ["mood": "4", "craving": "0", "sober": "yes", "note": "walked by the sea"])
            _ = try await member.post("/check-in", ["quick": "1", "mood": "3", "craving": "3", "sober": "yes"])
            let again = try #require(try await CheckIn.query(on: member.database.db).first())
            #expect(again.mood == 3 && again.note == "walked by the sea")
            #expect(try await CheckIn.query(on: member.database.db).count() == 1)
            // Missing answers are named, nothing saved changes.
            let bad = try await member.post("/check-in", ["quick": "1", "mood": "", "craving": "3", "sober": "yes"])
            #expect(bad.status == .unprocessableContent && bad.text.contains("Choose your mood"))
            #expect(try await CheckIn.query(on: member.database.db).first()?.mood == 3)
        }
    }

    @Test func aHardCheckInGetsStrategiesAndTheCircleNotOnlyThanks() async throws {
        try await TestApp.run(configure: { $0.starterContent = true }) { member in
            try await member.join()
            let hard = try await member.post("/check-in", ["mood": "3", "craving": "9", "sober": "yes", "triggers": "loneliness"])
            #expect(hard.location == "/check-in/reply")
            let reply = try await member.get("/check-in/reply").text
            #expect(reply.contains("That sounds like a hard day"))
            #expect(reply.contains("/strategies/"), "matching strategies are offered")
            // Nobody on PeerCircle to reach yet: the button goes to the crisis lines, not to an SOS that reaches nobody.
            #expect(reply.contains("Call or text a crisis line") && reply.contains("Find a meeting") && !reply.contains("Talk to someone now"))
            // A good day goes back to the history with thanks.
            let good = try await member.post("/check-in", ["mood": "4", "craving": "1", "sober": "yes"])
            #expect(good.location?.hasPrefix("/check-ins") == true)
            #expect(CheckInReply.situations(for: .init(try #require(try await CheckIn.query(on: member.database.db).first()))).first == .craving)
        }
    }

    @Test func notSureAboutSafetyGetsCareTheLinesAndAnOfferToAskTheCircle() async throws {
        try await TestApp.run { member in
            try await member.joinBoth("Unsure")
            let helper = member.another()
            try await helper.joinBoth("Helper")
            let answer = try await member.post("/check-in", ["mood": "3", "craving": "2", "sober": "yes", "safe": "unsure"])
            #expect(answer.location == "/check-in/reply")
            var reply = try await member.get("/check-in/reply").text
            #expect(reply.contains("Thank you for being honest"))
            #expect(reply.contains("tel:911") && reply.contains("988"), "the lines are on the page itself")
            #expect(reply.contains("Breathe in for 4"), "grounding steps")
            #expect(reply.contains("choose people for your circle") && !reply.contains("Yes, ask them"), "nobody to ask yet: said plainly, no button")
            #expect(try #require(reply.range(of: "tel:911")).lowerBound < (try #require(reply.range(of: "choose people for your circle"))).lowerBound,
                    "with nobody to ask, the lines come first")
            try await member.circle([(helper, "Helper")])
            reply = try await member.get("/check-in/reply").text
            #expect(reply.contains("Would you like your circle to check on you?") && reply.contains("Yes, ask them to check on me"))
            let sent = try await member.post("/sos", ["need": "talk", "message": "I checked in and I'm not sure I'm safe. Could you check on me?"])
            #expect(sent.status == .seeOther)
            #expect(try await AlertRecipient.query(on: member.database.db).count() == 1)
        }
    }

    @Test func aVisitorSeesMeetingTimesInTheZoneTheirBrowserReported() async throws {
        try await TestApp.run(configure: { $0.defaultTimeZone = "Europe/London" }) { visitor in
            let feed = #"[{"name":"Noon Group","slug":"noon","day":[0,1,2,3,4,5,6],"time":"12:00","timezone":"America/New_York","attendance_option":"online","conference_url":"https://zoom.us/j/1"}]"#
            try await visitor.importFeed(Data(feed.utf8))
            let london = try await visitor.get("/meetings").text
            #expect(london.contains("London (Europe) time") && london.contains("17:00"))
            #expect(london.contains(#"src="/assets/zone.js""#) && london.contains(#"data-zone="Europe/London""#))
            visitor.setCookie(VisitorZone.cookie, "America%2FNew_York")
            let newYork = try await visitor.get("/meetings").text
            #expect(newYork.contains("New York (America) time") && newYork.contains("12:00"))
            // An unknown or hostile zone is ignored, never echoed.
            visitor.setCookie(VisitorZone.cookie, "%3Cscript%3E")
            let hostile = try await visitor.get("/meetings").text
            #expect(hostile.contains("London (Europe) time") && !hostile.contains("<script>"))
            // Sign-up preselects the detected zone, and the choice sets the member's days.
            visitor.setCookie(VisitorZone.cookie, "America%2FNew_York")
            let signup = try await visitor.get("/join").text
            #expect(signup.contains(#"<option value="America/New_York" selected="selected">"#))
            #expect(signup.contains("data-detect"))
            let bad = try await visitor.post("/join", ["pseudonym": "Zoned", "password": "correct horse", "time_zone": "Mars/Olympus"])
            #expect(bad.status == .unprocessableContent && bad.text.contains("Choose a time zone"))
            _ = try await visitor.post("/join", ["pseudonym": "Zoned", "password": "correct horse", "time_zone": "America/New_York"])
            let user = try #require(try await User.query(on: visitor.database.db).filter(\.$pseudonymKey == "zoned").first())
            #expect(user.timeZone == "America/New_York")
        }
    }

    @Test func theAPISignUpTakesATimeZone() async throws {
        try await TestApp.run { client in
            let ok = try await client.api(.post, "/api/v1/accounts", json: ["pseudonym": "ZoneApi", "password": "correct horse", "time_zone": "Asia/Kolkata"])
            #expect(ok.status == .created, "\(ok.text)")
            #expect(try await User.query(on: client.database.db).filter(\.$pseudonymKey == "zoneapi").first()?.timeZone == "Asia/Kolkata")
            let bad = try await client.another().api(.post, "/api/v1/accounts", json: ["pseudonym": "ZoneBad", "password": "correct horse", "time_zone": "Nowhere"])
            #expect(bad.status == .unprocessableContent && bad.errorField == "time_zone")
        }
    }
}
