#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import CheckpointFormat
import Storage

/// Standard error, one line at a time.
enum Stderr {
    static func line(_ text: String) {
        _ = try? FileDescriptor.standardError.writeAll(Array((text + "\n").utf8))
    }

    /// Text as it is (no newline), e.g. a progress line redrawn with "\r".
    static func write(_ text: String) {
        _ = try? FileDescriptor.standardError.writeAll(Array(text.utf8))
    }
}

/// Reading checkpoints and writing results, with failures reported once as `learnctl: ...` and exit 1.
enum Files {
    /// The checkpoint at `path`, decoded and validated; why not, as text.
    static func decode(_ path: String) -> Result<DecodedCheckpoint, CheckpointFailure> {
        let bytes: [UInt8]
        do { bytes = try DurableFile.readRegular(FilePath(path), maxBytes: Checkpoint.maxFileBytes) } catch {
            return .failure(CheckpointFailure(reason: "\(error)"))
        }
        do { return .success(try Checkpoint.decode(bytes)) } catch {
            return .failure(CheckpointFailure(reason: "\(error)"))
        }
    }

    /// The checkpoint at `path`, or exit 1 with `learnctl: PATH: invalid: REASON` on stderr.
    static func load(_ path: String) throws -> DecodedCheckpoint {
        switch decode(path) {
        case .success(let decoded): return decoded
        case .failure(let failure):
            Stderr.line("learnctl: \(path): invalid: \(failure.reason)")
            throw ExitCode.failure
        }
    }

    /// Writes `bytes` to `path` durably, or to standard output when `path` is "-".
    static func write(_ bytes: [UInt8], to path: String) throws {
        if path == "-" {
            do { _ = try FileDescriptor.standardOutput.writeAll(bytes) } catch {
                Stderr.line("learnctl: Failed to write standard output: \(error)")
                throw ExitCode.failure
            }
            return
        }
        do { try DurableFile.write(bytes, to: FilePath(path)) } catch {
            Stderr.line("learnctl: \(error)")
            throw ExitCode.failure
        }
    }
}

struct CheckpointFailure: Error {
    var reason: String
}

/// ISO 8601 UTC, e.g. `2026-01-01T00:00:00Z`.
func utcTimestamp(_ seconds: Int64) -> String {
    var t = time_t(clamping: seconds)
    var parts = tm()
    guard gmtime_r(&t, &parts) != nil else { return "?" }
    func pad(_ v: Int32, _ n: Int) -> String { String(repeating: "0", count: max(0, n - String(v).count)) + String(v) }
    return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
        + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
}

/// `value` toward zero as an `Int` within ±2^62, 0 for NaN: every float from a reply or a file converts
/// through this, never with a trapping `Int(_:)`.
func clampedInt(_ value: Double) -> Int {
    guard !value.isNaN else { return 0 }
    return Int(max(-0x1p62, min(0x1p62, value)))
}

/// A fraction as a percentage with one decimal, e.g. `80.0 %`.
func percent(_ fraction: Double) -> String {
    let tenths = clampedInt((fraction * 1000).rounded())
    return "\(tenths / 10).\(abs(tenths) % 10) %"
}

/// A number with `digits` decimals (no Foundation), e.g. `0.9133`.
func fixed(_ value: Double, _ digits: Int = 4) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    guard value.isFinite, abs(value) * scale < 0x1p62 else { return "\(value)" }
    let scaled = Int64((abs(value) * scale).rounded())
    let whole = scaled / Int64(scale), frac = String(scaled % Int64(scale))
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard digits > 0 else { return "\(sign)\(whole)" }
    return "\(sign)\(whole)." + String(repeating: "0", count: digits - frac.count) + frac
}
