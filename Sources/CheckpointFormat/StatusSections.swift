import LearnCore

/// Sections `METR` (prequential metrics and counters), `RNGS` (generator), `TIME` and `VERS`.
///
/// `METR`: u32 window; u64 count; u64 correct; f64 loss sum; f64 squared-error sum; u32 R, R × f64 recent
/// scores (ring buffer); u32 next ring index; u32 S, S × u64 records per class slot, S × u64 correct per
/// class slot; u64 learned; u64 predicted; u32 K, K × (u32 length + UTF-8 kind, u64 rejected), kinds sorted.
/// `RNGS`: 4 × u64, xoshiro256** state words s0...s3. `TIME`: i64 Unix seconds. `VERS`: UTF-8, the whole payload.
enum StatusSections {
    static func encodeMetrics(_ m: PrequentialMetrics, _ counters: Counters,
                              into w: inout ByteWriter) throws(CheckpointError) {
        try w.u32(m.window, "metrics window")
        try w.u64(m.count, "metrics count")
        try w.u64(m.correct, "metrics correct")
        w.f64(m.lossSum)
        w.f64(m.squaredErrorSum)
        try w.u32(m.recent.count, "recent scores")
        w.doubles(m.recent)
        try w.u32(m.recentNext, "recent index")
        try w.u32(m.classSeen.count, "metrics slots")
        for n in m.classSeen { try w.u64(n, "class records") }
        for n in m.classCorrect { try w.u64(n, "class correct") }
        try w.u64(counters.learned, "learned")
        try w.u64(counters.predicted, "predicted")
        let kinds = counters.rejectedByKind.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        try w.u32(kinds.count, "rejection kinds")
        for (kind, n) in kinds {
            try w.string(kind, "rejection kind")
            try w.u64(n, "rejections")
        }
    }

    static func decodeMetrics(_ r: inout ByteReader,
                              config c: LearnerConfig) throws(CheckpointError) -> (PrequentialMetrics, Counters) {
        let window = try r.u32("window", in: c.recentWindow...c.recentWindow)
        let count = try r.u64("count", in: 0...Limits.count)
        let correct = try r.u64("correct", in: 0...count)
        let lossSum = try r.f64(), squaredErrorSum = try r.f64()
        guard lossSum.isFinite, lossSum >= 0, squaredErrorSum.isFinite, squaredErrorSum >= 0 else {
            throw r.invalid("loss sums must be finite and non-negative")
        }
        let recent = try r.doubles(try r.u32("recent scores", in: 0...window))
        // Classify scores are 1/0 hits; regress scores are float32 mean squared errors.
        let scoreValid: (Double) -> Bool = c.task == .classify
            ? { $0 == 0 || $0 == 1 } : { $0.isFinite && $0 >= 0 && $0 <= Double(Float.greatestFiniteMagnitude) }
        guard recent.allSatisfy(scoreValid) else {
            throw r.invalid(c.task == .classify ? "recent scores must be 0 or 1" : "recent scores must be finite, >= 0")
        }
        let recentNext = try r.u32("recent index", in: 0...(window - 1))
        let slots = try r.u32("slots", in: c.outputs...c.outputs)
        var seen: [Int] = [], hits: [Int] = []
        for _ in 0..<slots { seen.append(try r.u64("class records", in: 0...count)) }
        for slot in 0..<slots { hits.append(try r.u64("class correct", in: 0...seen[slot])) }
        let metrics = PrequentialMetrics(window: window, count: count, correct: correct, lossSum: lossSum,
                                         squaredErrorSum: squaredErrorSum, recent: recent, recentNext: recentNext,
                                         classSeen: seen, classCorrect: hits)
        let counters = try decodeCounters(&r)
        try r.finish()
        return (metrics, counters)
    }

    private static func decodeCounters(_ r: inout ByteReader) throws(CheckpointError) -> Counters {
        let learned = try r.u64("learned", in: 0...Limits.count)
        let predicted = try r.u64("predicted", in: 0...Limits.count)
        var rejected: [String: Int] = [:]
        for _ in 0..<(try r.u32("rejection kinds", in: 0...Limits.rejectionKinds)) {
            let kind = try r.string("rejection kind", maxBytes: Limits.nameBytes)
            guard !kind.isEmpty, rejected[kind] == nil else {
                throw r.invalid("rejection kind \"\(kind)\" empty or repeated")
            }
            rejected[kind] = try r.u64("rejections", in: 0...Limits.count)
        }
        // The total (learned + predicted + rejected, shown by status) must stay a count too: each addend is at
        // most 2^53, so checking after every addition never overflows.
        var total = learned
        for n in [predicted] + Array(rejected.values) {
            total += n
            guard total <= Limits.count else { throw r.invalid("records learned, predicted and rejected exceed 2^53") }
        }
        return Counters(learned: learned, predicted: predicted, rejectedByKind: rejected)
    }

    static func encodeRng(_ rng: Rng, into w: inout ByteWriter) {
        let s = rng.state
        for word in [s.0, s.1, s.2, s.3] { w.u64(word) }
    }

    static func decodeRng(_ r: inout ByteReader) throws(CheckpointError) -> Rng {
        let s = (try r.u64(), try r.u64(), try r.u64(), try r.u64())
        try r.finish()
        guard s != (0, 0, 0, 0) else { throw r.invalid("xoshiro256** state is all zero") }
        return Rng(state: s)
    }

    static func decodeTime(_ r: inout ByteReader) throws(CheckpointError) -> Int64 {
        let seconds = try r.i64()
        try r.finish()
        return seconds
    }

    static func decodeVersion(_ r: inout ByteReader) throws(CheckpointError) -> String {
        guard r.remaining <= Limits.version else { throw r.invalid("version longer than \(Limits.version) bytes") }
        let text = try r.utf8(try r.raw(r.remaining), "version")
        guard !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw r.invalid("version contains a control character")
        }
        return text
    }
}
