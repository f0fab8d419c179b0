import Foundation

/// A validated questionnaire: its exact wording, answer scale, scoring and severity bands, and the
/// citation shown with it. Pure values — no database.
struct Instrument: Sendable {
    enum Kind: String, Codable, Sendable, CaseIterable {
        case barc10 = "barc10", phq9 = "phq9", gad7 = "gad7"
    }

    /// A range of totals with a name and kind words about it.
    struct Band: Sendable, Equatable {
        let range: ClosedRange<Int>
        let name: String
        /// From this band on, the page suggests talking to a professional.
        let suggestProfessional: Bool
        let words: String
    }

    let kind: Kind
    let name: String
    let shortName: String
    let about: String
    let stem: String
    let items: [String]
    let options: [(value: Int, label: String)]
    let bands: [Band]
    let citation: String
    let licence: String
    /// Suggested days between two takes.
    let suggestedEveryDays: Int
    /// Whether a higher total is better (recovery capital) or worse (symptoms).
    let higherIsBetter: Bool

    var range: ClosedRange<Int> {
        let low = options.map(\.value).min() ?? 0, high = options.map(\.value).max() ?? 0
        return (low * items.count)...(high * items.count)
    }

    /// The total of a complete set of answers, or nil when an answer is missing or off the scale.
    func total(_ answers: [Int]) -> Int? {
        let allowed = Set(options.map(\.value))
        guard answers.count == items.count, answers.allSatisfy(allowed.contains) else { return nil }
        return answers.reduce(0, +)
    }

    func band(for total: Int) -> Band? { bands.first { $0.range.contains(total) } }

    static func of(_ kind: Kind) -> Instrument {
        switch kind {
        case .barc10: barc10
        case .phq9: phq9
        case .gad7: gad7
        }
    }

    static let all: [Instrument] = Kind.allCases.map(of)

    /// PHQ-9's ninth question: thoughts of being better off dead or of self-harm.
    static let selfHarmItem = 8

    private static let frequency: [(value: Int, label: String)] = [
        (0, "Not at all"), (1, "Several days"), (2, "More than half the days"), (3, "Nearly every day"),
    ]

    static let barc10 = Instrument(
        kind: .barc10, name: "Brief Assessment of Recovery Capital (BARC-10)", shortName: "BARC-10",
        about: "Ten statements about the strengths and supports in your life that help recovery — \"recovery capital\". Higher is stronger.",
        stem: "How much do you agree with each statement?",
        items: [
            "There are more important things to me in life than using substances.",
            "In general I am happy with my life.",
            "I have enough energy to complete the tasks I set myself.",
            "I am proud of the community I live in and feel part of it.",
            "I get lots of support from friends.",
            "I regard my life as challenging and fulfilling without the need for using drugs or alcohol.",
            "My living space has helped to drive my recovery journey.",
            "I take full responsibility for my actions.",
            "I am happy dealing with a range of professional people.",
            "I am making good progress on my recovery journey.",
        ],
        options: [(1, "Strongly disagree"), (2, "Disagree"), (3, "Somewhat disagree"), (4, "Somewhat agree"), (5, "Agree"), (6, "Strongly agree")],
        bands: [
            Band(range: 10...46, name: "Building", suggestProfessional: false,
                 words: "Your recovery capital is still growing. Every support you add — a meeting, a friend, a place that feels safe — counts, and the statements you agreed with least show where to start."),
            Band(range: 47...60, name: "Strong", suggestProfessional: false,
                 words: "You have a lot of recovery capital. In the study that made this questionnaire, scores of 47 and above went with staying in recovery over the next year."),
        ],
        citation: "Vilsaint CL, Kelly JF, Bergman BG, Groshkova T, Best D, White W. Development and validation of a Brief Assessment of Recovery Capital (BARC-10) for alcohol and drug use disorder. Drug and Alcohol Dependence 2017;177:71–76.",
        licence: "Free to use with this citation.", suggestedEveryDays: 30, higherIsBetter: true)

    static let phq9 = Instrument(
        kind: .phq9, name: "Patient Health Questionnaire (PHQ-9)", shortName: "PHQ-9",
        about: "Nine questions about low mood over the last two weeks. Lower is better. It is a screening questionnaire, not a diagnosis.",
        stem: "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
        items: [
            "Little interest or pleasure in doing things",
            "Feeling down, depressed, or hopeless",
            "Trouble falling or staying asleep, or sleeping too much",
            "Feeling tired or having little energy",
            "Poor appetite or overeating",
            "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
            "Trouble concentrating on things, such as reading the newspaper or watching television",
            "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
            "Thoughts that you would be better off dead or of hurting yourself in some way",
        ],
        options: frequency,
        bands: [
            Band(range: 0...4, name: "Minimal", suggestProfessional: false,
                 words: "Few signs of low mood in the last two weeks."),
            Band(range: 5...9, name: "Mild", suggestProfessional: false,
                 words: "Some signs of low mood. Keep an eye on it, and talk it over with someone you trust if it stays."),
            Band(range: 10...14, name: "Moderate", suggestProfessional: true,
                 words: "A fair amount of low mood. This is common, and it is very treatable; it's worth talking to a doctor, counsellor or therapist."),
            Band(range: 15...19, name: "Moderately severe", suggestProfessional: true,
                 words: "A lot of low mood. You deserve support with this — please talk to a doctor, counsellor or therapist soon."),
            Band(range: 20...27, name: "Severe", suggestProfessional: true,
                 words: "Very heavy low mood. Please reach out to a doctor or mental-health professional soon — and if you feel unsafe, the crisis lines answer now."),
        ],
        citation: "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. Journal of General Internal Medicine 2001;16(9):606–613.",
        licence: "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.",
        suggestedEveryDays: 14, higherIsBetter: false)

    static let gad7 = Instrument(
        kind: .gad7, name: "Generalized Anxiety Disorder scale (GAD-7)", shortName: "GAD-7",
        about: "Seven questions about worry and anxiety over the last two weeks. Lower is better. It is a screening questionnaire, not a diagnosis.",
        stem: "Over the last 2 weeks, how often have you been bothered by the following problems?",
        items: [
            "Feeling nervous, anxious, or on edge",
            "Not being able to stop or control worrying",
            "Worrying too much about different things",
            "Trouble relaxing",
            "Being so restless that it is hard to sit still",
            "Becoming easily annoyed or irritable",
            "Feeling afraid, as if something awful might happen",
        ],
        options: frequency,
        bands: [
            Band(range: 0...4, name: "Minimal", suggestProfessional: false, words: "Few signs of anxiety in the last two weeks."),
            Band(range: 5...9, name: "Mild", suggestProfessional: false,
                 words: "Some anxiety. Keep an eye on it; grounding and breathing strategies can help, and so can talking it over."),
            Band(range: 10...14, name: "Moderate", suggestProfessional: true,
                 words: "A fair amount of anxiety. It is common and very treatable; it's worth talking to a doctor, counsellor or therapist."),
            Band(range: 15...21, name: "Severe", suggestProfessional: true,
                 words: "A lot of anxiety. You deserve support with this — please talk to a doctor or mental-health professional soon."),
        ],
        citation: "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Archives of Internal Medicine 2006;166(10):1092–1097.",
        licence: "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.",
        suggestedEveryDays: 14, higherIsBetter: false)

    /// PHQ-9's closing question, asked but not scored.
    static let difficultyQuestion = "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?"
    static let difficultyOptions = ["Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult"]
}
