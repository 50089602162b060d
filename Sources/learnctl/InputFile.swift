#if canImport(Glibc)
import Glibc
#endif
import Posix
import Storage

/// A file (or standard input, for "-") read in chunks, for commands that stream their input.
struct InputFile {
    let name: String
    let fd: FileDescriptor
    /// The file's size when it is a regular file (for a progress bar); nil for pipes and terminals.
    let size: Int?
    private let owned: Bool

    init(_ path: String) throws {
        name = path
        if path == "-" {
            fd = .standardInput
            owned = false
        } else {
            do {
                fd = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec], retryOnInterrupt: true)
            } catch {
                throw LearnctlError("cannot open \(path): \(error)")
            }
            owned = true
        }
        var status = stat()
        size = fstat(fd.rawValue, &status) == 0 && status.st_mode & S_IFMT == S_IFREG ? Int(status.st_size) : nil
    }

    func close() { if owned { try? fd.close() } }

    /// Reads what is there (blocking until at least one byte or end of input) into `buffer`;
    /// the number of bytes, 0 at end of input.
    func read(into buffer: inout [UInt8]) throws -> Int {
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd.rawValue, $0.baseAddress, $0.count) }
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw LearnctlError("cannot read \(name): \(Errno(rawValue: errno))")
        }
    }

    /// Calls `body` with each chunk until end of input.
    func forEachChunk(_ body: (ArraySlice<UInt8>) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try read(into: &buffer)
            if n == 0 { return }
            try body(buffer[0..<n])
        }
    }
}
