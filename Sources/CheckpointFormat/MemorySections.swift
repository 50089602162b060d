import LearnCore

/// Sections `RSVR` (replay reservoir), `NORM` (feature normalisation) and `LABL` (label map).
///
/// `RSVR`: u32 capacity; u32 feature width F; u32 target width T; u8 policy (0 reservoir, 1 class-balanced);
/// u64 seen; u64 count N; N·F × f32 raw features (item-major); N·T × f32 targets (class slot as a float for
/// classify, the target values for regress); u32 C, C × u64 records seen per class slot (class-balanced only).
/// `NORM`: u64 count; u32 F; F × f64 mean; F × f64 m2 (Σ squared deviations; variance = m2/count); then, only
/// when some were kept out (so other files stay byte-identical to the first v1 files), u64 outliers.
/// `LABL`: u32 capacity; u32 N; N × (u32 length + UTF-8 class name), by slot.
enum MemorySections {
    static func encodeReservoir(_ m: Reservoir, into w: inout ByteWriter) throws(CheckpointError) {
        try w.u32(m.capacity, "reservoir capacity")
        try w.u32(m.featureWidth, "reservoir feature width")
        try w.u32(m.targetWidth, "reservoir target width")
        w.u8(ConfigSection.code(m.policy, in: ConfigSection.policies))
        try w.u64(m.seen, "reservoir records seen")
        try w.u64(m.count, "reservoir count")
        w.floats(m.features)
        w.floats(m.targets)
        try w.u32(m.classSeen.count, "reservoir class count")
        for n in m.classSeen { try w.u64(n, "reservoir class records") }
    }

    static func encodeNormalizer(_ n: Normalizer, into w: inout ByteWriter) throws(CheckpointError) {
        try w.u64(n.count, "normaliser count")
        try w.u32(n.features, "normaliser features")
        w.doubles(n.mean)
        w.doubles(n.m2)
        if n.outliers > 0 { try w.u64(n.outliers, "normaliser outliers") }
    }

    static func encodeLabels(_ l: LabelMap, into w: inout ByteWriter) throws(CheckpointError) {
        try w.u32(l.capacity, "label capacity")
        try w.u32(l.names.count, "label count")
        for name in l.names { try w.string(name, "class name") }
    }

    static func decodeReservoir(_ r: inout ByteReader, config c: LearnerConfig) throws(CheckpointError) -> Reservoir {
        let capacity = try r.u32("capacity", in: c.replayCapacity...c.replayCapacity)
        let featureWidth = try r.u32("feature width", in: c.inputs...c.inputs)
        let targets = c.task == .classify ? 1 : c.outputs
        let targetWidth = try r.u32("target width", in: targets...targets)
        let policy = try ConfigSection.choice(&r, ConfigSection.policies, "policy")
        let expectedPolicy = c.task == .classify ? c.replayPolicy : .reservoir
        guard policy == expectedPolicy else {
            throw r.invalid("policy \(policy.rawValue), expected \(expectedPolicy.rawValue)")
        }
        let seen = try r.u64("records seen", in: 0...Limits.count)
        let count = try r.u64("count", in: min(seen, capacity)...min(seen, capacity))
        let features = try r.floats(count * featureWidth)
        let values = try r.floats(count * targetWidth)
        guard features.allSatisfy(\.isFinite), values.allSatisfy(\.isFinite) else {
            throw r.invalid("holds non-finite values")
        }
        let classes = try r.u32("class count", in: 0...(policy == .classBalanced ? c.outputs : 0))
        var classSeen: [Int] = []
        for _ in 0..<classes { classSeen.append(try r.u64("class records", in: 0...Limits.count)) }
        try r.finish()
        if policy == .classBalanced { try checkBalance(r, values, classSeen: classSeen, seen: seen) }
        return Reservoir(capacity: capacity, featureWidth: featureWidth, targetWidth: targetWidth, features: features,
                         targets: values, seen: seen, policy: policy, classSeen: classSeen)
    }

    /// Class-balanced sampling (CBRS) needs Σ classSeen = seen and, per slot, no more items in memory than
    /// records of that class ever offered; otherwise the next offer would index out of range.
    private static func checkBalance(_ r: ByteReader, _ targets: [Float], classSeen: [Int],
                                     seen: Int) throws(CheckpointError) {
        guard classSeen.reduce(0, +) == seen else { throw r.invalid("per-class records do not add up to \(seen)") }
        var inMemory = [Int](repeating: 0, count: classSeen.count)
        for t in targets {
            guard t >= 0, t < Float(classSeen.count), t == t.rounded() else {
                throw r.invalid("holds class slot \(t) with no records counted")
            }
            inMemory[Int(t)] += 1
        }
        if let slot = inMemory.indices.first(where: { inMemory[$0] > classSeen[$0] }) {
            throw r.invalid("holds \(inMemory[slot]) items of class slot \(slot), of \(classSeen[slot]) offered")
        }
    }

    /// A normaliser over exactly `width` features.
    static func decodeNormalizer(_ r: inout ByteReader, width: Int) throws(CheckpointError) -> Normalizer {
        let count = try r.u64("count", in: 0...Limits.count)
        let features = try r.u32("features", in: width...width)
        let mean = try r.doubles(features)
        let m2 = try r.doubles(features)
        let outliers = r.remaining > 0 ? try r.u64("outliers", in: 1...Limits.count) : 0
        try r.finish()
        guard mean.allSatisfy(\.isFinite), m2.allSatisfy(\.isFinite) else { throw r.invalid("holds non-finite values") }
        guard m2.allSatisfy({ $0 >= 0 }) else { throw r.invalid("holds a negative m2") }
        return Normalizer(count: count, mean: mean, m2: m2, outliers: outliers)
    }

    static func decodeLabels(_ r: inout ByteReader, config c: LearnerConfig) throws(CheckpointError) -> LabelMap {
        let slots = c.task == .classify ? c.outputs : 0
        let capacity = try r.u32("capacity", in: slots...slots)
        let count = try r.u32("label count", in: 0...capacity)
        var names: [String] = []
        var seen: Set<String> = []
        for slot in 0..<count {
            let name = try r.string("class name \(slot)", maxBytes: Limits.nameBytes)
            if let problem = labelProblem(name) { throw r.invalid("class name \(slot) \(problem)") }
            guard seen.insert(name).inserted else { throw r.invalid("class name \"\(name)\" appears twice") }
            names.append(name)
        }
        try r.finish()
        return LabelMap(capacity: capacity, names: names)
    }

    /// What makes `name` unusable as a class name (docs/records-and-replies.md): empty, `?`, or a comma, quote or
    /// control character; nil when fine.
    static func labelProblem(_ name: String) -> String? {
        if name.isEmpty || name == "?" { return "is empty or \"?\"" }
        let forbidden = { (b: UInt8) in b < 0x20 || b == 0x7F || b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") }
        if name.utf8.contains(where: forbidden) {
            return "contains a comma, quote or control character"
        }
        return nil
    }
}
