import CheckpointFormat
import LearnCore

extension CheckpointSummary {
    /// The human form of `inspect`: one fact per line, aligned.
    var text: String {
        let s = state, m = decoded.meta, c = config
        let counters = s.counters
        var lines: [(String, String)] = [
            ("format", "v\(m.formatVersion), \(decoded.fileBytes) bytes "
                + "(\(decoded.containerBytes) uncompressed), integrity ok"),
            ("created", "\(utcTimestamp(m.createdUnixSeconds)) by learnd \(m.learndVersion)"),
            ("model", "\(c.widths.map(String.init).joined(separator: "-")) \(c.task.rawValue), "
                + "\(c.activation.rawValue), "
                + "\(c.optimizer.rawValue) lr \(c.learningRate), \(s.network.parameters.count) parameters"),
            ("records", "\(counters.learned) learned, \(counters.predicted) predicted, \(counters.rejected) rejected"
                + rejectedKinds),
        ]
        if c.task == .classify {
            lines.append(("labels", (s.labels.names.isEmpty ? "none yet" : s.labels.names.joined(separator: ", "))
                + " (\(s.labels.names.count) of \(s.labels.capacity) slots)"))
        }
        let layers = s.sparsityPerLayer.enumerated().map { "layer \($0): \(percent($1))" }
        lines.append(("sparsity", "\(percent(s.sparsity)) (" + layers.joined(separator: ", ") + ")"))
        let r = s.reservoir
        var replay = "\(r.count) of \(r.capacity) (\(r.seen) offered, \(r.policy.rawValue))"
        if !replayHistogram.isEmpty {
            replay += ": " + replayHistogram.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        }
        lines.append(("replay", replay))
        lines.append(("prequential", prequential))
        if c.driftDetector != .none {
            lines.append(("drift", "\(c.driftDetector.rawValue), \(s.drift.detections) detections"))
        }
        if c.protect != .none {
            lines.append(("protection", "\(c.protect.rawValue), \(s.protection.consolidations) consolidations"))
        }
        if let h = m.history, let first = h.samples.first, let last = h.samples.last {
            lines.append(("history", "\(h.samples.count) samples from \(utcTimestamp(first.unixSeconds)) to "
                + "\(utcTimestamp(last.unixSeconds)), \(h.checkpoints.count) checkpoints (learnctl plot --checkpoint)"))
        } else if let h = m.history {
            lines.append(("history", "no samples, \(h.checkpoints.count) checkpoints"))
        }
        lines.append(("sections", decoded.sections.map { "\($0.tag) \($0.bytes)" }.joined(separator: ", ")))
        return "\(path)\n" + lines.map { "  " + ($0.0 + ":").padding(13) + $0.1 }.joined(separator: "\n")
    }

    private var rejectedKinds: String {
        let kinds = state.counters.rejectedByKind.sorted { $0.key < $1.key }
        return kinds.isEmpty ? "" : " (" + kinds.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
    }

    private var prequential: String {
        let m = state.metrics
        switch config.task {
        case .classify:
            return "accuracy \(fixed(m.accuracy)), recent \(fixed(m.recentAccuracy)) (window \(m.window)), "
                + "mean loss \(fixed(m.meanLoss))"
        case .regress:
            return "RMSE \(fixed(m.rmse)), recent \(fixed(m.recentRMSE)) (window \(m.window))"
        }
    }
}

extension String {
    /// Left-aligned in a field of `width` characters.
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
