import LearnCore
import Wire

/// The result of a `learnd stream` run, as JSON (`--report json`) or as text.
public struct StreamReport {
    public let learner: Learner
    /// Records read, by outcome (the runner's own accounting).
    public let tally: Counters
    public let seconds: Double
    public let evaluations: [EvaluationEntry]

    public var recordsPerSecond: Double { seconds > 0 ? Double(tally.total) / seconds : 0 }
    private var classify: Bool { learner.config.task == .classify }

    public func json() -> JSON {
        let m = learner.metrics
        var pairs: [(String, JSON)] = [
            ("records", .number(Double(tally.total))),
            ("learned", .number(Double(tally.learned))),
            ("predicted", .number(Double(tally.predicted))),
            ("rejected", .number(Double(tally.rejected))),
            ("rejected_by_reason", .object(tally.rejectedByKind.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })),
            ("task", .string(learner.config.task.rawValue)),
        ]
        if classify {
            pairs.append(("prequential_accuracy", .number(m.accuracy)))
            pairs.append(("recent_accuracy", .number(m.recentAccuracy)))
            pairs.append(("classes", .array(learner.labels.names.map { .string($0) })))
        } else {
            pairs.append(("prequential_rmse", .number(m.rmse)))
            pairs.append(("recent_rmse", .number(m.recentRMSE)))
        }
        pairs += [
            ("prequential_loss", .number(m.meanLoss)),
            ("shape", .array(learner.config.widths.map { .number(Double($0)) })),
            ("sparsity", .number(learner.network.sparsity)),
            ("sparsity_per_layer", .array(learner.network.sparsityPerLayer.map { .number($0) })),
            ("replay", .object([("size", .number(Double(learner.reservoir.count))),
                                ("capacity", .number(Double(learner.reservoir.capacity)))])),
            ("seconds", .number(seconds)),
            ("records_per_second", .number(recordsPerSecond)),
            ("evaluations", .array(evaluations.map(evaluationJSON))),
        ]
        return .object(pairs)
    }

    private func evaluationJSON(_ e: EvaluationEntry) -> JSON {
        var pairs: [(String, JSON)] = [
            ("after_records", .number(Double(e.afterRecords))),
            ("after_file", e.afterFile.map { .string($0) } ?? .null),
            ("file", .string(e.file)),
        ]
        if classify {
            pairs.append(("accuracy", .number(e.tally.accuracy)))
            let perClass = e.tally.perClassAccuracy.sorted { $0.key < $1.key }.map { ($0.key, JSON.number($0.value)) }
            pairs.append(("per_class", .object(perClass)))
        } else {
            pairs.append(("rmse", .number(e.tally.rmse)))
        }
        return .object(pairs)
    }

    /// A short human summary.
    public func text() -> String {
        let m = learner.metrics
        var lines = [
            "records      \(tally.total) (learned \(tally.learned), predicted \(tally.predicted), rejected \(tally.rejected))",
            "model        \(learner.config.widths.map(String.init).joined(separator: "-")) \(learner.config.task.rawValue)",
        ]
        if classify {
            lines.append("prequential  accuracy \(Format.percent(m.accuracy)), recent \(Format.percent(m.recentAccuracy))")
            lines.append("classes      \(learner.labels.names.joined(separator: " "))")
        } else {
            lines.append("prequential  RMSE \(Format.fixed(m.rmse, 4)), recent \(Format.fixed(m.recentRMSE, 4))")
        }
        lines.append("sparsity     \(Format.percent(learner.network.sparsity))")
        lines.append("replay       \(learner.reservoir.count)/\(learner.reservoir.capacity)")
        lines.append("speed        \(Int(recordsPerSecond)) records/s (\(Format.fixed(seconds, 3)) s)")
        for e in evaluations {
            let score = classify ? "accuracy \(Format.percent(e.tally.accuracy))" : "RMSE \(Format.fixed(e.tally.rmse, 4))"
            lines.append("eval         after \(e.afterRecords) records (\(e.afterFile ?? "-")) on \(e.file): \(score)")
        }
        return lines.joined(separator: "\n")
    }
}
