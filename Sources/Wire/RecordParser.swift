/// Parses record lines (docs/records-and-replies.md, "Records") into `LineOutcome`s.
///
/// One parser per stream (connection or file); call `reset()` when a new stream starts
/// on the same parser. The parser is a value with a little state:
/// - `inputs`: the feature width. When created with `inputs: nil` (auto) and without
///   `featureNames`, the first valid record fixes it; with `featureNames` and
///   `inputs: nil` it is `featureNames.count` from the start. It survives `reset()`.
/// - header eligibility: only the first line after init/`reset()` that is neither blank
///   nor a comment can be a header; any such line (CSV, JSON or over-long) ends it.
///
/// Line rules:
/// - Input is one line without its `"\n"`; one trailing `"\r"` is removed here, and a
///   UTF-8 byte-order mark at the start of the stream's first line is ignored.
/// - Longer than `maxRecordBytes` (after removing the `"\r"`): rejected
///   `record longer than N bytes`.
/// - Empty, only spaces/tabs, or first non-blank byte `#`: `.skipped` (all formats).
/// - CSV fields are split on `,` with no quoting; ASCII spaces and tabs around every
///   field are ignored. Labels and names are raw bytes otherwise.
/// - Reasons name the 1-based feature (or target) number and are always one printable line.
public struct RecordParser: Sendable {
    public let task: RecordTask
    public let format: RecordFormat
    public let featureNames: [String]?
    public let maxRecordBytes: Int
    /// The feature width, nil until fixed (auto).
    public private(set) var inputs: Int?
    /// Longest class name in bytes.
    public static let maxLabelBytes = 64

    var headerAllowed = true
    /// True until the first line of the stream has been seen (a UTF-8 BOM is dropped there).
    var atStreamStart = true
    /// featureNames → 0-based column, for JSON `"x"` objects.
    let featureIndex: [String: Int]

    /// - Parameters:
    ///   - task: classify, or regress with `outputs` ≥ 1 numeric targets.
    ///   - format: csv, jsonl or auto.
    ///   - inputs: the feature width, or nil to fix it from the first valid record.
    ///   - featureNames: when set, a header must name exactly these columns in this order,
    ///     and JSON `"x"` may be an object keyed by them. Should agree with `inputs`.
    ///   - maxRecordBytes: longest accepted line in bytes, excluding `"\r\n"`.
    public init(task: RecordTask, format: RecordFormat, inputs: Int?, featureNames: [String]? = nil,
                maxRecordBytes: Int = 65536) {
        if case .regress(let k) = task { precondition(k >= 1, "regress needs at least one output") }
        self.task = task
        self.format = format
        self.featureNames = featureNames
        self.maxRecordBytes = maxRecordBytes
        self.inputs = inputs ?? featureNames?.count
        var index: [String: Int] = [:]
        for (n, name) in (featureNames ?? []).enumerated() where index[name] == nil { index[name] = n }
        self.featureIndex = index
    }

    /// A new stream begins: the next non-blank, non-comment line may again be a header.
    public mutating func reset() {
        headerAllowed = true
        atStreamStart = true
    }

    /// Parses one line (bytes without the `"\n"`).
    public mutating func parse(line: ArraySlice<UInt8>) -> LineOutcome {
        line.withUnsafeBufferPointer { parse(bytes: $0) }
    }

    /// Parses what a `LineFramer` produced: a line, or the report of a line too long to keep.
    public mutating func parse(_ framed: FramedLine) -> LineOutcome {
        switch framed {
        case .line(let bytes): parse(line: bytes)
        case .tooLong: tooLong()
        }
    }

    /// Parses a `String` line (convenience; tests, control `predict`).
    public mutating func parse(text: String) -> LineOutcome {
        var copy = text
        return copy.withUTF8 { parse(bytes: $0) }
    }

    /// Parses one line in place; the fastest entry point.
    public mutating func parse(bytes: UnsafeBufferPointer<UInt8>) -> LineOutcome {
        var end = bytes.count
        if end > 0, bytes[end - 1] == 0x0D { end -= 1 }
        var first = 0
        if atStreamStart { first = streamStart(bytes, end: end) }
        let contentStart = first
        while first < end, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
        if first == end || bytes[first] == UInt8(ascii: "#") { return .skipped }
        let json = format == .jsonl || (format == .auto && bytes[first] == UInt8(ascii: "{"))
        let wasHeaderAllowed = headerAllowed
        headerAllowed = false
        if end > maxRecordBytes {
            return .rejected(Rejection(.tooLong, "record longer than \(maxRecordBytes) bytes"), json: json)
        }
        let line = UnsafeBufferPointer(rebasing: bytes[contentStart..<end])
        if json { return parseJSONRecord(line) }
        if bytes[first] == UInt8(ascii: "@") {
            return parseIdentifiedCSV(UnsafeBufferPointer(rebasing: bytes[first..<end]))
        }
        return parseCSV(line, headerAllowed: wasHeaderAllowed)
    }

    /// Marks the stream as started; returns 3 when the line starts with a UTF-8 BOM, else 0.
    @inline(never)
    private mutating func streamStart(_ bytes: UnsafeBufferPointer<UInt8>, end: Int) -> Int {
        atStreamStart = false
        return end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The outcome for a line the `LineFramer` reported as too long (it was never
    /// buffered, so its content is unknown). Like any content line, it ends header eligibility.
    public mutating func tooLong() -> LineOutcome {
        headerAllowed = false
        return .rejected(Rejection(.tooLong, "record longer than \(maxRecordBytes) bytes"), json: format == .jsonl)
    }

    // MARK: - Shared checks

    /// Validates a class name's bytes; nil when acceptable. `"?"`/empty are handled by callers.
    func labelProblem(_ p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> String? {
        if end - start > RecordParser.maxLabelBytes { return "label longer than \(RecordParser.maxLabelBytes) bytes" }
        for k in start..<end {
            let b = p[k]
            if b == UInt8(ascii: "\"") { return "label contains a quote" }
            if b == UInt8(ascii: ",") { return "label contains a comma" }
            if b < 0x20 || b == 0x7F { return "label contains a control character" }
        }
        if !UTF8Validation.isValid(p, from: start, to: end) { return "label is not valid UTF-8" }
        return nil
    }

    /// Checks `count` against `inputs` and fixes `inputs` when auto. Call only for an
    /// otherwise valid record.
    mutating func widthProblem(_ count: Int) -> Rejection? {
        if let n = inputs {
            return count == n ? nil : Rejection(.width, "expected \(n) features, got \(count)")
        }
        if count == 0 { return .parse("record has no features") }
        return nil
    }

    /// Fixes the width on the first valid record (auto).
    mutating func accept(_ record: Record, json: Bool) -> LineOutcome {
        if inputs == nil { inputs = record.features.count }
        return .record(record, json: json)
    }

    /// Reason text for a field that is not a valid finite float32.
    static func fieldProblem(_ kind: String, _ number: Int, _ result: FieldNumber, text: String) -> String {
        switch result {
        case .empty: return "\(kind) \(number): empty"
        case .nan: return "\(kind) \(number): nan not allowed"
        case .infinity: return "\(kind) \(number): inf not allowed"
        case .outOfRange: return "\(kind) \(number): out of float32 range"
        case .notANumber, .value: return "\(kind) \(number): not a number" + (text.isEmpty ? "" : " " + text)
        }
    }
}
