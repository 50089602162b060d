import LearnCore

/// The optional sections `RCLS` (ER-ACE's recent classes) and `RLGT` (the outputs stored with the reservoir's
/// items, dark-experience replay). Each is written only when its feature is on, so that a checkpoint without
/// them is byte-identical to one written before they existed; absent, the feature's state is empty.
///
/// `RCLS`: u32 S (= O for classify, 0 for regress); S × i64 learned-record index of each class slot's latest
/// record (−1: none; below the records learned).
/// `RLGT`: u32 L (= O, CONF's replay logit weight > 0, classify); u64 N (= RSVR's item count); N·L × f32 stored
/// outputs, item after item, aligned with RSVR's items. Required when CONF's replay logit weight is > 0.
enum ContinualSections {
    static func isWritten(_ tag: SectionTag, for s: LearnerState) -> Bool {
        switch tag {
        case .recentClasses: s.config.task == .classify && s.config.aceWindow > 0
        case .replayLogits: s.reservoir.logitWidth > 0
        case .tuning: s.tuner != nil
        default: false
        }
    }

    static func encodeRecentClasses(_ recent: RecentClasses, into w: inout ByteWriter) throws(CheckpointError) {
        try w.u32(recent.lastSeen.count, "recent class slots")
        for record in recent.lastSeen { w.i64(Int64(record)) }
    }

    static func encodeReplayLogits(_ m: Reservoir, into w: inout ByteWriter) throws(CheckpointError) {
        try w.u32(m.logitWidth, "stored output width")
        try w.u64(m.count, "items with stored outputs")
        w.floats(m.logits)
    }

    /// Absent (`r` nil): no slot seen yet.
    static func decodeRecentClasses(_ r: ByteReader?, config c: LearnerConfig,
                                    learned: Int) throws(CheckpointError) -> RecentClasses {
        let slots = c.task == .classify ? c.outputs : 0
        guard var reader = r else { return RecentClasses(slots: slots) }
        _ = try reader.u32("recent class slots", in: slots...slots)
        var lastSeen: [Int] = []
        for _ in 0..<slots {
            let record = try reader.i64()
            guard record >= -1, record < Int64(learned) else {
                throw reader.invalid("latest record \(record) of a class is outside -1..<\(learned)")
            }
            lastSeen.append(Int(record))
        }
        try reader.finish()
        return RecentClasses(lastSeen: lastSeen)
    }

    /// The reservoir with its stored outputs; `r` nil (absent) is valid only when none are configured.
    static func decodeReplayLogits(_ r: ByteReader?, into m: Reservoir,
                                   config c: LearnerConfig) throws(CheckpointError) -> Reservoir {
        let width = c.replayLogitWidth
        guard var reader = r else {
            if width > 0 { throw .missingSection(SectionTag.replayLogits.description) }
            return m
        }
        _ = try reader.u32("stored output width", in: width...width)
        _ = try reader.u64("items with stored outputs", in: m.count...m.count)
        let logits = try reader.floats(m.count * width)
        guard logits.allSatisfy(\.isFinite) else { throw reader.invalid("holds non-finite values") }
        try reader.finish()
        return Reservoir(capacity: m.capacity, featureWidth: m.featureWidth, targetWidth: m.targetWidth,
                         features: m.features, targets: m.targets, seen: m.seen, policy: m.policy,
                         classSeen: m.classSeen, logitWidth: width, logits: logits)
    }
}
