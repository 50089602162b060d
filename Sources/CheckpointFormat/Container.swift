import LearnCore

/// The uncompressed container: `LEARNDCK`, u32 format version, then sections (4-byte tag, u64 payload length,
/// payload) until the end. v1 writes its sections in ``SectionTag/required`` order, then the optional ones its
/// state uses (``SectionTag/optional``: `HIST` when there is a history, `RCLS` and `RLGT` when their features are
/// on) and the extra ones, together in tag order. A reader takes the sections in any order, keeps unknown ones in
/// ``CheckpointMeta/extra``, requires each v1 section exactly once (an optional one at most once), and decodes
/// them in dependency order (config first).
enum Container {
    /// One section's writer.
    private typealias Writer = (inout ByteWriter) throws(CheckpointError) -> Void

    static func encode(_ s: LearnerState, meta: CheckpointMeta) throws(CheckpointError) -> [UInt8] {
        let floats = s.network.parameters.count * 3 + s.reservoir.features.count + s.reservoir.targets.count
            + s.protection.importance.count * 3 + s.reservoir.logits.count
        var w = ByteWriter(capacity: 4 * floats + s.network.masks.count + meta.configText.utf8.count + 4096)
        w.raw(Checkpoint.magic)
        w.u32(UInt32(Checkpoint.formatVersion))
        let sections: [(SectionTag, Writer)] = [
            (.config, { w throws(CheckpointError) in
                try ConfigSection.encode(s.config, text: meta.configText, into: &w)
            }),
            (.network, { w throws(CheckpointError) in try ModelSections.encodeNetwork(s.network, into: &w) }),
            (.masks, { w throws(CheckpointError) in try ModelSections.encodeMasks(s.network, into: &w) }),
            (.optimizer, { w throws(CheckpointError) in try ModelSections.encodeOptimizer(s.optimizer, into: &w) }),
            (.reservoir, { w throws(CheckpointError) in try MemorySections.encodeReservoir(s.reservoir, into: &w) }),
            (.normalizer, { w throws(CheckpointError) in try MemorySections.encodeNormalizer(s.normalizer, into: &w) }),
            (.targetNormalizer, { w throws(CheckpointError) in
                try MemorySections.encodeNormalizer(s.targetNormalizer, into: &w)
            }),
            (.labels, { w throws(CheckpointError) in try MemorySections.encodeLabels(s.labels, into: &w) }),
            (.metrics, { w throws(CheckpointError) in
                try StatusSections.encodeMetrics(s.metrics, s.counters, into: &w)
            }),
            (.drift, { w throws(CheckpointError) in try DriftSection.encode(s.drift, into: &w) }),
            (.protection, { w throws(CheckpointError) in try ProtectionSection.encode(s.protection, into: &w) }),
            (.rng, { w throws(CheckpointError) in StatusSections.encodeRng(s.rng, into: &w) }),
            (.created, { w throws(CheckpointError) in w.i64(meta.createdUnixSeconds) }),
            (.version, { w throws(CheckpointError) in w.raw(Array(meta.learndVersion.utf8)) }),
        ]
        let optional: [(SectionTag, Writer)] = [
            (.recentClasses, { w throws(CheckpointError) in
                try ContinualSections.encodeRecentClasses(s.recentClasses, into: &w)
            }),
            (.replayLogits, { w throws(CheckpointError) in try ContinualSections.encodeReplayLogits(s.reservoir, into: &w) }),
            (.tuning, { w throws(CheckpointError) in try TuningSection.encode(s.tuner!, meta: meta, into: &w) }),
        ].filter { ContinualSections.isWritten($0.0, for: s) }
            + (PendingSection.isWritten(s)
                ? [(.pending, { w throws(CheckpointError) in try PendingSection.encode(s, into: &w) })] : [])
        let trailing = (optional + (try laterSections(meta))).sorted { $0.0.bytes.lexicographicallyPrecedes($1.0.bytes) }
        for (tag, write) in sections + trailing {
            let at = w.beginSection(tag)
            try write(&w)
            w.endSection(at)
        }
        return w.bytes
    }

    /// The history (when there is one) and the extra sections, each extra tag checked.
    private static func laterSections(_ meta: CheckpointMeta) throws(CheckpointError) -> [(SectionTag, Writer)] {
        var sections: [(SectionTag, Writer)] = []
        if let history = meta.history {
            sections.append((.history, { w throws(CheckpointError) in try HistorySection.encode(history, into: &w) }))
        }
        for (key, payload) in meta.extra {
            guard let tag = SectionTag(key), !tag.isKnown else {
                throw .unencodable("extra section tag \"\(key)\" must be 4 printable ASCII characters, not a v1 tag")
            }
            sections.append((tag, { w throws(CheckpointError) in w.raw(payload) }))
        }
        return sections
    }

