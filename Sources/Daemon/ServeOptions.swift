import Config

/// Everything `learnd serve` starts from, resolved by the executable.
public struct ServeOptions: Sendable {
    public var config: LearndConfig
    public var configText: String
    public var paths: RuntimePaths
    /// Ignore existing checkpoints and start from the seed.
    public var fresh = false
    /// Reloads the configuration for SIGHUP (re-reads the file and the same --set overrides).
    public var reload: @Sendable () throws -> (LearndConfig, String)
    public var environment: [String: String]
    /// Test-only fault switches (LEARND_TEST_FAULTS=1) are accepted on the control socket.
    public var faultsEnabled: Bool

    public init(config: LearndConfig, configText: String, paths: RuntimePaths, fresh: Bool,
                environment: [String: String], reload: @escaping @Sendable () throws -> (LearndConfig, String)) {
        self.config = config
        self.configText = configText
        self.paths = paths
        self.fresh = fresh
        self.environment = environment
        self.reload = reload
        faultsEnabled = environment["LEARND_TEST_FAULTS"] == "1"
    }
}
