/// Checkpoint file names: `learnd-YYYYMMDDTHHMMSSZ-SEQ.ckpt`, the time in UTC and SEQ a decimal sequence number
/// zero-padded to 6 digits (wider past 999999). SEQ orders checkpoints; the time is for people.
public struct CheckpointName: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// `YYYYMMDDTHHMMSSZ`.
    public var stamp: String
    public var sequence: Int

    public static let prefix = "learnd-"
    public static let suffix = ".ckpt"
    /// Appended to a checkpoint found invalid.
    public static let brokenSuffix = ".broken"

    public init(unixSeconds: Int64, sequence: Int) {
        stamp = Syscalls.utcStamp(unixSeconds)
        self.sequence = sequence
    }

    /// Parses a checkpoint's file name; nil for any other name (temporary files, `*.broken`, strangers).
    public init?(parsing name: String) {
        let bytes = Array(name.utf8)
        let head = Array(Self.prefix.utf8), tail = Array(Self.suffix.utf8)
        guard bytes.count > head.count + 17 + tail.count, bytes.starts(with: head),
              bytes.suffix(tail.count).elementsEqual(tail) else { return nil }
        let stamp = bytes[head.count..<(head.count + 16)]
        let seq = bytes[(head.count + 17)..<(bytes.count - tail.count)]
        let digit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        let stampValid = stamp.enumerated().allSatisfy { i, b in
            i == 8 ? b == UInt8(ascii: "T") : i == 15 ? b == UInt8(ascii: "Z") : digit(b)
        }
        guard stampValid,
              bytes[head.count + 16] == UInt8(ascii: "-"), !seq.isEmpty, seq.count <= 18, seq.allSatisfy(digit)
        else { return nil }
        self.stamp = String(decoding: stamp, as: UTF8.self)
        sequence = seq.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    public var description: String {
        let digits = String(sequence)
        let padded = String(repeating: "0", count: max(0, 6 - digits.count)) + digits
        return Self.prefix + stamp + "-" + padded + Self.suffix
    }

    /// True for the temporary files `DurableFile.write` leaves behind when a writer dies: `.learnd-….tmp`.
    public static func isStaleTemporary(_ name: String) -> Bool {
        name.hasPrefix("." + prefix) && name.hasSuffix(".tmp")
    }
}
