import Protocol
import Wire

extension Fuzz {
    /// The control-request decoding learnd runs on every line of its control socket: framing, then
    /// `ControlRequest(decoding:)` (Sources/Protocol). Every input either decodes or is refused with a
    /// typed error; a decoded request encodes and decodes back to itself.
    public static func control(_ data: UnsafeBufferPointer<UInt8>) {
        var framer = LineFramer(maxLineBytes: 1 << 20)
        framer.append(UnsafeRawBufferPointer(data))
        while case .line(let bytes)? = framer.nextLine() { decodeRequest(bytes) }
        decodeRequest(ArraySlice(data))  // the whole input as one request, newlines and all
    }

    private static func decodeRequest(_ bytes: ArraySlice<UInt8>) {
        guard let request = try? ControlRequest(decoding: bytes) else { return }
        let again = try? ControlRequest(decoding: ArraySlice(request.json.serialized().utf8))
        check(again == request, "request does not round-trip: \(request)")
    }
}
