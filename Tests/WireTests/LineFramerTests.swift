import XCTest
@testable import Wire
import TestSupport

final class LineFramerTests: XCTestCase {
    /// Feeds `stream` in the given chunk sizes, draining after each append; returns all events.
    private func frame(_ stream: [UInt8], chunks: [Int], max: Int, peak: inout Int) -> [FramedLine] {
        var framer = LineFramer(maxLineBytes: max)
        var out: [FramedLine] = []
        var offset = 0
        for size in chunks where offset < stream.count {
            let end = min(stream.count, offset + size)
            stream[offset..<end].withUnsafeBytes { framer.append($0) }
            offset = end
            peak = Swift.max(peak, framer.bufferedByteCount)
            while let line = framer.nextLine() {
                out.append(.copy(line))
            }
            peak = Swift.max(peak, framer.bufferedByteCount)
        }
        while let line = framer.finish() { out.append(.copy(line)) }
        XCTAssertEqual(framer.bufferedByteCount, 0)
        return out
    }

    /// The expected events, computed the simple way.
    private func reference(_ stream: [UInt8], max: Int) -> [FramedLine] {
        var parts = stream.split(separator: 0x0A, omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true { parts.removeLast() }
        return parts.map { line in
            line.count <= max || (line.count == max + 1 && line.last == 0x0D) ? .line(ArraySlice(Array(line))) : .tooLong(byteCount: line.count)
        }
    }

    func testBasicFraming() {
        var f = LineFramer(maxLineBytes: 100)
        f.append(Array("a,1\nb,2\r\n\nc".utf8))
        XCTAssertEqual(text(f.nextLine()), "a,1")
        XCTAssertEqual(text(f.nextLine()), "b,2\r", "CR is kept for the parser")
        XCTAssertEqual(text(f.nextLine()), "")
        XCTAssertNil(f.nextLine(), "incomplete input means: need more data")
        f.append(Array(",3".utf8))
        XCTAssertNil(f.nextLine())
        XCTAssertEqual(text(f.finish()), "c,3", "the last line without newline comes out at EOF")
        XCTAssertNil(f.finish())
        XCTAssertNil(f.nextLine())
    }

    func testFinishDrainsRemainingLinesFirst() {
        var f = LineFramer(maxLineBytes: 100)
        f.append(Array("x\ny\nz".utf8))
        XCTAssertEqual(text(f.finish()), "x")
        XCTAssertEqual(text(f.finish()), "y")
        XCTAssertEqual(text(f.finish()), "z")
        XCTAssertNil(f.finish())
    }

    func testLimitCountsContentOnly() {
        var f = LineFramer(maxLineBytes: 4)
        f.append(Array("abcd\nabcd\r\nabcde\nabcd\r\r\nab\r\r\nok\n".utf8))
        XCTAssertEqual(text(f.nextLine()), "abcd")
        XCTAssertEqual(text(f.nextLine()), "abcd\r", "a CR before LF does not count")
        XCTAssertEqual(f.nextLine(), .tooLong(byteCount: 5))
        XCTAssertEqual(f.nextLine(), .tooLong(byteCount: 6), "only one CR is free")
        XCTAssertEqual(text(f.nextLine()), "ab\r\r", "within the limit (the parser strips one CR, then rejects the other)")
        XCTAssertEqual(text(f.nextLine()), "ok")
    }

    func testOverlongLineIsSkippedWithoutBuffering() {
        var f = LineFramer(maxLineBytes: 10)
        f.append(Array("short\n0123456789ABCDEF".utf8))
        XCTAssertEqual(text(f.nextLine()), "short")
        XCTAssertNil(f.nextLine())
        XCTAssertEqual(f.bufferedByteCount, 0, "the over-long prefix is dropped")
        let chunk = [UInt8](repeating: 0x41, count: 4096)
        for _ in 0..<1000 {
            f.append(chunk)
            XCTAssertNil(f.nextLine())
            XCTAssertEqual(f.bufferedByteCount, 0, "bytes of the over-long line are never buffered")
        }
        f.append(Array("tail\nnext\n".utf8))
        XCTAssertEqual(f.nextLine(), .tooLong(byteCount: 16 + 4096 * 1000 + 4))
        XCTAssertEqual(text(f.nextLine()), "next")
        XCTAssertNil(f.nextLine())
    }

    func testOverlongLineAtEndOfStream() {
        var f = LineFramer(maxLineBytes: 3)
        f.append(Array("abcdefgh".utf8))
        XCTAssertNil(f.nextLine())
        f.append(Array("ij".utf8))
        XCTAssertEqual(f.finish(), .tooLong(byteCount: 10))
        XCTAssertNil(f.finish())
        var g = LineFramer(maxLineBytes: 3)
        g.append(Array("abcd".utf8))
        XCTAssertEqual(g.finish(), .tooLong(byteCount: 4), "unterminated tail over the limit")
    }

    /// Property: however the stream is cut into chunks, the events are the same, and the
    /// buffer never holds more than one line limit plus one chunk.
    func testRandomChunkingGivesIdenticalLines() {
        var rng = SplitMix64(seed: 2024)
        for round in 0..<300 {
            let max = Int.random(in: 1...64, using: &rng)
            var stream: [UInt8] = []
            for _ in 0..<Int.random(in: 0...60, using: &rng) {
                let length = Int.random(in: 0...(Bool.random(using: &rng) ? max + 2 : 4 * max), using: &rng)
                stream += (0..<length).map { _ in UInt8.random(in: 0x20...0x7E, using: &rng) }
                if Int.random(in: 0...4, using: &rng) == 0 { stream.append(0x0D) }
                stream.append(0x0A)
            }
            if Bool.random(using: &rng) { stream += Array("tail-without-newline".utf8) }
            let expected = reference(stream, max: max)
            for _ in 0..<5 {
                let maxChunk = Int.random(in: 1...200, using: &rng)
                let chunks = (0..<stream.count + 1).map { _ in Int.random(in: 1...maxChunk, using: &rng) }
                var peak = 0
                let got = frame(stream, chunks: chunks, max: max, peak: &peak)
                XCTAssertEqual(got, expected, "round \(round), max \(max), chunks up to \(maxChunk)")
                XCTAssertLessThanOrEqual(peak, max + 1 + maxChunk, "round \(round)")
            }
            var peak = 0
            XCTAssertEqual(frame(stream, chunks: [stream.count + 1], max: max, peak: &peak), expected, "one chunk")
        }
    }

    func testCompactionKeepsLinesIntactOverALongStream() {
        var f = LineFramer(maxLineBytes: 100)
        var n = 0
        var pending: [UInt8] = []
        for i in 0..<20_000 {
            pending += Array("line \(i)\n".utf8)
            if pending.count > 777 {
                f.append(pending[..<700])
                pending.removeFirst(700)
                while let line = f.nextLine() {
                    XCTAssertEqual(text(line), "line \(n)")
                    n += 1
                }
                XCTAssertLessThan(f.bufferedByteCount, 800)
            }
        }
        f.append(pending)
        while let line = f.finish() {
            XCTAssertEqual(text(line), "line \(n)")
            n += 1
        }
        XCTAssertEqual(n, 20_000)
    }

    func testNewlineSearchMatchesNaiveSearch() {
        var rng = SplitMix64(seed: 77)
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in
                Int.random(in: 0...9, using: &rng) == 0 ? 0x0A : UInt8.random(in: 0...255, using: &rng)
            }
            let from = Int.random(in: 0...bytes.count, using: &rng)
            let got = bytes.withUnsafeBytes { LineFramer.firstNewline($0, from: from) }
            XCTAssertEqual(got, bytes[from...].firstIndex(of: 0x0A), "\(bytes) from \(from)")
        }
    }
}

private extension FramedLine {
    /// Detaches a line from the framer's buffer.
    static func copy(_ line: FramedLine) -> FramedLine {
        if case .line(let bytes) = line { return .line(ArraySlice(Array(bytes))) }
        return line
    }
}
