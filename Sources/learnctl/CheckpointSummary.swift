import CheckpointFormat
import LearnCore
import Protocol
import Wire

/// What `inspect` says about a checkpoint, as JSON (`--json`) and as text. Same facts in both.
struct CheckpointSummary {
    let path: String
    let decoded: DecodedCheckpoint
    var state: LearnerState { decoded.state }
    var config: LearnerConfig { decoded.state.config }

    var json: JSON {
        let s = state, m = decoded.meta
        return .object([
            ("file", .string(path)), ("valid", true), ("format_version", .number(Double(m.formatVersion))),
            ("file_bytes", int(decoded.fileBytes)), ("container_bytes", int(decoded.containerBytes)),
            ("created_unix_seconds", .number(Double(m.createdUnixSeconds))),
            ("created", .string(utcTimestamp(m.createdUnixSeconds))), ("learnd_version", .string(m.learndVersion)),
            ("model", model), ("records", records),
            ("labels", .array(s.labels.names.map { .string($0) })), ("label_capacity", int(s.labels.capacity)),
            ("sparsity", .number(s.sparsity)),
            ("sparsity_per_layer", .array(s.sparsityPerLayer.map { .number($0) })),
            ("pruned", .bool(!s.network.masks.isEmpty)),
            ("replay", replay), ("metrics", metrics),
            (ReportKey.drift, .object([(ReportKey.driftDetector, .string(config.driftDetector.rawValue)),
                                       (ReportKey.driftDetections, int(s.drift.detections)),
                                       (ReportKey.driftLast, .array(s.drift.events.map { int($0.record) }))])),
            ("protection", .object([("kind", .string(config.protect.rawValue)),
                                    ("consolidations", int(s.protection.consolidations))])),
            ("history", m.history.map { h in
                .object([("period_seconds", .number(h.periodSeconds)), ("samples", int(h.samples.count)),
                         ("checkpoints", int(h.checkpoints.count)),
                         ("first_unix_seconds", h.samples.first.map { .number(Double($0.unixSeconds)) } ?? .null),
                         ("last_unix_seconds", h.samples.last.map { .number(Double($0.unixSeconds)) } ?? .null)])
            } ?? .null),
            ("sections", .array(decoded.sections.map {
                .object([("tag", .string($0.tag)), ("bytes", int($0.bytes))])
            })),
            ("config_text", .string(m.configText)),
        ])
    }

    private var model: JSON {
        .object([
            ("widths", .array(config.widths.map(int))), ("task", .string(config.task.rawValue)),
            ("activation", .string(config.activation.rawValue)), ("optimizer", .string(config.optimizer.rawValue)),
            ("learning_rate", .number(Double(config.learningRate))),
            ("parameters", int(state.network.parameters.count)), ("optimizer_steps", int(state.optimizer.steps)),
        ])
    }

    private var records: JSON {
        let c = state.counters
        return .object([
            ("learned", int(c.learned)), ("predicted", int(c.predicted)), ("rejected", int(c.rejected)),
            (ReportKey.rejectedByKind, .object(c.rejectedByKind.sorted { $0.key < $1.key }.map { ($0.key, int($0.value)) })),
        ])
    }

    /// Items in memory per class name (classify).
    var replayHistogram: [(String, Int)] {
        guard config.task == .classify else { return [] }
        let counts = state.reservoir.countsPerClass(slots: state.labels.names.count)
        return zip(state.labels.names, counts).map { ($0, $1) }
    }

    private var replay: JSON {
        let r = state.reservoir
        return .object([
            ("count", int(r.count)), ("capacity", int(r.capacity)), ("seen", int(r.seen)),
            ("policy", .string(r.policy.rawValue)),
            ("class_histogram", .object(replayHistogram.map { ($0.0, int($0.1)) })),
        ])
    }

    private var metrics: JSON {
        let m = state.metrics
        var members: [(String, JSON)] = [
            ("count", int(m.count)), ("window", int(m.window)), ("mean_loss", .number(m.meanLoss)),
        ]
        switch config.task {
        case .classify:
            members += [("prequential_accuracy", .number(m.accuracy)), ("recent_accuracy", .number(m.recentAccuracy))]
            let perClass: [(String, JSON)] = state.labels.names.enumerated().map { slot, name in
                let seen = m.classSeen[slot], correct = m.classCorrect[slot]
                return (name, .object([("seen", int(seen)), ("correct", int(correct)),
                                       ("accuracy", .number(seen == 0 ? 0 : Double(correct) / Double(seen)))]))
            }
            members.append(("per_class", .object(perClass)))
        case .regress:
            members += [("prequential_rmse", .number(m.rmse)), ("recent_rmse", .number(m.recentRMSE))]
        }
        return .object(members)
    }

    private func int(_ value: Int) -> JSON { .number(Double(value)) }
}
