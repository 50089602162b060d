/// The checkpoints of one state directory: durable saves with rising sequence numbers, rotation to the newest
/// `keep`, and restore from the newest file that reads back, setting invalid newer ones aside as `*.broken`.
/// Format-agnostic: the caller encodes and decodes.
public struct CheckpointStore: Sendable {
    /// One checkpoint file.
    public struct Entry: Equatable, Sendable {
        public var name: CheckpointName
        public var path: FilePath
    }

    public let directory: FilePath
    /// Checkpoints kept after a save (≥ 1).
    public let keep: Int
    /// Largest file read when loading, in bytes.
    public var maxFileBytes = 1 << 30

    public init(directory: FilePath, keep: Int) {
        precondition(keep >= 1, "keep at least the checkpoint just written")
        self.directory = directory
        self.keep = keep
    }

    public init(directory: String, keep: Int) { self.init(directory: FilePath(directory), keep: keep) }

    /// Writes `bytes` as the next checkpoint, then removes the oldest beyond `keep` and stale temporary files.
    ///
    /// - Parameters:
    ///   - unixSeconds: the time for the name (UTC), from the caller's clock.
    ///   - onIgnoredError: told of each failure to remove an old or temporary file; the save still succeeds
    ///     (the next save tries again).
    /// - Returns: the new file's path, named `learnd-YYYYMMDDTHHMMSSZ-SEQ.ckpt` with SEQ one more than the
    ///   highest present (`*.broken` included), so numbers keep rising across restarts.
    /// - Throws: ``StorageError`` when the directory cannot be listed or the file cannot be written durably;
    ///   then no older checkpoint has been touched.
    @discardableResult
    public func save(_ bytes: [UInt8], now unixSeconds: Int64,
                     onIgnoredError: (StorageError) -> Void = { _ in }) throws(StorageError) -> FilePath {
        let names = try names()
        let highest = names.compactMap { sequence(ofAnyCheckpoint: $0) }.max() ?? 0
        let name = CheckpointName(unixSeconds: unixSeconds, sequence: highest + 1)
        let path = directory.appending(name.description)
        try DurableFile.write(bytes, to: path)
        for stale in names where CheckpointName.isStaleTemporary(stale) {
            do { try DurableFile.remove(directory.appending(stale)) } catch { onIgnoredError(error) }
        }
        for old in (try? list())?.dropFirst(keep) ?? [] where old.path != path {
            do { try DurableFile.remove(old.path) } catch { onIgnoredError(error) }
        }
        return path
    }

    /// The checkpoints present, newest (highest SEQ) first; temporary and `*.broken` files are not listed.
    public func list() throws(StorageError) -> [Entry] {
        try names()
            .compactMap { name in
                CheckpointName(parsing: name).map { Entry(name: $0, path: directory.appending(name)) }
            }
            .sorted { $0.name.sequence > $1.name.sequence }
    }

    /// The newest checkpoint that `decode` accepts, with its value; nil when there is none.
    ///
    /// Each newer file that cannot be read or decoded is renamed `NAME.broken` (so it is never tried again,
    /// and stays for a person to look at) and reported to `onBroken` with the reason, before the next older
    /// one is tried. A failure to rename is added to the reason.
    /// - Throws: ``StorageError`` only when the directory cannot be listed.
    public func loadNewestValid<T>(decode: ([UInt8]) throws -> T,
                                   onBroken: (FilePath, String) -> Void = { _, _ in }) throws(StorageError)
        -> (path: FilePath, value: T)? {
        for entry in try list() {
            let reason: String
            do {
                return (entry.path, try decode(try DurableFile.readRegular(entry.path, maxBytes: maxFileBytes)))
            } catch {
                reason = "\(error)"
            }
            let broken = FilePath(entry.path.string + CheckpointName.brokenSuffix)
            do {
                try DurableFile.rename(entry.path, to: broken)
                onBroken(entry.path, reason)
            } catch {
                onBroken(entry.path, reason + " (and it could not be set aside: \(error))")
            }
        }
        return nil
    }

    private func names() throws(StorageError) -> [String] {
        do { return try Syscalls.list(directory) } catch { throw StorageError(.list, directory, errno: error) }
    }

    /// SEQ of a checkpoint name, with or without `.broken`.
    private func sequence(ofAnyCheckpoint name: String) -> Int? {
        let broken = CheckpointName.brokenSuffix
        let base = name.hasSuffix(broken) ? String(name.dropLast(broken.count)) : name
        return CheckpointName(parsing: base)?.sequence
    }
}
