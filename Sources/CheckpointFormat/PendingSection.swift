import LearnCore

/// Section `PEND` (optional): the predictions waiting for their labels and the delayed score
/// (docs/checkpoint-format.md, "PEND"). Written only when the table holds an entry or a count is
/// non-zero, so a checkpoint of a learner that never saw a record id is byte-identical to one
/// written before the section existed; absent, both are empty.
///
/// Payload: u64 matched, u64 expired, u64 evicted, u64 scored, u64 correct (each ≤ 2^53, scored ≤
/// matched, correct ≤ scored), f64 squared-error sum (finite, ≥ 0); u32 D (≤ 1024) and u32 next
/// (< 1024, = D while D < 1024), D × f64 delay seconds (finite, ≥ 0); u32 N (≤ 2^24) entries, oldest
/// first, each: u32 id length (1...128) + id bytes (0x21...0x7E, no `,` or `"`, distinct), f64 time
/// (finite), u8 prediction kind (0 class, 1 values); class: u8 named (0/1), u32 name length (≤ 64) +
/// UTF-8 name (length 0 when unnamed), f32 confidence (0...1); values: CONF's outputs × f32 (finite);
/// then CONF's inputs × f32 features (finite).
enum PendingSection {
    /// Most entries a reader accepts (`labels.pending_capacity`'s maximum).
    static let maxEntries = 1 << 24

    static func isWritten(_ s: LearnerState) -> Bool { !s.pending.isEmpty || !s.delayed.isEmpty }

    static func encode(_ s: LearnerState, into w: inout ByteWriter) throws(CheckpointError) {
        let d = s.delayed
        for (n, what) in [(d.matched, "matched"), (d.expired, "expired"), (d.evicted, "evicted"),
                          (d.scored, "scored"), (d.correct, "correct")] { try w.u64(n, what) }
        w.f64(d.squaredErrorSum)
        try w.u32(d.delays.count, "delays")
        try w.u32(d.delayNext, "delay ring position")
        for delay in d.delays { w.f64(delay) }
        let entries = s.pending.entries
        guard entries.count <= maxEntries else { throw .unencodable("more than \(maxEntries) pending predictions") }
        try w.u32(entries.count, "pending predictions")
        for e in entries {
            try w.string(e.id, "pending id")
            w.f64(e.time)
            switch e.prediction {
            case .label(let name, let confidence):
                w.u8(0)
                w.u8(name == nil ? 0 : 1)
                try w.string(name ?? "", "predicted class")
                w.f32(confidence)
            case .values(let values):
                w.u8(1)
                w.floats(values)
            }
            w.floats(e.features)
        }
    }

    /// Absent (`r` nil): nothing pending, nothing counted.
    static func decode(_ r: ByteReader?,
                       config c: LearnerConfig) throws(CheckpointError) -> (PendingTable, DelayedScore) {
        guard var r else { return (PendingTable(), DelayedScore()) }
        var counts: [Int] = []
        for what in ["matched", "expired", "evicted", "scored", "correct"] {
            counts.append(try r.u64(what, in: 0...Limits.count))
        }
        guard counts[3] <= counts[0], counts[4] <= counts[3] else {
            throw r.invalid("scored or correct exceeds matched")
        }
        let sum = try r.f64()
        guard sum.isFinite, sum >= 0 else { throw r.invalid("squared-error sum \(sum) is not finite and >= 0") }
        let window = DelayedScore.delayWindow
        let n = try r.u32("delays", in: 0...window)
        let next = try r.u32("delay ring position", in: 0...(window - 1))
        guard n == window || next == n else { throw r.invalid("delay ring position \(next) with \(n) delays") }
        var delays: [Double] = []
        for _ in 0..<n {
            let delay = try r.f64()
            guard delay.isFinite, delay >= 0 else { throw r.invalid("delay \(delay) is not finite and >= 0") }
            delays.append(delay)
        }
        let score = DelayedScore(matched: counts[0], expired: counts[1], evicted: counts[2], scored: counts[3],
                                 correct: counts[4], squaredErrorSum: sum, delays: delays, delayNext: next)
        let entries = try decodeEntries(&r, config: c)
        try r.finish()
        return (PendingTable(entries: entries), score)
    }

    private static func decodeEntries(_ r: inout ByteReader,
                                      config c: LearnerConfig) throws(CheckpointError) -> [PendingEntry] {
        let count = try r.u32("pending predictions", in: 0...maxEntries)
        var entries: [PendingEntry] = []
        var seen = Set<String>()
        for i in 0..<count {
            let id = try r.string("pending id", maxBytes: 128)
            guard !id.isEmpty, id.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E && $0 != 0x2C && $0 != 0x22 }),
                  seen.insert(id).inserted else {
                throw r.invalid("pending entry \(i): id is empty, repeated, "
                                + "or not printable ASCII without comma or quote")
            }
            let time = try r.f64()
            guard time.isFinite else { throw r.invalid("pending entry \(i): time is not finite") }
            let prediction = try decodePrediction(&r, config: c, entry: i)
            let features = try r.floats(c.inputs)
            guard features.allSatisfy(\.isFinite) else { throw r.invalid("pending entry \(i): non-finite feature") }
            entries.append(PendingEntry(id: id, features: features, prediction: prediction, time: time))
        }
        return entries
    }

    private static func decodePrediction(_ r: inout ByteReader, config c: LearnerConfig,
                                         entry i: Int) throws(CheckpointError) -> Prediction {
        let kind = try r.u8()
        switch (kind, c.task) {
        case (0, .classify):
            let named = try r.u8()
            let name = try r.string("predicted class", maxBytes: Limits.nameBytes)
            let confidence = try r.f32()
            guard named <= 1, named == 1 || name.isEmpty, confidence >= 0, confidence <= 1 else {
                throw r.invalid("pending entry \(i): predicted class or confidence out of range")
            }
            return .label(named == 1 ? name : nil, confidence: confidence)
        case (1, .regress):
            let values = try r.floats(c.outputs)
            guard values.allSatisfy(\.isFinite) else { throw r.invalid("pending entry \(i): non-finite prediction") }
            return .values(values)
        default:
            throw r.invalid("pending entry \(i): prediction kind \(kind) does not fit task \(c.task.rawValue)")
        }
    }
}
