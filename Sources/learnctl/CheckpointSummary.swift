import CheckpointFormat
import LearnCore
import Protocol

extension CheckpointSummary {
    /// The summary of the checkpoint `decoded`, read from `path` (Protocol's `CheckpointSummary`:
    /// `json` for `--json`, `text` for people; the same facts in both).
    init(path: String, decoded: DecodedCheckpoint) {
        self.init()
        let s = decoded.state, m = decoded.meta, c = s.config
        file = path
        formatVersion = Int(m.formatVersion)
        (fileBytes, containerBytes) = (decoded.fileBytes, decoded.containerBytes)
        createdUnixSeconds = Int(clamping: m.createdUnixSeconds)
        created = utcTimestamp(m.createdUnixSeconds)
        learndVersion = m.learndVersion
        model.widths = c.widths
        model.task = c.task.rawValue
        (model.activation, model.optimizer) = (c.activation.rawValue, c.optimizer.rawValue)
        model.learningRate = Double(c.learningRate)
        (model.parameters, model.optimizerSteps) = (s.network.parameters.count, s.optimizer.steps)
        let n = s.counters
        records = RecordCounts(learned: n.learned, predicted: n.predicted, rejected: n.rejected,
                               rejectedByKind: n.rejectedByKind)
        (labels, labelCapacity) = (s.labels.names, s.labels.capacity)
        (sparsity, sparsityPerLayer) = (s.sparsity, s.sparsityPerLayer)
        pruned = !s.network.masks.isEmpty
        let r = s.reservoir
        (replay.count, replay.capacity, replay.seen, replay.policy) = (r.count, r.capacity, r.seen, r.policy.rawValue)
        if c.task == .classify {
            let counts = r.countsPerClass(slots: s.labels.names.count)
            replay.classHistogram = zip(s.labels.names, counts).map { NamedCount($0, $1) }
        }
        metrics = Self.metrics(s)
        drift = DriftFigures(detector: c.driftDetector.rawValue, detections: s.drift.detections,
                             last: s.drift.events.map(\.record))
        (protection.kind, protection.consolidations) = (c.protect.rawValue, s.protection.consolidations)
        history = m.history.map { h in
            var out = History()
            (out.periodSeconds, out.samples, out.checkpoints) = (h.periodSeconds, h.samples.count, h.checkpoints.count)
            out.firstUnixSeconds = h.samples.first.map { Int(clamping: $0.unixSeconds) }
            out.lastUnixSeconds = h.samples.last.map { Int(clamping: $0.unixSeconds) }
            return out
        }
        sections = decoded.sections.map { NamedCount($0.tag, $0.bytes) }
        configText = m.configText
    }

    private static func metrics(_ s: LearnerState) -> Metrics {
        let m = s.metrics
        var out = Metrics()
        (out.count, out.window, out.meanLoss) = (m.count, m.window, m.meanLoss)
        switch s.config.task {
        case .classify:
            let perClass = s.labels.names.enumerated().map { slot, name in
                let seen = m.classSeen[slot], correct = m.classCorrect[slot]
                return ClassScore(name: name, seen: seen, correct: correct,
                                  accuracy: seen == 0 ? 0 : Double(correct) / Double(seen))
            }
            out.score = .classify(accuracy: m.accuracy, recentAccuracy: m.recentAccuracy, perClass: perClass)
        case .regress:
            out.score = .regress(rmse: m.rmse, recentRMSE: m.recentRMSE)
        }
        return out
    }
}
