import CheckpointFormat
import Protocol
import Wire

/// learnd's `status` reply, read leniently (a key a daemon does not send is shown as absent),
/// and its human form for `status` and `watch`.
struct StatusView {
    let json: JSON

    init(_ json: JSON) { self.json = json }

    // MARK: Facts

    var version: String { json["version"]?.stringValue ?? "?" }
    var uptime: Double? { json["uptime_seconds"]?.doubleValue }
    var rss: Double? { json["rss_bytes"]?.doubleValue }
    var shape: [Int] { json["model"]?["shape"]?.arrayValue?.compactMap(\.intValue) ?? [] }
    var task: String { json["model"]?["task"]?.stringValue ?? "classify" }
    var classify: Bool { task == "classify" }
    func records(_ key: String) -> Int { json["records"]?[key]?.intValue ?? 0 }
    var rate: Double { json["records_per_second"]?.doubleValue ?? 0 }
    /// Prequential accuracy (classify) or RMSE (regress), over everything and over the recent window.
    var score: Double? { json[classify ? "accuracy" : "rmse"]?.doubleValue }
    var recentScore: Double? { json[classify ? "recent_accuracy" : "recent_rmse"]?.doubleValue }
    var scoreName: String { classify ? "accuracy" : "RMSE" }
    var loss: Double? { json["loss"]?.doubleValue }
    var classes: [String] { json["classes"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    var sparsity: Double? { json["sparsity"]?.doubleValue }
    var sparsityPerLayer: [Double] { json["sparsity_per_layer"]?.arrayValue?.compactMap(\.doubleValue) ?? [] }

    /// Drift detections, when the daemon reports them (`drift.detections`).
    var driftEvents: Int? { json[ReportKey.drift]?[ReportKey.driftDetections]?.intValue }

    /// Reservoir items per class, in the order classes were first seen (then any others).
    var replayHistogram: [(String, Int)] {
        let counts = (json["replay"]?["classes"]?.objectValue ?? []).compactMap { k, v in v.intValue.map { (k, $0) } }
        let byName = Dictionary(counts, uniquingKeysWith: { a, _ in a })
        let ordered = classes.filter { byName[$0] != nil }
        return ordered.map { ($0, byName[$0]!) } + counts.filter { !classes.contains($0.0) }
    }

    var history: [HistorySample] {
        (json["history"]?["samples"]?.arrayValue ?? []).map { HistorySample($0, classify: classify) }
    }

    var historyPeriod: Double { json["history"]?["period_seconds"]?.doubleValue ?? 2 }

    /// When the checkpoints in the history were written, Unix seconds.
    var historyCheckpoints: [Double] {
        (json["history"]?["checkpoints"]?.arrayValue ?? []).compactMap { $0["unix_seconds"]?.doubleValue }
    }

    /// Learned-record indices of the last drift detections (`drift.last`).
    var driftRecords: [Int] { json[ReportKey.drift]?[ReportKey.driftLast]?.arrayValue?.compactMap(\.intValue) ?? [] }

    // MARK: Text

    var shapeText: String {
        (shape.isEmpty ? "(width not known yet)" : shape.map(String.init).joined(separator: "-")) + " " + task
    }

    var headline: String {
        var parts = ["learnd \(version)"]
        if let uptime { parts.append("up \(duration(uptime))") }
        if let rss { parts.append("RSS \(byteSize(rss))") }
        return parts.joined(separator: ", ")
    }

    var recordsText: String {
        var text = "\(records("learned")) learned, \(records("predicted")) predicted, \(records("rejected")) rejected"
        let reasons = (json["records"]?[ReportKey.rejectedByKind]?.objectValue ?? []).compactMap { k, v in
            v.intValue.map { "\(k) \($0)" }
        }
        if !reasons.isEmpty { text += " (" + reasons.joined(separator: ", ") + ")" }
        return text + "; \(records("queued")) queued"
    }

    var scoreText: String {
        guard let score else { return "n/a" }
        let digits = classify ? 4 : 6
        var text = "\(fixed(score, digits)) prequential"
        if let recentScore { text += ", \(fixed(recentScore, digits)) recent" }
        return text
    }

    var sparsityText: String {
        guard let sparsity else { return "n/a" }
        let layers = sparsityPerLayer.enumerated().map { "layer \($0): \(percent($1))" }
        return percent(sparsity) + (layers.isEmpty ? "" : " (" + layers.joined(separator: ", ") + ")")
    }

    var replayText: String {
        let size = json["replay"]?["size"]?.intValue ?? 0, capacity = json["replay"]?["capacity"]?.intValue ?? 0
        return "\(size) of \(capacity)" + (capacity > 0 ? " (\(percent(Double(size) / Double(capacity))))" : "")
    }

    /// `2 events (adwin), last at records 12223, 15295`: the detector and the last 5 detections.
    var driftText: String? {
        guard let driftEvents else { return nil }
        var text = "\(driftEvents) event\(driftEvents == 1 ? "" : "s")"
        if let detector = json["drift"]?["detector"]?.stringValue { text += " (\(detector))" }
        let records = driftRecords.suffix(5)
        if !records.isEmpty {
            text += ", last at record\(records.count == 1 ? "" : "s") " + records.map(String.init).joined(separator: ", ")
        }
        return text
    }

    /// `pending 3 of 4096; matched 120, expired 0, evicted 0; delayed accuracy 91.2 %; delay median 1.2 s, p99
    /// 4.0 s` (`labels`), or nil before any record with an id.
    var labelsText: String? {
        guard let l = json[ReportKey.labels] else { return nil }
        func count(_ key: String) -> Int { l[key]?.intValue ?? 0 }
        let (pending, matched) = (count(ReportKey.labelsPending), count(ReportKey.labelsMatched))
        let (expired, evicted) = (count(ReportKey.labelsExpired), count(ReportKey.labelsEvicted))
        guard pending + matched + expired + evicted > 0 else { return nil }
        var text = "pending \(pending) of \(count(ReportKey.labelsCapacity)); matched \(matched), expired \(expired), "
            + "evicted \(evicted)"
        if let a = l[ReportKey.delayedAccuracy]?.doubleValue { text += "; delayed accuracy \(percent(a))" }
        if let r = l[ReportKey.delayedRMSE]?.doubleValue { text += "; delayed RMSE \(fixed(r))" }
        let median = l[ReportKey.delayMedian]?.doubleValue ?? 0, p99 = l[ReportKey.delayP99]?.doubleValue ?? 0
        func delay(_ x: Double) -> String { x < 60 ? fixed(x, 2) + " s" : duration(x) }
        return text + "; delay median \(delay(median)), p99 \(delay(p99))"
    }

    var checkpointText: String {
        let c = json["checkpoint"]
        var text: String
        if let path = c?["last_path"]?.stringValue {
            text = path
            if let age = c?["age_seconds"]?.doubleValue { text += ", \(duration(age)) ago" }
            if let bytes = c?["bytes"]?.doubleValue { text += ", \(byteSize(bytes))" }
        } else {
            text = "none yet"
        }
        let written = c?["written"]?.intValue ?? 0, failed = c?["failed"]?.intValue ?? 0
        if written > 0 || failed > 0 { text += " (\(written) written, \(failed) failed)" }
        if let error = c?["last_error"]?.stringValue { text += "; last failure: \(error)" }
        return text
    }

    /// "member 2 of 2 predicts; learning rates 0.05 0.1; 4 exploits, 0 resets", nil with tuning off.
    var tuningText: String? {
        guard let t = json[ReportKey.tuning], t[ReportKey.tuningMode]?.stringValue == "auto" else { return nil }
        let values = t[ReportKey.tuningLearningRates]?.arrayValue ?? []
        let rates = values.compactMap { $0.doubleValue.map { "\(Float($0))" } }
        let leader = (t[ReportKey.tuningLeader]?.intValue ?? 0) + 1
        let (exploits, resets) = (t[ReportKey.tuningExploits]?.intValue ?? 0, t[ReportKey.tuningResets]?.intValue ?? 0)
        return "member \(leader) of \(rates.count) predicts; learning rates \(rates.joined(separator: " ")); "
            + "\(exploits) exploits, \(resets) resets"
    }

    var connectionsText: String {
        let c = json["connections"]
        let ingest = c?["ingest"]?.intValue ?? 0, total = c?["ingest_total"]?.intValue ?? 0
        let control = c?["control"]?.intValue ?? 0, refused = c?["control_refused"]?.intValue ?? 0
        var text = "ingest \(ingest) open (\(total) so far), control \(control) open"
        if refused > 0 { text += ", \(refused) refused" }
        if let dropped = json["replies_dropped"]?.intValue, dropped > 0 { text += "; \(dropped) replies dropped" }
        return text
    }

    /// The `status` text: one fact per line, then the replay histogram as bars.
    func text(socket: String) -> String {
        var lines: [(String, String)] = [
            ("model", shapeText + (shape.isEmpty ? "" : json["learning_rate"]?.doubleValue.map { ", learning rate \(Float($0))" } ?? "")),
            ("records", recordsText),
            ("rate", "\(fixed(rate, 1)) records/s"),
            (scoreName, scoreText),
        ]
        if let tuningText { lines.append(("tuning", tuningText)) }
        if let loss { lines.append(("loss", fixed(loss))) }
        if classify {
            lines.append(("classes", classes.isEmpty ? "none yet" : "\(classes.count): " + classes.joined(separator: ", ")))
        }
        lines.append(("sparsity", sparsityText))
        if let driftText { lines.append(("drift", driftText)) }
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

    init(_ json: JSON, classify: Bool) {
        unixSeconds = json["unix_seconds"]?.doubleValue ?? 0
        learned = json["learned"]?.doubleValue ?? 0
        recordsPerSecond = json["records_per_second"]?.doubleValue
        score = json[classify ? "accuracy" : "rmse"]?.doubleValue
        recentScore = json[classify ? "recent_accuracy" : "recent_rmse"]?.doubleValue
        loss = json["loss"]?.doubleValue
        sparsity = json["sparsity"]?.doubleValue
        driftEvents = json[ReportKey.sampleDriftDetections]?.intValue
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
