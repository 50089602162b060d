import LearnCore

/// Section `CONF`: the `LearnerConfig` fields, then the effective TOML text.
///
/// Payload (little-endian): u32 inputs; u32 H, H × u32 hidden widths; u32 outputs; u8 task (0 classify,
/// 1 regress); u8 activation (0 relu, 1 tanh); u8 optimizer (0 sgd, 1 adam); u8 replay policy (0 reservoir,
/// 1 class-balanced); u64 seed; f32 learning rate, momentum, Adam β1, Adam β2, Adam ε, clip norm; u32 replay k;
/// u32 replay capacity; f32 prune target sparsity; u64 prune start, prune end, prune every; u32 recent window;
/// u8 normalise targets (0/1); u8 protection (0 none, 1 si, 2 ewc); f32 protection strength; u64 protection
/// minimum interval; u8 drift detector (0 none, 1 page-hinkley, 2 adwin); u32 drift actions (bits: 1 boost-lr,
/// 2 consolidate, 4 refresh-replay); f32 boost factor; u64 boost records; f32 replay fraction kept on refresh;
/// u32 length + UTF-8 TOML text. Then, only when ER-ACE or dark-experience replay is on (so that every other
/// checkpoint stays byte-identical to the first v1 files, which end at the text): u32 ER-ACE window (0 = off);
/// f32 replay logit weight (≥ 0, 0 = off). Absent, both are 0: the behaviour before these keys existed.
enum ConfigSection {
    static let tasks: [Task] = [.classify, .regress]
    static let activations: [Activation] = [.relu, .tanh]
    static let optimizers: [OptimizerKind] = [.sgd, .adam]
    static let policies: [ReplayPolicy] = [.reservoir, .classBalanced]
    static let protections: [MemoryProtection] = [.none, .si, .ewc]
    static let detectors: [DriftDetectorKind] = [.none, .pageHinkley, .adwin]
    static let knownActions: DriftActions = [.boostLR, .consolidate, .refreshReplay]

    static func encode(_ c: LearnerConfig, text: String, into w: inout ByteWriter) throws(CheckpointError) {
        try w.u32(c.inputs, "inputs")
        try w.u32(c.hidden.count, "hidden layer count")
        for width in c.hidden { try w.u32(width, "hidden width") }
        try w.u32(c.outputs, "outputs")
        w.u8(code(c.task, in: tasks))
        w.u8(code(c.activation, in: activations))
        w.u8(code(c.optimizer, in: optimizers))
        w.u8(code(c.replayPolicy, in: policies))
        w.u64(c.seed)
        for v in [c.learningRate, c.momentum, c.adamBeta1, c.adamBeta2, c.adamEpsilon, c.clipNorm] { w.f32(v) }
        try w.u32(c.replayK, "replay k")
        try w.u32(c.replayCapacity, "replay capacity")
        w.f32(c.pruneTargetSparsity)
        try w.u64(c.pruneStart, "prune start")
        try w.u64(c.pruneEnd, "prune end")
        try w.u64(c.pruneEvery, "prune every")
        try w.u32(c.recentWindow, "recent window")
        try encodeAdaptation(c, into: &w)
        try w.string(text, "config text")
        if c.aceWindow != 0 || c.replayLogitWeight != 0 {
            try w.u32(c.aceWindow, "ER-ACE window")
            w.f32(c.replayLogitWeight)
        }
    }

