#if canImport(Glibc)
import Glibc
#endif
import LearnCore

/// A one-line progress display on stderr, redrawn at most every 0.2 s, only on a terminal.
struct Progress {
    private let enabled: Bool
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled && isatty(2) == 1
        start = clock.now
        lastDraw = start
    }

    mutating func tick(records: Int, learner: TunedLearner?) {
        guard enabled, records % 256 == 0 else { return }
        let now = clock.now
        guard now - lastDraw >= .milliseconds(200) else { return }
        lastDraw = now
        let seconds = (now - start).inSeconds
        let rate = seconds > 0 ? Int(Double(records) / seconds) : 0
        let accuracy = learner.map { Format.percent($0.metrics.recentAccuracy) } ?? "-"
        Stderr.write("\r\u{1B}[2K\(records) records  \(rate) rec/s  recent accuracy \(accuracy)")
        drawn = true
    }

    mutating func finish() {
        if drawn { Stderr.write("\r\u{1B}[2K") }
    }
}

/// Unbuffered writes to standard error.
public enum Stderr {
    public static func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 { if errno == EINTR { continue } else { return } }
            offset += n
        }
    }

    public static func line(_ text: String) { write(text + "\n") }
}

/// Number formatting without Foundation.
public enum Format {
    /// `0.9753` → `"97.53 %"`.
    public static func percent(_ x: Double) -> String { fixed(x * 100, 2) + " %" }

    /// Fixed-point with `digits` decimals, rounded half away from zero.
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "\(x)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        let whole = Int(scaled / scale)
        let frac = Int(scaled - Double(whole) * scale)
        let sign = x < 0 && scaled != 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let fracText = String(frac)
        return sign + String(whole) + "." + String(repeating: "0", count: digits - fracText.count) + fracText
    }
}
