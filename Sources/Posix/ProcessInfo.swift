import CLinuxShims
import Glibc
import SystemPackage

/// The system's clock that never jumps (`clock_gettime(2)` CLOCK_MONOTONIC).
public enum MonotonicClock {
    /// Microseconds since an arbitrary point (boot): what sd_notify's `MONOTONIC_USEC=` wants.
    public static func microseconds() -> UInt64 {
        var now = timespec()
        _ = clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}

/// The wall clock (`clock_gettime(2)` CLOCK_REALTIME): can jump; for timestamps people read.
public enum WallClock {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public static func unixSeconds() -> Int64 {
        var now = timespec()
        _ = clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec)
    }
}

/// Facts about this process. (Named like Foundation's type; in a file that also imports
/// Foundation, write `Posix.ProcessInfo`.)
public enum ProcessInfo {
    /// The real user id (`getuid(2)`).
    public static func userID() -> UInt32 {
        getuid()
    }

    /// The process id (`getpid(2)`).
    public static func processID() -> Int32 {
        getpid()
    }

    /// Whether `fd` is a terminal (`isatty(3)`), e.g. to show progress only to a person.
    public static func isTerminal(_ fd: FileDescriptor) -> Bool {
        isatty(fd.rawValue) == 1
    }

    /// Hands the heap's free pages back to the kernel (`malloc_trim(3)` with no padding), so
    /// that memory freed by clients that left leaves the resident set; true when some did.
    /// Costs a walk of the heap: call it when much was freed, not every turn.
    @discardableResult
    public static func returnFreeMemory() -> Bool {
        clinux_malloc_trim() == 1
    }

    /// The resident set size in bytes: the second field of `/proc/self/statm` (in pages) times
    /// the page size (`sysconf(3)` _SC_PAGESIZE). Nil where /proc is not mounted.
    public static func residentSetBytes() -> Int? {
        guard let text = readSmallFile("/proc/self/statm") else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return nil }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }

    /// The text of a small file (at most 4 KiB, read once), or nil if it cannot be read.
    private static func readSmallFile(_ path: String) -> String? {
        guard let fd = try? FileDescriptor.open(path, .readOnly, options: .closeOnExec) else { return nil }
        defer { try? fd.close() }
        let bytes = try? [UInt8](unsafeUninitializedCapacity: 4096) { buffer, count in
            count = try fd.read(into: UnsafeMutableRawBufferPointer(buffer))
        }
        return bytes.map { String(decoding: $0, as: UTF8.self) }
    }
}
