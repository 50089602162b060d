import Posix
import SystemPackage

/// Bytes waiting to be written to a non-blocking socket, written as far as it accepts.
struct Outbox {
    private var bytes: [UInt8] = []
    private var sent = 0

    var pending: Int { bytes.count - sent }

    mutating func append(line: String) {
        if sent > 0 && sent * 2 >= bytes.count { bytes.removeFirst(sent); sent = 0 }
        bytes += line.utf8
        bytes.append(0x0A)
    }

    /// Writes until the socket would block or all is sent; false when the peer is gone.
    mutating func flush(to fd: FileDescriptor) -> Bool {
        while pending > 0 {
            do {
                let written = try bytes.withUnsafeBytes { try IO.writeSome(fd, UnsafeRawBufferPointer(rebasing: $0[sent...])) }
                guard let n = written else { return true }
                sent += n
            } catch {
                return false
            }
        }
        bytes.removeAll(keepingCapacity: true)
        sent = 0
        return true
    }
}
