import LZ4
import LearnCore

/// What a checkpoint says about itself, beside the learner state. No clock is read here: the caller passes
/// the creation time.
public struct CheckpointMeta: Equatable, Sendable {
    /// The container's format version (``Checkpoint/formatVersion`` when writing).
    public var formatVersion: Int
    /// When the checkpoint was taken, seconds since 1970-01-01T00:00:00Z.
    public var createdUnixSeconds: Int64
    /// The writing learnd's version, e.g. "0.1.0" (at most 1024 bytes of UTF-8).
    public var learndVersion: String
    /// The effective configuration as TOML: opaque here, kept for humans and `learnctl inspect`.
    public var configText: String
    /// The daemon's learning curves and checkpoint marks (section `HIST`), or nil: the section is optional, and
    /// checkpoints written before it existed, or by `learnd stream`, have none.
    public var history: LearningHistory?
    /// Further sections by 4-character tag (printable ASCII, not a tag v1 knows), written after the required
    /// sections in tag order. Sections a reader does not know land here, so they survive a read-modify-write.
    public var extra: [String: [UInt8]]

    public init(createdUnixSeconds: Int64, learndVersion: String, configText: String,
                history: LearningHistory? = nil, extra: [String: [UInt8]] = [:]) {
        formatVersion = Checkpoint.formatVersion
        self.createdUnixSeconds = createdUnixSeconds
        self.learndVersion = learndVersion
        self.configText = configText
        self.history = history
        self.extra = extra
    }
}

/// A checkpoint read back and validated in full: its state can drive a `Learner(restoring:)`.
public struct DecodedCheckpoint: Equatable, Sendable {
    public var state: LearnerState
    public var meta: CheckpointMeta
    /// Every section in file order with its payload size (for `learnctl inspect`).
    public var sections: [CheckpointSection]
    /// Size of the file (the LZ4 frame) and of the container inside it, in bytes.
    public var fileBytes: Int
    public var containerBytes: Int
}

/// Checkpoint files, format v1: one standard LZ4 frame holding a little-endian container (magic `LEARNDCK`,
/// `u32` format version, then sections `u32` tag + `u64` length + payload: 14 required, `HIST` optional).
/// docs/checkpoint-format.md gives the layout byte by byte. Pure: bytes in, bytes out.
public enum Checkpoint {
    /// The format version this build writes; it reads every version up to it.
    public static let formatVersion = 1
    /// The first 8 bytes of the container.
    public static let magic: [UInt8] = Array("LEARNDCK".utf8)
    /// Largest container accepted when reading (the frame's content size), in bytes.
    public static let maxContainerBytes = 1 << 30
    /// Largest checkpoint file that can hold a container of at most `maxContainerBytes`, in bytes: the v1 frame
    /// header, every 64 KiB block stored uncompressed with its 4-byte size and 4-byte checksum, the end mark and
    /// the content checksum. Readers refuse a larger file without reading it.
    public static let maxFileBytes = Envelope.headerBytes + (maxContainerBytes >> 16) * (65536 + 8) + 4 + 4

    /// Encodes `state` and `meta` (whose `formatVersion` is ignored: v1 is written) into a checkpoint file.
    ///
    /// - Throws: ``CheckpointError/unencodable(_:)`` when the state is inconsistent, a count exceeds the
    ///   format's range, the history is out of its bounds, or an extra section's tag is not 4 printable ASCII
    ///   characters or is a tag v1 knows.
    public static func encode(_ state: LearnerState, meta: CheckpointMeta,
                              compressionLevel: Int = 0) throws(CheckpointError) -> [UInt8] {
        if let problem = state.inconsistency { throw .unencodable(problem) }
        let container = try Container.encode(state, meta: meta)
        // Read it back before it leaves: a checkpoint that would not restore must fail now, not at restart.
        do { _ = try Container.decode(container) } catch { throw .unencodable("it would not read back: \(error)") }
        return try Envelope.wrap(container, level: compressionLevel)
    }

    /// Reads and validates a checkpoint file completely.
    ///
    /// - Throws: a ``CheckpointError`` naming what is wrong: not an LZ4 frame of v1's options, a checksum or
    ///   size that does not verify, bad magic, an unsupported version, a truncated, missing or duplicate
    ///   section, impossible values (counts, non-finite numbers, masks, label names), or parts that do not
    ///   fit together. Never traps on any input.
    public static func decode(_ file: [UInt8]) throws(CheckpointError) -> DecodedCheckpoint {
        let container = try Envelope.unwrap(file)
        var decoded = try Container.decode(container)
        decoded.fileBytes = file.count
        return decoded
    }

    /// The raw container inside a checkpoint file, after the frame checks of ``decode(_:)`` but before any
    /// section is read (for tools and tests).
    public static func container(of file: [UInt8]) throws(CheckpointError) -> [UInt8] {
        try Envelope.unwrap(file)
    }

    /// A checkpoint file around `container`, framed exactly as v1 frames it, whatever the container holds
    /// (for tools and tests that build containers by hand).
    public static func file(containing container: [UInt8],
                            compressionLevel: Int = 0) throws(CheckpointError) -> [UInt8] {
        try Envelope.wrap(container, level: compressionLevel)
    }
}
