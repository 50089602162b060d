import LearnCore
import Protocol
import Wire
import XCTest
@testable import Daemon

/// Control handling as a function from request line to response, without sockets: each command
/// reaches its method with its fields, and every line gets exactly one response.
final class ControlHandlerTests: XCTestCase {
    final class Recorder: ControlTarget {
        var calls: [String] = []
        var faults = false

        func statusReport() -> StatusReport {
            calls.append("status")
            var report = StatusReport()
            report.version = "t"
            return report
        }
        func configResponse() -> ControlResponse { calls.append("config"); return .config(text: "", ingestSocket: "i", controlSocket: "c", stateDirectory: "s") }
        func predict(_ x: [Float], _ respond: @escaping (ControlResponse) -> Void) { calls.append("predict \(x)"); respond(.values([1])) }
        func checkpoint(_ respond: @escaping (ControlResponse) -> Void) { calls.append("checkpoint"); respond(.failure("later")) }
        func restore(path: String, adopt: Bool, _ respond: @escaping (ControlResponse) -> Void) {
            calls.append("restore \(path) \(adopt)")
            respond(.restored(path: path, learned: 3))
        }
        func reload(reason: String) -> ControlResponse { calls.append("reload \(reason)"); return .reloaded(changed: []) }
        func weights(_ respond: @escaping (ControlResponse) -> Void) { calls.append("weights"); respond(.failure("none")) }
        func setWeights(_ weights: ModelWeights, _ respond: @escaping (ControlResponse) -> Void) {
            calls.append("set_weights \(weights.widths) \(weights.parameters)")
            respond(.weightsLoaded(changed: 2, WeightsInfo(task: "regress", classes: [], learned: 4, sparsity: 0, milliseconds: 0.5)))
        }
        func metricsText(_ format: MetricsFormat) -> String { calls.append("metrics \(format)"); return "m 1\n" }
        func fault(stall: Bool?, slowMilliseconds: Int?) -> ControlResponse? {
            guard faults else { return nil }
            calls.append("fault \(String(describing: stall)) \(String(describing: slowMilliseconds))")
            return .done
        }
    }

    private func handle(_ text: String, _ target: Recorder) -> [String] {
        var responses: [String] = []
        ControlHandler.handle(.line(Array(text.utf8)[...]), target) { responses.append($0.json.serialized()) }
        return responses
    }

    func testEachCommandReachesItsMethod() {
        let target = Recorder()
        let status = handle(#"{"cmd":"status"}"#, target)
        XCTAssertEqual(status.count, 1)
        XCTAssertTrue(status[0].hasPrefix(#"{"ok":true,"version":"t","kernel":"","uptime_seconds":0,"#), status[0])
        XCTAssertEqual(handle(#"{"cmd":"predict","x":[1,2]}"#, target), [#"{"ok":true,"prediction":[1]}"#])
        XCTAssertEqual(handle(#"{"cmd":"restore","path":"/a","adopt":true}"#, target), [#"{"ok":true,"path":"/a","learned":3}"#])
        XCTAssertEqual(handle(#"{"cmd":"reload"}"#, target), [#"{"ok":true,"changed":[]}"#])
        XCTAssertEqual(handle(#"{"cmd":"checkpoint"}"#, target), [#"{"ok":false,"error":"later"}"#])
        XCTAssertEqual(target.calls, ["status", "predict [1.0, 2.0]", "restore /a true", "reload control request", "checkpoint"])
    }

    func testMetricsReachesItsMethodWithItsFormat() {
        let target = Recorder()
        XCTAssertEqual(handle(#"{"cmd":"metrics"}"#, target), [#"{"ok":true,"format":"prometheus","text":"m 1\n"}"#])
        XCTAssertEqual(handle(#"{"cmd":"metrics","format":"openmetrics"}"#, target),
                       [#"{"ok":true,"format":"openmetrics","text":"m 1\n"}"#])
        XCTAssertEqual(handle(#"{"cmd":"metrics","format":"xml"}"#, target),
                       [#"{"ok":false,"error":"unknown metrics format \"xml\" (prometheus, openmetrics)"}"#])
        XCTAssertEqual(target.calls, ["metrics prometheus", "metrics openmetrics"])
    }

    func testWeightsRequestsReachTheirMethodsDecoded() {
        let target = Recorder()
        // widths [1, 1]: one weight 2.0 (AAAAQA== is float32 2.0 little-endian) and one bias 1.0 (AACAPw==).
        let set = #"{"cmd":"set_weights","widths":[1,1],"layers":[{"weight":"AAAAQA==","bias":"AACAPw=="}]}"#
        XCTAssertEqual(handle(set, target), [#"{"ok":true,"changed":2,"task":"regress","classes":[],"learned":4,"sparsity":0,"milliseconds":0.5}"#])
        XCTAssertEqual(handle(#"{"cmd":"weights"}"#, target), [#"{"ok":false,"error":"none"}"#])
        XCTAssertEqual(handle(#"{"cmd":"set_weights","widths":[1,1],"layers":[{"weight":"AAAAQA=="}]}"#, target),
                       [#"{"ok":false,"error":"layer 0 bias must be base64 of 1 little-endian float32 values"}"#])
        XCTAssertEqual(target.calls, ["set_weights [1, 1] [2.0, 1.0]", "weights"])
    }

    func testFaultsOnlyWhenEnabledAndBadLinesAnswered() {
        let target = Recorder()
        XCTAssertEqual(handle(#"{"cmd":"fault","stall":true}"#, target),
                       [#"{"ok":false,"error":"unknown command \"fault\" (status, predict, checkpoint, restore, reload, config, weights, set_weights, metrics)"}"#])
        target.faults = true
        XCTAssertEqual(handle(#"{"cmd":"fault","slow_ms":5}"#, target), [#"{"ok":true}"#])
        XCTAssertEqual(handle("nope", target).count, 1)
        var responses: [ControlResponse] = []
        ControlHandler.handle(.tooLong(byteCount: 2 << 20), target) { responses.append($0) }
        XCTAssertEqual(responses, [.failure("request longer than 1 MiB")])
        XCTAssertEqual(target.calls, ["fault nil Optional(5)"])
    }
}
