import Wire

extension Fuzz {
    /// The ingest path: the bytes as a stream through `LineFramer` (a short line limit, so over-long lines occur),
    /// each framed line through the record parser for every format and both tasks. Properties: every line is one
    /// outcome; a record has the width the parser fixed (a truth record, issue 15, has none), finite features and,
    /// for regress, its targets. The first byte picks the parser (format, task, width), the second where the stream
    /// is split in two reads.
    public static func records(_ data: UnsafeBufferPointer<UInt8>) {
        let parsers: [RecordParser] = [
            RecordParser(task: .classify, format: .auto, inputs: nil, maxRecordBytes: 256),
            RecordParser(task: .classify, format: .csv, inputs: 3, maxRecordBytes: 256),
            RecordParser(task: .regress(outputs: 2), format: .jsonl, inputs: nil, maxRecordBytes: 256),
            RecordParser(task: .classify, format: .auto, inputs: nil, featureNames: ["a", "b"], maxRecordBytes: 256),
        ]
        var parser = parsers[data.isEmpty ? 0 : Int(data[0]) % parsers.count]
        var framer = LineFramer(maxLineBytes: 300)
        let cut = data.count < 2 ? 0 : Int(data[1]) % (data.count + 1)
        framer.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: data[..<cut])))
        drain(&framer, &parser)
        framer.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: data[cut...])))
        drain(&framer, &parser)
    }

    private static func drain(_ framer: inout LineFramer, _ parser: inout RecordParser) {
        while let line = framer.nextLine() {
            if case .record(let record, _) = parser.parse(line) {
                // A truth record (issue 15: an id and a label for an earlier prediction) has no features.
                check(record.isTruth || record.features.count == parser.inputs,
                      "record width \(record.features.count) != \(parser.inputs ?? -1)")
                check(record.features.allSatisfy(\.isFinite), "non-finite feature accepted")
            }
        }
    }
}
