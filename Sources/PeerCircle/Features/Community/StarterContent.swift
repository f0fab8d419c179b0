import FluentKit
import Foundation

/// What a fresh PeerCircle opens with, so a newcomer finds help rather than empty rooms: a pinned
/// welcome in each forum category, coping strategies across situations, and a sample recovery plan.
/// Written by "PeerCircle team", an account nobody can log in to; moderators and administrators
/// remove any of it like anything else, administrators edit it on the starter-content page.
enum StarterContent {
    /// `#` cannot appear in a pseudonym key people can choose, so the team account cannot be taken over.
    static let teamKey = "#peercircle-team"
    static let teamName = "PeerCircle team"

    /// Adds the starter content once, on a database that has never had it (the team account is the
    /// mark). Two instances starting together both try; the unique pseudonym key lets one through.
    static func seed(_ writer: Writer, now: Date) async throws {
        let db = writer.db
        guard try await User.query(on: db).filter(\.$pseudonymKey == teamKey).first() == nil else { return }
        do {
            try await insert(writer, now: now)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return
        }
    }

    private static func insert(_ writer: Writer, now: Date) async throws {
        try await writer.transaction { db in
            let team = User(pseudonym: teamName, email: nil, passwordHash: "!", timeZone: "UTC", country: nil)
            team.pseudonymKey = teamKey
            try await team.create(on: db)
            let teamID = try team.requireID()
            for category in try await ForumCategory.query(on: db).all() {
                guard let welcome = welcomes[category.slug] else { continue }
                let thread = ForumThread()
                thread.$category.id = try category.requireID()
                thread.kind = .discussion
                thread.title = welcome.title
                thread.createdAt = now
                thread.lastActivityAt = now
                thread.pinned = true
                try await thread.create(on: db)
                let post = Post()
                post.$thread.id = try thread.requireID()
                post.$author.id = teamID
                post.isOpening = true
                post.anonymous = false
                post.body = welcome.body
                post.warningsText = ""
                post.state = .visible
                post.helpfulAnswer = false
                post.createdAt = now
                try await post.create(on: db)
                try await SearchIndex.put(.post, id: try post.requireID(), title: welcome.title, body: welcome.body, on: try db.sql)
            }
            for (index, item) in strategies.enumerated() {
                let strategy = Strategy()
                strategy.$author.id = teamID
                strategy.title = item.title
                strategy.body = item.body
                strategy.situationsText = item.situations.map(\.rawValue).joined(separator: ",")
                strategy.featured = false
                strategy.removed = false
                // Older than anything members add (theirs list above these), and in the order written.
                strategy.createdAt = now.addingTimeInterval(-Double(index + 1))
                try await strategy.create(on: db)
                try await SearchIndex.put(.strategy, id: try strategy.requireID(), title: item.title, body: item.body, on: try db.sql)
            }
            try await SiteText.set(SiteText.samplePlan, String(decoding: try JSONEncoder().encode(samplePlan), as: UTF8.self), on: db)
        }
    }

