#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@_exported import SystemPackage

/// Whole files written so that a crash at any instant leaves either the old file or the new one, never a
/// mix (redis `rdbSave`'s recipe): write a temporary file in the same directory, fsync it, rename it over
/// the target, fsync the directory. Nothing is deleted before the rename. Each failure names its step.
public enum DurableFile {
    /// The temporary name `write` uses for `path`: `.NAME.PID.tmp` beside it (hidden, ends in `.tmp`).
    public static func temporaryPath(for path: FilePath) -> FilePath {
        let name = path.lastComponent?.string ?? "file"
        return directory(of: path).appending(".\(name).\(getpid()).tmp")
    }

    /// The directory holding `path` ("." for a bare name).
    public static func directory(of path: FilePath) -> FilePath {
        let dir = path.removingLastComponent()
        return dir.isEmpty ? "." : dir
    }

    /// Replaces `path` with `bytes` durably: once this returns, the new content survives a crash or power cut.
    ///
    /// - Throws: ``StorageError`` naming the step (create, write, fsync, close, rename, fsync directory) and
    ///   the path. On failure before the rename the temporary file is removed and `path` is untouched; a
    ///   failure to fsync the directory comes after the rename (the new file is in place, maybe not durable).
    public static func write(_ bytes: [UInt8], to path: FilePath,
                             permissions: FilePermissions = [.ownerReadWrite, .groupRead]) throws(StorageError) {
        let temporary = temporaryPath(for: path)
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(temporary, .writeOnly, options: [.create, .truncate, .closeOnExec],
                                         permissions: permissions, retryOnInterrupt: true)
        } catch { throw StorageError(.create, temporary, errno: errno(error)) }
        do throws(StorageError) {
            do { _ = try fd.writeAll(bytes) } catch { throw StorageError(.write, temporary, errno: errno(error)) }
            do { try Syscalls.fsync(fd) } catch { throw StorageError(.fsync, temporary, errno: error) }
        } catch {
            try? fd.close()
            try? Syscalls.unlink(temporary)
            throw error
        }
        do { try fd.close() } catch {
            try? Syscalls.unlink(temporary)
            throw StorageError(.close, temporary, errno: errno(error))
        }
        do { try Syscalls.rename(temporary, path) } catch {
            try? Syscalls.unlink(temporary)
            throw StorageError(.rename, temporary, destination: path, errno: error)
        }
        try syncDirectory(of: path)
    }

    /// Renames `from` to `to` and fsyncs the directory of `to`.
    public static func rename(_ from: FilePath, to: FilePath) throws(StorageError) {
        do { try Syscalls.rename(from, to) } catch { throw StorageError(.rename, from, destination: to, errno: error) }
        try syncDirectory(of: to)
    }

    /// Removes `path` (unlink) and fsyncs its directory.
    public static func remove(_ path: FilePath) throws(StorageError) {
        do { try Syscalls.unlink(path) } catch { throw StorageError(.remove, path, errno: error) }
        try syncDirectory(of: path)
    }

    /// fsync(2) of the directory holding `path`, so that a rename or removal in it is durable.
    public static func syncDirectory(of path: FilePath) throws(StorageError) {
        let dir = directory(of: path)
        do {
            let fd = try FileDescriptor.open(dir, .readOnly, options: [.directory, .closeOnExec],
                                             retryOnInterrupt: true)
            defer { try? fd.close() }
            try Syscalls.fsync(fd)
        } catch { throw StorageError(.fsyncDirectory, dir, errno: errno(error)) }
    }

    /// The whole file; larger than `maxBytes` is an error (nothing beyond `maxBytes + 1` bytes is held).
    public static func read(_ path: FilePath, maxBytes: Int) throws(StorageError) -> [UInt8] {
        var bytes: [UInt8] = []
        try forEachChunk(of: path) { chunk throws(StorageError) in
            bytes += chunk
            if bytes.count > maxBytes {
                throw StorageError(.read, path, reason: "larger than the limit of \(maxBytes) bytes")
            }
        }
        return bytes
    }

    /// The whole of a regular file of at most `maxBytes` bytes: what restoring a checkpoint reads.
    ///
    /// Opened with `O_NONBLOCK | O_CLOEXEC` (so a FIFO nobody writes cannot block the open), then checked with
    /// fstat before any byte is read: a FIFO, socket, device or directory is refused, and so is a file whose size
    /// is already above `maxBytes` (a sparse 2 GB file costs no read). At most `maxBytes + 1` bytes are read, in
    /// case the file grows meanwhile. Every refusal is one ``StorageError`` line naming the path and why.
    public static func readRegular(_ path: FilePath, maxBytes: Int) throws(StorageError) -> [UInt8] {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, .readOnly, options: [.nonBlocking, .closeOnExec], retryOnInterrupt: true)
        } catch { throw StorageError(.open, path, errno: errno(error)) }
        defer { try? fd.close() }
        let info: Syscalls.FileInfo
        do { info = try Syscalls.fileInfo(fd) } catch { throw StorageError(.read, path, errno: error) }
        guard info.kind == .regular else { throw StorageError(.read, path, reason: "not a regular file (\(info.kind.rawValue))") }
        guard info.size <= maxBytes else {
            throw StorageError(.read, path, reason: "\(info.size) bytes, larger than the limit of \(maxBytes) bytes")
        }
        var bytes = [UInt8](repeating: 0, count: info.size + 1)
        var filled = 0
        while filled < bytes.count {
            let n: Int
            do {
                n = try bytes.withUnsafeMutableBytes { all in
                    try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: all[filled...]), retryOnInterrupt: true)
                }
            } catch { throw StorageError(.read, path, errno: errno(error)) }
            if n == 0 { break }
            filled += n
        }
        guard filled <= maxBytes else {
            throw StorageError(.read, path, reason: "larger than the limit of \(maxBytes) bytes")
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    /// Reads `path` (standard input when nil) in chunks of up to `chunkBytes` bytes, in order.
    public static func forEachChunk(of path: FilePath?, chunkBytes: Int = 1 << 16,
                                    _ body: (ArraySlice<UInt8>) throws(StorageError) -> Void) throws(StorageError) {
        let name = path ?? "-"
        let fd: FileDescriptor
        if let path {
            do {
                fd = try FileDescriptor.open(path, .readOnly, options: [.closeOnExec], retryOnInterrupt: true)
            } catch {
                throw StorageError(.open, path, errno: errno(error))
            }
        } else {
            fd = .standardInput
        }
        defer { if path != nil { try? fd.close() } }
        var chunk = [UInt8](repeating: 0, count: max(1, chunkBytes))
        while true {
            let n: Int
            do { n = try chunk.withUnsafeMutableBytes { try fd.read(into: $0, retryOnInterrupt: true) } } catch {
                throw StorageError(.read, name, errno: errno(error))
            }
            if n == 0 { return }
            try body(chunk[0..<n])
        }
    }

    /// The `Errno` a swift-system call threw (it throws nothing else).
    static func errno(_ error: any Error) -> Errno { error as? Errno ?? .ioError }
}
