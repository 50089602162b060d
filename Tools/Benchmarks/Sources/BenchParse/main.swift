// Parse alone: how fast Wire's RecordParser turns record lines into records, without learning.
//
//     swift run -c release --package-path Tools/Benchmarks BenchParse FILE [--runs 5]
//
// Reads FILE (CSV with a header line, or JSON lines) into memory, then times parsing every line
// with `RecordParser(task: .classify, format: .auto)`, `runs` times; prints one JSON line with the
// median records/s and the number of records per run.
import Foundation
import Wire

let arguments = CommandLine.arguments
guard arguments.count >= 2, let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write("usage: BenchParse FILE [--runs N]\n".data(using: .utf8)!)
    exit(64)
}
let runs = arguments.count >= 4 && arguments[2] == "--runs" ? max(1, Int(arguments[3]) ?? 5) : 5
let bytes = [UInt8](data)
let lines: [Range<Int>] = {
    var result: [Range<Int>] = [], start = 0
    for (i, b) in bytes.enumerated() where b == 0x0A { result.append(start..<i); start = i + 1 }
    if start < bytes.count { result.append(start..<bytes.count) }
    return result
}()

var rates: [Double] = []
var records = 0
for _ in 0..<runs {
    var parser = RecordParser(task: .classify, format: .auto, inputs: nil)
    records = 0
    let start = DispatchTime.now().uptimeNanoseconds
    bytes.withUnsafeBufferPointer { all in
        for line in lines {
            if case .record = parser.parse(bytes: UnsafeBufferPointer(rebasing: all[line])) { records += 1 }
        }
    }
    rates.append(Double(records) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
}
print("{\"records\": \(records), \"records_per_second\": \(rates.sorted()[rates.count / 2].rounded())}")
