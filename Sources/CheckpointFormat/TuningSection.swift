import LearnCore

/// Checkpoints of a self-tuning learner (`TunedLearner`): the v1 sections hold the leader (the member
/// that predicts) with the served metrics and counters, so every reader of v1 sees the model in use;
/// the optional section `TUNE` (an extra section, ``CheckpointMeta/extra``) holds the tuner and every
/// member in full. A checkpoint without `TUNE` (tuning off, or written before it existed) restores as
/// one learner, which tuning "auto" turns into a fresh population around it.
///
/// `TUNE` payload, little-endian: `u32` layout version (1); `u32` members M (2...16); `f32` factor;
/// `u32` interval; `f64` half-life; `f32` min rate; `f32` max rate; `u32` leader; `u64` records since
/// the last decision; `u64` exploits; `u64` resets; M × (`f32` learning rate, `f64` running loss); then
/// M × (`u64` length n, n bytes: the member's own checkpoint file, as ``Checkpoint/encode`` writes it).
public enum TuningSection {
    public static let tag = "TUNE"
    static let layoutVersion: UInt32 = 1
    static let maxMembers = 16

    /// The checkpoint file of `learner` with `meta` (whose extra `TUNE` entry is replaced).
    public static func encode(_ learner: TunedLearner, meta: CheckpointMeta) throws(CheckpointError) -> [UInt8] {
        var state = learner.leader.snapshot()
        var meta = meta
        meta.extra[tag] = nil
        if let tuning = learner.tuning {
            state.metrics = tuning.metrics
            state.counters = tuning.counters
            meta.extra[tag] = try payload(tuning, members: learner.members, meta: meta)
        }
        return try Checkpoint.encode(state, meta: meta)
    }

    /// The learner a decoded checkpoint holds: its members and tuner from `TUNE` when present;
    /// otherwise its one learner, made a fresh population by `tuning` when that is "auto".
    public static func learner(from decoded: DecodedCheckpoint, tuning: TuningConfig) throws(CheckpointError) -> TunedLearner {
        guard let bytes = decoded.meta.extra[tag] else {
            return TunedLearner(restoring: Learner(restoring: decoded.state), tuning: tuning)
        }
        return try read(bytes, served: decoded.state)
    }

    private static func payload(_ t: TuningState, members: [Learner], meta: CheckpointMeta) throws(CheckpointError) -> [UInt8] {
        var w = ByteWriter()
        w.u32(layoutVersion)
        try w.u32(members.count, "tuning members")
        w.f32(t.config.factor)
        try w.u32(t.config.interval, "tuning interval")
        w.f64(t.config.halfLife)
        w.f32(t.config.minRate)
        w.f32(t.config.maxRate)
        try w.u32(t.leader, "tuning leader")
        try w.u64(t.sinceDecision, "tuning records since decision")
        try w.u64(t.exploits, "tuning exploits")
        try w.u64(t.resets, "tuning resets")
        for (rate, loss) in zip(t.rates, t.runningLoss) { w.f32(rate); w.f64(loss) }
        var memberMeta = meta
        memberMeta.history = nil
        memberMeta.extra = [:]
        for m in members {
            let file = try Checkpoint.encode(m.snapshot(), meta: memberMeta)
            try w.u64(file.count, "tuning member size")
            w.raw(file)
        }
        return w.bytes
    }

    private static func read(_ bytes: [UInt8], served: LearnerState) throws(CheckpointError) -> TunedLearner {
        var r = ByteReader(bytes, section: tag, range: 0..<bytes.count)
        guard try r.u32() == layoutVersion else { throw r.invalid("unknown layout version") }
        let count = try r.u32("tuning members", in: 2...maxMembers)
        var config = TuningConfig(mode: .auto)
        config.members = count
        config.factor = try r.f32()
        config.interval = try r.u32("tuning interval", in: 1...Int(UInt32.max))
        config.halfLife = try r.f64()
        config.minRate = try r.f32()
        config.maxRate = try r.f32()
        if let problem = config.problem { throw r.invalid(problem) }
        var state = TuningState(config: config, rates: [], metrics: served.metrics)
        state.counters = served.counters
        state.leader = try r.u32("tuning leader", in: 0...(count - 1))
        state.sinceDecision = try r.u64("tuning records since decision", in: 0...Int(Int64.max))
        state.exploits = try r.u64("tuning exploits", in: 0...Int(Int64.max))
        state.resets = try r.u64("tuning resets", in: 0...Int(Int64.max))
        state.runningLoss = []
        for _ in 0..<count {
            state.rates.append(try r.f32())
            state.runningLoss.append(try r.f64())
        }
        var members: [Learner] = []
        for _ in 0..<count {
            let n = try r.u64("tuning member size", in: 0...bytes.count)
            let member = try Checkpoint.decode(Array(try r.raw(n)))
            members.append(Learner(restoring: member.state))
        }
        try r.finish()
        if let problem = state.inconsistency(memberCount: count) { throw r.invalid(problem) }
        if members.contains(where: { $0.config.widths != served.config.widths || $0.config.task != served.config.task }) {
            throw r.invalid("a member's model differs from the checkpoint's")
        }
        return TunedLearner(members: members, tuning: state)
    }
}