    /// - Parameter member: a `TUNE` member's container, which may not hold a population of its own.
    static func decode(_ bytes: [UInt8], member: Bool = false) throws(CheckpointError) -> DecodedCheckpoint {
        guard bytes.count >= 8, Array(bytes[0..<8]) == Checkpoint.magic else { throw .badMagic(Array(bytes.prefix(8))) }
        var header = ByteReader(bytes, section: "header", range: 8..<bytes.count)
        let version = try header.u32()
        guard version >= 1, version <= UInt32(Checkpoint.formatVersion) else { throw .unsupportedVersion(version) }
        let table = try SectionTable(&header)
        let sections = SectionReaders(bytes: bytes, table: table)
        var r = sections[.config]
        let (config, configText) = try ConfigSection.decode(&r)
        var state = try decodeState(sections, config: config)
        if member && table.ranges[.tuning] != nil { throw .invalid(section: "TUNE", reason: "a member holds a population") }
        state.tuner = try TuningSection.decode(sections.optional(.tuning), served: state)
        if let problem = state.inconsistency { throw .inconsistent(problem) }
        r = sections[.created]
        let created = try StatusSections.decodeTime(&r)
        r = sections[.version]
        var meta = CheckpointMeta(createdUnixSeconds: created, learndVersion: try StatusSections.decodeVersion(&r),
                                  configText: configText, extra: table.extra.mapValues { Array(bytes[$0]) })
        meta.formatVersion = Int(version)
        if table.ranges[.history] != nil {
            r = sections[.history]
            meta.history = try HistorySection.decode(&r, task: config.task)
        }
        return DecodedCheckpoint(state: state, meta: meta, sections: table.sections, fileBytes: 0,
                                 containerBytes: bytes.count)
    }

    /// Every section of the learner state after `CONF`, each checked against `config`.
    private static func decodeState(_ sections: SectionReaders,
                                    config c: LearnerConfig) throws(CheckpointError) -> LearnerState {
        var r = sections[.network]
        var network = try ModelSections.decodeNetwork(&r, config: c)
        r = sections[.masks]
        network = try ModelSections.decodeMasks(&r, network: network)
        let parameters = network.parameters.count
        r = sections[.optimizer]
        let optimizer = try ModelSections.decodeOptimizer(&r, config: c, parameters: parameters)
        r = sections[.reservoir]
        var reservoir = try MemorySections.decodeReservoir(&r, config: c)
        reservoir = try ContinualSections.decodeReplayLogits(sections.optional(.replayLogits), into: reservoir, config: c)
        r = sections[.normalizer]
        let normalizer = try MemorySections.decodeNormalizer(&r, width: c.inputs)
        r = sections[.targetNormalizer]
        let targetNormalizer = try MemorySections.decodeNormalizer(&r, width: c.task == .regress ? c.outputs : 0)
        r = sections[.labels]
        let labels = try MemorySections.decodeLabels(&r, config: c)
        r = sections[.metrics]
        let (metrics, counters) = try StatusSections.decodeMetrics(&r, config: c)
        r = sections[.drift]
        let drift = try DriftSection.decode(&r, config: c)
        r = sections[.protection]
        let protection = try ProtectionSection.decode(&r, config: c, parameters: parameters)
        r = sections[.rng]
        let rng = try StatusSections.decodeRng(&r)
        let recent = try ContinualSections.decodeRecentClasses(sections.optional(.recentClasses), config: c,
                                                               learned: counters.learned)
        var state = LearnerState(config: c, network: network, optimizer: optimizer, normalizer: normalizer,
                                 reservoir: reservoir, labels: labels, metrics: metrics, counters: counters, rng: rng,
                                 targetNormalizer: targetNormalizer, drift: drift, protection: protection,
                                 recentClasses: recent)
        (state.pending, state.delayed) = try PendingSection.decode(sections.optional(.pending), config: c)
        return state
    }
}

/// Where each section's payload lies, read from the section headers without looking inside.
private struct SectionTable {
    var ranges: [SectionTag: Range<Int>] = [:]
    var extra: [String: Range<Int>] = [:]
    var sections: [CheckpointSection] = []

    init(_ r: inout ByteReader) throws(CheckpointError) {
        while r.remaining > 0 {
            let at = r.position
            guard let tag = SectionTag(bytes: try r.raw(4)) else {
                throw r.invalid("the section header at offset \(at) has a tag that is not 4 printable ASCII bytes")
            }
            let length = try r.u64()
            guard length <= UInt64(r.remaining) else {
                throw .truncated(section: tag.description, offset: 0, needed: Int(clamping: length),
                                 available: r.remaining)
            }
            let start = r.position
            _ = try r.raw(Int(length))
            guard ranges[tag] == nil else { throw .duplicateSection(tag.description) }
            ranges[tag] = start..<r.position
            if !tag.isKnown { extra[tag.description] = start..<r.position }
            sections.append(CheckpointSection(tag: tag.description, bytes: Int(length)))
        }
        for tag in SectionTag.required where ranges[tag] == nil { throw .missingSection(tag.description) }
    }
}

/// A fresh reader over each section's payload (a required one, or an optional one that is present).
private struct SectionReaders {
    let bytes: [UInt8]
    let table: SectionTable

    subscript(tag: SectionTag) -> ByteReader {
        ByteReader(bytes, section: tag.description, range: table.ranges[tag]!)
    }

    /// An optional section's reader; nil when the file has none.
    func optional(_ tag: SectionTag) -> ByteReader? {
        table.ranges[tag].map { ByteReader(bytes, section: tag.description, range: $0) }
    }
}
