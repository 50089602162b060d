import LearnCore

/// What the code can represent, for the keys whose natural rule ("≥ 1", "> 0") has no upper end: record counts
/// must encode exactly in a checkpoint, durations must convert to `Duration` and `Int64` milliseconds, and the
/// model must fit in `model.max_memory`.
public enum ConfigLimits {
    /// Largest record count or interval in records: 2^53, the checkpoint format's bound (exact as a float64).
    public static let maxCount = 1 << 53
    /// Longest duration in seconds (about 31.7 years): far from `Int64` milliseconds' overflow at 9.2e15 s.
    public static let maxSeconds = 1e9
    /// Shortest non-zero checkpoint period in seconds (the daemon's timers tick in milliseconds).
    public static let minPeriodSeconds = 0.001
    /// Default `model.max_memory`: 48 MiB, the unit's `MemoryHigh`, under its `MemoryMax=64M` with room for
    /// the daemon's own ~10 MiB.
    public static let defaultMaxMemory = 48 << 20
    /// Largest `model.max_memory`, in bytes (1 TiB).
    public static let maxMemory = 1 << 40
}

extension ConfigKey {
    /// A record count or interval in records, `min...2^53`; below reads "must be >= min".
    static func count(_ name: String, _ doc: String, _ reload: Reload, min: Int,
                      _ path: WritableKeyPath<LearndConfig, Int>) -> ConfigKey {
        ConfigKey(name, doc, reload, set: { c, v in
            guard case .integer(let i) = v else { return .expected("an integer") }
            if i < min { return .must(">= \(min)") }
            if i > ConfigLimits.maxCount { return .must("<= \(ConfigLimits.maxCount) (2^53, the largest count a checkpoint holds)") }
            c[keyPath: path] = Int(i)
            return nil
        }, get: { c in .int(c[keyPath: path]) })
    }

    /// A duration in seconds, at most `ConfigLimits.maxSeconds`; `rule`/`must` give its lower end.
    static func seconds(_ name: String, _ doc: String, _ reload: Reload, must: String, _ rule: @escaping (Double) -> Bool,
                        _ path: WritableKeyPath<LearndConfig, Double>) -> ConfigKey {
        ConfigKey(name, doc, reload, set: { c, v in
            let seconds: Double
            switch Read.double(v) {
            case .failure(let problem): return problem
            case .success(let d): seconds = d
            }
            if !rule(seconds) { return .must(must) }
            if seconds > ConfigLimits.maxSeconds { return .must("<= 1e9 seconds (about 31 years)") }
            c[keyPath: path] = seconds
            return nil
        }, get: { c in .float(c[keyPath: path]) })
    }

    static var modelMaxMemory: ConfigKey {
        int("model.max_memory",
            "bytes the model may need (weights, optimiser, replay, checkpoint copies); 48 MiB fits the unit's MemoryMax=64M",
            .live, min: 1 << 20, max: ConfigLimits.maxMemory, \.model.maxMemory)
    }
}

extension LearndConfig {
    /// Bytes the learner and its checkpoints need for an input width, an estimate from above: per parameter the
    /// weight, mask and gradient, the optimiser's moments with their scratch copies and one scratch of the
    /// weights, SI/EWC's three arrays; the replay reservoir (features, targets, stored outputs); the step's
    /// workspace over the mini-batch; and, for the checkpoint writer, three more copies of the saved state (the
    /// snapshot, the container and its compressed frame). All float32. The table of predictions waiting for a
    /// label (`labels.pending_capacity` entries of ~4 × inputs + 250 bytes) counts once, at capacity. With
    /// `train.tuning = "auto"` the learner counts once per member (regress members replay
    /// `regressReplayFactor` × `train.replay_k`) and the saved state once per member plus the leader's sections.
    public func memoryBytes(inputs: Int) -> Double {
        let widths = [inputs] + model.hidden + [model.outputs]
        var parameters = 0.0
        for (a, b) in zip(widths, widths.dropFirst()) { parameters += Double(a) * Double(b) + Double(b) }
        let moments: Double = train.optimizer == .adam ? 2 : (train.momentum > 0 ? 1 : 0)
        let protection: Double = train.protect == .none ? 0 : 3
        let savedPerParameter = 2 + moments + protection
        let targetWidth = model.task == .classify ? 1 : model.outputs
        let logits = learnerConfig(inputs: inputs).replayLogitWidth
        let replayFloats = Double(replay.capacity) * Double(inputs + targetWidth + logits)
        let tuning = TuningConfig(mode: train.tuning)
        let tuned = tuning.mode == .auto
        let replayK = tuned && model.task == .regress ? train.replayK * tuning.regressReplayFactor : train.replayK
        let workspace = Double(1 + replayK) * Double(widths.reduce(0, +)) * 4
        let learner = parameters * (savedPerParameter + 1 + 2 * moments + 1) + replayFloats + workspace
        let saved = parameters * savedPerParameter + replayFloats
        // Tuning "auto": every member is a whole learner, and a snapshot holds each member and the leader again.
        let members = tuned ? Double(tuning.members) : 1
        let checkpoint = 3 * saved * (tuned ? members + 1 : 1)
        let pending = Double(labels.pendingCapacity) * (4 * Double(inputs) + 250)
        return 4 * (members * learner + checkpoint) + pending
    }

    /// The one-line reason the model does not fit `model.max_memory` at `inputs` features; nil when it fits.
    public func memoryProblem(inputs: Int) -> String? {
        let need = memoryBytes(inputs: inputs)
        guard need > Double(model.maxMemory) else { return nil }
        let shape = ([String(inputs)] + model.hidden.map(String.init) + [String(model.outputs)]).joined(separator: "-")
        return "model.max_memory: the model needs about \(Self.mebibytes(need)) "
            + "(model.inputs/hidden/outputs \(shape), train.optimizer \(train.optimizer.rawValue), "
            + "train.protect \(train.protect.rawValue), train.tuning \(train.tuning.rawValue), replay.capacity \(replay.capacity), "
            + "labels.pending_capacity \(labels.pendingCapacity)), "
            + "more than model.max_memory = \(model.maxMemory) bytes (\(Self.mebibytes(Double(model.maxMemory)))): "
            + "shrink the model or raise model.max_memory"
    }

    static func mebibytes(_ bytes: Double) -> String {
        let mib = bytes / 1_048_576
        return mib < 1e6 ? "\(Int(mib.rounded(.up))) MiB (\(String(format: bytes)) bytes)" : "\(String(format: bytes)) bytes"
    }
}

private extension String {
    /// A byte count: exact below 2^53, otherwise in scientific notation.
    init(format bytes: Double) {
        self = bytes < 9e15 ? String(Int64(bytes.rounded(.up))) : "\(bytes)"
    }
}
