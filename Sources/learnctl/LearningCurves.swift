/// The SVG drawing of `plot`: one panel per quantity, stacked, sharing the time axis (Unix seconds),
/// with drift detections (dashed grey, `class="drift"`) and checkpoints (dotted green,
/// `class="checkpoint"`) marked across every panel. Pure: samples in, SVG text out.
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

    /// Oldest first; at least one.
    let samples: [HistorySample]
    /// When checkpoints were written, Unix seconds.
    let checkpoints: [Double]
    /// Learned-record indices (0-based) of drift detections, when known: each is drawn where the
    /// samples' learned counts pass it. Without them, a mark goes where a sample's drift count rose.
    let driftRecords: [Int]
    let classify: Bool
    let title: String
    let width: Int
    /// A line under the title (the daemon's `labels` figures), or nil.
    var note: String? = nil

    static let panelHeight = 170, top = 50, left = 80, right = 30, gap = 40

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

    private var t0: Double { samples.first!.unixSeconds }
    private var t1: Double { samples.last!.unixSeconds }
    private var span: Double { max(t1 - t0, 1) }
    private var plotWidth: Int { width - Self.left - Self.right }

    /// x of time `t` (Unix seconds).
    private func x(_ t: Double) -> Double { Double(Self.left) + (t - t0) / span * Double(plotWidth) }

    var svg: String {
        let height = Self.top + panels.count * (Self.panelHeight + Self.gap) + 10
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" font-family="sans-serif" font-size="12">
            <title>\(escape(title))</title>
            <rect x="0" y="0" width="\(width)" height="\(height)" fill="white"/>
            <text x="\(Self.left)" y="24" font-size="15" font-weight="bold">\(escape(title))</text>
            <text x="\(Self.left)" y="40" fill="#555">\(escape(utcTimestamp(Int64(clampedInt(t0))))) to \(escape(utcTimestamp(Int64(clampedInt(t1))))), \
            \(samples.count) samples</text>

            """
        if let note { out += "<text x=\"\(Self.left + 420)\" y=\"40\" fill=\"#555\">labels: \(escape(note))</text>\n" }
        out += markLegend
        for (index, panel) in panels.enumerated() {
            out += draw(panel, index: index, y0: Self.top + index * (Self.panelHeight + Self.gap) + 20)
        }
        return out + "</svg>\n"
    }

    /// The key to the marks, top right.
    private var markLegend: String {
        let x = width - Self.right - 190
        return """
            <line x1="\(x)" y1="36" x2="\(x)" y2="46" stroke="#888" stroke-dasharray="4 3"/>
            <text x="\(x + 6)" y="44" fill="#555">drift detected</text>
            <line x1="\(x + 100)" y1="36" x2="\(x + 100)" y2="46" stroke="#2ca02c" stroke-dasharray="1 2"/>
            <text x="\(x + 106)" y="44" fill="#555">checkpoint</text>

            """
    }

    private func draw(_ panel: Panel, index: Int, y0: Int) -> String {
        let (low, high) = bounds(panel)
        let height = Double(Self.panelHeight)
        func y(_ v: Double) -> Double { Double(y0) + height - (min(high, max(low, v)) - low) / (high - low) * height }
        let (left, plotWidth) = (Self.left, self.plotWidth)
        var out = "<g id=\"panel-\(index)\">\n"
        out += "<text x=\"\(left)\" y=\"\(y0 - 6)\" font-weight=\"bold\">\(escape(panel.title))</text>\n"
        out += "<rect x=\"\(left)\" y=\"\(y0)\" width=\"\(plotWidth)\" height=\"\(Self.panelHeight)\" fill=\"none\" stroke=\"#999\"/>\n"
        for k in 0...4 {
            let v = low + (high - low) * Double(k) / 4
            let yy = num(y(v))
            out += "<line x1=\"\(left)\" y1=\"\(yy)\" x2=\"\(left + plotWidth)\" y2=\"\(yy)\" stroke=\"#eee\"/>\n"
            out += "<text x=\"\(left - 6)\" y=\"\(yy)\" text-anchor=\"end\" dominant-baseline=\"middle\" fill=\"#555\">"
                + "\(escape(panel.format(v)))</text>\n"
        }
        out += marks(y0: y0)
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
        let axisY = y0 + Self.panelHeight + 15
        out += "<text x=\"\(left)\" y=\"\(axisY)\" fill=\"#555\">-\(escape(duration(span)))</text>\n"
        out += "<text x=\"\(left + plotWidth)\" y=\"\(axisY)\" text-anchor=\"end\" fill=\"#555\">latest</text>\n"
        return out + "</g>\n"
    }

    /// The value range of a panel: its fixed range, or 0 (or the lowest value) to 5 % above the highest.
    private func bounds(_ panel: Panel) -> (Double, Double) {
        if let range = panel.range { return (range.lowerBound, range.upperBound) }
        let values = panel.curves.flatMap { $0.values.compactMap { $0 } }.filter(\.isFinite)
        let low = min(0, values.min() ?? 0)
        var high = values.max() ?? 1
        if high <= low { high = low + 1 }
        return (low, high + (high - low) * 0.05)
    }

    /// The drift and checkpoint lines across one panel.
    private func marks(y0: Int) -> String {
        let y1 = y0 + Self.panelHeight
        var out = ""
        for t in driftTimes {
            out += "<line class=\"drift\" x1=\"\(num(x(t)))\" y1=\"\(y0)\" x2=\"\(num(x(t)))\" y2=\"\(y1)\" "
                + "stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n"
        }
        for t in checkpointTimes {
            out += "<line class=\"checkpoint\" x1=\"\(num(x(t)))\" y1=\"\(y0)\" x2=\"\(num(x(t)))\" y2=\"\(y1)\" "
                + "stroke=\"#2ca02c\" stroke-dasharray=\"1 2\"/>\n"
        }
        return out
    }

    /// When drift was detected: each known record index at the time the learned count passed it
    /// (interpolated between the two samples around it, the latest such pair when a restore made the
    /// count go back), else the samples at which the drift count went up.
    var driftTimes: [Double] {
        guard driftRecords.isEmpty else { return driftRecords.compactMap(time(ofRecord:)) }
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

    /// When the learned count reached `record + 1`, or nil when the samples do not cover it.
    private func time(ofRecord record: Int) -> Double? {
        let n = Double(record + 1)
        for (a, b) in zip(samples.dropLast(), samples.dropFirst()).reversed() where a.learned < n && n <= b.learned {
            return a.unixSeconds + (b.unixSeconds - a.unixSeconds) * (n - a.learned) / (b.learned - a.learned)
        }
        return nil
    }

    /// Checkpoints written within the plotted time. A checkpoint's own mark follows its last sample
    /// by up to a sample period (more when the daemon was busy): up to two periods after the last
    /// sample, a mark is drawn at the right edge.
    var checkpointTimes: [Double] {
        let period = samples.count > 1 ? span / Double(samples.count - 1) : 2
        return checkpoints.filter { $0 >= t0 && $0 <= t1 + 2 * max(period, 1) }.map { min($0, t1) }
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
