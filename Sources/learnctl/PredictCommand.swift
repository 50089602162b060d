import ArgumentParser
import Protocol
import Wire

/// `learnctl predict VALUES | -`: the running model's prediction, without learning.
struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict with the running model, without learning.",
        discussion: """
            VALUES are the features, comma-separated (no label): `learnctl predict 0,3,12.5,...`. \
            Prints `LABEL CONFIDENCE` (classify; the confidence is the softmax probability) or the \
            predicted values separated by spaces (regress). With `-`, reads one record of features per \
            line from standard input (blank lines and # comments skipped) and prints one line per record; \
            a line that cannot be predicted is reported on stderr as `LINE: REASON` and makes the exit \
            status 1. Put `--` before values that start with a minus sign: `learnctl predict -- -0.5,1`.
            """
    )

    @OptionGroup var daemon: DaemonOptions

    @Flag(help: "Print learnd's reply (JSON) for each record.")
    var json = false

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Comma-separated feature values, or '-' to read records from standard input.",
                                 valueName: "VALUES"))
    var values: [String] = []

    func validate() throws {
        if values.isEmpty { throw ValidationError("Give the feature values (comma-separated), or '-' to read standard input.") }
        if let option = values.first(where: { $0.hasPrefix("--") && $0.count > 2 }) {
            throw ValidationError("Unknown option '\(option)'.")
        }
        if values.contains("-") && values.count > 1 { throw ValidationError("'-' reads standard input; give no values with it.") }
    }

    func run() throws {
        try reportingFailures {
            let client = try daemon.connect()
            if values != ["-"] {
                let x = try Self.parse(values.joined(separator: ","))
                guard try predict(x, client: client) else { throw ExitCode.failure }
                return
            }
            var failures = 0
            var framer = LineFramer(maxLineBytes: 1 << 20)
            var lineNumber = 0
            func handle(_ line: FramedLine) throws {
                lineNumber += 1
                guard case .line(let bytes) = line else {
                    Stderr.line("\(lineNumber): line longer than 1 MiB")
                    failures += 1
                    return
                }
                let text = String(decoding: bytes, as: UTF8.self)
                let trimmed = text.drop { $0 == " " || $0 == "\t" }
                if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed == "\r" { return }
                do {
                    if try !predict(try Self.parse(text), client: client, line: lineNumber) { failures += 1 }
                } catch let error as LearnctlError where error.description.hasPrefix("bad values: ") {
                    Stderr.line("\(lineNumber): \(error.description.dropFirst(12))")
                    failures += 1
                }
            }
            let input = try InputFile("-")
            try input.forEachChunk { chunk in
                framer.append(chunk)
                while let line = framer.nextLine() { try handle(line) }
            }
            while let line = framer.finish() { try handle(line) }
            if failures > 0 { throw ExitCode.failure }
        }
    }

    /// Prints the prediction for `x`; false when learnd could not predict (reason on stderr).
    private func predict(_ x: [Double], client: ControlClient, line: Int? = nil) throws -> Bool {
        let request = ControlRequest.predict(x.map { Float($0) })
        if json {
            let (text, ok) = try client.rawResponse(request)
            print(text)
            return ok
        }
        let reply = try client.send(request)
        guard reply["ok"]?.boolValue == true else {
            let reason = reply["error"]?.stringValue ?? reply.serialized()
            if let line { Stderr.line("\(line): \(reason)") } else { Stderr.line("learnctl: cannot predict: \(reason)") }
            return false
        }
        switch reply["prediction"] {
        case .string(let label)?:
            print("\(label) \(fixed(reply["confidence"]?.doubleValue ?? 0))")
        case .array(let values)?:
            print(values.map { $0.doubleValue.map(short) ?? "nan" }.joined(separator: " "))
        default:
            print("- 0 (no class learned yet)")
        }
        return true
    }

    /// Comma-separated finite numbers (spaces around them allowed).
    static func parse(_ text: String) throws -> [Double] {
        var text = Substring(text)
        if text.hasSuffix("\r") { text = text.dropLast() }
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
        return try fields.enumerated().map { n, field in
            let trimmed = field.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            var end = trimmed.endIndex
            while end > trimmed.startIndex, trimmed[trimmed.index(before: end)] == " " { end = trimmed.index(before: end) }
            let value = trimmed[..<end]
            guard let number = Double(value), number.isFinite else {
                throw LearnctlError("bad values: value \(n + 1) is not a finite number: '\(value)'")
            }
            return number
        }
    }
}
