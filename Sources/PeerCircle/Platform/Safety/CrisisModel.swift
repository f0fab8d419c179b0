import Foundation

/// A small logistic-regression model over what the screen sees in a message: its words and word
/// pairs, word fragments (for spellings the rules have not met), and the concepts of risk the rules
/// found or put at a distance. It is trained once per process from the labelled set shipped with
/// PeerCircle (`Resources/crisis/tuning.tsv`, about 1 300 lines, in well under a second), so it
/// learns how concepts combine and which words carry danger without anyone writing a rule for
/// each phrasing. The rules decide first; the model adds a finding only when it is confident.
/// Its threshold is chosen by cross-validation on the training set so that false alarms there
/// stay at or under 4 %; the held-out set in the tests is never used for it.
struct CrisisModel: Sendable {
    static let dimension = 1 << 18
    let weights: [Float]
    let bias: Float
    /// The probability from which the model fires.
    let threshold: Double

    func probability(_ analysis: CrisisScreen.Analysis) -> Double {
        probability(Self.features(analysis))
    }

    func probability(_ features: [Int]) -> Double {
        var z = bias
        for index in features { z += weights[index] }
        return 1 / (1 + exp(-Double(z)))
    }

    /// Hashed feature indices: words, word pairs, fragments, concepts kept and distanced, flags.
    /// Hashing runs over the bytes directly, without building a string per feature.
    static func features(_ analysis: CrisisScreen.Analysis) -> [Int] {
        var keys: [Int] = []
        keys.reserveCapacity(64)
        func add(_ hash: UInt64) { keys.append(Int(hash % UInt64(dimension))) }
        for sentence in analysis.sentences {
            var previous = startSeed
            for word in sentence where word != "~" {
                let bytes = Array(word.utf8)
                let whole = fnv1a(bytes, seed: wordSeed)
                add(whole)
                add(fnv1a(bytes, seed: previous &* 31 &+ 7))
                previous = whole
                if bytes.count >= 5 {
                    for start in 0...(bytes.count - 4) { add(fnv1a(bytes[start..<(start + 4)], seed: gramSeed)) }
                }
            }
        }
        var concepts: Set<String> = []
        for occurrence in analysis.kept { concepts.insert(occurrence.concept.rawValue) }
        for concept in concepts { add(fnv1a("c:" + concept)) }
        let sorted = concepts.sorted()
        for (i, a) in sorted.enumerated() { for b in sorted.dropFirst(i + 1) { add(fnv1a("cc:" + a + "+" + b)) } }
        for concept in Set(analysis.distanced.map(\.rawValue)) { add(fnv1a("d:" + concept)) }
        for flag in analysis.flags { add(fnv1a("f:" + flag)) }
        return Array(Set(keys))
    }

    static let startSeed = fnv1a("^"), wordSeed = fnv1a("w:"), gramSeed = fnv1a("g:")

    /// A stable hash (Swift's own is seeded per process).
    static func fnv1a(_ text: String) -> UInt64 { fnv1a(Array(text.utf8)) }

    static func fnv1a<Bytes: Collection<UInt8>>(_ bytes: Bytes, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = seed
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// Trains by stochastic gradient descent in a fixed order, so every process gets the same model.
    static func train(_ examples: [(features: [Int], crisis: Bool)], threshold: Double = 0.5, epochs: Int = 12) -> CrisisModel {
        var weights = [Float](repeating: 0, count: dimension)
        var bias: Float = 0
        var order = Array(examples.indices)
        var seed: UInt64 = 0x9e37_79b9_7f4a_7c15
        for epoch in 0..<epochs {
            // A fixed shuffle per epoch (a linear congruential generator with a fixed seed).
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                order.swapAt(i, Int(seed >> 33) % (i + 1))
            }
            let rate = Float(0.2 / (1 + Double(epoch) * 0.5))
            for index in order {
                let example = examples[index]
                var z = bias
                for f in example.features { z += weights[f] }
                let predicted = 1 / (1 + exp(-z))
                let error = (example.crisis ? 1 : 0) - predicted
                bias += rate * error
                for f in example.features { weights[f] += rate * (error - 0.0005 * weights[f]) }
            }
        }
        return CrisisModel(weights: weights, bias: bias, threshold: threshold)
    }

    /// Trains on `set` and picks the threshold by five-fold cross-validation: the lowest at which
    /// the rules and the model together raise at most `falseAlarms` of the ok lines.
    static func fit(_ set: CrisisLabelledSet, rules: CrisisScreen, falseAlarms: Double = 0.04) -> CrisisModel {
        fit(prepare(set.examples, rules: rules), falseAlarms: falseAlarms)
    }

    typealias Prepared = (features: [Int], crisis: Bool, rulesFire: Bool, evidence: Bool)

    /// The combined decision for a prepared example at `probability`: the rules, or the model when
    /// confident and the rules found at least some concept of risk.
    func fires(_ example: Prepared, probability: Double) -> Bool {
        example.rulesFire || example.evidence && probability >= threshold
    }

    static func prepare(_ examples: [CrisisLabelledSet.Example], rules: CrisisScreen) -> [Prepared] {
        examples.map { example in
            let analysis = rules.analyse(example.text)
            return (features(analysis), example.crisis, rules.judge(analysis.kept) != nil, !analysis.kept.isEmpty)
        }
    }

    static func fit(_ prepared: [Prepared], falseAlarms: Double = 0.04) -> CrisisModel {
        var outOfFold = [Double](repeating: 0, count: prepared.count)
        for fold in 0..<5 {
            let training = prepared.indices.filter { $0 % 5 != fold }.map { (prepared[$0].features, prepared[$0].crisis) }
            let model = train(training)
            for index in prepared.indices where index % 5 == fold { outOfFold[index] = model.probability(prepared[index].features) }
        }
        let okCount = max(1, prepared.filter { !$0.crisis }.count)
        var threshold = 0.99
        for candidate in stride(from: 0.95, through: 0.30, by: -0.01) {
            let probe = CrisisModel(weights: [], bias: 0, threshold: candidate)
            let alarms = prepared.indices.filter { !prepared[$0].crisis && probe.fires(prepared[$0], probability: outOfFold[$0]) }.count
            guard Double(alarms) / Double(okCount) <= falseAlarms else { break }
            threshold = candidate
        }
        return train(prepared.map { ($0.features, $0.crisis) }, threshold: threshold)
    }

    static func trainedFromBundle(rules: CrisisScreen) -> CrisisModel? {
        guard let url = Bundle.module.url(forResource: "tuning", withExtension: "tsv", subdirectory: "Resources/crisis")
                ?? Bundle.module.url(forResource: "tuning", withExtension: "tsv"),
              let text = try? String(contentsOf: url, encoding: .utf8),
              let set = try? CrisisLabelledSet(text)
        else { return nil }
        return fit(set, rules: rules)
    }
}
