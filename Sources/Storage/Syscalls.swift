#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemPackage

/// The few calls swift-system 1.8 lacks (fsync, rename, unlink, directory listing, gmtime_r), one Swift function
/// per C function, EINTR retried here, errors as `Errno`.
enum Syscalls {
    /// fsync(2): flushes the file's data and metadata to the device.
    static func fsync(_ fd: FileDescriptor) throws(Errno) {
        while true {
            if system_fsync(fd.rawValue) == 0 { return }
            let error = Errno(rawValue: errno)
            if error != .interrupted { throw error }
        }
    }

    /// rename(2): atomically replaces `to` with `from` (same file system).
    static func rename(_ from: FilePath, _ to: FilePath) throws(Errno) {
        let status = from.withPlatformString { f in to.withPlatformString { t in system_rename(f, t) } }
        if status != 0 { throw Errno(rawValue: errno) }
    }

    /// unlink(2).
    static func unlink(_ path: FilePath) throws(Errno) {
        if path.withPlatformString({ system_unlink($0) }) != 0 { throw Errno(rawValue: errno) }
    }

    /// The names in `directory` (opendir/readdir), without "." and "..".
    static func list(_ directory: FilePath) throws(Errno) -> [String] {
        guard let dir = directory.withPlatformString({ opendir($0) }) else { throw Errno(rawValue: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw Errno(rawValue: errno) }
                return names
            }
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    /// What fstat(2) says of an open file: its type and size in bytes.
    struct FileInfo {
        enum Kind: String { case regular = "regular file", directory, fifo = "FIFO", socket,
                            device = "device", symlink = "symbolic link", unknown = "unknown type" }
        var kind: Kind
        var size: Int
    }

    /// fstat(2) of `fd`.
    static func fileInfo(_ fd: FileDescriptor) throws(Errno) -> FileInfo {
        var st = stat()
        guard fstat(fd.rawValue, &st) == 0 else { throw Errno(rawValue: errno) }
        let kinds: [(mode_t, FileInfo.Kind)] = [(S_IFREG, .regular), (S_IFDIR, .directory), (S_IFIFO, .fifo),
                                                 (S_IFSOCK, .socket), (S_IFCHR, .device), (S_IFBLK, .device),
                                                 (S_IFLNK, .symlink)]
        let kind = kinds.first { st.st_mode & S_IFMT == $0.0 }?.1 ?? .unknown
        return FileInfo(kind: kind, size: Int(clamping: st.st_size))
    }

    /// `YYYYMMDDTHHMMSSZ` for `seconds` since the epoch, in UTC (gmtime_r).
    static func utcStamp(_ seconds: Int64) -> String {
        var t = time_t(clamping: seconds)
        var parts = tm()
        guard gmtime_r(&t, &parts) != nil else { return "00000000T000000Z" }
        func pad(_ v: Int32, _ width: Int) -> String {
            let digits = String(v)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2) + "Z"
    }
}

private func system_fsync(_ fd: Int32) -> Int32 { fsync(fd) }
private func system_rename(_ from: UnsafePointer<CChar>, _ to: UnsafePointer<CChar>) -> Int32 { rename(from, to) }
private func system_unlink(_ path: UnsafePointer<CChar>) -> Int32 { unlink(path) }
