import SystemPackage

/// Whole small text files (configuration), read with a size cap.
public enum TextFile {
    public struct ReadError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "cannot read '\(path)': \(reason)" }
    }

    /// The file's text, or nil when it does not exist. Larger than `maxBytes` is an error.
    public static func readIfPresent(_ path: String, maxBytes: Int = 1 << 20) throws(ReadError) -> String? {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(FilePath(path), .readOnly)
        } catch Errno.noSuchFileOrDirectory {
            return nil
        } catch {
            throw ReadError(path: path, reason: "\(error)")
        }
        defer { try? fd.close() }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 14)
        while true {
            let n: Int
            do { n = try chunk.withUnsafeMutableBytes { try fd.read(into: $0) } } catch {
                throw ReadError(path: path, reason: "\(error)")
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > maxBytes { throw ReadError(path: path, reason: "larger than \(maxBytes) bytes") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw ReadError(path: path, reason: "not valid UTF-8") }
        return text
    }
}
