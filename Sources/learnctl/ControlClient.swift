import ArgumentParser
import Posix
import Protocol
import Storage
import Wire

/// One connection to learnd's control socket: a JSON request line out, a JSON response line in.
final class ControlClient {
    let path: String
    private let fd: FileDescriptor
    private var framer = LineFramer(maxLineBytes: 64 << 20)
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)

    /// Connects, or throws a `LearnctlError` that says what to do.
    init(path: String) throws {
        self.path = path
        do {
            fd = try UnixSocket.connect(path: path)
        } catch {
            throw Self.explain(error, path: path)
        }
    }

    deinit { try? fd.close() }

    /// The message for a failed connect: nobody listening, no permission, or the error as is.
    static func explain(_ error: PosixError, path: String) -> LearnctlError {
        switch error.errno {
        case .noSuchFileOrDirectory, .connectionRefused, .notDirectory:
            return LearnctlError("no learnd listening on \(path): start it with `learnd serve` or "
                + "`systemctl start learnd.socket`, or pass --socket")
        case .permissionDenied, .notPermitted:
            return permissionError(path, detail: error.errno.description)
        default:
            return LearnctlError("\(error)")
        }
    }

    static func permissionError(_ path: String, detail: String) -> LearnctlError {
        LearnctlError("learnd refused access to \(path) (\(detail)): run as root, as learnd's user, "
            + "or add your uid to control.allow_uids")
    }

    /// Sends `request` and returns the response object, whether `ok` or not.
    func send(_ request: ControlRequest, timeoutSeconds: Int = 30) throws -> JSON {
        try write(Array((request.json.serialized() + "\n").utf8))
        let line = try readLine(timeoutSeconds: timeoutSeconds)
        guard let response = try? JSON.parse(line), case .object = response else {
            throw LearnctlError("\(path): not a learnd control socket (unexpected reply: \(String(decoding: line.prefix(80), as: UTF8.self)))")
        }
        if response["ok"]?.boolValue == false, let error = response["error"]?.stringValue,
           error.hasPrefix("permission denied") {
            throw Self.permissionError(path, detail: error)
        }
        return response
    }

    /// Sends `request` and returns the response when `ok` is true; else throws its `error`.
    func request(_ request: ControlRequest, timeoutSeconds: Int = 30) throws -> JSON {
        let response = try send(request, timeoutSeconds: timeoutSeconds)
        guard response["ok"]?.boolValue == true else {
            throw LearnctlError(response["error"]?.stringValue ?? "learnd answered \(response.serialized())")
        }
        return response
    }

    /// Prints the response to `request` as learnd wrote it (`--json`); exit 1 when not `ok`.
    func printRawResponse(_ request: ControlRequest, timeoutSeconds: Int = 30) throws {
        let (text, ok) = try rawResponse(request, timeoutSeconds: timeoutSeconds)
        print(text)
        if !ok { throw ExitCode.failure }
    }

    /// The raw text of the response to `request`, and whether it is `ok`.
    func rawResponse(_ request: ControlRequest, timeoutSeconds: Int = 30) throws -> (String, Bool) {
        try write(Array((request.json.serialized() + "\n").utf8))
        let line = try readLine(timeoutSeconds: timeoutSeconds)
        guard let response = try? JSON.parse(line), case .object = response else {
            throw LearnctlError("\(path): not a learnd control socket (unexpected reply: \(String(decoding: line.prefix(80), as: UTF8.self)))")
        }
        if response["ok"]?.boolValue != true, let error = response["error"]?.stringValue, error.hasPrefix("permission denied") {
            throw Self.permissionError(path, detail: error)
        }
        return (String(decoding: line, as: UTF8.self), response["ok"]?.boolValue == true)
    }

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            do {
                let n = try IO.writeSome(fd, Array(bytes[offset...])) ?? 0
                offset += n
            } catch {
                if error.isPeerGone { return }  // a refusal closes at once: its reply is still readable
                throw LearnctlError("\(error)")
            }
        }
    }

    private func readLine(timeoutSeconds: Int) throws -> [UInt8] {
        var poll = PollSet()
        poll.add(fd, events: .readable)
        let deadline = MonotonicClock.microseconds() + UInt64(timeoutSeconds) * 1_000_000
        while true {
            if let line = framer.nextLine() { return try complete(line) }
            let now = MonotonicClock.microseconds()
            guard now < deadline else {
                throw LearnctlError("learnd did not answer on \(path) within \(timeoutSeconds) s")
            }
            let ready: Int
            do { ready = try poll.wait(timeoutMilliseconds: Int32(min(1000, (deadline - now) / 1000 + 1))) } catch {
                throw LearnctlError("\(error)")
            }
            guard ready > 0 else { continue }
            let result: IOResult
            do {
                result = try buffer.withUnsafeMutableBytes { (b) throws(PosixError) -> IOResult in try IO.readSome(fd, into: b) }
            } catch {
                throw LearnctlError("lost the connection to learnd on \(path): \(error)")
            }
            switch result {
            case .wouldBlock: continue
            case .bytes(let n): buffer.withUnsafeBytes { framer.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            case .eof:
                if let line = framer.finish() { return try complete(line) }
                throw LearnctlError("learnd closed the connection on \(path) without answering")
            }
        }
    }

    private func complete(_ line: FramedLine) throws -> [UInt8] {
        guard case .line(let bytes) = line else { throw LearnctlError("learnd's reply is longer than 64 MiB") }
        return Array(bytes)
    }
}
