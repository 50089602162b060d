import Config
import LearnCore
import Posix
import Protocol
import SystemPackage
import Wire

extension Server {
    func acceptControl() {
        guard let running else { return }
        while let fd = acceptNext(running.listeners.control, .control, running) {
            io.controlConnectionsTotal += 1
            let id = nextConnectionID
            nextConnectionID += 1
            let connection = ControlConnection(id: id, fd: fd)
            if let refusal = refusal(for: fd) {
                io.controlRefused += 1
                log.event(.peerRefused, .warning, "Refused control connection: \(refusal)", ["REFUSAL": refusal])
                connection.respond(slot: connection.reserve(), ControlResponse.failure(refusal).json)
                connection.flush()
                close(fd)
                continue
            }
            control[id] = connection
        }
    }

    /// Why this peer may not use the control socket, or nil (root, learnd's uid, control.allow_uids).
    private func refusal(for fd: FileDescriptor) -> String? {
        let peer: PeerCredentials
        do { peer = try UnixSocket.peerCredentials(fd) } catch { return "cannot read peer credentials: \(error)" }
        let allowed: Set<UInt32> = Set([0, ProcessInfo.userID()] + options.config.control.allowUIDs)
        guard !allowed.contains(peer.uid) else { return nil }
        return "permission denied: uid \(peer.uid) (pid \(peer.pid)) is not root, learnd's uid or in control.allow_uids"
    }

    func handleControlInput(_ c: ControlConnection) {
        for line in c.readRequests(into: &readBuffer) {
            let slot = c.reserve()
            ControlHandler.handle(line, self) { [weak c] in c?.respond(slot: slot, $0.json) }
        }
    }
}

extension Server: ControlTarget {
    func configResponse() -> ControlResponse {
        .config(text: options.config.effectiveText(), ingestSocket: options.paths.ingestSocket,
                controlSocket: options.paths.controlSocket, stateDirectory: options.paths.stateDirectory)
    }

    func predict(_ x: [Float], _ respond: @escaping (ControlResponse) -> Void) {
        queue.send(.predict(x) { result in
            switch result {
            case .failure(let error): respond(.failure("\(error)"))
            case .success(.label(let name, let confidence)): respond(.label(name, confidence: Double(confidence)))
            case .success(.values(let values)): respond(.values(values.map(Double.init)))
            }
        })
    }

    func checkpoint(_ respond: @escaping (ControlResponse) -> Void) {
        requestCheckpoint(reason: "requested") { result in
            switch result {
            case .failure(let refusal): respond(.failure(refusal.description))
            case .success(let o): respond(.checkpointWritten(path: o.path ?? "", bytes: o.bytes, milliseconds: o.milliseconds))
            }
        }
    }

    func reload(reason: String) -> ControlResponse {
        switch applyReload(reason: reason) {
        case .applied(let changed): return .reloaded(changed: changed)
        case .refused(let why): return .failure(why)
        }
    }

    func restore(path: String, adopt: Bool, _ respond: @escaping (ControlResponse) -> Void) {
        restoreOnRequest(path: path, adopt: adopt) { result in
            switch result {
            case .success(let learned): respond(.restored(path: path, learned: learned))
            case .failure(let refusal): respond(.failure(refusal.description))
            }
        }
    }

    func weights(_ respond: @escaping (ControlResponse) -> Void) {
        queue.send(.readWeights { result in
            switch result {
            case .failure(let error): respond(.failure("\(error)"))
            case .success(let (weights, info)): respond(.weights(weights, info))
            }
        })
    }

    func setWeights(_ weights: ModelWeights, _ respond: @escaping (ControlResponse) -> Void) {
        queue.send(.loadWeights(weights) { [log] result in
            switch result {
            case .failure(let error):
                log.warning("Refused set_weights: \(error)")
                respond(.failure("\(error)"))
            case .success(let loaded):
                log.event(.weightsLoaded, .notice, "Loaded weights on request: \(loaded.changed) parameters changed, "
                          + "\(loaded.info.learned) records learned",
                          ["WEIGHTS_CHANGED": "\(loaded.changed)", "RECORDS_LEARNED": "\(loaded.info.learned)"])
                respond(.weightsLoaded(changed: loaded.changed, loaded.info))
            }
        })
    }

    func fault(stall: Bool?, slowMilliseconds: Int?) -> ControlResponse? {
        guard options.faultsEnabled else { return nil }
        if let stall {
            queue.stalled = stall
            log.warning("Test fault: learner \(stall ? "stalled" : "resumed")")
        }
        if let ms = slowMilliseconds {
            queue.send(.slow(milliseconds: ms))
            log.warning("Test fault: learner slowed by \(ms) ms a record")
        }
        return .done
    }
}
