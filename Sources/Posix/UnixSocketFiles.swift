import CLinuxShims
import Glibc
import SystemPackage

/// The file side of Unix sockets: path checks, stale sockets, ownership, groups.
extension UnixSocket {
    /// Removes the socket file at `path` (`unlink(2)`) if there is one; anything else there is
    /// left alone. For a daemon cleaning up the sockets it created.
    public static func unlink(_ path: String) {
        guard fileType(path) == S_IFSOCK else { return }
        _ = Glibc.unlink(path)
    }

    /// Changes the owner and/or group of `path` (`chown(2)`); nil leaves that one as it is.
    public static func chown(path: String, uid: UInt32?, gid: UInt32?) throws(PosixError) {
        let unchanged = UInt32.max  // (uid_t)-1
        _ = try systemCall("change owner of", path: path) { Glibc.chown(path, uid ?? unchanged, gid ?? unchanged) }
    }

    /// The id of the group called `name` (`getgrnam_r(3)`), or nil if there is none.
    public static func groupID(named name: String) -> UInt32? {
        var size = 1024
        while size <= 1 << 20 {
            var group = group()
            var found: UnsafeMutablePointer<group>? = nil
            let status = withUnsafeTemporaryAllocation(of: CChar.self, capacity: size) { buffer in
                getgrnam_r(name, &group, buffer.baseAddress, size, &found)
            }
            if status == ERANGE { size *= 4; continue }
            return status == 0 && found != nil ? group.gr_gid : nil
        }
        return nil
    }

    /// Throws a clear error when `path` is empty or does not fit `sun_path`.
    static func checkPathLength(_ path: String, operation: String) throws(PosixError) {
        let length = path.utf8.count
        if length == 0 {
            throw PosixError(operation: operation, path: path, errno: .invalidArgument,
                             reason: "a Unix socket needs a non-empty path")
        }
        if path.utf8.contains(0) {
            throw PosixError(operation: operation, path: path, errno: .invalidArgument,
                             reason: "the path contains a NUL byte")
        }
        if length > maximumPathBytes {
            throw PosixError(operation: operation, path: path, errno: .fileNameTooLong, reason:
                "the path is \(length) bytes, longer than the \(maximumPathBytes) that fit a Unix socket address "
                + "(sun_path); choose a shorter path")
        }
    }

    /// Binds `fd` to `path` (`bind(2)`); when a socket file is in the way and nobody listens on
    /// it, removes it and binds again.
    static func bindReplacingStale(_ fd: FileDescriptor, path: String) throws(PosixError) {
        do {
            _ = try systemCall("bind", path: path) { path.withCString { clinux_unix_bind(fd.rawValue, $0) } }
        } catch where error.errno == .addressInUse {
            try removeStaleSocket(path)
            _ = try systemCall("bind", path: path) { path.withCString { clinux_unix_bind(fd.rawValue, $0) } }
        }
    }

    /// Removes the file at `path` if it is a socket that no process listens on; throws if it is
    /// something else or still in use.
    private static func removeStaleSocket(_ path: String) throws(PosixError) {
        guard fileType(path) == S_IFSOCK else {
            throw PosixError(operation: "bind", path: path, errno: .fileExists,
                             reason: "a file that is not a socket is in the way; move it or choose another path")
        }
        if isSomeoneListening(path) {
            throw PosixError(operation: "bind", path: path, errno: .addressInUse,
                             reason: "another process is listening on this socket; stop it or choose another path")
        }
        do {
            _ = try systemCall("remove stale socket", path: path) { Glibc.unlink(path) }
        } catch where error.errno == .noSuchFileOrDirectory {
            return  // removed meanwhile by someone else
        }
    }

    /// Whether a connection to `path` is accepted or queued. Probes with a non-blocking socket,
    /// so a listener with a full backlog (EAGAIN) counts as listening instead of blocking us.
    private static func isSomeoneListening(_ path: String) -> Bool {
        let probe = clinux_unix_stream_socket(1)
        guard probe >= 0 else { return true }  // cannot tell: do not remove anything
        defer { _ = Glibc.close(probe) }
        if path.withCString({ clinux_unix_connect(probe, $0) }) == 0 { return true }
        let error = currentErrno()
        return error != .connectionRefused && error != .noSuchFileOrDirectory
    }

    /// Creates the missing directories above `path` (`mkdir(2)`, mode 0o755), like `mkdir -p`.
    static func createParentDirectories(of path: String) throws(PosixError) {
        var prefix = ""
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for (index, component) in components.enumerated() {
            prefix += index == 0 ? String(component) : "/" + component
            guard !prefix.isEmpty, !component.isEmpty, fileType(prefix) == nil else { continue }
            do {
                _ = try systemCall("create directory", path: prefix) { mkdir(prefix, 0o755) }
            } catch where error.errno == .fileExists {
                continue  // created meanwhile by someone else
            }
        }
    }

    /// The file type bits (`S_IFSOCK`, `S_IFDIR`, ...) of `path` without following a final
    /// symbolic link (`lstat(2)`), or nil if nothing is there.
    static func fileType(_ path: String) -> mode_t? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return status.st_mode & S_IFMT
    }
}
