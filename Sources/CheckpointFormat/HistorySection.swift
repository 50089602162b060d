import LearnCore

/// Section `HIST` (optional: checkpoints of `learnd serve` carry it, others need not): the learning history.
///
/// Payload: f64 period seconds (finite, > 0, ≤ 86400); u32 N (≤ 65536), N × 64-byte sample: i64 Unix seconds,
/// u64 learned, f64 records per second, f64 score (accuracy or RMSE), f64 recent score, f64 loss, f64 sparsity,
/// u64 drift events; u32 M (≤ 65536), M × (i64 Unix seconds, u64 learned): the checkpoints written.
/// A measurement is NaN when not available (the writer stores any non-finite value as NaN).
enum HistorySection {
    /// Bytes of one sample, and of one checkpoint mark.
    static let sampleBytes = 64
    static let markBytes = 16

    /// A sample period a history may have, in seconds: finite, > 0, at most a day.
    static func isValid(period: Double) -> Bool { period.isFinite && period > 0 && period <= 86400 }

    static func encode(_ h: LearningHistory, into w: inout ByteWriter) throws(CheckpointError) {
        guard isValid(period: h.periodSeconds) else {
            throw .unencodable("history period \(h.periodSeconds) s is not in (0, 86400]")
        }
        guard h.samples.count <= Limits.historyEntries, h.checkpoints.count <= Limits.historyEntries else {
            throw .unencodable("history holds more than \(Limits.historyEntries) samples or checkpoints")
        }
        w.f64(h.periodSeconds)
        try w.u32(h.samples.count, "history samples")
        for s in h.samples {
            w.i64(s.unixSeconds)
            try w.u64(s.learned, "history learned")
            for v in [s.recordsPerSecond, s.score, s.recentScore, s.loss, s.sparsity] { w.f64(v.isFinite ? v : .nan) }
            try w.u64(s.driftEvents, "history drift events")
        }
        try w.u32(h.checkpoints.count, "history checkpoints")
        for mark in h.checkpoints {
            w.i64(mark.unixSeconds)
            try w.u64(mark.learned, "history checkpoint learned")
        }
    }

    static func decode(_ r: inout ByteReader, task: Task) throws(CheckpointError) -> LearningHistory {
        let period = try r.f64()
        guard isValid(period: period) else {
            throw r.invalid("period \(period) s is not in (0, 86400]")
        }
        let n = try count(&r, "samples", bytesEach: sampleBytes)
        var samples: [LearningHistory.Sample] = []
        for i in 0..<n { samples.append(try sample(&r, task: task, index: i)) }
        let m = try count(&r, "checkpoints", bytesEach: markBytes)
        var marks: [LearningHistory.CheckpointMark] = []
        for _ in 0..<m {
            marks.append(LearningHistory.CheckpointMark(unixSeconds: try time(&r),
                                                        learned: try r.u64("checkpoint learned", in: 0...Limits.count)))
        }
        try r.finish()
        return LearningHistory(periodSeconds: period, samples: samples, checkpoints: marks)
    }

    /// A u32 count of at most `Limits.historyEntries`, whose entries must be present in full.
    private static func count(_ r: inout ByteReader, _ what: String, bytesEach: Int) throws(CheckpointError) -> Int {
        let n = try r.u32(what, in: 0...Limits.historyEntries)
        guard n * bytesEach <= r.remaining else {
            throw .truncated(section: r.section, offset: r.position - r.start, needed: n * bytesEach,
                             available: r.remaining)
        }
        return n
    }

    private static func time(_ r: inout ByteReader) throws(CheckpointError) -> Int64 {
        let t = try r.i64()
        guard t >= 0, t <= Int64(Limits.count) else { throw r.invalid("time \(t) is out of range") }
        return t
    }

    private static func sample(_ r: inout ByteReader, task: Task,
                               index i: Int) throws(CheckpointError) -> LearningHistory.Sample {
        let t = try time(&r)
        let learned = try r.u64("sample \(i) learned", in: 0...Limits.count)
        let (rate, score, recent, loss, sparsity) = (try r.f64(), try r.f64(), try r.f64(), try r.f64(), try r.f64())
        let drift = try r.u64("sample \(i) drift events", in: 0...Limits.count)
        let scoreRange: ClosedRange<Double> = task == .classify ? 0...1 : 0...Double.greatestFiniteMagnitude
        let checks: [(Double, ClosedRange<Double>, String)] = [
            (rate, 0...Double.greatestFiniteMagnitude, "records per second"), (score, scoreRange, "score"),
            (recent, scoreRange, "recent score"), (loss, 0...Double.greatestFiniteMagnitude, "loss"),
            (sparsity, 0...1, "sparsity"),
        ]
        for (value, range, what) in checks where !value.isNaN && !range.contains(value) {
            throw r.invalid("sample \(i): \(what) \(value) is out of range")
        }
        return LearningHistory.Sample(unixSeconds: t, learned: learned, recordsPerSecond: rate, score: score,
                                      recentScore: recent, loss: loss, sparsity: sparsity, driftEvents: drift)
    }
}
