/// Scores predictions against labelled records without learning (`--eval`, `learnctl eval`).
/// Classify: accuracy, per-class accuracy and a confusion matrix indexed by class name.
/// Regress: RMSE over all outputs.
public struct EvaluationTally: Equatable, Sendable {
    public private(set) var count = 0
    public private(set) var correct = 0
    public private(set) var squaredErrorSum: Double = 0
    /// Per actual class: records and correct predictions.
    public private(set) var perClass: [String: (seen: Int, correct: Int)] = [:]
    /// confusion[actual][predicted] = count; an unpredictable record counts under "".
    public private(set) var confusion: [String: [String: Int]] = [:]

    public init() {}

    public static func == (a: EvaluationTally, b: EvaluationTally) -> Bool {
        a.count == b.count && a.correct == b.correct && a.squaredErrorSum == b.squaredErrorSum
            && a.confusion == b.confusion
    }

    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
    public var rmse: Double { count == 0 ? 0 : (squaredErrorSum / Double(count)).squareRoot() }
    public var perClassAccuracy: [String: Double] {
        perClass.mapValues { $0.seen == 0 ? 0 : Double($0.correct) / Double($0.seen) }
    }

    public mutating func add(predicted: String?, actual: String) {
        count += 1
        let hit = predicted == actual
        if hit { correct += 1 }
        let old = perClass[actual] ?? (0, 0)
        perClass[actual] = (old.seen + 1, old.correct + (hit ? 1 : 0))
        confusion[actual, default: [:]][predicted ?? "", default: 0] += 1
    }

    /// Adds one regression record: mean over outputs of the squared error.
    public mutating func add(predicted: [Float], actual: [Float]) {
        count += 1
        var sum: Double = 0
        for (p, a) in zip(predicted, actual) { let e = Double(p) - Double(a); sum += e * e }
        squaredErrorSum += sum / Double(max(1, actual.count))
    }
}

extension Learner {
    /// Scores one labelled record without learning. Returns false when the output is not finite.
    @discardableResult
    public func evaluate(_ x: [Float], target: LearnTarget, into tally: inout EvaluationTally) -> Bool {
        guard let prediction = predict(x) else { return false }
        switch (prediction, target) {
        case (.label(let name, _), .label(let actual)): tally.add(predicted: name, actual: actual)
        case (.values(let values), .values(let actual)): tally.add(predicted: values, actual: actual)
        default: preconditionFailure("target kind matches the task")
        }
        return true
    }
}
