import LearnCore
import Wire

/// The commands of the control socket (docs/control-protocol.md); the raw value is the `"cmd"`
/// a client sends. The only place that spells them.
public enum ControlCommand: String, CaseIterable, Sendable {
    case status, config, predict, checkpoint, restore, reload
    /// Live weights (federation): read the model, replace it between two batches.
    case weights, setWeights = "set_weights"
    /// learnd's figures in the Prometheus text format (or OpenMetrics).
    case metrics
    /// Test-only fault injection, answered only when learnd runs with LEARND_TEST_FAULTS=1.
    case fault

    /// The commands a user is told about (`fault` is for tests).
    public static let documented: [ControlCommand] = [.status, .predict, .checkpoint, .restore, .reload, .config,
                                                       .weights, .setWeights, .metrics]
}

/// One request on the control socket: a JSON object with `"cmd"` and the command's fields, one
/// per line. `json` encodes it (learnctl), `init(decoding:)` decodes it (learnd).
public enum ControlRequest: Equatable, Sendable {
    case status
    case config
    /// Predict from raw features (`"x"`: finite numbers).
    case predict([Float])
    case checkpoint
    /// Replace the running state with a checkpoint's (`"path"`); `"adopt": true` takes the
    /// checkpoint's model settings where they differ from the configuration.
    case restore(path: String, adopt: Bool)
    case reload
    /// Read the model: weights, biases, masks, normaliser statistics.
    case weights
    /// Replace the model between two batches (ModelWeightsJSON's fields), all or nothing.
    case setWeights(ModelWeights)
    /// learnd's figures as a Prometheus/OpenMetrics text exposition (`"format"`, default prometheus).
    case metrics(MetricsFormat)
    /// `"stall"`: stop or resume the learner; `"slow_ms"`: milliseconds of delay per record.
    case fault(stall: Bool?, slowMilliseconds: Int?)

    public var command: ControlCommand {
        switch self {
        case .status: .status
        case .config: .config
        case .predict: .predict
        case .checkpoint: .checkpoint
        case .restore: .restore
        case .reload: .reload
        case .weights: .weights
        case .setWeights: .setWeights
        case .metrics: .metrics
        case .fault: .fault
        }
    }

    /// The request as a JSON object.
    public var json: JSON {
        var pairs: [(String, JSON)] = [("cmd", .string(command.rawValue))]
        switch self {
        case .status, .config, .checkpoint, .reload, .weights: break
        case .setWeights(let w): pairs += ModelWeightsJSON.encode(w)
        case .metrics(let format): pairs.append(("format", .string(format.rawValue)))
        case .predict(let x): pairs.append(("x", .array(x.map { .number(Double($0)) })))
        case .restore(let path, let adopt):
            pairs.append(("path", .string(path)))
            if adopt { pairs.append(("adopt", true)) }
        case .fault(let stall, let slow):
            if let stall { pairs.append(("stall", .bool(stall))) }
            if let slow { pairs.append(("slow_ms", .number(Double(slow)))) }
        }
        return .object(pairs)
    }

    /// Decodes one request line (without its newline).
    public init(decoding bytes: ArraySlice<UInt8>) throws(ControlRequestError) {
        guard let value = try? JSON.parse(bytes), case .object = value else {
            throw ControlRequestError("expected a JSON object like {\"cmd\": \"\(ControlCommand.status.rawValue)\"}")
        }
        try self.init(json: value)
    }

    /// Decodes a parsed request object.
    public init(json request: JSON) throws(ControlRequestError) {
        guard let name = request["cmd"]?.stringValue else { throw ControlRequestError("missing \"cmd\"") }
        guard let command = ControlCommand(rawValue: name) else {
            let known = ControlCommand.documented.map(\.rawValue).joined(separator: ", ")
            throw ControlRequestError("unknown command \"\(name)\" (\(known))")
        }
        switch command {
        case .status: self = .status
        case .config: self = .config
        case .checkpoint: self = .checkpoint
        case .reload: self = .reload
        case .weights: self = .weights
        case .setWeights: self = .setWeights(try ModelWeightsJSON.decode(request))
        case .metrics:
            let name = request["format"]?.stringValue ?? MetricsFormat.prometheus.rawValue
            guard let format = MetricsFormat(rawValue: name) else {
                let known = MetricsFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw ControlRequestError("unknown metrics format \"\(name)\" (\(known))")
            }
            self = .metrics(format)
        case .predict:
            guard let items = request["x"]?.arrayValue else { throw ControlRequestError("predict needs \"x\": [numbers]") }
            let x = items.compactMap { $0.doubleValue.map(Float.init) }
            guard x.count == items.count, x.allSatisfy(\.isFinite) else {
                throw ControlRequestError("\"x\" must hold finite numbers")
            }
            self = .predict(x)
        case .restore:
            guard let path = request["path"]?.stringValue else { throw ControlRequestError("restore needs \"path\"") }
            self = .restore(path: path, adopt: request["adopt"]?.boolValue ?? false)
        case .fault:
            self = .fault(stall: request["stall"]?.boolValue,
                          slowMilliseconds: request["slow_ms"]?.intValue.map { max(0, $0) })
        }
    }
}

/// Why a request line could not be decoded; the text goes back as `{"ok": false, "error": ...}`.
public struct ControlRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The text exposition `metrics` answers in: Prometheus' text format 0.0.4, or OpenMetrics 1.0.
public enum MetricsFormat: String, CaseIterable, Sendable {
    case prometheus, openmetrics
}
