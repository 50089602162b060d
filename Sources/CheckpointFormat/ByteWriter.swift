/// Appends little-endian values to a byte buffer: the writing half of the container codec.
///
/// Integers are written at their declared width (`u32`, `u64`); counts of the state are checked to fit and
/// refused with ``CheckpointError/unencodable(_:)`` otherwise. Floats are written as their IEEE-754 bit
/// patterns, so every value (including -0 and subnormals) round-trips bit for bit.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }
    mutating func f32(_ value: Float) { u32(value.bitPattern) }
    mutating func f64(_ value: Double) { u64(value.bitPattern) }

    /// A non-negative count or record number as `u32`; `what` names it in the error.
    mutating func u32(_ value: Int, _ what: String) throws(CheckpointError) {
        guard let v = UInt32(exactly: value) else { throw .unencodable("\(what) = \(value) does not fit in u32") }
        u32(v)
    }

    /// A non-negative count or record number as `u64`; `what` names it in the error.
    mutating func u64(_ value: Int, _ what: String) throws(CheckpointError) {
        guard let v = UInt64(exactly: value) else { throw .unencodable("\(what) = \(value) is negative") }
        u64(v)
    }

    /// The values' bit patterns, 4 bytes each, without a count.
    mutating func floats(_ values: [Float]) {
        #if _endian(little)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for v in values { f32(v) }
        #endif
    }

    /// The values' bit patterns, 8 bytes each, without a count.
    mutating func doubles(_ values: [Double]) {
        #if _endian(little)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for v in values { f64(v) }
        #endif
    }

    /// `u32` byte length, then the UTF-8 bytes (no terminator).
    mutating func string(_ value: String, _ what: String) throws(CheckpointError) {
        try u32(value.utf8.count, "length of \(what)")
        bytes.append(contentsOf: value.utf8)
    }

    mutating func raw(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    /// Starts a section: writes its 4-byte tag and a placeholder `u64` length; returns where the length is.
    mutating func beginSection(_ tag: SectionTag) -> Int {
        raw(tag.bytes)
        u64(0)
        return bytes.count - 8
    }

    /// Ends the section begun at `lengthAt`: patches its length to the payload written since.
    mutating func endSection(_ lengthAt: Int) {
        let length = UInt64(bytes.count - lengthAt - 8)
        for k in 0..<8 { bytes[lengthAt + k] = UInt8(truncatingIfNeeded: length >> (8 * UInt64(k))) }
    }
}
