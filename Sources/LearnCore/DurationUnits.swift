/// The one conversion between `Duration` and plain numbers (seconds in reports, milliseconds in
/// poll timeouts), so that no caller takes `components` apart by hand.
extension Duration {
    /// The duration in seconds.
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    /// The duration in milliseconds.
    public var inMilliseconds: Double { inSeconds * 1000 }

    /// Whole milliseconds, rounded up (a wait never ends early), clamped to `0...Int32.max`: a
    /// poll(2) timeout.
    public var pollMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        guard seconds < Int64(Int32.max / 1000) else { return .max }
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(ms)
    }

    /// `seconds` as a duration, clamped to 0 ... 10⁹ s (about 31 years): a configured number of
    /// seconds never traps, however large.
    public static func seconds(clamping seconds: Double) -> Duration {
        guard seconds > 0 else { return .zero }
        return .milliseconds(Int64((min(seconds, 1e9) * 1000).rounded()))
    }
}
