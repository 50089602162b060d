import CheckpointFormat
import LearnCore

extension Fuzz {
    /// The checkpoint decoder. Bytes that start like an LZ4 frame are decoded as a file; any others are taken as a
    /// container and framed first (so the fuzzer reaches the sections instead of the frame's checksums). Property:
    /// every checkpoint the decoder accepts encodes again to one that decodes to the same state, and restores
    /// into a learner that predicts and learns a record without trapping (what `learnctl verify` promises).
    public static func checkpoint(_ data: UnsafeBufferPointer<UInt8>) {
        let bytes = Array(data)
        let file: [UInt8]
        if bytes.starts(with: [0x04, 0x22, 0x4D, 0x18]) {
            file = bytes
        } else {
            guard let framed = try? Checkpoint.file(containing: bytes) else { return }
            file = framed
        }
        guard let decoded = try? Checkpoint.decode(file) else { return }
        let state = decoded.state
        let again: DecodedCheckpoint
        do { again = try Checkpoint.decode(try Checkpoint.encode(state, meta: decoded.meta)) } catch {
            return check(false, "an accepted checkpoint does not encode again: \(error)")
        }
        check(again.state == state, "re-encoded checkpoint decodes to another state")
        let x = [Float](repeating: 0.5, count: state.config.inputs)
        let target: LearnTarget = state.config.task == .classify ? .label(state.labels.names.first ?? "fuzz")
            : .values([Float](repeating: 1, count: state.config.outputs))
        let learner = Learner(restoring: state)
        _ = learner.predict(x)
        _ = learner.learn(x, target: target)
        // As learnd restores it: a population (TUNE, or a fresh one around a single learner) and one alone;
        // a pending prediction's truth learns every member.
        for mode in [TuningMode.auto, .off] {
            let tuned = TunedLearner(restoring: state, tuning: TuningConfig(mode: mode))
            _ = tuned.predict(x)
            _ = tuned.learn(x, target: target)
            if let id = state.pending.entries.first?.id { _ = tuned.resolvePending(id: id, target: target, now: 0) }
            check(tuned.snapshot().inconsistency == nil, "a restored population became inconsistent")
        }
        _ = (state.sparsityPerLayer, state.liveOutputs)
    }
}