    static let welcomes: [String: (title: String, body: String)] = [
        "introductions": ("Welcome — start here", """
            Welcome. However you got here — a first day, a hundredth, a day after a slip, or looking for someone you love — you belong here.

            Say hello if you like: a first name or none, what brings you here, what you hope for. Share only what feels safe. Nobody here will ask you to prove anything.

            A few things that help on the first day: **check in** on Today, **start a clock** if counting days helps you, **find a meeting** tonight, and set up **your circle** — the people **I need support now** (at the top of every page) alerts first. It says before you press it exactly who it can reach. The crisis lines answer at any hour.
            """),
        "daily-wins": ("Small wins count — share yours", """
            Made your bed? Didn't send that text? Went to a meeting when you didn't want to? That counts.

            Post today's win, however small. Reading other people's is its own kind of medicine.
            """),
        "cravings-triggers": ("When a craving hits — read this first", """
            A craving is a wave: it rises, peaks and passes, usually within 20–30 minutes. You don't have to act on it and you don't have to fight it alone.

            Right now you can: breathe slowly (in for 4, out for 6), drink a glass of water, change rooms or go outside, and text someone. The **Coping strategies** page has more, sorted by situation.

            Share what pulls at you and what helps. Please keep details of using out of posts, or add a content warning, so others are not triggered.
            """),
        "family-relationships": ("Families, partners, friends — welcome", """
            Recovery happens among people: partners, parents, children, friends, exes. This is a place to talk about all of it.

            Families and friends of people in recovery are welcome here too. Please keep others' names and identifying details out of your posts.
            """),
        "mental-health": ("You're not alone in this", """
            Anxiety, depression, trauma, grief and the rest often travel with addiction. Talk about them here, with people who understand.

            This is peer support, not treatment: keep seeing your doctor or counsellor if you have one. If you are thinking of ending your life, please call or text a crisis line now — they answer at any hour (the **Crisis lines** link is at the foot of every page) — and, if you are in danger, your emergency number.
            """),
        "milestones": ("Celebrate your milestones here", """
            24 hours, 30 days, a year, ten years — every one was made of single days. Share yours when you choose; your clock can post it for you.

            And if your count started again recently: starting again takes courage, and it counts too.
            """),
    ]

