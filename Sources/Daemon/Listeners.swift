import Posix
import SystemPackage

/// The listening sockets, owned by the running state (`Server.Phase.running`): closing them is
/// the step into draining. Socket-activated descriptors (named `ingest`/`control`/`metrics`) are
/// taken as they are; the others are created here and their socket files removed on close.
struct Listeners {
    let ingest: FileDescriptor
    let control: FileDescriptor
    /// The opt-in HTTP `GET /metrics` listener: none unless `metrics.socket` is set or systemd
    /// passed a descriptor named `metrics`.
    let metrics: MetricsListener?
    /// Socket files this process created (and so removes).
    let ownedPaths: [String]

    /// Lifecycle step 2: socket-activated descriptors or our own sockets.
    static func open(activated: [(name: String, fd: Int32)], options: ServeOptions, log: Log) throws(DaemonError) -> Listeners {
        var ingest: FileDescriptor?, control: FileDescriptor?, metrics: MetricsListener?, owned: [String] = []
        for (name, raw) in activated {
            let fd = FileDescriptor(rawValue: raw)
            guard UnixSocket.isListeningUnixSocket(fd) else {
                throw .startup("Socket-activated descriptor \(raw) (\(name)) is not a listening Unix stream socket")
            }
            guard UnixSocket.setNonBlocking(fd) else {
                throw .startup("Failed to make socket-activated descriptor \(raw) (\(name)) non-blocking")
            }
            switch name {
            case "ingest": ingest = fd
            case "control": control = fd
            case "metrics": metrics = MetricsListener(fd: fd, ownedPath: nil)
            default:
                log.warning("Ignoring socket-activated descriptor \(raw) named \"\(name)\" (expected ingest, control or metrics)")
            }
        }
        let c = options.config, paths = options.paths
        do {
            if ingest == nil {
                ingest = try UnixSocket.listen(path: paths.ingestSocket, mode: 0o660, createParent: true)
                owned.append(paths.ingestSocket)
            }
            if control == nil {
                control = try UnixSocket.listen(path: paths.controlSocket, mode: c.control.mode, createParent: true)
                owned.append(paths.controlSocket)
                if let group = c.control.group {
                    guard let gid = UnixSocket.groupID(named: group) else {
                        throw DaemonError.startup("control.group: no group named \"\(group)\"")
                    }
                    try UnixSocket.chown(path: paths.controlSocket, uid: nil, gid: gid)
                }
            }
            if metrics == nil, let path = paths.metricsSocket {
                do {
                    metrics = MetricsListener(fd: try UnixSocket.listen(path: path, mode: 0o660, createParent: true),
                                              ownedPath: path)
                } catch {
                    throw DaemonError.startup("metrics.socket: \(error)")
                }
            }
            return Listeners(ingest: ingest!, control: control!, metrics: metrics, ownedPaths: owned)
        } catch {
            metrics?.close()
            Self.close([ingest, control].compactMap { $0 }, owned)
            throw error as? DaemonError ?? .startup("\(error)")
        }
    }

    /// Closes the listeners (and open scrapes) and removes the socket files this process created.
    func close() {
        metrics?.close()
        Self.close([ingest, control], ownedPaths)
    }

    private static func close(_ fds: [FileDescriptor], _ paths: [String]) {
        // close(2) on a listener fails only for a bad descriptor: nothing to report or retry.
        for fd in fds { try? fd.close() }
        for path in paths { UnixSocket.unlink(path) }
    }
}
