import ArgumentParser
import Posix
import Wire

/// `learnctl plot -o FILE.svg`: the running daemon's learning curves as one self-contained SVG.
struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the running daemon's learning curves as an SVG file.",
        discussion: """
            Takes the daemon's recent history (status "history": one sample every 2 s, the last ~10 \
            minutes) and draws four panels over time: prequential accuracy, overall and over the recent \
            window (RMSE for regression), mean loss, records per second and sparsity. Drift detections, \
            when the daemon reports them, are marked as dashed vertical lines. The file is plain SVG \
            1.1 with no scripts, fonts or external references: one <polyline> per curve.
            """
    )

    @OptionGroup var daemon: DaemonOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The SVG file to write ('-': standard output).", valueName: "FILE.svg"))
    var output: String

    @Option(help: ArgumentHelp("Width of the drawing in pixels.", valueName: "PX"))
    var width = 900

    func validate() throws {
        guard width >= 300, width <= 10000 else { throw ValidationError("--width must be between 300 and 10000.") }
    }

    func run() throws {
        try reportingFailures {
            let client = try daemon.connect()
            let status = StatusView(try client.request(["cmd": "status"]))
            guard status.json["history"] != nil else {
                throw LearnctlError("this learnd (\(status.version)) keeps no history to plot")
            }
            let samples = status.history
            guard !samples.isEmpty else {
                throw LearnctlError("no history yet: learnd samples every \(short(status.historyPeriod)) s; try again shortly")
            }
            let chart = LearningCurves(samples: samples, classify: status.classify,
                                       title: "learnd \(status.version): \(status.shapeText), "
                                           + "\(status.records("learned")) records learned",
                                       width: width)
            try Files.write(Array(chart.svg.utf8), to: output)
            if output != "-" {
                print("wrote \(output): \(chart.curves.count) curves over \(samples.count) samples "
                      + "(\(duration(samples.last!.unixSeconds - samples.first!.unixSeconds)))")
            }
        }
    }
}

/// The SVG drawing of `plot`: one panel per quantity, stacked, sharing the time axis.
struct LearningCurves {
    struct Curve {
        let id: String
        let label: String
        let color: String
        let values: [Double?]
    }

    struct Panel {
        let title: String
        let curves: [Curve]
        /// Fixed range (fractions), or nil to fit the values.
        let range: ClosedRange<Double>?
        let format: (Double) -> String
    }

    let samples: [HistorySample]
    let classify: Bool
    let title: String
    let width: Int

    var panels: [Panel] {
        let score = classify ? "accuracy" : "rmse"
        return [
            Panel(title: classify ? "prequential accuracy" : "prequential RMSE", curves: [
                Curve(id: score, label: "overall", color: "#1f77b4", values: samples.map(\.score)),
                Curve(id: "recent_" + score, label: "recent window", color: "#ff7f0e", values: samples.map(\.recentScore)),
            ], range: classify ? 0...1 : nil, format: { fixed($0, 3) }),
            Panel(title: "mean loss", curves: [
                Curve(id: "loss", label: "loss", color: "#d62728", values: samples.map(\.loss)),
            ], range: nil, format: { fixed($0, 3) }),
            Panel(title: "records per second", curves: [
                Curve(id: "records_per_second", label: "records/s", color: "#2ca02c", values: samples.map(\.recordsPerSecond)),
            ], range: nil, format: { fixed($0, 1) }),
            Panel(title: "sparsity", curves: [
                Curve(id: "sparsity", label: "sparsity", color: "#9467bd", values: samples.map(\.sparsity)),
            ], range: 0...1, format: { percent($0) }),
        ]
    }

    var curves: [Curve] { panels.flatMap(\.curves) }

