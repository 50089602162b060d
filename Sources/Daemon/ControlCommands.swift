import Config
import LearnCore
import Posix
import SystemPackage
import Wire

extension Server {
    func acceptControl() {
        guard let listener = controlListener else { return }
        while let fd = try? UnixSocket.accept(listener) {
            io.controlConnectionsTotal += 1
            let id = nextConnectionID
            nextConnectionID += 1
            let connection = ControlConnection(id: id, fd: fd)
            if let refusal = refusal(for: fd) {
                io.controlRefused += 1
                log.event(.peerRefused, .warning, "Refused control connection: \(refusal)", ["REFUSAL": refusal])
                connection.respond(slot: connection.reserve(), .object([("ok", false), ("error", .string(refusal))]))
                connection.flush()
                try? fd.close()
                continue
            }
            control[id] = connection
        }
    }

    /// Why this peer may not use the control socket, or nil (root, learnd's uid, control.allow_uids).
    private func refusal(for fd: FileDescriptor) -> String? {
        guard let peer = try? UnixSocket.peerCredentials(fd) else { return "cannot read peer credentials" }
        let allowed: Set<UInt32> = Set([0, ProcessInfo.userID()] + options.config.control.allowUIDs)
        guard !allowed.contains(peer.uid) else { return nil }
        return "permission denied: uid \(peer.uid) (pid \(peer.pid)) is not root, learnd's uid or in control.allow_uids"
    }

    func handleControlInput(_ c: ControlConnection) {
        for line in c.readRequests(into: &readBuffer) {
            let slot = c.reserve()
            switch line {
            case .tooLong: c.respond(slot: slot, failure("request longer than 1 MiB"))
            case .line(let bytes): handleRequest(bytes, respond: { [weak c] in c?.respond(slot: slot, $0) })
            }
        }
    }

    func failure(_ message: String) -> JSON { .object([("ok", false), ("error", .string(message))]) }

    private func handleRequest(_ bytes: ArraySlice<UInt8>, respond: @escaping (JSON) -> Void) {
        guard let request = try? JSON.parse(bytes), case .object = request else {
            return respond(failure("expected a JSON object like {\"cmd\": \"status\"}"))
        }
        guard let command = request["cmd"]?.stringValue else { return respond(failure("missing \"cmd\"")) }
        switch command {
        case "status": respond(statusJSON())
        case "config": respond(configJSON())
        case "predict": predict(request, respond)
        case "checkpoint": checkpoint(reason: "requested", respond)
        case "restore": restore(request, respond)
        case "reload": respond(reload(reason: "control request"))
        case "metrics": respond(metricsJSON(request))
        case "fault" where options.faultsEnabled:
            if let stall = request["stall"]?.boolValue {
                queue.stalled = stall
                log.warning("Test fault: learner \(stall ? "stalled" : "resumed")")
            }
            if let ms = request["slow_ms"]?.intValue {
                queue.send(.slow(milliseconds: max(0, ms)))
                log.warning("Test fault: learner slowed by \(ms) ms a record")
            }
            respond(.object([("ok", true)]))
        default:
            respond(failure("unknown command \"\(command)\" "
                            + "(status, predict, checkpoint, restore, reload, config, metrics)"))
        }
    }

    private func predict(_ request: JSON, _ respond: @escaping (JSON) -> Void) {
        guard let items = request["x"]?.arrayValue else { return respond(failure("predict needs \"x\": [numbers]")) }
        let x = items.compactMap { $0.doubleValue.map(Float.init) }
        guard x.count == items.count, x.allSatisfy(\.isFinite) else { return respond(failure("\"x\" must hold finite numbers")) }
        queue.send(.predict(x) { [unowned self] result in
            switch result {
            case .failure(let error): respond(self.failure("\(error)"))
            case .success(.label(let name, let confidence)):
                respond(.object([("ok", true), ("prediction", name.map { .string($0) } ?? .null),
                                 ("confidence", .number(Double(confidence)))]))
            case .success(.values(let values)):
                respond(.object([("ok", true), ("prediction", .array(values.map { .number(Double($0)) }))]))
            }
        })
    }

    private func configJSON() -> JSON {
        .object([("ok", true), ("config", .string(options.config.effectiveText())),
                 ("ingest_socket", .string(options.paths.ingestSocket)),
                 ("control_socket", .string(options.paths.controlSocket)),
                 ("state_directory", .string(options.paths.stateDirectory))])
    }
}
