import LearnCore
import Wire

/// The tally of one `eval`: the scores of labelled records, counts of the others, and per-record predictions.
struct EvaluationRun {
    let config: LearnerConfig
    var tally = EvaluationTally()
    var unlabelled = 0
    var rejected = 0
    /// Outputs were not finite (counted, not scored).
    var nonFinite = 0
    /// JSON lines: `{"line":N,"label":...,"confidence":...,"actual":...}` or `{"line":N,"values":[...],...}`.
    /// Filled only when `keepPredictions`.
    var predictionLines = ""
    let keepPredictions: Bool

    init(config: LearnerConfig, keepPredictions: Bool) {
        self.config = config
        self.keepPredictions = keepPredictions
    }

    mutating func add(_ record: Record, line: Int, learner: Learner) {
        guard let prediction = learner.predict(record.features) else { nonFinite += 1; return }
        var members: [(String, JSON)] = [("line", .number(Double(line)))]
        switch prediction {
        case .label(let name, let confidence):
            members += [("label", name.map { .string($0) } ?? .null), ("confidence", .number(Double(confidence)))]
        case .values(let values):
            members.append(("values", .array(values.map { .number(Double($0)) })))
        }
        switch (prediction, record.target) {
        case (.label(let name, _), .label(let actual)):
            tally.add(predicted: name, actual: actual)
            members.append(("actual", .string(actual)))
        case (.values(let values), .values(let actual)):
            tally.add(predicted: values, actual: actual)
            members.append(("actual", .array(actual.map { .number(Double($0)) })))
        default:
            unlabelled += 1
        }
        if keepPredictions { predictionLines += JSON.object(members).serialized() + "\n" }
    }

    var json: JSON {
        var members: [(String, JSON)] = [
            ("records", .number(Double(tally.count + unlabelled + rejected + nonFinite))),
            ("evaluated", .number(Double(tally.count))), ("unlabelled", .number(Double(unlabelled))),
            ("rejected", .number(Double(rejected))), ("non_finite", .number(Double(nonFinite))),
        ]
        switch config.task {
        case .classify:
            members.append(("accuracy", .number(tally.accuracy)))
            members.append(("per_class", .object(tally.perClassAccuracy.sorted { $0.key < $1.key }
                .map { ($0.key, .number($0.value)) })))
            members.append(("confusion", .object(tally.confusion.sorted { $0.key < $1.key }.map { actual, row in
                (actual, .object(row.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) }))
            })))
        case .regress:
            members.append(("rmse", .number(tally.rmse)))
        }
        return .object(members)
    }
}
