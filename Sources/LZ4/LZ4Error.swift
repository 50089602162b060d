/// Why an LZ4 frame could not be made or read.
///
/// Every failure of ``LZ4Frame`` is one of these: bad input is an error, never a trap.
public enum LZ4Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// liblz4 reported an error. `code` is the `LZ4F_errorCodes` value (e.g. 7 for a bad content checksum in
    /// lz4 1.9.4) and `name` is `LZ4F_getErrorName`'s text, e.g. `"ERROR_contentChecksum_invalid"`.
    case library(code: Int, name: String)
    /// The input ended before the frame did (a truncated file or a partial write).
    /// `consumed` is the number of input bytes read, all of them.
    case frameEndedEarly(consumed: Int)
    /// A complete frame was followed by `count` more bytes; one input holds exactly one frame.
    case trailingBytes(count: Int)
    /// The frame decompresses to more than `limit` bytes, the caller's `maxOutputBytes`.
    case outputTooLarge(limit: Int)
    /// liblz4 could not allocate its context.
    case outOfMemory

    public var description: String {
        switch self {
        case .library(let code, let name):
            return "LZ4 frame error: \(name) (LZ4F error \(code))"
        case .frameEndedEarly(let consumed):
            return "LZ4 frame ended early: input is truncated after \(consumed) bytes"
        case .trailingBytes(let count):
            return "LZ4 frame is followed by \(count) unexpected trailing bytes"
        case .outputTooLarge(let limit):
            return "LZ4 frame decompresses to more than the limit of \(limit) bytes"
        case .outOfMemory:
            return "LZ4 could not allocate a compression context"
        }
    }
}
