import ArgumentParser
import Config

/// `learnd config`: print the configuration learnd would run with, or the documented default file.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective configuration, or the documented default file (--default).",
        discussion: """
            Without --default, loads the configuration exactly as `learnd serve` would (--config, \
            else /etc/learnd/learnd.toml if it exists, else built-in defaults, then --set overrides), \
            checks it, and prints every key with its value; a bad key or value is an error (exit 1).

            With --default, prints the documented default file: every key with its built-in \
            default and one line of explanation. Tools/install installs it as \
            /etc/learnd/learnd.toml (Units/learnd.toml is the same text).

            Examples:
              learnd config --default > learnd.toml
              learnd config --config /etc/learnd/learnd.toml --set train.learning_rate=0.05
            """
    )

    @Flag(help: "Print the documented default configuration file instead.")
    var `default` = false

    @OptionGroup var configOptions: ConfigOptions

    func validate() throws {
        if `default`, configOptions.config != nil || !configOptions.overrides.isEmpty {
            throw ValidationError("--default prints the built-in defaults; it takes no --config or --set.")
        }
    }

    func run() throws {
        let text = `default` ? LearndConfig.defaultConfigText() : try configOptions.loadWithText().1
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }
}
