import FluentKit
import Foundation

/// A mentor's published profile: lived experience, pathways, languages, availability, capacity
/// and boundaries. Only members with the mentor role publish one.
// See User for why @unchecked.
final class MentorProfile: Model, @unchecked Sendable {
    static let schema = "mentor_profiles"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    /// Comma-separated `Experience` raw values.
    @Field(key: "experiences") var experiencesText: String
    /// Comma-separated `Group.Pathway` raw values.
    @Field(key: "pathways") var pathwaysText: String
    /// Comma-separated ISO 639-1 codes.
    @Field(key: "languages") var languagesText: String
    @Field(key: "time_zone") var timeZone: String
    /// 28 characters, "1" where the mentor is available: day (Mon…Sun) × part of day, in `timeZone`.
    @Field(key: "availability") var availability: String
    @Field(key: "capacity") var capacity: Int
    /// Boundaries: a paused mentor takes no new requests and is not suggested.
    @Field(key: "paused") var paused: Bool
    @OptionalField(key: "gender") var gender: Gender?
    @Field(key: "same_gender_only") var sameGenderOnly: Bool
    @Field(key: "story") var story: String
    /// Time in recovery from one of the mentor's clocks…
    @OptionalParent(key: "clock_id") var clock: Clock?
    /// …or a stated range when they would rather not show a clock.
    @OptionalField(key: "recovery_range") var recoveryRange: RecoveryRange?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var experiences: [Experience] { experiencesText.split(separator: ",").compactMap { Experience(rawValue: String($0)) } }
    var pathways: [Pathway] { pathwaysText.split(separator: ",").compactMap { Pathway(rawValue: String($0)) } }
    var languages: [String] { languagesText.split(separator: ",").map(String.init) }
}

/// A recovery pathway, as groups name them (inside a model `Group` means Fluent's property wrapper).
typealias Pathway = Group.Pathway

/// What someone has lived through; mentors pick any, nothing is required.
public enum Experience: String, Codable, Sendable, CaseIterable {
    case alcohol, opioids, stimulants, cannabis, benzodiazepines, nicotine, gambling
    case eating, selfHarm = "self_harm", depression, anxiety, trauma, grief, bipolar, family

    var title: String {
        switch self {
        case .selfHarm: "self-harm"
        case .eating: "eating disorders"
        case .family: "a loved one's addiction"
        default: rawValue
        }
    }
}

public enum Gender: String, Codable, Sendable, CaseIterable {
    case woman, man, nonBinary = "non_binary"

    var title: String { self == .nonBinary ? "Non-binary" : rawValue.capitalized }
}

/// Time in recovery as a range, for mentors who would rather not show a clock.
public enum RecoveryRange: String, Codable, Sendable, CaseIterable {
    case underOne = "under_1", oneToTwo = "1_2", twoToFive = "2_5", fiveToTen = "5_10", overTen = "over_10"

    var title: String {
        switch self {
        case .underOne: "Under a year"
        case .oneToTwo: "1–2 years"
        case .twoToFive: "2–5 years"
        case .fiveToTen: "5–10 years"
        case .overTen: "Over 10 years"
        }
    }

    /// A cautious number of days for matching: the bottom of the range.
    var days: Int {
        switch self {
        case .underOne: 90
        case .oneToTwo: 365
        case .twoToFive: 730
        case .fiveToTen: 1825
        case .overTen: 3650
        }
    }
}

/// When someone is free in a week: 7 days × 4 parts of the day, in their own time zone.
public struct WeeklySlots: Sendable, Equatable {
    public enum Part: Int, CaseIterable, Sendable {
        case morning, afternoon, evening, night

        var title: String { ["mornings", "afternoons", "evenings", "nights"][rawValue] }
        /// Local hours the part covers; night runs past midnight.
        var hours: [Int] {
            switch self {
            case .morning: Array(6..<12)
            case .afternoon: Array(12..<17)
            case .evening: Array(17..<22)
            case .night: [22, 23, 24, 25, 26, 27, 28, 29]
            }
        }
    }
    static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// Slot `day * 4 + part` is set when free.
    public var slots: [Bool]

    public init(slots: [Bool] = Array(repeating: false, count: 28)) { self.slots = slots }

    public init(_ text: String) {
        let bits = text.map { $0 == "1" }
        slots = bits.count == 28 ? bits : Array(repeating: false, count: 28)
    }

    /// From form values such as `mon-evening`.
    init(keys: [String]) {
        var slots = Array(repeating: false, count: 28)
        for key in keys {
            let parts = key.split(separator: "-")
            guard parts.count == 2, let day = Self.dayNames.firstIndex(where: { $0.lowercased() == parts[0] }),
                  let part = Part.allCases.first(where: { "\($0)" == parts[1] }) else { continue }
            slots[day * 4 + part.rawValue] = true
        }
        self.slots = slots
    }

    var text: String { String(slots.map { $0 ? "1" : "0" }) }
    var keys: Set<String> {
        Set(slots.indices.filter { slots[$0] }.map { "\(Self.dayNames[$0 / 4].lowercased())-\(Part(rawValue: $0 % 4)!)" })
    }
    var isEmpty: Bool { !slots.contains(true) }

    /// The half-hours of a UTC week (Monday 00:00 = 0) these slots cover, for someone whose clock
    /// is `offsetMinutes` ahead of UTC (rounded to the half hour: +5:30 exactly, +5:45 as +6:00).
    public func utcWeek(offsetMinutes: Int) -> WeekMask {
        let shift = Int((Double(offsetMinutes) / 30).rounded())
        var mask = WeekMask()
        for index in slots.indices where slots[index] {
            for hour in Part(rawValue: index % 4)!.hours {
                let start = ((index / 4) * 24 + hour) * 2 - shift
                mask.set(start %% WeekMask.count)
                mask.set((start + 1) %% WeekMask.count)
            }
        }
        return mask
    }
}

/// The 336 half-hours of a week as bits, for fast overlap.
public struct WeekMask: Sendable, Equatable {
    static let count = 7 * 48
    var words: InlineArray<6, UInt64> = .init(repeating: 0)

    public init() {}

    mutating func set(_ halfHour: Int) {
        words[halfHour / 64] |= UInt64(1) << UInt64(halfHour % 64)
    }

    /// Half-hours both are free.
    public func overlap(_ other: WeekMask) -> Int {
        var total = 0
        for i in words.indices { total += (words[i] & other.words[i]).nonzeroBitCount }
        return total
    }

    public var isEmpty: Bool { overlap(self) == 0 }

    public static func == (a: WeekMask, b: WeekMask) -> Bool { a.words.indices.allSatisfy { a.words[$0] == b.words[$0] } }
}

infix operator %%: MultiplicationPrecedence
/// Modulo that is never negative.
func %% (a: Int, n: Int) -> Int { ((a % n) + n) % n }
