#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few libm functions the core uses (pure functions; no I/O), behind one name so the
/// rest of LearnCore imports nothing but the standard library.
enum Math {
    @inline(__always) static func exp(_ x: Float) -> Float { expf(x) }
    @inline(__always) static func log(_ x: Float) -> Float { logf(x) }
    @inline(__always) static func tanh(_ x: Float) -> Float { tanhf(x) }
    @inline(__always) static func log(_ x: Double) -> Double { naturalLog(x) }
    @inline(__always) static func exp(_ x: Double) -> Double { naturalExp(x) }
}

// File-scope forwarders, so that the libm names are not shadowed by `Math`'s own members.
@inline(__always) private func naturalLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func naturalExp(_ x: Double) -> Double { exp(x) }
