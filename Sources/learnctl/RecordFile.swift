import ArgumentParser
import LearnCore
import Storage
import Wire

/// Record lines of a file (or standard input for "-"), parsed as learnd parses them (Wire's `RecordParser`
/// behind a `LineFramer`), for the learner of `config`. Memory: one 64 KiB chunk plus one line.
struct RecordFile {
    let path: String
    var parser: RecordParser

    /// - Parameter inputs: the feature width, nil to take it from the first valid record.
    init(path: String, config: LearnerConfig, inputs: Int?) {
        self.path = path
        let task: RecordTask = config.task == .classify ? .classify : .regress(outputs: config.outputs)
        parser = RecordParser(task: task, format: .auto, inputs: inputs)
    }

    /// Calls `body` with each line's number (from 1) and outcome, in order; exit 1 when the file cannot be read.
    mutating func forEach(_ body: (Int, LineOutcome) -> Void) throws {
        var framer = LineFramer(maxLineBytes: parser.maxRecordBytes)
        var lineNumber = 0
        var parser = self.parser
        func deliver(_ line: FramedLine) {
            lineNumber += 1
            body(lineNumber, parser.parse(line))
        }
        do {
            try DurableFile.forEachChunk(of: path == "-" ? nil : FilePath(path)) { chunk in
                framer.append(chunk)
                while let line = framer.nextLine() { deliver(line) }
            }
        } catch {
            Stderr.line("learnctl: \(error)")
            throw ExitCode.failure
        }
        while let line = framer.finish() { deliver(line) }
        self.parser = parser
    }
}

extension Record {
    /// The learner's target for this record; nil when predict-only.
    var learnTarget: LearnTarget? {
        switch target {
        case .none: return nil
        case .label(let name): return .label(name)
        case .values(let values): return .values(values)
        }
    }
}
