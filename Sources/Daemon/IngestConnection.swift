import Posix
import SystemPackage
import Wire

/// One producer on the ingest socket: framing and parsing of what it sends, and the bounded
/// buffer of replies (predictions and rejections) waiting to be written back.
///
/// Invariants: `outbox.count ≤ replyLimit` (a reply that does not fit is dropped and counted,
/// so a producer that never reads never blocks learnd); `inFlight` is the number of its records
/// queued for the learner and not yet processed; it closes only when its input ended, nothing
/// is in flight and the outbox is flushed (or the peer is gone).
final class IngestConnection {
    let id: Int
    let fd: FileDescriptor
    private var framer: LineFramer
    private var parser: RecordParser
    private var lineNumber = 0
    private var outbox = Outbox()
    let replyLimit: Int
    var inFlight = 0
    var inputEnded = false
    var peerGone = false

    init(id: Int, fd: FileDescriptor, parser: RecordParser, maxLineBytes: Int, replyLimit: Int = 1 << 16) {
        self.id = id
        self.fd = fd
        self.parser = parser
        self.framer = LineFramer(maxLineBytes: maxLineBytes)
        self.replyLimit = replyLimit
    }

    var pendingOutput: Int { outbox.pending }
    /// What it holds for the memory budget: its partial line and its unsent replies, in bytes.
    var bufferedBytes: Int { framer.bufferedByteCount + outbox.pending }
    /// poll(2) reported that the peer closed: what it sent is finite, so reading it to the end
    /// frees its partial line even while the memory budget is spent.
    var hangUpSeen = false
    var finished: Bool { (inputEnded || peerGone) && inFlight == 0 && (pendingOutput == 0 || peerGone) }

    /// Reads one chunk and returns the items it completes (records and parse rejections), in
    /// order. At end of input the last unterminated line is taken too.
    func readItems(into buffer: inout [UInt8]) throws -> [IngestItem] {
        switch try buffer.withUnsafeMutableBytes({ try IO.readSome(fd, into: $0) }) {
        case .wouldBlock: return []
        case .eof:
            inputEnded = true
            var items: [IngestItem] = []
            while let line = framer.finish() { append(line, to: &items) }
            return items
        case .bytes(let n):
            buffer.withUnsafeBytes { framer.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            var items: [IngestItem] = []
            while let line = framer.nextLine() { append(line, to: &items) }
            return items
        }
    }

    private func append(_ line: FramedLine, to items: inout [IngestItem]) {
        lineNumber += 1
        switch parser.parse(line) {
        case .skipped, .header: return
        case .record(let record, let json):
            items.append(.record(record, connection: id, line: lineNumber, json: json))
        case .rejected(let rejection, let json):
            items.append(.rejected(rejection, connection: id, line: lineNumber, json: json))
        }
    }

    /// Queues a reply line; false (dropped) when the buffer is full.
    func queueReply(_ line: String) -> Bool {
        guard !peerGone, pendingOutput + line.utf8.count + 1 <= replyLimit else { return false }
        outbox.append(line: line)
        return true
    }

    /// Writes what it can without blocking.
    func flush() {
        if !peerGone && !outbox.flush(to: fd) { peerGone = true }
    }
}
