import ArgumentParser
import Config
import StreamRunner
import Wire

/// `--config` and `--set`, shared by the subcommands.
struct ConfigOptions: ParsableArguments {
    @Option(help: ArgumentHelp("TOML configuration file (default: /etc/learnd/learnd.toml if it exists, else built-in defaults).",
                               valueName: "FILE"))
    var config: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override one key, the value in TOML syntax (repeatable): --set model.hidden=[128,64].",
                                                         valueName: "SECTION.KEY=VALUE"))
    var overrides: [String] = []

    static let systemConfigPath = "/etc/learnd/learnd.toml"

    /// The loaded configuration; a problem is printed as one line and exits 1.
    func load() throws -> LearndConfig { try loadWithText().0 }

    /// The configuration and its effective text (saved in checkpoints).
    func loadWithText() throws -> (LearndConfig, String) {
        do {
            let config = try loadForReload().0
            return (config, config.effectiveText())
        } catch let error as ConfigError {
            Stderr.line("learnd: \(config.map { "\($0): " } ?? "")\(error)")
            throw ExitCode.failure
        } catch {
            Stderr.line("learnd: \(error)")
            throw ExitCode.failure
        }
    }

    /// Reads the file and applies the overrides again (SIGHUP); throws `ConfigError`.
    func loadForReload() throws -> (LearndConfig, String) {
        let path = config ?? Self.systemConfigPath
        let text = try TextFile.readIfPresent(path)
        if text == nil, config != nil { throw ConfigError("config file '\(path)' does not exist") }
        let loaded = try LearndConfig.load(tomlText: text, overrides: overrides)
        return (loaded, loaded.effectiveText())
    }

    func streamSettings() throws -> StreamSettings {
        StreamSettings(config: try load())
    }
}
