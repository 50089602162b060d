import Glibc

extension WallClock {
    /// Seconds since 1970-01-01T00:00:00Z with the clock's sub-second part (`clock_gettime(2)` CLOCK_REALTIME).
    public static func seconds() -> Double {
        var now = timespec()
        _ = clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }
}

extension ProcessInfo {
    /// The running kernel's release, as `uname -r` prints it (`uname(2)`); "unknown" if the call fails.
    public static func kernelRelease() -> String {
        var names = utsname()
        guard uname(&names) == 0 else { return "unknown" }
        return withUnsafeBytes(of: &names.release) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
