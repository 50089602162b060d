import CheckpointFormat
import Protocol
import Wire

/// learnd's `status` reply, decoded by `StatusReport(json:)` (a reply that lacks a documented key is
/// an error naming it), and its human form for `status` and `watch`.
struct StatusView {
    let report: StatusReport

    init(_ report: StatusReport) { self.report = report }

    /// Decodes a `status` reply; one that is not a complete report is a one-line error.
    init(_ json: JSON) throws {
        do { report = try StatusReport(json: json) } catch {
            throw LearnctlError("unexpected status reply from learnd: \(error)")
        }
    }

    // MARK: Facts

    var version: String { report.version }
    var uptime: Double { report.uptimeSeconds }
    var rss: Int? { report.rssBytes }
    var shape: [Int] { report.shape }
    var task: String { report.task }
    var classify: Bool { task != "regress" }
    var records: StatusReport.Records { report.records }
    var rate: Double { report.recordsPerSecond }
    /// Prequential accuracy (classify) or RMSE (regress), over everything and over the recent window.
    var score: Double {
        switch report.score {
        case .classify(let accuracy, _, _): return accuracy
        case .regress(let rmse, _): return rmse
        }
    }
    var recentScore: Double {
        switch report.score {
        case .classify(_, let recent, _): return recent
        case .regress(_, let recent): return recent
        }
    }
    var scoreName: String { classify ? "accuracy" : "RMSE" }
    var classes: [String] {
        if case .classify(_, _, let classes) = report.score { return classes }
        return []
    }

