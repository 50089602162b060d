import Protocol
import Wire
import XCTest

/// The control protocol round-trips: what learnctl encodes learnd decodes to the same request,
/// what learnd encodes learnctl decodes to the same response; bad requests get the documented
/// one-line errors.
final class ControlProtocolTests: XCTestCase {
    static let requests: [ControlRequest] = [
        .status, .config, .checkpoint, .reload, .predict([0.5, -2, 1e-3]), .restore(path: "/var/lib/learnd/a.ckpt", adopt: false),
        .restore(path: "/tmp/b c.ckpt", adopt: true), .fault(stall: true, slowMilliseconds: nil), .fault(stall: nil, slowMilliseconds: 7),
    ]

    func testRequestsRoundTrip() throws {
        for request in Self.requests {
            let line = Array(request.json.serialized().utf8)
            XCTAssertEqual(try ControlRequest(decoding: line[...]), request)
        }
        XCTAssertEqual(ControlRequest.status.json.serialized(), #"{"cmd":"status"}"#)
        XCTAssertEqual(ControlRequest.restore(path: "/x", adopt: false).json.serialized(), #"{"cmd":"restore","path":"/x"}"#)
    }

    func testBadRequestsSayWhatIsWrong() {
        let cases: [(String, String)] = [
            ("[1]", #"expected a JSON object like {"cmd": "status"}"#),
            ("{", #"expected a JSON object like {"cmd": "status"}"#),
            (#"{"x": 1}"#, #"missing "cmd""#),
            (#"{"cmd": "stats"}"#, #"unknown command "stats" (status, predict, checkpoint, restore, reload, config)"#),
            (#"{"cmd": "predict"}"#, #"predict needs "x": [numbers]"#),
            (#"{"cmd": "predict", "x": [1, "a"]}"#, #""x" must hold finite numbers"#),
            (#"{"cmd": "predict", "x": [1e300]}"#, #""x" must hold finite numbers"#),
            (#"{"cmd": "restore"}"#, #"restore needs "path""#),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try ControlRequest(decoding: Array(text.utf8)[...]), text) { error in
                XCTAssertEqual((error as? ControlRequestError)?.description, message, text)
            }
        }
    }

    func testResponsesRoundTrip() {
        let responses: [(ControlResponse, ControlCommand)] = [
            (.failure("refused /x: not a checkpoint"), .restore), (.done, .fault),
            (.config(text: "[model]\n", ingestSocket: "/run/i", controlSocket: "/run/c", stateDirectory: "/var"), .config),
            (.label("cat", confidence: 0.93), .predict), (.label(nil, confidence: 0), .predict), (.values([1.5, -2]), .predict),
            (.checkpointWritten(path: "/var/a.ckpt", bytes: 1234, milliseconds: 2.5), .checkpoint),
            (.restored(path: "/var/a.ckpt", learned: 99), .restore), (.reloaded(changed: ["train.learning_rate"]), .reload),
        ]
        for (response, command) in responses {
            let text = response.json.serialized()
            XCTAssertEqual(ControlResponse(json: try! JSON.parse(Array(text.utf8)[...]), to: command), response, text)
        }
        XCTAssertEqual(ControlResponse.failure("no").json.serialized(), #"{"ok":false,"error":"no"}"#)
    }

    func testOddRepliesBecomeFailuresNotTraps() {
        XCTAssertTrue(ControlResponse(json: .array([]), to: .status).isFailure)
        XCTAssertTrue(ControlResponse(json: .object([("ok", true)]), to: .restore).isFailure)
        XCTAssertEqual(ControlResponse(json: .object([("ok", true), ("path", .string("p")), ("learned", .number(1e300))]), to: .restore),
                       .restored(path: "p", learned: 0))
    }
}
