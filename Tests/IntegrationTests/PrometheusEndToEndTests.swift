import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Both scrape paths end to end with Debian's real servers on loopback: learnd learns the digits fixture (and
/// rejects a few lines); `learnctl metrics -o` writes into node_exporter's textfile directory, which Prometheus
/// scrapes every second; Prometheus also scrapes learnd's own `GET /metrics` (`metrics.socket`) through a TCP relay
/// (Prometheus speaks TCP only), asking for OpenMetrics as it does, so its strict OpenMetrics parser reads learnd's
/// text. Its HTTP API must return learnd's counts from both jobs. The servers and the relay run on free 127.0.0.1
/// ports with temporary directories and are stopped by the test.
final class PrometheusEndToEndTests: XCTestCase {
    static let nodeExporter = "/usr/bin/prometheus-node-exporter"
    static let prometheus = "/usr/bin/prometheus"

    func testPrometheusSeesLearndsCountsThroughNodeExporterAndTheHTTPListener() throws {
        let dir = try Harness.tempDir(self)
        let textfiles = dir.appendingPathComponent("textfile")
        try FileManager.default.createDirectory(at: textfiles, withIntermediateDirectories: true)
        let exporterPort = try Self.freeLoopbackPort(), prometheusPort = try Self.freeLoopbackPort()
        let relayPort = try Self.freeLoopbackPort()
        XCTAssertEqual(Set([exporterPort, prometheusPort, relayPort]).count, 3)

        let metricsSocket = dir.appendingPathComponent("metrics.sock").path
        let daemon = try RunningDaemon(self, dir: dir, arguments: ["--set", "model.outputs=10",
                                                                   "--set", "metrics.socket=\"\(metricsSocket)\""])
        _ = try LearnctlLiveTests.learnctl("feed", daemon, [Harness.fixture("digits_ci_train.csv")])
        let bad = dir.appendingPathComponent("bad.csv").path
        try MetricsTests.badLines.write(toFile: bad, atomically: true, encoding: .utf8)
        _ = try LearnctlLiveTests.learnctl("feed", daemon, [bad])
        let sentBad = MetricsTests.badCount.width + MetricsTests.badCount.parse
        let writer = try LearnctlLiveTests.learnctl("metrics", daemon, ["-o", textfiles.appendingPathComponent("learnd.prom").path])
        XCTAssertEqual(writer.status, 0, writer.stderr)

        try start(Self.nodeExporter, ["--collector.disable-defaults", "--collector.textfile",
                                      "--collector.textfile.directory=\(textfiles.path)",
                                      "--web.listen-address=127.0.0.1:\(exporterPort)"], log: dir.appendingPathComponent("node.log"))
        let relay = dir.appendingPathComponent("relay.py")
        try Self.relayScript.write(to: relay, atomically: true, encoding: .utf8)
        try start("/usr/bin/python3", [relay.path, "\(relayPort)", metricsSocket], log: dir.appendingPathComponent("relay.log"))
        let config = dir.appendingPathComponent("prometheus.yml")
        try """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: node
                static_configs:
                  - targets: ["127.0.0.1:\(exporterPort)"]
              - job_name: learnd
                static_configs:
                  - targets: ["127.0.0.1:\(relayPort)"]
            """.write(to: config, atomically: true, encoding: .utf8)
        try start(Self.prometheus, ["--config.file=\(config.path)", "--storage.tsdb.path=\(dir.path)/tsdb",
                                    "--web.listen-address=127.0.0.1:\(prometheusPort)"], log: dir.appendingPathComponent("prometheus.log"))

        let api = "http://127.0.0.1:\(prometheusPort)/api/v1/query"
        for job in ["node", "learnd"] {
            var learned: String?, rejected: String?
            let seen = try RunningDaemon.eventually(timeout: 60) {
                learned = try Self.query(api, #"learnd_records_total{outcome="learned",job="\#(job)"}"#)
                rejected = try Self.query(api, #"learnd_records_total{outcome="rejected",job="\#(job)"}"#)
                return learned == "1437"
            }
            let targets = seen ? "" : (try? Self.targets(prometheusPort)) ?? "?"
            XCTAssertTrue(seen, "job \(job): Prometheus never saw 1437 learned records (last: \(learned ?? "none")); "
                          + "logs in \(dir.path); targets: \(targets)")
            XCTAssertEqual(learned, "1437", job)
            XCTAssertEqual(rejected, "\(sentBad)", job)
            XCTAssertEqual(try Self.query(api, #"learnd_records_rejected_total{kind="width",job="\#(job)"}"#),
                           "\(MetricsTests.badCount.width)", job)
            XCTAssertEqual(try Self.query(api, #"count(learnd_build_info{version="0.1.0",job="\#(job)"})"#), "1", job)
        }
        XCTAssertEqual(try Self.query(api, #"up{job="learnd"}"#), "1")
    }

    /// A loopback TCP listener that relays each connection to a Unix socket (learnd's metrics.sock).
    static let relayScript = """
        import socket, sys, threading
        def pipe(a, b):
            try:
                while (data := a.recv(65536)):
                    b.sendall(data)
            finally:
                try: b.shutdown(socket.SHUT_WR)
                except OSError: pass
        server = socket.create_server(("127.0.0.1", int(sys.argv[1])))
        while True:
            client, _ = server.accept()
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(sys.argv[2])
            threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
            threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()
        """

    /// Prometheus' view of its targets (scrape URL, health, last error), for a failure message.
    static func targets(_ port: UInt16) throws -> String {
        try Harness.runProgram("/usr/bin/curl", ["-sS", "--max-time", "5", "http://127.0.0.1:\(port)/api/v1/targets"]).stdout
    }

    /// Starts a server; the teardown sends SIGTERM, waits up to 10 s, then SIGKILL.
    private func start(_ path: String, _ arguments: [String], log: URL) throws {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            return XCTFail("\(path) missing: run Tools/setup (Debian's prometheus and prometheus-node-exporter)")
        }
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        try process.run()
        addTeardownBlock {
            guard process.isRunning else { return }
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && deadline.timeIntervalSinceNow > 0 { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// The value of an instant query's single sample, or nil while there is none.
    static func query(_ api: String, _ promql: String) throws -> String? {
        let result = try Harness.runProgram("/usr/bin/curl", ["-sS", "--max-time", "5", api, "--data-urlencode", "query=\(promql)"])
        guard result.status == 0, let json = result.json, json["status"] as? String == "success",
              let samples = (json["data"] as? [String: Any])?["result"] as? [[String: Any]], samples.count == 1,
              let value = samples[0]["value"] as? [Any], value.count == 2 else { return nil }
        return value[1] as? String
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then closed).
    static func freeLoopbackPort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSocketError.noResponse("socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestSocketError.noResponse("bind 127.0.0.1:0: errno \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }
}