    /// Reservoir items per class, in the order classes were first seen (then any others, by name).
    var replayHistogram: [(String, Int)] {
        let byName = report.replayClasses
        let ordered = classes.filter { byName[$0] != nil }
        return ordered.map { ($0, byName[$0]!) }
            + byName.filter { !classes.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    var history: [HistorySample] { report.history.samples.map(HistorySample.init) }

    var historyPeriod: Double { report.history.periodSeconds }

    /// When the checkpoints in the history were written, Unix seconds.
    var historyCheckpoints: [Double] { report.history.checkpoints.map { Double($0.unixSeconds) } }

    /// Learned-record indices of the last drift detections (`drift.last`).
    var driftRecords: [Int] { report.drift.last }

    // MARK: Text

    var shapeText: String {
        (shape.isEmpty ? "(width not known yet)" : shape.map(String.init).joined(separator: "-")) + " " + task
    }

    var headline: String {
        var parts = ["learnd \(version)", "up \(duration(uptime))"]
        if let rss { parts.append("RSS \(byteSize(Double(rss)))") }
        return parts.joined(separator: ", ")
    }

    var recordsText: String {
        let r = records
        var text = "\(r.learned) learned, \(r.predicted) predicted, \(r.rejected) rejected"
        let reasons = r.rejectedByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        if !reasons.isEmpty { text += " (" + reasons.joined(separator: ", ") + ")" }
        return text + "; \(r.queued) queued"
    }

    var scoreText: String {
        let digits = classify ? 4 : 6
        return "\(fixed(score, digits)) prequential, \(fixed(recentScore, digits)) recent"
    }

    var sparsityText: String {
        let layers = report.sparsityPerLayer.enumerated().map { "layer \($0): \(percent($1))" }
        return percent(report.sparsity) + (layers.isEmpty ? "" : " (" + layers.joined(separator: ", ") + ")")
    }

    var replayText: String {
        let size = report.replaySize, capacity = report.replayCapacity
        return "\(size) of \(capacity)" + (capacity > 0 ? " (\(percent(Double(size) / Double(capacity))))" : "")
    }

    /// `2 events (adwin), last at records 12223, 15295`: the detector and the last 5 detections.
    var driftText: String {
        let d = report.drift
        var text = "\(d.detections) event\(d.detections == 1 ? "" : "s") (\(d.detector))"
        let records = d.last.suffix(5)
        if !records.isEmpty {
            text += ", last at record\(records.count == 1 ? "" : "s") " + records.map(String.init).joined(separator: ", ")
        }
        return text
    }

    /// `pending 3 of 4096; matched 120, expired 0, evicted 0; delayed accuracy 91.2 %; delay median 1.2 s, p99
    /// 4.0 s` (`labels`), or nil before any record with an id.
    var labelsText: String? {
        let l = report.labels
        guard l.pending + l.matched + l.expired + l.evicted > 0 else { return nil }
        var text = "pending \(l.pending) of \(l.capacity); matched \(l.matched), expired \(l.expired), evicted \(l.evicted)"
        text += classify ? "; delayed accuracy \(percent(l.delayedScore))" : "; delayed RMSE \(fixed(l.delayedScore))"
        func delay(_ x: Double) -> String { x < 60 ? fixed(x, 2) + " s" : duration(x) }
        return text + "; delay median \(delay(l.delayMedian)), p99 \(delay(l.delayP99))"
    }

    var checkpointText: String {
        let c = report.checkpoint
        var text: String
        if let path = c.lastPath {
            text = path
            if let age = c.ageSeconds { text += ", \(duration(age)) ago" }
            text += ", \(byteSize(Double(c.bytes)))"
        } else {
            text = "none yet"
        }
        if c.written > 0 || c.failed > 0 { text += " (\(c.written) written, \(c.failed) failed)" }
        if let error = c.lastError { text += "; last failure: \(error)" }
        return text
    }

    /// "member 2 of 2 predicts; learning rates 0.05 0.1; 4 exploits, 0 resets", nil with tuning off.
    var tuningText: String? {
        let t = report.tuning
        guard t.mode == "auto" else { return nil }
        let rates = t.learningRates.map { "\(Float($0))" }
        return "member \(t.leader + 1) of \(rates.count) predicts; learning rates \(rates.joined(separator: " ")); "
            + "\(t.exploits) exploits, \(t.resets) resets"
    }

    var connectionsText: String {
        let c = report.connections
        var text = "ingest \(c.ingest) open (\(c.ingestTotal) so far), control \(c.control) open"
        if c.controlRefused > 0 { text += ", \(c.controlRefused) refused" }
        if report.repliesDropped > 0 { text += "; \(report.repliesDropped) replies dropped" }
        return text
    }

    /// The `status` text: one fact per line, then the replay histogram as bars.
    func text(socket: String) -> String {
        var lines: [(String, String)] = [
            ("model", shapeText + (shape.isEmpty ? "" : ", learning rate \(Float(report.learningRate))")),
            ("records", recordsText),
            ("rate", "\(fixed(rate, 1)) records/s"),
            (scoreName, scoreText),
        ]
        if let tuningText { lines.append(("tuning", tuningText)) }
        lines.append(("loss", fixed(report.loss)))
        if classify {
            lines.append(("classes", classes.isEmpty ? "none yet" : "\(classes.count): " + classes.joined(separator: ", ")))
        }
        lines.append(("sparsity", sparsityText))
        lines.append(("drift", driftText))
        if let labelsText { lines.append(("labels", labelsText)) }
        lines.append(("checkpoint", checkpointText))
        lines.append(("connections", connectionsText))
        lines.append(("replay", replayText))
        var out = ["\(headline) on \(socket)"] + lines.map { "  " + ($0.0 + ":").padding(13) + $0.1 }
        let histogram = replayHistogram
        if let most = histogram.map(\.1).max(), most > 0 {
            let width = min(20, histogram.map(\.0.count).max() ?? 1)
            for (name, count) in histogram {
                out.append("    " + String(name.prefix(width)).padding(width + 1) + bar(Double(count) / Double(most), width: 30)
                           + " \(count)")
            }
        }
        return out.joined(separator: "\n")
    }
}

/// One `status.history` sample.
struct HistorySample {
    var unixSeconds: Double
    var learned: Double
    var recordsPerSecond: Double?
    var score: Double?
    var recentScore: Double?
    var loss: Double?
    var sparsity: Double?
    var driftEvents: Int?

    /// A sample of `status.history`.
    init(_ s: StatusHistory.Sample) {
        unixSeconds = Double(s.unixSeconds)
        learned = Double(s.learned)
        recordsPerSecond = s.recordsPerSecond
        score = s.score
        recentScore = s.recentScore
        loss = s.loss
        sparsity = s.sparsity
        driftEvents = s.driftDetections
    }

    /// A sample carried in a checkpoint (NaN, "not available", becomes nil).
    init(_ s: LearningHistory.Sample) {
        func value(_ v: Double) -> Double? { v.isNaN ? nil : v }
        unixSeconds = Double(s.unixSeconds)
        learned = Double(s.learned)
        recordsPerSecond = value(s.recordsPerSecond)
        score = value(s.score)
        recentScore = value(s.recentScore)
        loss = value(s.loss)
        sparsity = value(s.sparsity)
        driftEvents = s.driftEvents
    }
}

// MARK: - Number text

/// Seconds as `45 s`, `3 min 12 s`, `2 h 03 min`, `3 d 4 h`.
func duration(_ seconds: Double) -> String {
    let s = clampedInt(max(0, seconds).rounded(.down))
    if s < 60 { return "\(s) s" }
    if s < 3600 { return "\(s / 60) min \(s % 60) s" }
    if s < 86400 { return "\(s / 3600) h " + two(s % 3600 / 60) + " min" }
    return "\(s / 86400) d \(s % 86400 / 3600) h"
}

private func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

/// Bytes as `512 B`, `45.2 KiB`, `5.3 MiB`, `1.2 GiB`.
func byteSize(_ bytes: Double) -> String {
    if bytes < 1024 { return "\(clampedInt(bytes)) B" }
    var value = bytes / 1024
    for unit in ["KiB", "MiB", "GiB"] {
        if value < 1024 || unit == "GiB" { return "\(fixed(value, 1)) \(unit)" }
        value /= 1024
    }
    return "\(clampedInt(bytes)) B"
}

/// A number in its shortest form (`0.1`, `3`, `1e-05`).
func short(_ value: Double) -> String { JSON.format(number: value) }

/// A horizontal bar of `fraction` (0...1) of `width` cells, in eighths (█ ▉ ▊ ▋ ▌ ▍ ▎ ▏).
func bar(_ fraction: Double, width: Int) -> String {
    let eighths = clampedInt((max(0, min(1, fraction)) * Double(width * 8)).rounded())
    let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
    let text = String(repeating: "█", count: eighths / 8) + partial
    return text + String(repeating: " ", count: max(0, width - text.count))
}
