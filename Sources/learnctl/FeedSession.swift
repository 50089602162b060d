#if canImport(Glibc)
import Glibc
#endif
import Posix
import Storage
import Wire

/// What became of the records of one file (or of all of them).
struct FeedCounts {
    var sent = 0
    var predicted = 0
    var rejected = 0
    /// Every record learnd took and did not answer was learned.
    var learned: Int { sent - predicted - rejected }

    static func += (a: inout FeedCounts, b: FeedCounts) {
        a.sent += b.sent
        a.predicted += b.predicted
        a.rejected += b.rejected
    }
}

/// One `feed` run: sends files over the ingest socket, one connection each, reading learnd's
/// replies while sending (a single poll loop: the socket, and the input when more is needed).
///
/// Counting: learnctl parses each line as learnd will (same parser, same settings) only to tell
/// records from headers, comments and blank lines; learnd's replies then say which records were
/// predicted or rejected, and the rest were learned. learnd closes the connection once every
/// record of it has been processed and answered, so the counts are final when it does.
struct FeedSession {
    let target: FeedTarget
    let rate: Double?
    let progress: Bool
    let keepRejections: Int
    var predictionsOutput: PredictionsOutput?

    private(set) var files: [(name: String, counts: FeedCounts)] = []
    private(set) var total = FeedCounts()
    private(set) var rejections: [(file: String, line: Int, reason: String)] = []
    private let started = MonotonicClock.microseconds()
    /// Records released to the socket over all files (for --rate).
    private var released = 0
    private var lastProgress: UInt64 = 0
    private var progressShown = false
    /// The feature width learnd fixed, carried from one file to the next.
    private var inputs: Int?

    init(target: FeedTarget, rate: Double?, progress: Bool, keepRejections: Int) {
        self.target = target
        self.rate = rate
        self.progress = progress
        self.keepRejections = keepRejections
        inputs = target.inputs
    }

    var seconds: Double { Double(MonotonicClock.microseconds() - started) / 1e6 }

    /// Sends one file and waits until learnd has answered all of it.
    mutating func send(_ path: String) throws {
        let input = try InputFile(path)
        defer { input.close() }
        let name = path == "-" ? "stdin" : path
        let socket: FileDescriptor
        do { socket = try UnixSocket.connect(path: target.ingestPath) } catch {
            throw ControlClient.explain(error, path: target.ingestPath)
        }
        defer { try? socket.close() }
        UnixSocket.setNonBlocking(socket)
        files.append((name, FeedCounts()))
        var stream = FeedStream(parser: target.parser(inputs: inputs), lineLimit: target.lineLimit)
        var readBuffer = [UInt8](repeating: 0, count: 1 << 16)
        var poll = PollSet()
        while !stream.repliesEnded {
            var waitMicroseconds: UInt64 = progress ? 200_000 : 1_000_000
            // Move lines to the outbox, as far as the rate allows.
            while stream.outboxBytes < 1 << 18 {
                guard let line = stream.peekLine() else { break }
                if line.isRecord, let rate {
                    let due = started + UInt64(Double(released) / rate * 1e6)
                    let now = MonotonicClock.microseconds()
                    if due > now { waitMicroseconds = min(waitMicroseconds, due - now); break }
                }
                stream.release()
                if line.isRecord {
                    released += 1
                    files[files.count - 1].counts.sent += 1
                    total.sent += 1
                }
            }
            if stream.inputEnded && !stream.hasHeldLine && stream.outboxBytes == 0 && !stream.writeClosed {
                _ = Glibc.shutdown(socket.rawValue, Int32(SHUT_WR))
                stream.writeClosed = true
            }
            poll.removeAll()
            poll.add(socket, events: stream.outboxBytes > 0 ? [.readable, .writable] : .readable)
            let wantInput = !stream.inputEnded && !stream.hasHeldLine && stream.outboxBytes < 1 << 18
            if wantInput { poll.add(input.fd, events: .readable) }
            do { _ = try poll.wait(timeoutMilliseconds: Int32(waitMicroseconds / 1000 + 1)) } catch {
                throw LearnctlError("\(error)")
            }
            let socketEvents = poll.returnedEvents(at: 0)
            if !socketEvents.isEmpty {
                try readReplies(socket, &stream, &readBuffer, file: name)
                if socketEvents.contains(.writable) || socketEvents.contains(.error) { try write(socket, &stream) }
            }
            if wantInput && !poll.returnedEvents(at: 1).isEmpty {
                let n = try input.read(into: &readBuffer)
                stream.appendInput(readBuffer[0..<n])
            }
            showProgress(name, bytes: stream.releasedBytes, of: input.size)
        }
        inputs = stream.parser.inputs ?? inputs
        if !stream.writeClosed || stream.outboxBytes > 0 {
            throw LearnctlError("learnd closed the ingest connection before \(name) was sent "
                + "(\(files[files.count - 1].counts.sent) records sent)")
        }
    }

