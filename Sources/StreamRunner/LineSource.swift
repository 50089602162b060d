import SystemPackage
import Wire

/// Reads a file (or standard input for "-") in 64 KiB chunks and hands out its lines,
/// numbered from 1. Memory is bounded by the framer: at most one line plus one chunk.
struct LineSource {
    let path: String
    let maxLineBytes: Int

    /// Calls `body` for each line (or over-long line) in order.
    func forEachLine(_ body: (FramedLine, Int) -> Void) throws(StreamError) {
        let fd = try open()
        defer { if path != "-" { try? fd.close() } }
        var framer = LineFramer(maxLineBytes: maxLineBytes)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var lineNumber = 0
        while true {
            let n: Int
            do {
                n = try chunk.withUnsafeMutableBytes { try fd.read(into: $0, retryOnInterrupt: true) }
            } catch {
                throw .cannotRead(path: path, reason: "\(error)")
            }
            if n == 0 { break }
            framer.append(chunk[0..<n])
            while let line = framer.nextLine() { lineNumber += 1; body(line, lineNumber) }
        }
        if let line = framer.finish() { lineNumber += 1; body(line, lineNumber) }
    }

    private func open() throws(StreamError) -> FileDescriptor {
        if path == "-" { return .standardInput }
        do {
            return try FileDescriptor.open(FilePath(path), .readOnly)
        } catch {
            throw .cannotOpen(path: path, reason: "\(error)")
        }
    }
}
