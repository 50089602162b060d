import Protocol

extension CheckpointSummary {
    /// The human form of `inspect`: one fact per line, aligned.
    var text: String {
        var lines: [(String, String)] = [
            ("format", "v\(formatVersion), \(fileBytes) bytes (\(containerBytes) uncompressed), integrity ok"),
            ("created", "\(created) by learnd \(learndVersion)"),
            ("model", "\(model.widths.map(String.init).joined(separator: "-")) \(model.task), \(model.activation), "
                + "\(model.optimizer) lr \(Float(model.learningRate)), \(model.parameters) parameters"),
            ("records", "\(records.learned) learned, \(records.predicted) predicted, \(records.rejected) rejected"
                + rejectedKinds),
        ]
        if model.task != "regress" {
            lines.append(("labels", (labels.isEmpty ? "none yet" : labels.joined(separator: ", "))
                + " (\(labels.count) of \(labelCapacity) slots)"))
        }
        let layers = sparsityPerLayer.enumerated().map { "layer \($0): \(percent($1))" }
        lines.append(("sparsity", "\(percent(sparsity)) (" + layers.joined(separator: ", ") + ")"))
        var replayText = "\(replay.count) of \(replay.capacity) (\(replay.seen) offered, \(replay.policy))"
        if !replay.classHistogram.isEmpty {
            replayText += ": " + replay.classHistogram.map { "\($0.name) \($0.count)" }.joined(separator: ", ")
        }
        lines.append(("replay", replayText))
        lines.append(("prequential", prequential))
        if drift.detector != "none" { lines.append(("drift", "\(drift.detector), \(drift.detections) detections")) }
        if protection.kind != "none" {
            lines.append(("protection", "\(protection.kind), \(protection.consolidations) consolidations"))
        }
        if let h = history, let first = h.firstUnixSeconds, let last = h.lastUnixSeconds {
            lines.append(("history", "\(h.samples) samples from \(utcTimestamp(Int64(first))) to "
                + "\(utcTimestamp(Int64(last))), \(h.checkpoints) checkpoints (learnctl plot --checkpoint)"))
        } else if let h = history {
            lines.append(("history", "no samples, \(h.checkpoints) checkpoints"))
        }
        lines.append(("sections", sections.map { "\($0.name) \($0.count)" }.joined(separator: ", ")))
        return "\(file)\n" + lines.map { "  " + ($0.0 + ":").padding(13) + $0.1 }.joined(separator: "\n")
    }

    private var rejectedKinds: String {
        let kinds = records.rejectedByKind.sorted { $0.key < $1.key }
        return kinds.isEmpty ? "" : " (" + kinds.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
    }

    private var prequential: String {
        switch metrics.score {
        case .classify(let accuracy, let recent, _):
            return "accuracy \(fixed(accuracy)), recent \(fixed(recent)) (window \(metrics.window)), "
                + "mean loss \(fixed(metrics.meanLoss))"
        case .regress(let rmse, let recent):
            return "RMSE \(fixed(rmse)), recent \(fixed(recent)) (window \(metrics.window))"
        }
    }
}

extension String {
    /// Left-aligned in a field of `width` characters.
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
