/// Reads little-endian values from one section of the container, bounds-checked: the reading half of the codec.
///
/// Every read checks the bytes left first and throws ``CheckpointError/truncated(section:offset:needed:available:)``
/// naming the section; every array is allocated only after its byte size was checked against the bytes present,
/// so a hostile count can never make the reader allocate more than the file holds.
struct ByteReader {
    let bytes: [UInt8]
    /// The section's tag (or "header"), for errors.
    let section: String
    /// Absolute index of the section's first byte.
    let start: Int
    /// Absolute index one past the section's last byte.
    let end: Int
    /// Absolute index of the next byte to read.
    private(set) var position: Int

    init(_ bytes: [UInt8], section: String, range: Range<Int>) {
        self.bytes = bytes
        self.section = section
        start = range.lowerBound
        end = range.upperBound
        position = range.lowerBound
    }

    var remaining: Int { end - position }

    /// Reserves `count` bytes and returns their absolute start.
    private mutating func take(_ count: Int) throws(CheckpointError) -> Int {
        guard count >= 0, count <= remaining else {
            throw .truncated(section: section, offset: position - start, needed: count, available: remaining)
        }
        defer { position += count }
        return position
    }

    mutating func u8() throws(CheckpointError) -> UInt8 { bytes[try take(1)] }

    mutating func u32() throws(CheckpointError) -> UInt32 {
        let at = try take(4)
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
    }

    mutating func u64() throws(CheckpointError) -> UInt64 {
        let at = try take(8)
        return (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
    }

    mutating func i64() throws(CheckpointError) -> Int64 { Int64(bitPattern: try u64()) }
    mutating func f32() throws(CheckpointError) -> Float { Float(bitPattern: try u32()) }
    mutating func f64() throws(CheckpointError) -> Double { Double(bitPattern: try u64()) }

    /// A `u32` that must lie in `range`; `what` names it in the error.
    mutating func u32(_ what: String, in range: ClosedRange<Int>) throws(CheckpointError) -> Int {
        let value = Int(try u32())
        guard range.contains(value) else { throw invalid("\(what) is \(value), expected \(describe(range))") }
        return value
    }

    /// A `u64` that must lie in `range`; `what` names it in the error.
    mutating func u64(_ what: String, in range: ClosedRange<Int>) throws(CheckpointError) -> Int {
        let raw = try u64()
        guard raw <= UInt64(Int.max), range.contains(Int(raw)) else {
            throw invalid("\(what) is \(raw), expected \(describe(range))")
        }
        return Int(raw)
    }

    /// `count` float32 values; the byte size is checked before anything is allocated.
    mutating func floats(_ count: Int) throws(CheckpointError) -> [Float] {
        let (size, overflow) = count.multipliedReportingOverflow(by: 4)
        let at = try take(overflow ? -1 : size)
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            for i in 0..<count {
                let b = at + 4 * i
                let bits = UInt32(bytes[b]) | UInt32(bytes[b + 1]) << 8 | UInt32(bytes[b + 2]) << 16
                    | UInt32(bytes[b + 3]) << 24
                out[i] = Float(bitPattern: bits)
            }
            initialized = count
        }
    }

    /// `count` float64 values; the byte size is checked before anything is allocated.
    mutating func doubles(_ count: Int) throws(CheckpointError) -> [Double] {
        let (size, overflow) = count.multipliedReportingOverflow(by: 8)
        let at = try take(overflow ? -1 : size)
        return (0..<count).map { i in
            let b = at + 8 * i
            return Double(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[b + $1]) << (8 * UInt64($1)) })
        }
    }

    /// `count` raw bytes.
    mutating func raw(_ count: Int) throws(CheckpointError) -> ArraySlice<UInt8> {
        let at = try take(count)
        return bytes[at..<(at + count)]
    }

    /// A `u32`-length-prefixed UTF-8 string of at most `maxBytes` bytes.
    mutating func string(_ what: String, maxBytes: Int) throws(CheckpointError) -> String {
        let length = try u32("length of \(what)", in: 0...maxBytes)
        return try utf8(try raw(length), what)
    }

    /// The bytes as a string; an error naming `what` when they are not valid UTF-8.
    func utf8(_ data: ArraySlice<UInt8>, _ what: String) throws(CheckpointError) -> String {
        guard let text = String(validating: data, as: UTF8.self) else { throw invalid("\(what) is not valid UTF-8") }
        return text
    }

    /// The section must be fully consumed: trailing bytes mean a writer and reader that disagree.
    func finish() throws(CheckpointError) {
        guard remaining == 0 else { throw invalid("\(remaining) unexpected bytes after the last field") }
    }

    func invalid(_ reason: String) -> CheckpointError { .invalid(section: section, reason: reason) }

    private func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == Int.max { return ">= \(range.lowerBound)" }
        if range.lowerBound == range.upperBound { return "\(range.lowerBound)" }
        return "\(range.lowerBound)...\(range.upperBound)"
    }
}
