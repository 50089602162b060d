/// A section's 4-byte tag: four printable ASCII bytes, stored in this order (so a hex dump shows `NETW`).
/// Read as a little-endian `u32`, "NETW" is 0x5754454E.
public struct SectionTag: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// nil unless `text` is exactly 4 printable ASCII characters (0x21...0x7E).
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 4, utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        bytes = utf8
    }

    init?(bytes: ArraySlice<UInt8>) {
        guard bytes.count == 4, bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        self.bytes = Array(bytes)
    }

    private init(known text: StaticString) {
        bytes = Array(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public var description: String { String(decoding: bytes, as: UTF8.self) }

    /// Learner configuration: the `LearnerConfig` fields and the effective TOML text.
    public static let config = SectionTag(known: "CONF")
    /// Layer widths, activation and the flat float32 parameter buffer.
    public static let network = SectionTag(known: "NETW")
    /// Pruning masks, one byte per parameter (or none while dense).
    public static let masks = SectionTag(known: "MASK")
    /// Optimiser kind, step count and moment buffers.
    public static let optimizer = SectionTag(known: "OPTM")
    /// Replay reservoir: raw records and their targets.
    public static let reservoir = SectionTag(known: "RSVR")
    /// Feature normalisation: count, mean and m2 (float64).
    public static let normalizer = SectionTag(known: "NORM")
    /// Target normalisation (regress): as `NORM`, over the outputs.
    public static let targetNormalizer = SectionTag(known: "TNRM")
    /// Class names by output slot.
    public static let labels = SectionTag(known: "LABL")
    /// Prequential metrics and record counters.
    public static let metrics = SectionTag(known: "METR")
    /// Drift detector state and detections.
    public static let drift = SectionTag(known: "DRFT")
    /// Memory protection (SI/EWC) state.
    public static let protection = SectionTag(known: "PROT")
    /// The xoshiro256** generator's four state words.
    public static let rng = SectionTag(known: "RNGS")
    /// Creation time, Unix seconds.
    public static let created = SectionTag(known: "TIME")
    /// The writing learnd's version string.
    public static let version = SectionTag(known: "VERS")

    /// The learning history of `learnd serve` (optional; ``LearningHistory``).
    public static let history = SectionTag(known: "HIST")
    /// Optional (written only when the feature is on): each class slot's latest record, for ER-ACE.
    public static let recentClasses = SectionTag(known: "RCLS")
    /// Optional (written only when the feature is on): the outputs stored with each reservoir item, for
    /// dark-experience replay.
    public static let replayLogits = SectionTag(known: "RLGT")
    /// Optional (written only with `train.tuning = "auto"`): the self-tuning population (``TuningSection``).
    public static let tuning = SectionTag(known: "TUNE")

    /// Optional (written only when there is something): predictions waiting for labels, the delayed score.
    public static let pending = SectionTag(known: "PEND")

    /// The sections of format v1, all required, in the order v1 writes them.
    public static let required: [SectionTag] = [
        .config, .network, .masks, .optimizer, .reservoir, .normalizer, .targetNormalizer, .labels, .metrics, .drift,
        .protection, .rng, .created, .version,
    ]

    /// Sections v1 knows but does not require (absent: no history, or the feature was off): written after the
    /// required ones, in tag order with any extras.
    public static let optional: [SectionTag] = [.history, .recentClasses, .replayLogits, .pending, .tuning]

    /// Required or optional: not available as an extra section's tag.
    var isKnown: Bool { SectionTag.required.contains(self) || SectionTag.optional.contains(self) }
}

/// One section as found in a file: its tag and payload size in bytes (the 12-byte section header excluded).
public struct CheckpointSection: Equatable, Sendable {
    public var tag: String
    public var bytes: Int
}