    static let strategies: [(title: String, body: String, situations: [Situation])] = [
        ("Ride the wave", "Cravings rise, peak and fall, usually within 20–30 minutes. Set a timer, notice where you feel it in your body, and watch it change without acting on it.", [.craving]),
        ("Play the tape forward", "Picture the whole night, not the first drink or hit: the hours after, tomorrow morning, the people you'd tell. Then picture tomorrow if you don't.", [.craving, .slip]),
        ("Text before you act", "Send one message — \"having a rough moment\" is enough — to someone in your circle or your sponsor before you decide anything.", [.craving, .loneliness]),
        ("Cold water reset", "Splash cold water on your face or hold an ice cube for 30 seconds. The shock slows your heart rate and interrupts the urge.", [.craving, .anger, .anxiety]),
        ("HALT check", "Ask: am I Hungry, Angry, Lonely or Tired? Cravings often hide one of these. Eat something, call someone, or rest first.", [.craving, .stress]),
        ("Change the scene", "Leave the room or the street where the craving started. Walk around the block — movement plus a new place weakens the cue.", [.craving, .boredom]),
        ("Urge log", "Write down the time, where you are, what happened just before, and how strong the urge is from 0 to 10. Patterns show up within a week.", [.craving]),
        ("Four-seven-eight breathing", "Breathe in through your nose for 4, hold for 7, out through your mouth for 8. Four rounds calm the body's alarm.", [.stress, .anxiety, .anger]),
        ("Five things", "Name 5 things you can see, 4 you can touch, 3 you can hear, 2 you can smell and 1 you can taste. It brings you back to the room.", [.anxiety, .stress, .craving]),
        ("Write it, don't send it", "When you're furious, write the message you want to send, then wait an hour. Most of the time you'll be glad you didn't send it.", [.anger]),
        ("Walk it off", "Anger is energy in the body. A fast ten-minute walk burns it off before it turns into words or actions you regret.", [.anger, .stress]),
        ("Name what's under it", "Anger often covers hurt, fear or shame. Ask yourself: what am I afraid of right now? Saying it out loud takes the heat down.", [.anger]),
        ("One call a day", "Make one call a day to someone in recovery, even a short one. Connection is a habit, and it's easier to call on a bad day if you called on a good one.", [.loneliness]),
        ("Go where people are", "A meeting, a library, a café, a walk in a park. Being around people, even without talking, eases loneliness.", [.loneliness, .boredom]),
        ("Post in the community", "Write a short post about how today is going. Someone here has felt the same and will answer.", [.loneliness, .grief]),
        ("Be useful to someone", "Ask a newcomer how they're doing, or help someone with a small task. Helping others is one of the oldest tools in recovery.", [.loneliness, .boredom]),
        ("Same time every night", "Go to bed and get up at the same time, even at weekends. Sleep is often broken in early recovery; a routine helps it mend.", [.sleep]),
        ("Screens off, lights down", "An hour before bed, put the phone in another room, dim the lights, and do something slow: a shower, a book, stretching.", [.sleep, .anxiety]),
        ("If you can't sleep, get up", "After 20 minutes awake, get up and do something quiet in low light until you feel sleepy. Lying there worrying teaches your body that bed is for worrying.", [.sleep]),
        ("A slip is not a fall", "One slip doesn't erase your days or what you learned. Tell someone today, go to a meeting, and start again — starting again is part of recovery, not the end of it.", [.slip]),
        ("Talk to yourself like a friend", "Shame says \"I am bad\"; guilt says \"I did something I regret\". Ask what you'd say to a friend who slipped, and say it to yourself.", [.slip, .anxiety]),
        ("Look at what happened, gently", "When you're ready, write down what led up to the slip: the people, places, feelings and times. It's information for your plan, not evidence against you.", [.slip]),
        ("Have your line ready", "Decide in advance what you'll say when someone offers: \"No thanks, I'm driving\" or \"I'm not drinking tonight\". A short, rehearsed line is easier than explaining.", [.socialPressure]),
        ("Bring your own drink", "At parties, get a soft drink in your hand early. People offer less when your hands are full.", [.socialPressure]),
        ("Plan your exit", "Go with your own transport and a time to leave. Tell a friend in recovery where you are and that you'll text when you're home.", [.socialPressure, .craving]),
        ("Find your sober ally", "At a gathering, find one person who knows you're in recovery and stay near them. If there isn't one, call someone before and after.", [.socialPressure, .loneliness]),
        ("Make a boredom list", "When you feel good, write a list of 20 things to do when bored: a walk, a recipe, a film, a call, tidying one drawer. Use it when boredom comes.", [.boredom]),
        ("Learn something small", "Pick up something new for 15 minutes a day: a language, an instrument, drawing. New skills fill time and rebuild confidence.", [.boredom]),
        ("Structure the empty hours", "Evenings and weekends are often the hardest. Plan them the day before: a meeting, a meal with someone, an activity.", [.boredom, .craving]),
        ("Let grief be grief", "Loss hurts, and in recovery you feel it without numbing it. Let yourself cry, write a letter to the person or thing you lost, and tell someone how you feel.", [.grief]),
        ("Grieve what using gave you", "It's normal to miss the way using made you feel, or the people you used with. Naming that loss out loud makes it smaller.", [.grief, .craving]),
        ("Worry time", "Set 15 minutes a day to write every worry down. When a worry comes at other times, tell yourself \"later\" and note it for worry time.", [.anxiety, .stress]),
        ("One thing at a time", "When everything feels like too much, choose the next small step only — a glass of water, one email, one phone call — and do just that.", [.stress, .anxiety]),
        ("Move your body", "Twenty minutes of any movement — walking, dancing in the kitchen, stretching — lowers stress hormones and lifts mood for hours.", [.stress, .anxiety, .boredom]),
    ]

    /// A sample plan a member can start from and make their own.
    static let samplePlan: PlanContent = {
        var plan = PlanContent()
        plan.goals = [
            .init(title: "Stay sober one day at a time", steps: ["Check in every day", "Go to three meetings this week", "Call someone in my circle daily"]),
            .init(title: "Look after my body", steps: ["Same bedtime every night", "Eat breakfast", "A walk most days"]),
        ]
        plan.triggers = [
            .init(trigger: "Evenings alone", coping: ["Plan the evening the day before", "Online meeting at 8 pm", "Text my sponsor"]),
            .init(trigger: "Arguments at home", coping: ["Take a walk before answering", "Write it, don't send it"]),
            .init(trigger: "Payday", coping: ["Plan what the money is for", "Spend the evening with someone sober"]),
        ]
        plan.warningSigns = ["Skipping meetings", "Sleeping badly for several nights", "Thinking \"just one won't hurt\"", "Keeping secrets"]
        plan.people = [.init(name: "My sponsor or mentor", contact: ""), .init(name: "A friend in recovery", contact: "")]
        plan.reasons = ["Waking up clear-headed", "Being someone my family can count on", "My health"]
        return plan
    }()
}

