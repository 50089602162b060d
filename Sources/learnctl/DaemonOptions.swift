#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Config
import Posix
import Storage

/// `--socket` and `--config`, shared by the commands that talk to a running learnd.
struct DaemonOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "learnd's control socket (default: where learnd puts it; learnctl --help).",
        valueName: "PATH"))
    var socket: String?

    @Option(help: ArgumentHelp(
        "learnd's configuration (default: /etc/learnd/learnd.toml, if there).",
        valueName: "FILE"))
    var config: String?

    @Option(help: ArgumentHelp(
        "A learnd@NAME instance: its socket /run/learnd/NAME/control.sock and its configuration /etc/learnd/NAME.toml.",
        valueName: "NAME"))
    var instance: String?

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "An override as given to learnd (control.socket, ingest.socket).",
        valueName: "SECTION.KEY=VALUE"))
    var overrides: [String] = []

    static let systemConfigPath = "/etc/learnd/learnd.toml"
    static let systemControlSocket = "/run/learnd/control.sock"

    /// The control socket path: `--socket`, else learnd's rules (README, "Where things live": the
    /// `control.socket` key, `$RUNTIME_DIRECTORY`, `/run/learnd` for root, `$XDG_RUNTIME_DIR/learnd`).
    /// When that finds no socket and a system daemon's socket exists, that one is taken.
    func controlSocketPath() throws -> String {
        if let socket { return socket }
        if let name = try instanceName() {
            // As learnd@NAME.service runs: RUNTIME_DIRECTORY=/run/learnd/NAME (a control.socket key still wins).
            return RuntimePaths(config: try loadConfig(), environment: ["RUNTIME_DIRECTORY": "/run/learnd/\(name)"], uid: 0)
                .controlSocket
        }
        let paths = RuntimePaths(config: try loadConfig(), environment: ProcessEnvironment.current(), uid: getuid())
        if !Environment.exists(paths.controlSocket) && Environment.exists(Self.systemControlSocket) {
            return Self.systemControlSocket
        }
        return paths.controlSocket
    }

    /// The configuration learnd would read; a file given with --config must load, the system
    /// one is taken only when it loads (learnctl only needs its socket keys).
    func loadConfig() throws -> LearndConfig {
        let instancePath = try instanceName().map { "/etc/learnd/\($0).toml" }
        let path = config ?? instancePath ?? Self.systemConfigPath
        var text: String?
        if config != nil || Environment.exists(path) {
            do {
                text = String(decoding: try DurableFile.read(FilePath(path), maxBytes: 1 << 20), as: UTF8.self)
            } catch {
                if config != nil { throw LearnctlError("\(error)") }
            }
        }
        do {
            return try LearndConfig.load(tomlText: text, overrides: overrides)
        } catch {
            if config != nil || !overrides.isEmpty { throw LearnctlError("\(config.map { "\($0): " } ?? "")\(error)") }
            return (try? LearndConfig.load(tomlText: nil)) ?? LearndConfig()
        }
    }

    /// `--instance`, checked: a systemd instance name that is one path component.
    private func instanceName() throws -> String? {
        guard let instance else { return nil }
        guard !instance.isEmpty, instance != ".", instance != "..", !instance.contains("/"),
              instance.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw LearnctlError("--instance: \"\(instance)\" is not an instance name (printable ASCII, no \"/\" or spaces)")
        }
        return instance
    }

    /// Connects to the daemon's control socket; failures become a clear `LearnctlError`.
    func connect() throws -> ControlClient {
        try ControlClient(path: try controlSocketPath())
    }
}

/// A failure to report as `learnctl: MESSAGE` with exit status 1.
struct LearnctlError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body`, turning a `LearnctlError` into one line on stderr and exit 1.
func reportingFailures(_ body: () throws -> Void) throws {
    do { try body() } catch let error as LearnctlError {
        Stderr.line("learnctl: \(error.description)")
        throw ExitCode.failure
    }
}

/// A few file-system facts, without Foundation (the environment is `Posix.ProcessEnvironment`).
enum Environment {
    /// Whether something is at `path` (`lstat(2)`).
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// `path` made absolute against the current directory (for paths the daemon opens itself).
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var rest = Substring(path)
        while rest.hasPrefix("./") { rest = rest.dropFirst(2) }
        return (cwd == "/" ? "" : cwd) + "/" + rest
    }
}
