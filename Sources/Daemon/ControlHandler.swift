import LearnCore
import Protocol
import Wire

/// What the control protocol needs from the daemon: one method per command. `Server` is the one
/// real conformer; tests use a recording one, so the protocol is tested without sockets.
protocol ControlTarget: AnyObject {
    func statusReport() -> StatusReport
    func configResponse() -> ControlResponse
    func predict(_ x: [Float], _ respond: @escaping (ControlResponse) -> Void)
    func checkpoint(_ respond: @escaping (ControlResponse) -> Void)
    func restore(path: String, adopt: Bool, _ respond: @escaping (ControlResponse) -> Void)
    func reload(reason: String) -> ControlResponse
    func weights(_ respond: @escaping (ControlResponse) -> Void)
    func setWeights(_ weights: ModelWeights, _ respond: @escaping (ControlResponse) -> Void)
    /// learnd's figures as a text exposition in `format` (README, "Metrics").
    func metricsText(_ format: MetricsFormat) -> String
    /// Applies a test fault; nil when faults are not enabled (then `fault` is an unknown command).
    func fault(stall: Bool?, slowMilliseconds: Int?) -> ControlResponse?
}

/// Control handling as a function from a request line to its response (docs/control-protocol.md).
/// `respond` runs exactly once, maybe later and on the I/O thread (predict, checkpoint, restore
/// wait for the learner or the writer; weights and set_weights wait for the learner).
enum ControlHandler {
    /// The longest request line, in bytes.
    static let maxRequestBytes = 1 << 20

    static func handle(_ line: FramedLine, _ target: ControlTarget, respond: @escaping (ControlResponse) -> Void) {
        guard case .line(let bytes) = line else { return respond(.failure("request longer than 1 MiB")) }
        let request: ControlRequest
        do { request = try ControlRequest(decoding: bytes) } catch { return respond(.failure(error.description)) }
        switch request {
        case .status: respond(.status(target.statusReport()))
        case .config: respond(target.configResponse())
        case .predict(let x): target.predict(x, respond)
        case .checkpoint: target.checkpoint(respond)
        case .restore(let path, let adopt): target.restore(path: path, adopt: adopt, respond)
        case .reload: respond(target.reload(reason: "control request"))
        case .weights: target.weights(respond)
        case .setWeights(let w): target.setWeights(w, respond)
        case .metrics(let format): respond(.metrics(format, text: target.metricsText(format)))
        case .fault(let stall, let slow):
            guard let response = target.fault(stall: stall, slowMilliseconds: slow) else {
                let known = ControlCommand.documented.map(\.rawValue).joined(separator: ", ")
                return respond(.failure("unknown command \"\(ControlCommand.fault.rawValue)\" (\(known))"))
            }
            respond(response)
        }
    }
}
