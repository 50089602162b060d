import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking Unix-socket client for tests (stream and datagram), over Glibc directly so the
/// tests exercise learnd's sockets from the outside.
final class SocketClient: @unchecked Sendable {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(connectingTo path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSocketError.failed("socket", errno) }
        var address = Self.address(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else { let e = errno; close(fd); throw TestSocketError.failed("connect \(path)", e) }
    }

    deinit { close(fd) }

    static func address(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 { if errno == EINTR { continue }; throw TestSocketError.failed("send", errno) }
            offset += n
        }
    }

    /// Closes the writing half (the daemon sees end of input).
    func finishSending() { shutdown(fd, Int32(SHUT_WR)) }

    /// The next line (without "\n"), or nil at end of stream or after `timeout` seconds.
    func readLine(timeout: Double = 10) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<nl], as: UTF8.self)
                buffer.removeSubrange(...nl)
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, Int32(remaining * 1000)) > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            buffer += chunk[0..<n]
        }
    }

    /// Sends one request line and returns the parsed JSON response.
    func request(_ json: String, timeout: Double = 10) throws -> [String: Any] {
        try send(json + "\n")
        guard let line = readLine(timeout: timeout) else { throw TestSocketError.noResponse(json) }
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw TestSocketError.noResponse(line)
        }
        return object
    }
}

/// A datagram socket standing in for systemd's NOTIFY_SOCKET. Like systemd, it reads every datagram as it
/// arrives (a background thread keeps them for `receive`): a Unix datagram socket holds only
/// net.unix.max_dgram_qlen (10) unread datagrams, and learnd's sd_notify blocks when they are not read (with a
/// STATUS= every 2 s, any test that ran over ~20 s without reading hung the daemon's I/O thread).
final class NotifyListener {
    let path: String
    let fd: Int32
    private let inbox = Inbox()

    /// What the reader thread shares with `receive`; the thread holds it, not the listener.
    private final class Inbox: @unchecked Sendable {
        let condition = NSCondition()
        var queued: [String] = []
        var stopped = false
        var finished = false
    }

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = SocketClient.address(path)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else { throw TestSocketError.failed("bind \(path)", errno) }
        let box = inbox, socketFD = fd
        Thread.detachNewThread { Self.read(socketFD, into: box) }
    }

    deinit {
        inbox.condition.lock()
        inbox.stopped = true
        while !inbox.finished { inbox.condition.wait() }
        inbox.condition.unlock()
        close(fd)
        unlink(path)
    }

    /// Reads datagrams into `inbox` until it is stopped (checked every 50 ms).
    private static func read(_ fd: Int32, into inbox: Inbox) {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            inbox.condition.lock()
            if inbox.stopped {
                inbox.finished = true
                inbox.condition.broadcast()
                inbox.condition.unlock()
                return
            }
            inbox.condition.unlock()
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) > 0 else { continue }
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { continue }
            inbox.condition.lock()
            inbox.queued.append(String(decoding: chunk[0..<n], as: UTF8.self))
            inbox.condition.broadcast()
            inbox.condition.unlock()
        }
    }

    /// Datagrams received (and not yet taken) within `timeout` seconds, until `until` matches one (inclusive).
    func receive(timeout: Double, until: ((String) -> Bool)? = nil) -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var messages: [String] = []
        inbox.condition.lock()
        defer { inbox.condition.unlock() }
        while true {
            while !inbox.queued.isEmpty {
                let message = inbox.queued.removeFirst()
                messages.append(message)
                if let until, until(message) { return messages }
            }
            guard inbox.condition.wait(until: deadline) else { return messages }
        }
    }
}

enum TestSocketError: Error, CustomStringConvertible {
    case failed(String, Int32)
    case noResponse(String)
    var description: String {
        switch self {
        case .failed(let what, let e): "\(what): \(String(cString: strerror(e)))"
        case .noResponse(let request): "no response to \(request)"
        }
    }
}

/// A value shared between test threads.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T { lock.lock(); defer { lock.unlock() }; return stored }
    func update(_ body: (inout T) -> Void) { lock.lock(); body(&stored); lock.unlock() }
}
