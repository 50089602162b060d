#if canImport(Glibc)
import Glibc
#endif
import Posix
import Storage

/// The full-screen terminal of `watch`: the alternate screen with the cursor hidden, and the
/// keyboard read key by key without echo. `restore()` puts everything back as it was; it runs
/// on every way out (q, Ctrl-C, SIGTERM, SIGHUP, errors), since signals arrive on a signalfd
/// instead of killing the process.
final class Terminal {
    private var saved: termios?
    private var active = false

    /// Enters the alternate screen; `keyboard`: also reads keys one at a time (stdin is a terminal).
    init(keyboard: Bool) {
        if keyboard {
            var attributes = termios()
            if tcgetattr(STDIN_FILENO, &attributes) == 0 {
                saved = attributes
                attributes.c_lflag &= ~tcflag_t(ICANON | ECHO)
                // VMIN/VTIME: a read returns what is there, at least one byte.
                withUnsafeMutableBytes(of: &attributes.c_cc) { cc in
                    cc[Int(VMIN)] = 1
                    cc[Int(VTIME)] = 0
                }
                _ = tcsetattr(STDIN_FILENO, TCSANOW, &attributes)
            }
        }
        Terminal.write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[H\u{1B}[2J")
        active = true
    }

    deinit { restore() }

    /// Leaves the alternate screen (the shell's screen comes back), shows the cursor, restores the keyboard.
    func restore() {
        guard active else { return }
        active = false
        Terminal.write("\u{1B}[?25h\u{1B}[?1049l")
        if var saved { _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
    }

    /// Draws `lines` from the top left, each cut to `columns` characters, clearing what was there.
    func draw(_ lines: [String], columns: Int, rows: Int) {
        var frame = "\u{1B}[H"
        for line in lines.prefix(max(1, rows)) {
            frame += String(line.prefix(max(1, columns - 1))) + "\u{1B}[K\r\n"
        }
        frame += "\u{1B}[J"
        Terminal.write(frame)
    }

    /// The terminal's size in characters (`ioctl(2)` TIOCGWINSZ on stdout), else $COLUMNS/$LINES, else 80x24.
    static func size() -> (columns: Int, rows: Int) {
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 {
            return (Int(ws.ws_col), Int(ws.ws_row))
        }
        let env = ProcessEnvironment.current()
        return (env["COLUMNS"].flatMap { Int($0) } ?? 80, env["LINES"].flatMap { Int($0) } ?? 24)
    }

    static func write(_ text: String) {
        _ = try? FileDescriptor.standardOutput.writeAll(Array(text.utf8))
    }
}

/// Sparklines: one of ▁▂▃▄▅▆▇█ per value, scaled to `range` (or to the values' own range).
enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The last `width` values as a sparkline; nil values show as a space.
    static func render(_ values: [Double?], width: Int, range: ClosedRange<Double>? = nil) -> String {
        let shown = values.suffix(max(0, width))
        let finite = shown.compactMap { $0 }.filter(\.isFinite)
        guard let low = range?.lowerBound ?? finite.min(), let high = range?.upperBound ?? finite.max() else {
            return String(repeating: " ", count: shown.count)
        }
        return String(shown.map { value -> Character in
            guard let value, value.isFinite else { return " " }
            guard high > low else { return levels[value > 0 ? levels.count - 1 : 0] }
            let position = (min(high, max(low, value)) - low) / (high - low)
            return levels[max(0, min(levels.count - 1, clampedInt(position * Double(levels.count - 1) + 0.5)))]
        })
    }

    /// A row to put under a sparkline of the last `width` samples: ▲ where the drift count rose
    /// since the sample before, c where a checkpoint was written since it, a space elsewhere.
    static func marks(_ samples: [HistorySample], checkpoints: [Double], width: Int) -> String {
        let shown = samples.suffix(max(0, width))
        var previous = samples.dropLast(shown.count).last
        return String(shown.map { s -> Character in
            defer { previous = s }
            if let now = s.driftEvents, let before = previous?.driftEvents, now > before { return "▲" }
            let since = previous?.unixSeconds ?? s.unixSeconds - 2   // the first: a sample period before it
            return checkpoints.contains { $0 > since && $0 <= s.unixSeconds } ? "c" : " "
        })
    }
}
