import CLinuxShims
import Glibc
import SystemPackage

/// Who is at the other end of a Unix socket, as the kernel saw it at `connect(2)` (SO_PEERCRED).
public struct PeerCredentials: Equatable, Sendable {
    public let pid: Int32
    public let uid: UInt32
    public let gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }
}

/// Unix-domain stream sockets (AF_UNIX, SOCK_STREAM), always close-on-exec.
///
/// Listeners and accepted connections are non-blocking, for a poll loop; `connect(path:)`
/// gives a blocking client socket, for tools and tests.
public enum UnixSocket {
    /// The longest socket path, in bytes, that fits `sockaddr_un.sun_path` (107 on Linux).
    public static let maximumPathBytes = Int(clinux_unix_path_max())

    /// Creates a listening socket at `path`: `socket(2)`, `bind(2)`, `chmod(2)`, `listen(2)`.
    ///
    /// A socket file left at `path` by a process that is gone is replaced; one that a process
    /// still listens on, or a file that is not a socket, is refused with a clear error and left
    /// alone. The mode is applied before `listen(2)`, so no peer connects while it is wider.
    ///
    /// - Parameters:
    ///   - backlog: pending connections the kernel queues before refusing more.
    ///   - mode: permission bits for the socket file (0o600: owner only), or nil for the umask's.
    ///   - createParent: create missing parent directories (mode 0o755) first.
    /// - Returns: the listener, non-blocking and close-on-exec. The caller owns it.
    public static func listen(
        path: String, backlog: Int32 = 128, mode: UInt32? = nil, createParent: Bool = false
    ) throws(PosixError) -> FileDescriptor {
        try checkPathLength(path, operation: "bind")
        if createParent { try createParentDirectories(of: path) }
        let fd = FileDescriptor(rawValue: try systemCall("create socket for", path: path) {
            clinux_unix_stream_socket(1)
        })
        var bound = false
        do {
            try bindReplacingStale(fd, path: path)
            bound = true
            if let mode {
                _ = try systemCall("set mode of", path: path) { chmod(path, mode_t(mode)) }
            }
            _ = try systemCall("listen on", path: path) { Glibc.listen(fd.rawValue, backlog) }
            return fd
        } catch {
            if bound { _ = Glibc.unlink(path) }
            try? fd.close()
            throw error
        }
    }

    /// Connects a blocking client socket to the listener at `path` (`connect(2)`).
    public static func connect(path: String) throws(PosixError) -> FileDescriptor {
        try checkPathLength(path, operation: "connect to")
        let fd = FileDescriptor(rawValue: try systemCall("create socket for", path: path) {
            clinux_unix_stream_socket(0)
        })
        do {
            _ = try systemCall("connect to", path: path, retryOnInterrupt: false) {
                path.withCString { clinux_unix_connect(fd.rawValue, $0) }
            }
            return fd
        } catch {
            try? fd.close()
            throw error
        }
    }

    /// Accepts one pending connection (`accept4(2)` with SOCK_NONBLOCK | SOCK_CLOEXEC).
    ///
    /// - Returns: the connection (non-blocking, close-on-exec; the caller owns it), or nil when
    ///   none is pending. A connection that was aborted while queued is skipped.
    public static func accept(_ listener: FileDescriptor) throws(PosixError) -> FileDescriptor? {
        while true {
            do {
                let raw = try systemCall("accept connection") { clinux_accept4_nonblock_cloexec(listener.rawValue) }
                return FileDescriptor(rawValue: raw)
            } catch where error.isWouldBlock {
                return nil
            } catch where error.errno == .connectionAbort {
                continue
            }
        }
    }

    /// The peer's pid, uid and gid (`getsockopt(2)` SO_PEERCRED), fixed when it connected.
    public static func peerCredentials(_ fd: FileDescriptor) throws(PosixError) -> PeerCredentials {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
        _ = try systemCall("read peer credentials") { clinux_peer_credentials(fd.rawValue, &pid, &uid, &gid) }
        return PeerCredentials(pid: pid, uid: uid, gid: gid)
    }

    /// Whether `fd` is a listening AF_UNIX SOCK_STREAM socket (`getsockopt(2)` SO_DOMAIN,
    /// SO_TYPE, SO_ACCEPTCONN): what a socket-activated descriptor must be.
    public static func isListeningUnixSocket(_ fd: FileDescriptor) -> Bool {
        integerOption(fd, SO_DOMAIN) == AF_UNIX
            && integerOption(fd, SO_TYPE) == Int32(SOCK_STREAM.rawValue)
            && integerOption(fd, SO_ACCEPTCONN) == 1
    }

    /// Sets O_NONBLOCK on `fd` (`fcntl(2)` F_GETFL, F_SETFL); false if it could not.
    @discardableResult
    public static func setNonBlocking(_ fd: FileDescriptor) -> Bool {
        guard let flags = try? systemCall("get flags of descriptor", { fcntl(fd.rawValue, F_GETFL) }) else {
            return false
        }
        if flags & O_NONBLOCK != 0 { return true }
        return (try? systemCall("set flags of descriptor", { fcntl(fd.rawValue, F_SETFL, flags | O_NONBLOCK) })) != nil
    }

    /// One integer socket option at SOL_SOCKET (`getsockopt(2)`), or nil if it cannot be read.
    private static func integerOption(_ fd: FileDescriptor, _ name: Int32) -> Int32? {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd.rawValue, SOL_SOCKET, name, &value, &length) == 0 else { return nil }
        return value
    }
}