/// Pinned threads list first in their category (the starter welcomes; moderators can pin others later).
struct AddThreadPinning: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ForumThread.schema).field("pinned", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ForumThread.schema).deleteField("pinned").update()
    }
}

/// What the operator's "PeerCircle team" account wrote for a new instance: its opening posts and
/// strategies, which administrators edit on the starter-content page.
struct StarterTeam: Sendable {
    let deps: AppDependencies

    func id() async throws -> UUID? {
        try await User.query(on: deps.db).filter(\.$pseudonymKey == StarterContent.teamKey).first()?.id
    }

    func strategy(_ id: UUID) async throws -> Strategy {
        guard let team = try await self.id(), let s = try await Strategy.find(id, on: deps.db), s.$author.id == team, !s.removed else { throw AppError.notFound }
        return s
    }

    func post(_ id: UUID) async throws -> Post {
        guard let team = try await self.id(),
              let post = try await Post.query(on: deps.db).filter(\.$id == id).with(\.$thread).first(),
              post.$author.id == team, post.isOpening, post.state == .visible else { throw AppError.notFound }
        return post
    }

    /// Rewords one of the team's strategies, or removes it (and from search).
    func editStrategy(_ id: UUID, title: String, body: String, remove: Bool) async throws {
        let strategy = try await self.strategy(id)
        if remove {
            strategy.removed = true
            try await strategy.save(on: deps.db)
            try await SearchIndex.remove(id, on: deps.database.sql)
            return
        }
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines), body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        var check = Validation()
        check.check((3...120).contains(title.count), "title", "Give it a title of 3 to 120 characters.")
        check.check((10...4000).contains(body.count), "body", "Describe it in 10 to 4000 characters.")
        try check.finish()
        strategy.title = title
        strategy.body = body
        try await strategy.save(on: deps.db)
        try await SearchIndex.put(.strategy, id: id, title: title, body: body, on: deps.database.sql)
    }

    /// Rewords one of the team's welcome posts, or removes it (unpinned, and from search).
    func editPost(_ id: UUID, title: String, body: String, remove: Bool) async throws {
        let post = try await self.post(id)
        if remove {
            post.thread.pinned = false
            try await post.thread.save(on: deps.db)
            post.state = .removedByModerator
            try await post.save(on: deps.db)
            try await SearchIndex.remove(id, on: deps.database.sql)
            return
        }
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines), body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        var check = Validation()
        check.check((3...120).contains(title.count), "title", "Give it a title of 3 to 120 characters.")
        check.check((1...20_000).contains(body.count), "body", "Write the welcome (up to 20,000 characters).")
        try check.finish()
        post.thread.title = title
        try await post.thread.save(on: deps.db)
        post.body = body
        try await post.save(on: deps.db)
        try await SearchIndex.put(.post, id: id, title: title, body: body, on: deps.database.sql)
    }

    /// Its opening posts (with their threads) and its strategies, oldest first.
    func content() async throws -> (posts: [Post], strategies: [Strategy]) {
        guard let team = try await id() else { return ([], []) }
        let posts = try await Post.query(on: deps.db).filter(\.$author.$id == team).filter(\.$isOpening == true).filter(\.$state == .visible)
            .with(\.$thread).all()
        let strategies = try await Strategy.query(on: deps.db).filter(\.$author.$id == team).filter(\.$removed == false).sort(\.$createdAt).all()
        return (posts, strategies)
    }
}
