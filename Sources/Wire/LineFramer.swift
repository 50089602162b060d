/// One framed line, or the notice that an over-long line was dropped.
public enum FramedLine: Equatable, Sendable {
    /// A line's bytes without its `"\n"` (a `"\r"` before it is kept; the record parser
    /// strips it). The slice shares the framer's buffer: consume it before the next
    /// `append`, or holding it forces a copy of the buffer.
    case line(ArraySlice<UInt8>)
    /// A line longer than `maxLineBytes` was skipped; `byteCount` is its length
    /// without the `"\n"`. Reported once, when its end (or EOF) is reached.
    case tooLong(byteCount: Int)
}

/// Incremental splitting of a byte stream into `"\n"`-terminated lines.
///
/// Usage: after each `append`, call `nextLine()` until it returns nil (need more data);
/// at end of stream call `finish()` until it returns nil.
///
/// Invariants:
/// - Lines come out in stream order, byte-identical however the stream was chunked.
/// - A line is accepted when its length without `"\n"` is at most `maxLineBytes`, or
///   `maxLineBytes + 1` when its last byte is `"\r"` (so a `"\r\n"` ending never counts
///   against the limit). A longer line is reported as `.tooLong` and its bytes are
///   dropped as they arrive, never buffered.
/// - Memory: the buffer holds at most `maxLineBytes + 1` bytes of an unfinished line
///   plus the lines of the last appended chunk (when `nextLine()` is drained after each
///   `append`). Consumed bytes are reclaimed by compaction that is amortised O(1) per byte.
public struct LineFramer: Sendable {
    public let maxLineBytes: Int
    private var buffer: [UInt8] = []
    /// Index of the first unconsumed byte in `buffer`.
    private var start = 0
    /// `buffer[start..<scanned]` is known to hold no `"\n"`.
    private var scanned = 0
    /// True while dropping the rest of an over-long line (then `buffer` is empty).
    private var discarding = false
    /// Bytes of the over-long line seen so far.
    private var discarded = 0
    /// An over-long line that ended and has not been reported yet.
    private var pendingTooLong: Int?

    public init(maxLineBytes: Int) {
        precondition(maxLineBytes >= 0)
        self.maxLineBytes = maxLineBytes
    }

    /// Bytes currently held (unconsumed input), for tests and metrics.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Feeds the next chunk of the stream.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        var chunk = bytes
        if discarding {
            guard let nl = Self.firstNewline(chunk, from: 0) else {
                discarded += chunk.count
                return
            }
            discarding = false
            pendingTooLong = discarded + nl
            discarded = 0
            chunk = UnsafeRawBufferPointer(rebasing: chunk[(nl + 1)...])
        }
        if chunk.isEmpty { return }
        compact()
        buffer.append(contentsOf: chunk)
    }

    /// Feeds the next chunk of the stream.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ append(UnsafeRawBufferPointer($0)) }) != nil {
            return
        }
        Array(bytes).withUnsafeBytes { append($0) }
    }

    /// The next complete line, or nil when more input is needed.
    public mutating func nextLine() -> FramedLine? {
        if let n = pendingTooLong {
            pendingTooLong = nil
            return .tooLong(byteCount: n)
        }
        if discarding { return nil }
        let found = buffer.withUnsafeBytes { Self.firstNewline($0, from: scanned) }
        if let nl = found {
            let lineStart = start
            start = nl + 1
            scanned = start
            return frame(lineStart, nl)
        }
        scanned = buffer.count
        let pending = buffer.count - start
        if pending > maxLineBytes + 1 || (pending == maxLineBytes + 1 && buffer.last != 0x0D) {
            discarding = true
            discarded = pending
            release()
        }
        return nil
    }

    /// At end of stream: the remaining lines, then the last line if it had no `"\n"`
    /// (or the report of an over-long one), then nil. The framer is empty afterwards.
    public mutating func finish() -> FramedLine? {
        if let line = nextLine() { return line }
        if discarding {
            discarding = false
            let n = discarded
            discarded = 0
            return .tooLong(byteCount: n)
        }
        guard start < buffer.count else {
            release()
            return nil
        }
        let lineStart = start
        start = buffer.count
        scanned = start
        return frame(lineStart, buffer.count)
    }

    private func frame(_ lineStart: Int, _ lineEnd: Int) -> FramedLine {
        let length = lineEnd - lineStart
        if length <= maxLineBytes || (length == maxLineBytes + 1 && buffer[lineEnd - 1] == 0x0D) {
            return .line(buffer[lineStart..<lineEnd])
        }
        return .tooLong(byteCount: length)
    }

    /// Drops consumed bytes from the front when that is cheap relative to what was consumed.
    private mutating func compact() {
        if start == buffer.count {
            release()
        } else if start >= 4096, start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
    }

    /// Empties the buffer, keeping its storage unless it grew far beyond the line limit.
    private mutating func release() {
        buffer.removeAll(keepingCapacity: buffer.capacity <= 2 * maxLineBytes + 131_072)
        start = 0
        scanned = 0
    }

    /// Offset of the first `"\n"` in `p[from...]`, scanning eight bytes at a time.
    static func firstNewline(_ p: UnsafeRawBufferPointer, from: Int) -> Int? {
        let n = p.count
        guard from < n, let base = p.baseAddress else { return nil }
        var i = from
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let pattern: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        while i + 8 <= n {
            let x = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ pattern
            let t = (x &- ones) & ~x & highs
            if t != 0 { return i + t.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < n {
            if p[i] == 0x0A { return i }
            i += 1
        }
        return nil
    }
}