    static func decode(_ r: inout ByteReader) throws(CheckpointError) -> (LearnerConfig, String) {
        var c = LearnerConfig(inputs: try r.u32("inputs", in: 1...Limits.inputs))
        let layers = try r.u32("hidden layer count", in: 0...Limits.hiddenLayers)
        var hidden: [Int] = []
        for _ in 0..<layers { hidden.append(try r.u32("hidden width", in: 1...Limits.width)) }
        c.hidden = hidden
        c.outputs = try r.u32("outputs", in: 1...Limits.width)
        c.task = try choice(&r, tasks, "task")
        c.activation = try choice(&r, activations, "activation")
        c.optimizer = try choice(&r, optimizers, "optimizer")
        c.replayPolicy = try choice(&r, policies, "replay policy")
        c.seed = try r.u64()
        c.learningRate = try real(&r, "learning rate") { $0 > 0 }
        c.momentum = try real(&r, "momentum") { $0 >= 0 && $0 < 1 }
        c.adamBeta1 = try real(&r, "Adam beta1") { $0 >= 0 && $0 < 1 }
        c.adamBeta2 = try real(&r, "Adam beta2") { $0 >= 0 && $0 < 1 }
        c.adamEpsilon = try real(&r, "Adam epsilon") { $0 > 0 }
        c.clipNorm = try real(&r, "clip norm") { $0 >= 0 }
        c.replayK = try r.u32("replay k", in: 0...Limits.replayK)
        c.replayCapacity = try r.u32("replay capacity", in: 0...Limits.replayCapacity)
        c.pruneTargetSparsity = try real(&r, "prune target sparsity") { $0 >= 0 && $0 < 1 }
        c.pruneStart = try r.u64("prune start", in: 0...Limits.count)
        c.pruneEnd = try r.u64("prune end", in: 0...Limits.count)
        c.pruneEvery = try r.u64("prune every", in: 1...Limits.count)
        c.recentWindow = try r.u32("recent window", in: 1...Limits.window)
        try decodeAdaptation(&r, into: &c)
        let text = try r.string("config text", maxBytes: Limits.configText)
        if r.remaining > 0 {
            c.aceWindow = try r.u32("ER-ACE window", in: 0...Limits.aceWindow)
            c.replayLogitWeight = try real(&r, "replay logit weight") { $0 >= 0 }
        }
        try r.finish()
        return (c, text)
    }

    private static func encodeAdaptation(_ c: LearnerConfig, into w: inout ByteWriter) throws(CheckpointError) {
        w.u8(c.normalizeTargets ? 1 : 0)
        w.u8(code(c.protect, in: protections))
        w.f32(c.protectStrength)
        try w.u64(c.protectMinInterval, "protection minimum interval")
        w.u8(code(c.driftDetector, in: detectors))
        try w.u32(c.driftActions.rawValue, "drift actions")
        w.f32(c.driftBoostFactor)
        try w.u64(c.driftBoostRecords, "drift boost records")
        w.f32(c.driftReplayKeep)
    }

    private static func decodeAdaptation(_ r: inout ByteReader, into c: inout LearnerConfig) throws(CheckpointError) {
        c.normalizeTargets = try flag(&r, "normalise targets")
        c.protect = try choice(&r, protections, "protection")
        c.protectStrength = try real(&r, "protection strength") { $0 >= 0 }
        c.protectMinInterval = try r.u64("protection minimum interval", in: 1...Limits.count)
        c.driftDetector = try choice(&r, detectors, "drift detector")
        let actions = DriftActions(rawValue: try r.u32("drift actions", in: 0...Int(UInt32.max)))
        guard knownActions.isSuperset(of: actions) else {
            throw r.invalid("drift actions \(actions.rawValue) hold unknown bits")
        }
        c.driftActions = actions
        c.driftBoostFactor = try real(&r, "drift boost factor") { $0 >= 1 }
        c.driftBoostRecords = try r.u64("drift boost records", in: 1...Limits.count)
        c.driftReplayKeep = try real(&r, "drift replay fraction kept") { $0 >= 0 && $0 <= 1 }
    }

    /// A u8 that must be 0 or 1.
    static func flag(_ r: inout ByteReader, _ what: String) throws(CheckpointError) -> Bool {
        let raw = try r.u8()
        guard raw <= 1 else { throw r.invalid("\(what) is \(raw), expected 0 or 1") }
        return raw == 1
    }

    static func code<T: Equatable>(_ value: T, in table: [T]) -> UInt8 { UInt8(table.firstIndex(of: value)!) }

    static func choice<T>(_ r: inout ByteReader, _ table: [T], _ what: String) throws(CheckpointError) -> T {
        let raw = Int(try r.u8())
        guard raw < table.count else { throw r.invalid("\(what) code \(raw) is unknown (0...\(table.count - 1))") }
        return table[raw]
    }

    /// A finite float32 that `valid` accepts.
    private static func real(_ r: inout ByteReader, _ what: String,
                             _ valid: (Float) -> Bool) throws(CheckpointError) -> Float {
        let value = try r.f32()
        guard value.isFinite, valid(value) else { throw r.invalid("\(what) \(value) is out of range") }
        return value
    }
}
