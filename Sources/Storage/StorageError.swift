import SystemPackage

/// A file operation that failed: which step, on which path, and why, in systemd's words:
/// `Failed to fsync '/var/lib/learnd/.learnd-20260101T000000Z-000007.ckpt.tmp': No space left on device`.
public struct StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The step that failed, as the verb of the message.
    public enum Step: String, Sendable {
        case create = "create"
        case write = "write"
        case fsync = "fsync"
        case close = "close"
        case rename = "rename"
        case fsyncDirectory = "fsync directory"
        case open = "open"
        case read = "read"
        case list = "list directory"
        case remove = "remove"
        case createDirectory = "create directory"
        case checkWritable = "write to directory"
    }

    public var step: Step
    public var path: FilePath
    /// The new name, for `rename`.
    public var destination: FilePath?
    /// The system error, when there is one.
    public var errno: Errno?
    /// What went wrong: the system error's text, or a sentence of ours (e.g. a size cap).
    public var reason: String

    public init(_ step: Step, _ path: FilePath, destination: FilePath? = nil, errno: Errno) {
        self.step = step
        self.path = path
        self.destination = destination
        self.errno = errno
        reason = errno.description
    }

    public init(_ step: Step, _ path: FilePath, reason: String) {
        self.step = step
        self.path = path
        self.reason = reason
    }

    public var description: String {
        "Failed to \(step.rawValue) '\(path)'" + (destination.map { " to '\($0)'" } ?? "") + ": \(reason)"
    }
}
