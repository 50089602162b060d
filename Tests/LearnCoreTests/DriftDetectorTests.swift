import Foundation
import XCTest
@testable import LearnCore

/// Page-Hinkley and ADWIN against River 0.26.1 (Fixtures/reference/river_drift_streams.txt,
/// written by Tools/reference/river_drift.py): the same detections at the same indices.
final class DriftDetectorTests: XCTestCase {
    struct RiverStream {
        var name: String
        var adwin: [Int] = []
        var pageHinkley: [Int] = []
        var values: [Double] = []
    }

    func riverStreams() throws -> [RiverStream] {
        let text = try String(contentsOf: repoRoot().appendingPathComponent("Fixtures/reference/river_drift_streams.txt"),
                              encoding: .utf8)
        var streams: [RiverStream] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let words = line.split(separator: " ")
            let rest = words.dropFirst()
            switch words.first {
            case "stream": streams.append(RiverStream(name: String(words[1])))
            case "adwin": streams[streams.count - 1].adwin = rest.map { Int($0)! }
            case "page-hinkley": streams[streams.count - 1].pageHinkley = rest.map { Int($0)! }
            case "values": streams[streams.count - 1].values = rest.map { Double($0)! }
            default: XCTFail("unexpected line \(line.prefix(40))")
            }
        }
        return streams
    }

    func detections<D>(_ detector: D, _ values: [Double], update: (inout D, Double) -> Bool) -> [Int] {
        var d = detector
        return values.indices.filter { update(&d, values[$0]) }
    }

    /// River's doc-string stream: River reports ADWIN at 1023 and Page-Hinkley at 1006.
    func testDocStringStreamMatchesRiver() throws {
        let doc = try XCTUnwrap(try riverStreams().first { $0.name == "doc" })
        XCTAssertEqual(doc.values.count, 2000)
        XCTAssertEqual(doc.values.reduce(0, +), 5970, "the stream River's doc-string draws")
        XCTAssertEqual(detections(ADWIN(), doc.values) { $0.update($1) }, [1023])
        XCTAssertEqual(detections(PageHinkley(), doc.values) { $0.update($1) }, [1006])
    }

    func testEveryReferenceStreamMatchesRiver() throws {
        let streams = try riverStreams()
        XCTAssertEqual(streams.map(\.name), ["doc", "bernoulli", "gauss"])
        for s in streams {
            XCTAssertEqual(detections(ADWIN(), s.values) { $0.update($1) }, s.adwin, "ADWIN on \(s.name)")
            XCTAssertEqual(detections(PageHinkley(), s.values) { $0.update($1) }, s.pageHinkley, "Page-Hinkley on \(s.name)")
        }
    }

    func testRiverDefaults() {
        let ph = PageHinkley()
        XCTAssertEqual([Double(ph.minInstances), ph.delta, ph.threshold, ph.alpha], [30, 0.005, 50, 0.9999])
        let adwin = ADWIN()
        XCTAssertEqual(adwin.delta, 0.002)
        XCTAssertEqual([adwin.clock, adwin.maxBuckets, adwin.minWindowLength, adwin.gracePeriod], [32, 5, 5, 10])
    }

    /// No alarm on a stationary 0/1 error stream (rate 0.3): ADWIN over 20,000 values;
    /// Page-Hinkley over 3,000 (its fading sum is a random walk: on long stationary streams it
    /// does raise the odd false alarm, River's as well).
    func testStationaryStreamsRaiseNoAlarm() {
        var r = TestRandom(seed: 11)
        let values = (0..<20_000).map { _ in r.double(0, 1) < 0.3 ? 1.0 : 0.0 }
        XCTAssertEqual(detections(ADWIN(), values) { $0.update($1) }, [])
        XCTAssertEqual(detections(PageHinkley(), Array(values.prefix(3000))) { $0.update($1) }, [])
        XCTAssertEqual(detections(ADWIN(), [Double](repeating: 2, count: 5000)) { $0.update($1) }, [])
    }

    /// ADWIN keeps the window's sum and variance exactly as a plain computation would, and
    /// compresses it into at most `maxBuckets` buckets per level.
    func testADWINWindowStatistics() {
        var a = ADWIN()
        let values: [Double] = (1...300).map { Double($0 % 7) }
        for v in values { XCTAssertFalse(a.update(v)) }
        XCTAssertEqual(a.width, 300)
        XCTAssertEqual(a.total, values.reduce(0, +))
        let mean = values.reduce(0, +) / 300
        XCTAssertEqual(a.variance, values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }, accuracy: 1e-9)
        XCTAssertTrue(a.bucketTotals.allSatisfy { $0.count <= a.maxBuckets })
        let covered = a.bucketTotals.enumerated().reduce(0) { $0 + $1.element.count << $1.offset }
        XCTAssertEqual(covered, 300)
    }

    /// After a detection the next value starts a fresh test (River resets on the next update).
    func testDetectorsRestartAfterADetection() {
        var ph = PageHinkley()
        var fired = -1
        for i in 0..<400 where ph.update(i < 100 ? 0 : 5) { fired = i; break }
        XCTAssertGreaterThan(fired, 100)
        _ = ph.update(5)
        XCTAssertEqual(ph.count, 1)
        var adwin = ADWIN()
        var adwinFired = false
        for i in 0..<800 where adwin.update(i < 400 ? 0 : 1) { adwinFired = true; break }
        XCTAssertTrue(adwinFired)
        _ = adwin.update(1)
        XCTAssertEqual(adwin.width, 1)
    }

    /// A detector rebuilt from its saved fields (as a checkpoint restores it) continues exactly.
    func testRestoredDetectorsContinueIdentically() throws {
        let values = try XCTUnwrap(try riverStreams().first { $0.name == "gauss" }).values
        var a = ADWIN(), ph = PageHinkley()
        for v in values.prefix(1500) { _ = a.update(v); _ = ph.update(v) }
        var a2 = ADWIN(delta: a.delta, clock: a.clock, maxBuckets: a.maxBuckets, minWindowLength: a.minWindowLength,
                       gracePeriod: a.gracePeriod, bucketTotals: a.bucketTotals, bucketVariances: a.bucketVariances,
                       width: a.width, total: a.total, variance: a.variance, tick: a.tick, detected: a.detected)
        var ph2 = PageHinkley(minInstances: ph.minInstances, delta: ph.delta, threshold: ph.threshold, alpha: ph.alpha,
                              count: ph.count, mean: ph.mean, sumIncrease: ph.sumIncrease, sumDecrease: ph.sumDecrease,
                              minIncrease: ph.minIncrease, maxDecrease: ph.maxDecrease, detected: ph.detected)
        XCTAssertEqual(a2, a)
        XCTAssertEqual(ph2, ph)
        for v in values.dropFirst(1500) {
            XCTAssertEqual(a2.update(v), a.update(v))
            XCTAssertEqual(ph2.update(v), ph.update(v))
        }
        XCTAssertEqual(a2, a)
    }
}
