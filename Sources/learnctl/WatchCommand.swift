#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Posix
import Protocol
import Storage
import Wire

/// `learnctl watch`: `status`, refreshed, full screen, with sparklines of accuracy and rate.
struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Status refreshed every second, with sparklines.",
        discussion: """
            On a terminal, watch takes the whole screen (the alternate screen, so your shell's screen \
            comes back untouched) and redraws it every --interval seconds: counters, records per second, \
            prequential accuracy (or RMSE), loss, sparsity, replay fill, drift events and the last \
            checkpoint, with sparklines (▁▂▃▄▅▆▇█) of accuracy and records/s over the daemon's recent \
            history (one sample every 2 s, up to ~10 minutes). Press q or Ctrl-C to quit.

            When standard output is not a terminal, watch prints one plain line per refresh instead \
            (timestamp, counters, rate, accuracy, sparsity), for logs and pipes.
            """
    )

    @OptionGroup var daemon: DaemonOptions

    @Option(help: ArgumentHelp("Seconds between refreshes.", valueName: "SECONDS"))
    var interval: Double = 1

    @Option(help: ArgumentHelp("Stop after N refreshes (default: until q, Ctrl-C or SIGTERM).", valueName: "N"))
    var count: Int?

    @Flag(help: "Plain lines even on a terminal.")
    var plain = false

    func validate() throws {
        guard interval >= 0.1, interval <= 3600 else { throw ValidationError("--interval must be between 0.1 and 3600 seconds.") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1.") }
    }

    func run() throws {
        try reportingFailures {
            let path = try daemon.controlSocketPath()
            var client: ControlClient? = try ControlClient(path: path)
            // Signals arrive as data on a descriptor: the loop ends and the terminal is restored.
            let signals: SignalFD
            do { signals = try SignalFD.make(signals: [SIGINT, SIGTERM, SIGHUP, SIGWINCH]) } catch {
                throw LearnctlError("\(error)")
            }
            let screen = !plain && ProcessInfo.isTerminal(.standardOutput)
            let keyboard = screen && ProcessInfo.isTerminal(.standardInput)
            let terminal = screen ? Terminal(keyboard: keyboard) : nil
            defer { terminal?.restore() }
            var view = WatchView(socket: path, interval: interval)
            var refreshes = 0
            loop: while true {
                var status: StatusView?
                do {
                    if client == nil { client = try ControlClient(path: path) }
                    status = try StatusView(try client!.request(.status, timeoutSeconds: 10))
                    view.error = nil
                } catch let error as LearnctlError {
                    client = nil
                    view.error = error.description
                }
                if let status { view.update(status) }
                if let terminal {
                    let size = Terminal.size()
                    terminal.draw(view.screen(columns: size.columns), columns: size.columns, rows: size.rows)
                } else {
                    Terminal.write(view.plainLine + "\n")
                }
                refreshes += 1
                if let count, refreshes >= count { break }
                // Wait for the next refresh, a key or a signal.
                let deadline = MonotonicClock.microseconds() + UInt64(interval * 1e6)
                while true {
                    let now = MonotonicClock.microseconds()
                    if now >= deadline { break }
                    var poll = PollSet()
                    poll.add(signals.fd, events: .readable)
                    if keyboard { poll.add(.standardInput, events: .readable) }
                    _ = try? poll.wait(timeoutMilliseconds: Int32((deadline - now) / 1000 + 1))
                    if !poll.returnedEvents(at: 0).isEmpty {
                        let taken = (try? signals.read()) ?? []
                        if taken.contains(where: { $0 != SIGWINCH }) { break loop }
                        break  // resized: redraw now
                    }
                    if keyboard && !poll.returnedEvents(at: 1).isEmpty {
                        var key: UInt8 = 0
                        let n = Glibc.read(STDIN_FILENO, &key, 1)
                        if n <= 0 || key == UInt8(ascii: "q") || key == UInt8(ascii: "Q") || key == 3 { break loop }
                        if key == UInt8(ascii: " ") || key == UInt8(ascii: "r") { break }  // refresh now
                    }
                }
            }
        }
    }
}

/// What `watch` shows, from the latest status and the previous one.
struct WatchView {
    let socket: String
    let interval: Double
    var status: StatusView?
    var previous: (learned: Int, at: UInt64)?
    /// Records learned per second between the last two refreshes.
    var learnedPerSecond: Double?
    var error: String?

