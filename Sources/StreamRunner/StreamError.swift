/// Why a `learnd stream` run could not complete. Each case names the file and the cause.
public enum StreamError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case evalFileUnlabelled(path: String, line: Int)
    case evalFileInvalid(path: String, line: Int, reason: String)
    case noRecords

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open '\(path)': \(reason)"
        case .cannotRead(let path, let reason): "cannot read '\(path)': \(reason)"
        case .evalFileUnlabelled(let path, let line): "eval file '\(path)' line \(line): record has no label"
        case .evalFileInvalid(let path, let line, let reason): "eval file '\(path)' line \(line): \(reason)"
        case .noRecords: "no valid record in the input, so the input width is unknown"
        }
    }
}