    private mutating func write(_ socket: FileDescriptor, _ stream: inout FeedStream) throws {
        do throws(PosixError) {
            try stream.flush(to: socket)
        } catch {
            if error.isPeerGone { stream.repliesEnded = true; return }
            throw LearnctlError("\(error)")
        }
    }

    private mutating func readReplies(_ socket: FileDescriptor, _ stream: inout FeedStream, _ buffer: inout [UInt8],
                                      file: String) throws {
        let result: IOResult
        do throws(PosixError) {
            result = try readSome(socket, into: &buffer)
        } catch {
            if error.isPeerGone { stream.repliesEnded = true; return }
            throw LearnctlError("\(error)")
        }
        switch result {
        case .wouldBlock: return
        case .eof:
            stream.repliesEnded = true
            while let line = stream.replies.finish() { take(line, file: file, &stream) }
        case .bytes(let n):
            buffer.withUnsafeBytes { stream.replies.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            while let line = stream.replies.nextLine() { take(line, file: file, &stream) }
        }
    }

    /// One reply: `=PREDICTION` or `{"prediction":...}`; `!LINE: REASON` or `{"error":...,"line":N}`.
    private mutating func take(_ framed: FramedLine, file: String, _ stream: inout FeedStream) {
        guard case .line(let bytes) = framed else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        let index = files.count - 1
        if text.hasPrefix("!") {
            let body = text.dropFirst()
            let colon = body.firstIndex(of: ":") ?? body.endIndex
            var reason = body[colon...].dropFirst()
            if reason.hasPrefix(" ") { reason = reason.dropFirst() }
            let line = Int(body[..<colon]) ?? 0
            stream.predictOnlyAnswered(line)
            rejected(file: file, line: line, reason: String(reason), index: index)
        } else if text.hasPrefix("{"), let json = try? JSON.parse(text), let error = json["error"]?.stringValue {
            let line = json["line"]?.intValue ?? 0
            stream.predictOnlyAnswered(line)
            rejected(file: file, line: line, reason: error, index: index)
        } else {
            files[index].counts.predicted += 1
            total.predicted += 1
            let line = stream.nextPredictOnlyLine()
            if let out = predictionsOutput {
                out.write("\(file):\(line.map(String.init) ?? "?"): " + (text.hasPrefix("=") ? String(text.dropFirst()) : text))
            }
        }
    }

    private mutating func rejected(file: String, line: Int, reason: String, index: Int) {
        files[index].counts.rejected += 1
        total.rejected += 1
        if rejections.count < keepRejections { rejections.append((file, line, reason)) }
    }

    // MARK: Progress and summary

    private mutating func showProgress(_ name: String, bytes: Int, of size: Int?) {
        guard progress else { return }
        let now = MonotonicClock.microseconds()
        guard now - lastProgress >= 200_000 else { return }
        lastProgress = now
        let elapsed = max(seconds, 1e-3)
        var line = ""
        if let size, size > 0 {
            let fraction = min(1, Double(bytes) / Double(size))
            line = "[" + bar(fraction, width: 20) + "] " + String(Int(fraction * 100)).leftPadded(3) + " % "
        }
        line += "\(name): \(total.sent) sent, \(total.rejected) rejected, \(fixed(Double(total.sent) / elapsed, 0)) records/s"
        Stderr.write("\r\u{1B}[K" + line)
        progressShown = true
    }

    mutating func clearProgress() {
        if progressShown { Stderr.write("\r\u{1B}[K") }
        progressShown = false
    }

    func summaryText(limit: Int) -> String {
        let s = seconds
        let t = total
        var text = "sent \(t.sent) record\(t.sent == 1 ? "" : "s") from \(files.count) file\(files.count == 1 ? "" : "s") "
            + "in \(fixed(s, 1)) s (\(fixed(s > 0 ? Double(t.sent) / s : 0, 0)) records/s): "
            + "\(t.learned) learned, \(t.predicted) predicted, \(t.rejected) rejected"
        if files.count > 1 {
            for f in files {
                text += "\n  \(f.name): \(f.counts.sent) sent, \(f.counts.learned) learned, \(f.counts.predicted) predicted, "
                    + "\(f.counts.rejected) rejected"
            }
        }
        if t.rejected > 0 && limit > 0 {
            text += "\nrejected:"
            for r in rejections.prefix(limit) { text += "\n  \(r.file):\(r.line): \(r.reason)" }
            if t.rejected > min(limit, rejections.count) { text += "\n  ... and \(t.rejected - min(limit, rejections.count)) more" }
        }
        return text
    }

    var summaryJSON: JSON {
        func counts(_ c: FeedCounts) -> [(String, JSON)] {
            [("sent", .number(Double(c.sent))), ("learned", .number(Double(c.learned))),
             ("predicted", .number(Double(c.predicted))), ("rejected", .number(Double(c.rejected)))]
        }
        return .object(counts(total) + [
            ("seconds", .number((seconds * 1000).rounded() / 1000)),
            ("files", .array(files.map { .object([("file", .string($0.name))] + counts($0.counts)) })),
            ("rejections", .array(rejections.map {
                .object([("file", .string($0.file)), ("line", .number(Double($0.line))), ("reason", .string($0.reason))])
            })),
        ])
    }
}

/// The lines of one file on their way to the socket: framed and classified as learnd will, then
/// held (for --rate) or moved to the outbox.
struct FeedStream {
    struct Line {
        var bytes: [UInt8]
        /// A record (to be learned, predicted or rejected), not a header, comment or blank line.
        var isRecord: Bool
    }

