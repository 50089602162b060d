import Protocol

extension StreamReport {
    /// A short human summary: one fact per line.
    public var text: String {
        var lines = [
            "records      \(total) (learned \(counts.learned), predicted \(counts.predicted), rejected \(counts.rejected))",
            "model        \(shape.map(String.init).joined(separator: "-")) \(task)",
        ]
        switch score {
        case .classify(let accuracy, let recent, let classes):
            lines.append("prequential  accuracy \(Format.percent(accuracy)), recent \(Format.percent(recent))")
            lines.append("classes      \(classes.joined(separator: " "))")
        case .regress(let rmse, let recent):
            lines.append("prequential  RMSE \(Format.fixed(rmse, 4)), recent \(Format.fixed(recent, 4))")
        }
        lines.append("sparsity     \(Format.percent(sparsity))")
        lines.append("replay       \(replaySize)/\(replayCapacity)")
        lines.append("speed        \(Int(recordsPerSecond)) records/s (\(Format.fixed(seconds, 3)) s)")
        let events = drift.last.map(String.init).joined(separator: " ")
        lines.append("drift        \(drift.detections) detected\(events.isEmpty ? "" : " (records \(events))")")
        if let l = labels {
            lines.append("labels       delayed \(scoreText(l.delayedScore)); matched \(l.matched), pending \(l.pending), "
                         + "expired \(l.expired), evicted \(l.evicted)")
        }
        for e in evaluations {
            let score: String
            switch e.score {
            case .classify(let accuracy, _): score = scoreText(accuracy)
            case .regress(let rmse): score = scoreText(rmse)
            }
            lines.append("eval         after \(e.afterRecords) records (\(e.afterFile ?? "-")) on \(e.file): \(score)")
        }
        if stages.count > 1 {
            for s in stages {
                lines.append("stage        \(s.file): \(s.learned) learned, prequential \(s.score.map(scoreText) ?? "-")")
            }
        }
        for c in continual {
            lines.append("continual    on \(c.file): average accuracy \(Format.percent(c.averageAccuracy)), "
                         + "backward transfer \(Format.fixed(c.backwardTransfer * 100, 2)) points, "
                         + "average forgetting \(Format.fixed(c.averageForgetting * 100, 2)) points")
        }
        return lines.joined(separator: "\n")
    }

    /// `accuracy 97.53 %` (classify) or `RMSE 0.1234` (regress).
    private func scoreText(_ x: Double) -> String {
        classify ? "accuracy \(Format.percent(x))" : "RMSE \(Format.fixed(x, 4))"
    }
}
