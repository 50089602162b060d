/// Where learnd keeps its state and sockets (README, "Running as a service", "Where things live"), computed
/// from the environment and uid passed in, so `learnd` and `learnctl` agree and tests need no
/// real environment.
public struct RuntimePaths: Equatable, Sendable {
    public var stateDirectory: String
    public var ingestSocket: String
    public var controlSocket: String
    /// The HTTP `GET /metrics` socket, when `metrics.socket` is set (off by default).
    public var metricsSocket: String?

    /// - Parameters:
    ///   - stateDirectoryOption: `--state-dir`, which wins over everything.
    ///   - environment: the process environment (`STATE_DIRECTORY`, `RUNTIME_DIRECTORY`,
    ///     `XDG_STATE_HOME`, `XDG_RUNTIME_DIR`, `HOME`).
    public init(config: LearndConfig, stateDirectoryOption: String? = nil, environment: [String: String], uid: UInt32) {
        stateDirectory = stateDirectoryOption
            ?? Self.firstOf(environment["STATE_DIRECTORY"])
            ?? (uid == 0 ? "/var/lib/learnd" : nil)
            ?? environment["XDG_STATE_HOME"].flatMap(Self.nonEmpty).map { $0 + "/learnd" }
            ?? ((environment["HOME"].flatMap(Self.nonEmpty) ?? "/tmp") + "/.local/state/learnd")
        let runtime = Self.runtimeDirectory(environment: environment, uid: uid)
        ingestSocket = config.ingest.socket ?? runtime + "/ingest.sock"
        controlSocket = config.control.socket ?? runtime + "/control.sock"
        metricsSocket = config.metrics.socket
    }

    /// `$RUNTIME_DIRECTORY`; `/run/learnd` for root; else `$XDG_RUNTIME_DIR/learnd`
    /// (falling back to `/tmp/learnd-UID` when no runtime directory is set).
    public static func runtimeDirectory(environment: [String: String], uid: UInt32) -> String {
        firstOf(environment["RUNTIME_DIRECTORY"])
            ?? (uid == 0 ? "/run/learnd" : nil)
            ?? environment["XDG_RUNTIME_DIR"].flatMap(nonEmpty).map { $0 + "/learnd" }
            ?? "/tmp/learnd-\(uid)"
    }

    /// systemd passes several directories separated by ":"; learnd uses the first.
    private static func firstOf(_ value: String?) -> String? {
        value.flatMap { $0.split(separator: ":").first.map(String.init) }.flatMap(nonEmpty)
    }

    private static func nonEmpty(_ s: String) -> String? { s.isEmpty ? nil : s }
}
