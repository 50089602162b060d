#if canImport(Glibc)
import Glibc
#endif

/// One line per event on stderr. Under journald (`JOURNAL_STREAM` set) each line carries the
/// `<N>` priority prefix of sd-daemon(3), so the journal keeps the level.
public struct Log: Sendable {
    public enum Level: Int, Sendable { case error = 3, warning = 4, notice = 5, info = 6, debug = 7 }

    private let prefixed: Bool

    public init(environment: [String: String]) {
        prefixed = environment["JOURNAL_STREAM"].map { !$0.isEmpty } ?? false
    }

    public func callAsFunction(_ level: Level, _ message: String) {
        let line = (prefixed ? "<\(level.rawValue)>" : "") + message.replacingNewlines() + "\n"
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 { if errno == EINTR { continue } else { return } }
            offset += n
        }
        bytes.removeAll()
    }

    public func error(_ m: String) { self(.error, m) }
    public func warning(_ m: String) { self(.warning, m) }
    public func notice(_ m: String) { self(.notice, m) }
    public func info(_ m: String) { self(.info, m) }
}

extension String {
    /// Keeps one event on one line.
    fileprivate func replacingNewlines() -> String {
        contains("\n") ? split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " | ") : self
    }
}
