#if canImport(Glibc)
import Glibc
#endif

/// A pthread mutex with one condition variable: the daemon's only blocking primitive.
/// (The one place in Daemon that touches pthread's C types.)
final class Monitor: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits (the lock held by the caller, inside `withLock`) until signalled or `timeout` passes.
    /// A wake-up may be spurious: callers wait in a loop on their condition.
    func wait(for timeout: Duration) {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let (seconds, attoseconds) = max(timeout, .zero).components
        let nanos = Int(now.tv_nsec) + Int(attoseconds / 1_000_000_000)
        var deadline = now
        deadline.tv_sec += Int(min(seconds, 1 << 30)) + nanos / 1_000_000_000
        deadline.tv_nsec = nanos % 1_000_000_000
        pthread_cond_timedwait(condition, mutex, &deadline)
    }

    /// Waits (inside `withLock`) until `done()` holds or `deadline` passes; whether it holds.
    func wait(until deadline: ContinuousClock.Instant, for done: () -> Bool) -> Bool {
        let clock = ContinuousClock()
        while !done() {
            let left = deadline - clock.now
            if left <= .zero { return false }
            wait(for: left)
        }
        return true
    }

    func broadcast() { pthread_cond_broadcast(condition) }
}

/// A detached OS thread. Threads inherit the creator's signal mask, so the daemon blocks its
/// signals (for signalfd) before starting any.
enum OSThread {
    static func spawn(_ body: @escaping @Sendable () -> Void) {
        final class Box { let body: @Sendable () -> Void; init(_ b: @escaping @Sendable () -> Void) { body = b } }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        precondition(result == 0, "pthread_create failed: \(result)")
        pthread_detach(thread)
    }

    static func sleep(milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
