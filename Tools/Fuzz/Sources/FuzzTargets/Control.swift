import Wire

extension Fuzz {
    /// Today's control-request decoding (Sources/Daemon/ControlCommands.swift `handleRequest`): one framed line
    /// parsed as JSON, which must be an object with a string "cmd", then the fields each command reads. Repoint
    /// this function at the typed control protocol when it exists; the target's main.swift stays as it is.
    public static func control(_ data: UnsafeBufferPointer<UInt8>) {
        var framer = LineFramer(maxLineBytes: 1 << 20)
        framer.append(UnsafeRawBufferPointer(data))
        while case .line(let bytes)? = framer.nextLine() { decodeRequest(bytes) }
        decodeRequest(ArraySlice(data))  // the whole input as one request, newlines and all
    }

    private static func decodeRequest(_ bytes: ArraySlice<UInt8>) {
        guard let request = try? JSON.parse(bytes), case .object = request else { return }
        // A parsed request serialises and parses back to the same value.
        check((try? JSON.parse(request.serialized())) == request, "JSON does not round-trip: \(request)")
        guard let command = request["cmd"]?.stringValue else { return }
        switch command {
        case "predict":
            guard let items = request["x"]?.arrayValue else { return }
            let x = items.compactMap { $0.doubleValue.map(Float.init) }
            _ = x.count == items.count && x.allSatisfy(\.isFinite)
        case "restore": _ = request["path"]?.stringValue
        case "fault": _ = (request["stall"]?.boolValue, request["slow_ms"]?.intValue)
        default: break
        }
    }
}