    init(socket: String, interval: Double) {
        self.socket = socket
        self.interval = interval
    }

    mutating func update(_ s: StatusView) {
        let now = MonotonicClock.microseconds()
        let learned = s.records.learned
        if let previous, now > previous.at {
            learnedPerSecond = Double(learned - previous.learned) / (Double(now - previous.at) / 1e6)
        }
        previous = (learned, now)
        status = s
    }

    private var samples: [HistorySample] {
        status?.history ?? []
    }

    func screen(columns: Int) -> [String] {
        var lines = ["learnctl watch: \(socket), every \(short(interval)) s; q or Ctrl-C quits", ""]
        if let error { lines += ["! \(error)", ""] }
        guard let s = status else { return lines + ["waiting for learnd..."] }
        let label = 13
        func row(_ name: String, _ text: String) -> String { (name.isEmpty ? "" : name + ":").padding(label) + text }
        let sparkWidth = max(10, min(120, columns - label - 22))
        let samples = self.samples
        lines.append(s.headline)
        lines.append(row("model", s.shapeText))
        lines.append(row("records", s.recordsText))
        let delta = learnedPerSecond.map { " (learned +\(fixed($0, 1))/s now)" } ?? ""
        lines.append(row("rate", "\(fixed(s.rate, 1)) records/s" + delta))
        let rates = samples.map(\.recordsPerSecond)
        let maxRate = rates.compactMap { $0 }.max() ?? 0
        lines.append(row("", Sparkline.render(rates, width: sparkWidth, range: 0...max(maxRate, 1e-9))
                         + "  max \(fixed(maxRate, 1))"))
        lines.append(row(s.scoreName, s.scoreText))
        let scores = samples.map(\.recentScore)
        if s.classify {
            lines.append(row("", Sparkline.render(scores, width: sparkWidth, range: 0...1) + "  recent, 0..1"))
        } else {
            let high = scores.compactMap { $0 }.max() ?? 0
            lines.append(row("", Sparkline.render(scores, width: sparkWidth, range: 0...max(high, 1e-9))
                             + "  recent, 0..\(fixed(high, 3))"))
        }
        if !samples.isEmpty {
            lines.append(row("", Sparkline.marks(samples, checkpoints: s.historyCheckpoints, width: sparkWidth)
                             + "  ▲ drift, c checkpoint"))
        }
        if let tuning = s.tuningText { lines.append(row("tuning", tuning)) }
        lines.append(row("loss", fixed(s.report.loss)))
        if s.classify {
            lines.append(row("classes", s.classes.isEmpty ? "none yet" : "\(s.classes.count): " + s.classes.joined(separator: " ")))
        }
        let histogram = s.replayHistogram
        var replay = s.replayText
        if let most = histogram.map(\.1).max(), most > 0 {
            replay += "  " + Sparkline.render(histogram.map { Double($0.1) }, width: 64, range: 0...Double(most))
                + " by class"
        }
        lines.append(row("replay", replay))
        lines.append(row("sparsity", s.sparsityText))
        lines.append(row("drift", s.driftText))
        if let labels = s.labelsText { lines.append(row("labels", labels)) }
        lines.append(row("checkpoint", s.checkpointText))
        lines.append(row("connections", s.connectionsText))
        if let first = samples.first, let last = samples.last {
            lines.append(row("history", "\(samples.count) samples over \(duration(last.unixSeconds - first.unixSeconds))"
                             + ", one every \(short(s.historyPeriod)) s"))
        }
        return lines
    }

    /// One line per refresh when stdout is not a terminal.
    var plainLine: String {
        let time = utcTimestamp(WallClock.unixSeconds())
        if let error { return "\(time) error: \(error)" }
        guard let s = status else { return "\(time) waiting for learnd" }
        let r = s.records, digits = s.classify ? 4 : 6
        var parts = ["learned \(r.learned)", "predicted \(r.predicted)", "rejected \(r.rejected)", "queued \(r.queued)",
                     "rate \(fixed(s.rate, 1))/s"]
        parts.append("\(s.scoreName) \(fixed(s.score, digits))")
        parts.append("recent \(fixed(s.recentScore, digits))")
        parts.append("sparsity \(percent(s.report.sparsity))")
        parts.append("drift \(s.report.drift.detections)")
        if let labels = s.labelsText { parts.append("labels " + labels) }
        return time + " " + parts.joined(separator: " ")
    }
}
