/// Errors the daemon reports to a user (log line, control reply or exit message).
public enum DaemonError: Error, CustomStringConvertible, Equatable, Sendable {
    case config(String)
    case startup(String)
    case notReady(String)
    case badRequest(String)
    case checkpoint(String)

    public var description: String {
        switch self {
        case .config(let m), .startup(let m), .notReady(let m), .badRequest(let m), .checkpoint(let m): m
        }
    }
}