    var parser: RecordParser
    let lineLimit: Int
    private var framer: LineFramer
    private var held: Line?
    private var outbox: [UInt8] = []
    private var outboxStart = 0
    private(set) var inputEnded = false
    /// Bytes of input moved to the outbox (for the progress bar).
    private(set) var releasedBytes = 0
    /// Lines framed so far (learnd numbers the lines of a connection the same way).
    private var lineNumber = 0
    /// Line numbers of the predict-only records sent and not answered yet, in order.
    private var predictOnly: [Int] = []
    private var predictOnlyHead = 0
    var writeClosed = false
    var repliesEnded = false
    var replies = LineFramer(maxLineBytes: 1 << 20)

    init(parser: RecordParser, lineLimit: Int) {
        self.parser = parser
        self.lineLimit = lineLimit
        framer = LineFramer(maxLineBytes: lineLimit)
    }

    var outboxBytes: Int { outbox.count - outboxStart }
    var hasHeldLine: Bool { held != nil }

    mutating func appendInput(_ bytes: ArraySlice<UInt8>) {
        if bytes.isEmpty { inputEnded = true } else { framer.append(bytes) }
    }

    /// The next line to send, without taking it; nil when more input is needed (or all is sent).
    mutating func peekLine() -> Line? {
        if let held { return held }
        guard let framed = framer.nextLine() ?? (inputEnded ? framer.finish() : nil) else { return nil }
        lineNumber += 1
        switch framed {
        case .line(let bytes):
            let outcome = parser.parse(line: bytes)
            held = Line(bytes: Array(bytes), isRecord: Self.isRecord(outcome))
            if case .record(let record, _) = outcome, case .none = record.target { predictOnly.append(lineNumber) }
        case .tooLong:
            // Not buffered; a stand-in just over the limit gets learnd's own "record longer than" rejection.
            _ = parser.tooLong()
            held = Line(bytes: [UInt8](repeating: UInt8(ascii: "x"), count: lineLimit + 1), isRecord: true)
        }
        return held
    }

    /// Moves the held line to the outbox.
    mutating func release() {
        guard let line = held else { return }
        if outboxStart > 0 && outboxStart >= outbox.count / 2 {
            outbox.removeFirst(outboxStart)
            outboxStart = 0
        }
        outbox += line.bytes
        outbox.append(0x0A)
        releasedBytes += line.bytes.count + 1
        held = nil
    }

    mutating func flush(to fd: FileDescriptor) throws(PosixError) {
        guard outboxBytes > 0 else { return }
        var failure: PosixError?
        let written = outbox.withUnsafeBytes { raw -> Int? in
            do throws(PosixError) {
                return try IO.writeSome(fd, UnsafeRawBufferPointer(rebasing: raw[outboxStart...]))
            } catch {
                failure = error
                return nil
            }
        }
        if let failure { throw failure }
        outboxStart += written ?? 0
        if outboxStart == outbox.count {
            outbox.removeAll(keepingCapacity: true)
            outboxStart = 0
        }
    }

    /// The line of the predict-only record a prediction answers (replies come in record order).
    mutating func nextPredictOnlyLine() -> Int? {
        guard predictOnlyHead < predictOnly.count else { return nil }
        let line = predictOnly[predictOnlyHead]
        predictOnlyHead += 1
        compactPredictOnly()
        return line
    }

    /// A rejection of `line`: when it was a predict-only record, no prediction will come for it.
    mutating func predictOnlyAnswered(_ line: Int) {
        if predictOnlyHead < predictOnly.count && predictOnly[predictOnlyHead] == line {
            predictOnlyHead += 1
            compactPredictOnly()
        }
    }

    private mutating func compactPredictOnly() {
        guard predictOnlyHead >= 4096 && predictOnlyHead * 2 >= predictOnly.count else { return }
        predictOnly.removeFirst(predictOnlyHead)
        predictOnlyHead = 0
    }

    private static func isRecord(_ outcome: LineOutcome) -> Bool {
        switch outcome {
        case .record, .rejected: return true
        case .skipped, .header: return false
        }
    }
}

/// `IO.readSome` into an array, keeping the typed error.
func readSome(_ fd: FileDescriptor, into buffer: inout [UInt8]) throws(PosixError) -> IOResult {
    var failure: PosixError?
    let result = buffer.withUnsafeMutableBytes { raw -> IOResult in
        do throws(PosixError) { return try IO.readSome(fd, into: raw) } catch { failure = error; return .wouldBlock }
    }
    if let failure { throw failure }
    return result
}
