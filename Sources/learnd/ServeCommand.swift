import ArgumentParser
import Config
import Daemon
import Posix
import StreamRunner

/// `learnd serve` (the default): the daemon.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the daemon: learn from records written to the ingest socket (default).",
        discussion: """
            Producers write CSV or JSON lines to the ingest socket and get a reply line for each \
            predict-only or rejected record. The control socket answers `learnctl`. learnd restores \
            the newest valid checkpoint in the state directory at start, writes checkpoints \
            periodically and on SIGTERM, reloads live-tunable keys on SIGHUP, and talks to systemd \
            (READY, STATUS, WATCHDOG) when run as a service.

            Paths: config --config, else /etc/learnd/learnd.toml, else built-in defaults; state \
            --state-dir, $STATE_DIRECTORY, /var/lib/learnd (root), ~/.local/state/learnd; sockets \
            ingest.socket/control.socket, $RUNTIME_DIRECTORY, /run/learnd (root), $XDG_RUNTIME_DIR/learnd.
            """
    )

    @OptionGroup var configOptions: ConfigOptions

    @Option(help: ArgumentHelp("Directory for checkpoints.", valueName: "DIR"))
    var stateDir: String?

    @Flag(help: "Ignore existing checkpoints and start from the seed.")
    var fresh = false

    func run() throws {
        let environment = ProcessEnvironment.current()
        let log = Log(environment: environment)
        let (config, text) = try configOptions.loadWithText()
        let paths = RuntimePaths(config: config, stateDirectoryOption: stateDir, environment: environment, uid: ProcessInfo.userID())
        let options = ServeOptions(config: config, configText: text, paths: paths, fresh: fresh, environment: environment,
                                   reload: { [configOptions] in try configOptions.loadForReload() })
        do {
            let status = try Server.run(options: options, log: log)
            throw ExitCode(status)
        } catch let error as DaemonError {
            log.error("learnd: \(error)")
            throw ExitCode.failure
        }
    }
}
