import LZ4

/// Why a checkpoint could not be written or read. Every failure of ``Checkpoint`` is one of these: hostile or
/// damaged input is an error that names the section and what is wrong, never a trap.
public enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not one LZ4 frame as format v1 writes it (too short, wrong magic, other frame options).
    case notACheckpointFrame(String)
    /// liblz4 refused the frame: a checksum, a block or the size does not verify (corrupt or truncated file).
    case frame(LZ4Error)
    /// The frame says its content is `bytes` long, more than the `limit` a checkpoint may have.
    case contentTooLarge(bytes: UInt64, limit: Int)
    /// The content does not start with the 8 bytes `LEARNDCK`.
    case badMagic([UInt8])
    /// The container's format version is not one this build reads.
    case unsupportedVersion(UInt32)
    /// `section` (a 4-letter tag, or "header") ends before the value being read: `needed` bytes at `offset`
    /// (from the section's start), `available` left.
    case truncated(section: String, offset: Int, needed: Int, available: Int)
    /// A section every v1 checkpoint holds is absent.
    case missingSection(String)
    /// A section appears more than once.
    case duplicateSection(String)
    /// A section's values are impossible (count mismatch, non-finite weight, shape unlike the config...).
    case invalid(section: String, reason: String)
    /// The sections are each well-formed but do not fit together (``LearnerState/inconsistency``).
    case inconsistent(String)
    /// The state or metadata cannot be written in format v1 (e.g. a count above the format's range).
    case unencodable(String)

    public var description: String {
        switch self {
        case .notACheckpointFrame(let why): return "not a learnd checkpoint: \(why)"
        case .frame(let error): return "corrupt or truncated: \(error)"
        case .contentTooLarge(let bytes, let limit):
            return "content of \(bytes) bytes exceeds the limit of \(limit) bytes"
        case .badMagic(let bytes):
            return "bad magic " + bytes.map { hex($0) }.joined(separator: " ") + " (expected \"LEARNDCK\")"
        case .unsupportedVersion(let version):
            return "unsupported format version \(version) (this build reads version \(Checkpoint.formatVersion))"
        case .truncated(let section, let offset, let needed, let available):
            return "truncated section \"\(section)\": needs \(needed) bytes at offset \(offset), \(available) left"
        case .missingSection(let tag): return "missing section \"\(tag)\""
        case .duplicateSection(let tag): return "duplicate section \"\(tag)\""
        case .invalid(let section, let reason): return "section \"\(section)\": \(reason)"
        case .inconsistent(let reason): return "inconsistent state: \(reason)"
        case .unencodable(let reason): return "cannot encode: \(reason)"
        }
    }
}

/// `0x4C`-style hex of one byte.
func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
}
