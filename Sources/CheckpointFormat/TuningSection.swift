import LearnCore

/// The optional section `TUNE`: a self-tuning learner's population (``LearnerState/tuner``), written
/// only when tuning is on. The v1 sections then hold the leader (the member that predicts) with the
/// served metrics and counters, so every reader that ignores `TUNE` sees the model in use; a
/// checkpoint without `TUNE` (tuning off, or written before it existed) restores as one learner.
///
/// Payload, little-endian: `u32` layout version (1); `u32` members M (2...16); `f32` factor; `u32`
/// interval; `f64` half-life; `f64` margin; `u32` regress replay factor (1...16); `f32` min rate;
/// `f32` max rate; `u32` leader; `u64` records since the last decision; `u64` exploits; `u64` resets;
/// M × (`f32` learning rate, `f64` running loss, NaN before the member's first record); then M ×
/// (`u64` length n, n bytes: the member's own uncompressed container, `LEARNDCK` and its v1
/// sections, without `TUNE`, `HIST` or extras). docs/checkpoint-format.md has the table.
enum TuningSection {
    static let layoutVersion: UInt32 = 1
    static let maxMembers = 16

    static func encode(_ t: TunerSnapshot, meta: CheckpointMeta, into w: inout ByteWriter) throws(CheckpointError) {
        let c = t.tuning.config
        w.u32(layoutVersion)
        try w.u32(t.members.count, "tuning members")
        w.f32(c.factor)
        try w.u32(c.interval, "tuning interval")
        w.f64(c.halfLife)
        w.f64(c.margin)
        try w.u32(c.regressReplayFactor, "tuning replay factor")
        w.f32(c.minRate)
        w.f32(c.maxRate)
        try w.u32(t.tuning.leader, "tuning leader")
        try w.u64(t.tuning.sinceDecision, "tuning records since decision")
        try w.u64(t.tuning.exploits, "tuning exploits")
        try w.u64(t.tuning.resets, "tuning resets")
        for (rate, loss) in zip(t.tuning.rates, t.tuning.runningLoss) {
            w.f32(rate)
            w.f64(loss)
        }
        // TIME 0: a member's container is the same whenever it is written (exact continuation).
        let memberMeta = CheckpointMeta(createdUnixSeconds: 0, learndVersion: meta.learndVersion, configText: "")
        for m in t.members {
            let container = try Container.encode(m, meta: memberMeta)
            try w.u64(container.count, "tuning member size")
            w.raw(container)
        }
    }

    /// The population in `r` (nil when the file has no `TUNE`), checked against `served`.
    static func decode(_ r: ByteReader?, served: LearnerState) throws(CheckpointError) -> TunerSnapshot? {
        guard var r else { return nil }
        guard try r.u32() == layoutVersion else { throw r.invalid("unknown layout version") }
        let count = try r.u32("tuning members", in: 2...maxMembers)
        var config = TuningConfig(mode: .auto)
        config.members = count
        config.factor = try r.f32()
        config.interval = try r.u32("tuning interval", in: 1...Int(UInt32.max))
        config.halfLife = try r.f64()
        config.margin = try r.f64()
        config.regressReplayFactor = try r.u32("tuning replay factor", in: 1...16)
        config.minRate = try r.f32()
        config.maxRate = try r.f32()
        if let problem = config.problem { throw r.invalid(problem) }
        var tuning = TuningState(config: config, rates: [], metrics: served.metrics)
        tuning.counters = served.counters
        tuning.leader = try r.u32("tuning leader", in: 0...(count - 1))
        tuning.sinceDecision = try r.u64("tuning records since decision", in: 0...Int(Int64.max))
        tuning.exploits = try r.u64("tuning exploits", in: 0...Int(Int64.max))
        tuning.resets = try r.u64("tuning resets", in: 0...Int(Int64.max))
        tuning.runningLoss = []
        for _ in 0..<count {
            tuning.rates.append(try r.f32())
            tuning.runningLoss.append(try r.f64())
        }
        var members: [LearnerState] = []
        for i in 0..<count {
            let n = try r.u64("tuning member size", in: 0...Int(UInt32.max))
            do {
                members.append(try Container.decode(Array(try r.raw(n)), member: true).state)
            } catch {
                throw r.invalid("member \(i): \(error)")
            }
        }
        try r.finish()
        let tuner = TunerSnapshot(tuning: tuning, members: members)
        return tuner
    }
}
