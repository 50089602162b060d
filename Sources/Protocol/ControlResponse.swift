import LearnCore
import Wire

/// One response line on the control socket (docs/control-protocol.md): always a JSON object
/// with `"ok"`; a failure carries `"error"` (one line saying what to fix). `json` encodes it
/// (learnd), `init(json:)` decodes it (learnctl).
public enum ControlResponse: Equatable, Sendable {
    case failure(String)
    /// Done, nothing to report (`fault`).
    case done
    /// The `status` report (docs/status-keys.md).
    case status(StatusReport)
    /// The effective configuration (TOML) and the paths learnd uses.
    case config(text: String, ingestSocket: String, controlSocket: String, stateDirectory: String)
    /// A class prediction (`label` nil before any class was learned) with its probability.
    case label(String?, confidence: Double)
    /// Regression outputs.
    case values([Double])
    /// A checkpoint written on request: its path, size in bytes, and write time in milliseconds.
    case checkpointWritten(path: String, bytes: Int, milliseconds: Double)
    /// A checkpoint restored: its path and how many records it had learned.
    case restored(path: String, learned: Int)
    /// A configuration reload: the live keys that changed, in table order.
    case reloaded(changed: [String])
    /// The model (`weights`), what it has learned, and how long the learner was held, in ms.
    case weights(ModelWeights, WeightsInfo)
    /// Weights loaded (`set_weights`): parameters changed, and the learner's figures after it.
    case weightsLoaded(changed: Int, WeightsInfo)
    /// The `metrics` text exposition in `format`.
    case metrics(MetricsFormat, text: String)

    public var json: JSON {
        var pairs: [(String, JSON)] = [("ok", .bool(!isFailure))]
        switch self {
        case .failure(let message): pairs.append(("error", .string(message)))
        case .done: break
        case .status(let report):
            guard case .object(let members) = report.json else { break }
            pairs += members.filter { $0.0 != "ok" }
        case .config(let text, let ingest, let control, let state):
            pairs += [("config", .string(text)), ("ingest_socket", .string(ingest)),
                      ("control_socket", .string(control)), ("state_directory", .string(state))]
        case .label(let name, let confidence):
            pairs += [("prediction", name.map { .string($0) } ?? .null), ("confidence", .number(confidence))]
        case .values(let values): pairs.append(("prediction", .array(values.map { .number($0) })))
        case .checkpointWritten(let path, let bytes, let ms):
            pairs += [("path", .string(path)), ("bytes", .number(Double(bytes))), ("milliseconds", .number(ms))]
        case .restored(let path, let learned): pairs += [("path", .string(path)), ("learned", .number(Double(learned)))]
        case .reloaded(let changed): pairs.append(("changed", .array(changed.map { .string($0) })))
        case .weights(let w, let info): pairs += info.pairs + ModelWeightsJSON.encode(w)
        case .weightsLoaded(let changed, let info): pairs += [("changed", .number(Double(changed)))] + info.pairs
        case .metrics(let format, let text): pairs += [("format", .string(format.rawValue)), ("text", .string(text))]
        }
        return .object(pairs)
    }

    public var isFailure: Bool { if case .failure = self { true } else { false } }

    /// Decodes the response to a request of `command`; a reply that is not what that command
    /// answers becomes a failure saying so (never a trap).
    public init(json reply: JSON, to command: ControlCommand) {
        guard case .object = reply, let ok = reply["ok"]?.boolValue else {
            self = .failure("learnd sent a response without \"ok\": \(reply.serialized())")
            return
        }
        guard ok else {
            self = .failure(reply["error"]?.stringValue ?? "learnd refused without saying why: \(reply.serialized())")
            return
        }
        let decoded: ControlResponse?
        switch command {
        case .status:
            do { decoded = .status(try StatusReport(json: reply)) } catch {
                self = .failure("learnd's status reply: \(error)")
                return
            }
        case .fault: decoded = .done
        case .config:
            decoded = reply["config"]?.stringValue.map {
                .config(text: $0, ingestSocket: reply["ingest_socket"]?.stringValue ?? "",
                        controlSocket: reply["control_socket"]?.stringValue ?? "",
                        stateDirectory: reply["state_directory"]?.stringValue ?? "")
            }
        case .predict:
            if let values = reply["prediction"]?.arrayValue {
                let numbers = values.compactMap(\.doubleValue)
                decoded = numbers.count == values.count ? .values(numbers) : nil
            } else {
                decoded = reply["confidence"]?.doubleValue.map { .label(reply["prediction"]?.stringValue, confidence: $0) }
            }
        case .checkpoint:
            decoded = reply["path"]?.stringValue.map {
                .checkpointWritten(path: $0, bytes: Self.count(reply["bytes"]), milliseconds: reply["milliseconds"]?.doubleValue ?? 0)
            }
        case .restore: decoded = reply["path"]?.stringValue.map { .restored(path: $0, learned: Self.count(reply["learned"])) }
        case .reload: decoded = reply["changed"]?.arrayValue.map { .reloaded(changed: $0.compactMap(\.stringValue)) }
        case .weights:
            decoded = (try? ModelWeightsJSON.decode(reply)).flatMap { w in WeightsInfo(json: reply).map { .weights(w, $0) } }
        case .setWeights:
            decoded = WeightsInfo(json: reply).map { .weightsLoaded(changed: Self.count(reply["changed"]), $0) }
        case .metrics:
            let format = reply["format"]?.stringValue.flatMap(MetricsFormat.init(rawValue:))
            decoded = format.flatMap { f in reply["text"]?.stringValue.map { .metrics(f, text: $0) } }
        }
        self = decoded ?? .failure("learnd's reply to \(command.rawValue) lacks its fields: \(reply.serialized())")
    }

    /// A count from a reply; 0 when absent or not a count (a huge or negative number never traps).
    static func count(_ value: JSON?) -> Int { value?.intValue.map { max(0, $0) } ?? 0 }
}

/// What `weights` and `set_weights` report beside the arrays: the task, the class of each output
/// slot, records learned, sparsity of the weights in use, and the milliseconds the learner
/// thread spent on the request (the ingest stall it caused).
public struct WeightsInfo: Equatable, Sendable {
    public var task: String
    public var classes: [String]
    public var learned: Int
    public var sparsity: Double
    public var milliseconds: Double

    public init(task: String, classes: [String], learned: Int, sparsity: Double, milliseconds: Double) {
        self.task = task
        self.classes = classes
        self.learned = learned
        self.sparsity = sparsity
        self.milliseconds = milliseconds
    }

    init?(json: JSON) {
        guard let task = json["task"]?.stringValue, let classes = json["classes"]?.arrayValue else { return nil }
        self.init(task: task, classes: classes.compactMap(\.stringValue), learned: ControlResponse.count(json["learned"]),
                  sparsity: json["sparsity"]?.doubleValue ?? 0, milliseconds: json["milliseconds"]?.doubleValue ?? 0)
    }

    var pairs: [(String, JSON)] {
        [("task", .string(task)), ("classes", .array(classes.map { .string($0) })), ("learned", .number(Double(learned))),
         ("sparsity", .number(sparsity)), ("milliseconds", .number(milliseconds))]
    }
}
