import Posix
import SystemPackage
import Wire

/// One client of the control socket: newline-delimited JSON requests in, one JSON response
/// line per request out, in request order even when a response is computed on another thread.
final class ControlConnection {
    let id: Int
    let fd: FileDescriptor
    private var framer = LineFramer(maxLineBytes: ControlHandler.maxRequestBytes)
    private var outbox = Outbox()
    /// Responses still being computed; a later response waits for earlier ones.
    private var slots: [String?] = []
    var inputEnded = false
    var peerGone = false

    init(id: Int, fd: FileDescriptor) {
        self.id = id
        self.fd = fd
    }

    var pendingOutput: Int { outbox.pending }
    /// What it holds for the memory budget: its partial request and its unsent responses, in bytes.
    var bufferedBytes: Int { framer.bufferedByteCount + outbox.pending }
    /// Unsent response bytes above which its requests are no longer read (a client that does not
    /// read its responses is slowed down, like a producer), in bytes.
    static let replyLimit = 1 << 16
    /// Whether to read its requests now.
    var accepting: Bool { !inputEnded && !peerGone && outbox.pending < Self.replyLimit }
    var finished: Bool { (inputEnded && slots.isEmpty && pendingOutput == 0) || peerGone }

    /// Reads what is there and returns the complete request lines.
    func readRequests(into buffer: inout [UInt8]) -> [FramedLine] {
        do {
            switch try buffer.withUnsafeMutableBytes({ try IO.readSome(fd, into: $0) }) {
            case .wouldBlock: return []
            case .eof:
                inputEnded = true
                return framer.finish().map { [$0] } ?? []
            case .bytes(let n):
                buffer.withUnsafeBytes { framer.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                var lines: [FramedLine] = []
                while let line = framer.nextLine() { lines.append(line) }
                return lines
            }
        } catch {
            peerGone = true
            return []
        }
    }

    /// Reserves the next response position; fill it with `respond(slot:_:)`.
    func reserve() -> Int {
        slots.append(nil)
        return slots.count - 1 + completed
    }

    private var completed = 0

    /// Stores a response and moves every leading finished response to the outbox.
    func respond(slot: Int, _ response: JSON) {
        let index = slot - completed
        guard index >= 0, index < slots.count else { return }
        slots[index] = response.serialized()
        while let first = slots.first, let text = first {
            outbox.append(line: text)
            slots.removeFirst()
            completed += 1
        }
    }

    func flush() {
        if !peerGone && !outbox.flush(to: fd) { peerGone = true }
    }
}
