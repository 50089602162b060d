import CSystemd
import Glibc

/// A syslog priority, as the journal's `PRIORITY=` field holds it (sd-journal(3), syslog(3)).
public enum JournalPriority: Int32, Sendable {
    case emergency = 0, alert, critical, error, warning, notice, info, debug
}

/// One structured journal entry: `MESSAGE`, `MESSAGE_ID`, `PRIORITY` and the caller's own fields.
public struct JournalEntry: Equatable, Sendable {
    public struct Field: Equatable, Sendable {
        public let name: String
        public let value: String
        /// - Precondition: `name` is a valid journal field name (`isValidFieldName`): a bug otherwise.
        public init(_ name: String, _ value: String) {
            precondition(Journal.isValidFieldName(name), "invalid journal field name \(name)")
            self.name = name
            self.value = value
        }
    }

    public let message: String
    /// 128-bit id in 32 lowercase hex digits (`journalctl MESSAGE_ID=...`, catalog entries).
    public let messageID: String
    public let priority: JournalPriority
    public let fields: [Field]

    public init(message: String, messageID: String, priority: JournalPriority, fields: [Field] = []) {
        precondition(messageID.utf8.count == 32 && messageID.utf8.allSatisfy { Journal.isLowerHex($0) },
                     "MESSAGE_ID must be 32 lowercase hex digits")
        self.message = message
        self.messageID = messageID
        self.priority = priority
        self.fields = fields
    }

    /// The `FIELD=value` items as sd_journal_sendv sends them, in order: MESSAGE, MESSAGE_ID, PRIORITY,
    /// SYSLOG_IDENTIFIER, then the caller's fields.
    public func items(identifier: String) -> [String] {
        ["MESSAGE=\(message)", "MESSAGE_ID=\(messageID)", "PRIORITY=\(priority.rawValue)",
         "SYSLOG_IDENTIFIER=\(identifier)"] + fields.map { "\($0.name)=\($0.value)" }
    }
}

/// The one wrapper over libsystemd's journal API (sd-journal(3), sd_journal_sendv).
public enum Journal {
    /// Whether the process's stderr is the journal's stream: `$JOURNAL_STREAM` holds `DEVICE:INODE` and it
    /// equals fd 2's (`fstat(2)`), as systemd.exec(5) says a service should check before it sends structured
    /// entries instead of lines. False when unset, malformed, or stderr was redirected elsewhere.
    public static func stderrIsJournal(journalStream: String?) -> Bool {
        guard let value = journalStream else { return false }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(2, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }

    /// Sends `entry` to journald (`sd_journal_sendv`). Values may hold any bytes, newlines included.
    /// - Returns: nil when sent, else the errno (e.g. no journald socket).
    public static func send(_ entry: JournalEntry, identifier: String) -> Int32? {
        // One buffer holds every item back to back; the iovecs point into it while it is pinned.
        let items = entry.items(identifier: identifier).map { Array($0.utf8) }
        var buffer = items.flatMap { $0 }
        let result: Int32 = buffer.withUnsafeMutableBytes { bytes in
            var offset = 0
            var vectors: [iovec] = items.map { item in
                defer { offset += item.count }
                return iovec(iov_base: bytes.baseAddress! + offset, iov_len: item.count)
            }
            return sd_journal_sendv(&vectors, Int32(vectors.count))
        }
        return result < 0 ? -result : nil
    }

    /// `[A-Z0-9_]+`, not starting with `_` (trusted fields are journald's own), at most 64 bytes.
    public static func isValidFieldName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first != UInt8(ascii: "_"), name.utf8.count <= 64 else { return false }
        return name.utf8.allSatisfy { c in
            (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "_")
        }
    }

    static func isLowerHex(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) }
}