    var svg: String {
        let panelHeight = 170, top = 50, left = 80, right = 30, gap = 40
        let plotWidth = width - left - right
        let height = top + panels.count * (panelHeight + gap) + 10
        let t0 = samples.first!.unixSeconds, t1 = samples.last!.unixSeconds
        let span = max(t1 - t0, 1)
        func x(_ t: Double) -> Double { Double(left) + (t - t0) / span * Double(plotWidth) }
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" font-family="sans-serif" font-size="12">
            <title>\(escape(title))</title>
            <rect x="0" y="0" width="\(width)" height="\(height)" fill="white"/>
            <text x="\(left)" y="24" font-size="15" font-weight="bold">\(escape(title))</text>
            <text x="\(left)" y="40" fill="#555">\(escape(utcTimestamp(Int64(t0)))) to \(escape(utcTimestamp(Int64(t1)))), \
            \(samples.count) samples</text>

            """
        let drifts = driftTimes
        for (index, panel) in panels.enumerated() {
            let y0 = top + index * (panelHeight + gap) + 20
            let values = panel.curves.flatMap { $0.values.compactMap { $0 } }.filter(\.isFinite)
            var low = panel.range?.lowerBound ?? min(0, values.min() ?? 0)
            var high = panel.range?.upperBound ?? (values.max() ?? 1)
            if high <= low { high = low + 1 }
            if panel.range == nil { high += (high - low) * 0.05 } else { low = panel.range!.lowerBound }
            func y(_ v: Double) -> Double {
                Double(y0 + panelHeight) - (min(high, max(low, v)) - low) / (high - low) * Double(panelHeight)
            }
            out += "<g id=\"panel-\(index)\">\n"
            out += "<text x=\"\(left)\" y=\"\(y0 - 6)\" font-weight=\"bold\">\(escape(panel.title))</text>\n"
            out += "<rect x=\"\(left)\" y=\"\(y0)\" width=\"\(plotWidth)\" height=\"\(panelHeight)\" fill=\"none\" stroke=\"#999\"/>\n"
            for k in 0...4 {
                let v = low + (high - low) * Double(k) / 4
                let yy = num(y(v))
                out += "<line x1=\"\(left)\" y1=\"\(yy)\" x2=\"\(left + plotWidth)\" y2=\"\(yy)\" stroke=\"#eee\"/>\n"
                out += "<text x=\"\(left - 6)\" y=\"\(yy)\" text-anchor=\"end\" dominant-baseline=\"middle\" fill=\"#555\">"
                    + "\(escape(panel.format(v)))</text>\n"
            }
            for t in drifts {
                out += "<line class=\"drift\" x1=\"\(num(x(t)))\" y1=\"\(y0)\" x2=\"\(num(x(t)))\" y2=\"\(y0 + panelHeight)\" "
                    + "stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n"
            }
            var legendX = left + plotWidth
            for curve in panel.curves.reversed() {
                legendX -= 12 + 7 * curve.label.count + 24
                out += "<rect x=\"\(legendX)\" y=\"\(y0 - 15)\" width=\"16\" height=\"3\" fill=\"\(curve.color)\"/>\n"
                out += "<text x=\"\(legendX + 20)\" y=\"\(y0 - 6)\" fill=\"#333\">\(escape(curve.label))</text>\n"
            }
            for curve in panel.curves {
                let points = zip(samples, curve.values).compactMap { sample, value -> String? in
                    guard let value, value.isFinite else { return nil }
                    return "\(num(x(sample.unixSeconds))),\(num(y(value)))"
                }
                out += "<polyline id=\"\(curve.id)\" fill=\"none\" stroke=\"\(curve.color)\" stroke-width=\"1.5\" "
                    + "stroke-linejoin=\"round\" points=\"\(points.joined(separator: " "))\"/>\n"
            }
            let axisY = y0 + panelHeight + 15
            out += "<text x=\"\(left)\" y=\"\(axisY)\" fill=\"#555\">-\(escape(duration(span)))</text>\n"
            out += "<text x=\"\(left + plotWidth)\" y=\"\(axisY)\" text-anchor=\"end\" fill=\"#555\">latest</text>\n"
            out += "</g>\n"
        }
        return out + "</svg>\n"
    }

    /// Times at which the drift count went up.
    private var driftTimes: [Double] {
        var times: [Double] = []
        var last: Int?
        for s in samples {
            if let d = s.driftEvents {
                if let l = last, d > l { times.append(s.unixSeconds) }
                last = d
            }
        }
        return times
    }

    private func num(_ v: Double) -> String { fixed(v, 1) }

    private func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
